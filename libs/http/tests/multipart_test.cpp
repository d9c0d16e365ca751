#include "taskflow/http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::http {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

const std::string kContentType = "multipart/form-data; boundary=----WebKitFormBoundaryX3b";
const std::string kDelimiter = "------WebKitFormBoundaryX3b";

std::vector<MultipartPart> parts_of(const MultipartResult& result) {
  if (const auto* failure = std::get_if<MultipartError>(&result)) {
    ADD_FAILURE() << failure->detail;
    return {};
  }
  return std::get<std::vector<MultipartPart>>(result);
}

std::string error_of(const MultipartResult& result) {
  const auto* failure = std::get_if<MultipartError>(&result);
  return failure ? failure->detail : "(parsed)";
}

std::string browser_body() {
  return kDelimiter +
         "\r\n"
         "Content-Disposition: form-data; name=\"note\"\r\n"
         "\r\n"
         "hello\r\n" +
         kDelimiter +
         "\r\n"
         "Content-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\n"
         "Content-Type: application/pdf\r\n"
         "\r\n"
         "%PDF-1.7\r\n\r\nbinary\0bytes\r\n-- not a boundary\r\n"s +
         kDelimiter + "--\r\n";
}

TEST(ParseMultipart, ReadsABrowserUpload) {
  const std::string body = browser_body();
  const auto parts = parts_of(parse_multipart(kContentType, body, 10));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "note");
  EXPECT_FALSE(parts[0].filename);
  EXPECT_FALSE(parts[0].content_type);
  EXPECT_EQ(parts[0].body, "hello");
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].filename, "report.pdf");
  EXPECT_EQ(parts[1].content_type, "application/pdf");
  EXPECT_EQ(parts[1].body, "%PDF-1.7\r\n\r\nbinary\0bytes\r\n-- not a boundary"sv);
  // The body is a view into the input, not a copy.
  EXPECT_GE(parts[1].body.data(), body.data());
  EXPECT_LE(parts[1].body.data() + parts[1].body.size(), body.data() + body.size());
}

TEST(ParseMultipart, KeepsBinaryContentIntact) {
  std::string content;
  for (int byte = 0; byte < 256; ++byte) content.push_back(static_cast<char>(byte));
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n" + content +
      "\r\n--b--";
  const auto parts = parts_of(parse_multipart("multipart/form-data; boundary=b", body, 1));
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].body, content);
}

TEST(ParseMultipart, SkipsPreambleEpilogueAndPadding) {
  const std::string body =
      "This is the preamble.\r\n--b \t\r\n"
      "content-disposition: FORM-DATA; NAME=a\r\n\r\n1\r\n--b--\r\nepilogue --b\r\n";
  const auto parts = parts_of(parse_multipart("Multipart/Form-Data;boundary=\"b\"", body, 5));
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "a");
  EXPECT_EQ(parts[0].body, "1");
}

TEST(ParseMultipart, AcceptsAnEmptyFormAndEmptyParts) {
  EXPECT_TRUE(parts_of(parse_multipart("multipart/form-data; boundary=b", "--b--", 5)).empty());
  const auto parts = parts_of(parse_multipart(
      "multipart/form-data; boundary=b",
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--b--", 5));
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].filename, "");
  EXPECT_EQ(parts[0].body, "");
}

TEST(ParseMultipart, ReadsBoundariesQuotedOrNot) {
  const std::string body =
      "--=_Part 1:x/y?\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--=_Part 1:x/y?--";
  EXPECT_EQ(parts_of(parse_multipart(
                         "multipart/form-data; boundary=\"=_Part 1:x/y?\"; charset=utf-8", body, 1))
                .size(),
            1u);
  const std::string bare =
      "--=_P/1\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--=_P/1--";
  EXPECT_EQ(parts_of(parse_multipart("multipart/form-data; boundary==_P/1", bare, 1)).size(), 1u);
}

TEST(ParseMultipart, RejectsBadContentTypes) {
  const std::string expected = "Content-Type must be multipart/form-data with a valid boundary.";
  for (const std::string& content_type : std::vector<std::string>{
           "application/json", "multipart/form-data", "multipart/mixed; boundary=b",
           "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
           "multipart/form-data; boundary=\"a b \"",
           "multipart/form-data; boundary=" + std::string(71, 'a'),
           "multipart/form-data; boundary=a<b", "multipart/form-data; boundary=\"unterminated",
           "multipart/form-data; boundary=a; boundary=b", "multipart/form-data; boundary"}) {
    EXPECT_EQ(error_of(parse_multipart(content_type, "--b--", 5)), expected) << content_type;
  }
  EXPECT_EQ(error_of(parse_multipart("multipart/form-data; boundary=" + std::string(70, 'a'),
                                     "--" + std::string(70, 'a') + "--", 5)),
            "(parsed)");
}

TEST(ParseMultipart, RejectsMissingBoundaries) {
  const std::string type = "multipart/form-data; boundary=b";
  EXPECT_EQ(error_of(parse_multipart(type, "", 5)), "Malformed multipart body: no boundary.");
  EXPECT_EQ(error_of(parse_multipart(type, "just text", 5)),
            "Malformed multipart body: no boundary.");
  EXPECT_EQ(
      error_of(parse_multipart(type, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv", 5)),
      "Malformed multipart body: the closing boundary is missing.");
  EXPECT_EQ(error_of(parse_multipart(
                type, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b", 5)),
            "Malformed multipart body: a boundary line does not end with CRLF.");
  EXPECT_EQ(error_of(parse_multipart(type, "--bx\r\n", 5)),
            "Malformed multipart body: a boundary line does not end with CRLF.");
}

TEST(ParseMultipart, WantsCrlfLineEnds) {
  EXPECT_EQ(error_of(parse_multipart("multipart/form-data; boundary=b",
                                     "--b\nContent-Disposition: form-data; name=a\n\nv\n--b--", 5)),
            "Malformed multipart body: a boundary line does not end with CRLF.");
}

TEST(ParseMultipart, RejectsBadPartHeaders) {
  const auto refused = [](const std::string& headers) {
    return error_of(parse_multipart("multipart/form-data; boundary=b",
                                    "--b\r\n" + headers + "\r\n\r\nv\r\n--b--", 5));
  };
  EXPECT_EQ(refused("Content-Type: text/plain"),
            "Malformed multipart body: a part has no Content-Disposition header.");
  EXPECT_EQ(refused(""), "Malformed multipart body: a part has no Content-Disposition header.");
  EXPECT_EQ(refused("Content-Disposition: form-data; filename=\"a\""),
            "Malformed multipart body: a part has no name.");
  EXPECT_EQ(refused("Content-Disposition: attachment; name=a"),
            "Malformed multipart body: a part's Content-Disposition is not valid form-data.");
  EXPECT_EQ(refused("Content-Disposition: form-data; name=\"a"),
            "Malformed multipart body: a part's Content-Disposition is not valid form-data.");
  EXPECT_EQ(refused("Content-Disposition: form-data; name=a; name=b"),
            "Malformed multipart body: a part's Content-Disposition is not valid form-data.");
  EXPECT_EQ(refused("Content-Disposition: form-data; name=a b"),
            "Malformed multipart body: a part's Content-Disposition is not valid form-data.");
  EXPECT_EQ(refused("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; "
                    "name=b"),
            "Malformed multipart body: a part has two Content-Disposition headers.");
  EXPECT_EQ(refused("Content-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: "
                    "c/d"),
            "Malformed multipart body: a part has two Content-Type headers.");
  EXPECT_EQ(refused("Content-Disposition: form-data;\r\n name=a"),
            "Malformed multipart body: a part has a malformed header line.");
  EXPECT_EQ(refused("no colon here"),
            "Malformed multipart body: a part has a malformed header line.");
}

TEST(ParseMultipart, RejectsHugeHeaders) {
  const std::string huge =
      "Content-Disposition: form-data; name=a; x=\"" + std::string(kMaxPartHeaderBytes, 'x') + "\"";
  EXPECT_EQ(error_of(parse_multipart("multipart/form-data; boundary=b",
                                     "--b\r\n" + huge + "\r\n\r\nv\r\n--b--", 5)),
            "Multipart part headers are too large.");
  EXPECT_EQ(error_of(parse_multipart("multipart/form-data; boundary=b",
                                     "--b\r\nContent-Disposition: form-data; name=a", 5)),
            "Malformed multipart body: part headers do not end.");
}

TEST(ParseMultipart, LimitsTheNumberOfParts) {
  std::string body;
  for (int i = 0; i < 3; ++i) body += "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n";
  body += "--b--";
  EXPECT_EQ(parts_of(parse_multipart("multipart/form-data; boundary=b", body, 3)).size(), 3u);
  EXPECT_EQ(error_of(parse_multipart("multipart/form-data; boundary=b", body, 2)),
            "Too many parts in the multipart body (at most 2).");
}

MultipartPart single_part(const std::string& disposition) {
  const auto parts = parts_of(
      parse_multipart("multipart/form-data; boundary=b",
                      "--b\r\nContent-Disposition: " + disposition + "\r\n\r\nv\r\n--b--", 1));
  return parts.empty() ? MultipartPart{} : parts.front();
}

TEST(ParseMultipart, UnescapesQuotedFileNamesOnly) {
  EXPECT_EQ(single_part(R"(form-data; name="f"; filename="a \"b\" c.txt")").filename,
            "a \"b\" c.txt");
  // Browsers send Windows paths with bare backslashes and quotes as %22.
  EXPECT_EQ(single_part(R"(form-data; name="f"; filename="C:\Users\x\a%22b.txt")").filename,
            R"(C:\Users\x\a%22b.txt)");
  EXPECT_EQ(single_part(R"(form-data; name="f"; filename="a\\b;c=d.txt")").filename,
            R"(a\b;c=d.txt)");
  EXPECT_EQ(single_part("form-data; name=\"f\"; filename=\"\xC3\xA9t\xC3\xA9.txt\"").filename,
            "\xC3\xA9t\xC3\xA9.txt");
}

TEST(ParseMultipart, DecodesExtendedFileNames) {
  const MultipartPart utf8 = single_part(
      "form-data; name=\"f\"; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt");
  EXPECT_EQ(utf8.filename, "fallback.txt");
  EXPECT_EQ(utf8.filename_star, "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(utf8.file_name(), "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(single_part("form-data; name=f; filename*=iso-8859-1'en'%A3%20rates").filename_star,
            "\xC2\xA3 rates");
  EXPECT_EQ(single_part("form-data; name=f; filename*=UTF-8''%F0%9F%98%80%EF%BF%BD").filename_star,
            "\xF0\x9F\x98\x80\xEF\xBF\xBD");
}

TEST(ParseMultipart, IgnoresUndecodableExtendedFileNames) {
  for (const char* extended :
       {"UTF-8''%FF.txt", "UTF-8''%E2%8", "koi8-r''%C1", "no-quotes", "UTF-8'only-one",
        // an overlong slash, a surrogate, a code point past U+10FFFF, a cut sequence
        "UTF-8''%C0%AF", "UTF-8''%ED%A0%80", "UTF-8''%F4%90%80%80", "UTF-8''%E2%82"}) {
    const MultipartPart part =
        single_part(std::string("form-data; name=f; filename=\"a.txt\"; filename*=") + extended);
    EXPECT_FALSE(part.filename_star) << extended;
    EXPECT_EQ(part.file_name(), "a.txt") << extended;
  }
  EXPECT_FALSE(single_part("form-data; name=f").file_name());
}

TEST(FindPart, FindsTheFirstPartOfThatName) {
  const std::string body = browser_body();
  const auto parts = parts_of(parse_multipart(kContentType, body, 10));
  ASSERT_NE(find_part(parts, "file"), nullptr);
  EXPECT_EQ(find_part(parts, "file")->filename, "report.pdf");
  EXPECT_EQ(find_part(parts, "File"), nullptr);
  EXPECT_EQ(find_part({}, "file"), nullptr);
}

}  // namespace
}  // namespace taskflow::http
