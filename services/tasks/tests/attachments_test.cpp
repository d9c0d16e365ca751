#include "domain/attachments.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

using Messages = std::vector<std::string>;

// --- sanitize_file_name ---------------------------------------------------------------------

TEST(SanitizeFileName, KeepsOrdinaryNames) {
  EXPECT_EQ(sanitize_file_name("report.pdf"), "report.pdf");
  EXPECT_EQ(sanitize_file_name("Q3 report (final).v2.xlsx"), "Q3 report (final).v2.xlsx");
  EXPECT_EQ(sanitize_file_name("\xD0\xBE\xD1\x82\xD1\x87\xD1\x91\xD1\x82 \xE2\x82\xAC.txt"),
            "\xD0\xBE\xD1\x82\xD1\x87\xD1\x91\xD1\x82 \xE2\x82\xAC.txt");
  EXPECT_EQ(sanitize_file_name("\xF0\x9F\x98\x80.png"), "\xF0\x9F\x98\x80.png");
}

TEST(SanitizeFileName, StripsDirectories) {
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name("/var/www/index.html"), "index.html");
  EXPECT_EQ(sanitize_file_name(R"(C:\Users\jane\Desktop\notes.txt)"), "notes.txt");
  EXPECT_EQ(sanitize_file_name(R"(..\..\boot.ini)"), "boot.ini");
  EXPECT_EQ(sanitize_file_name("dir/"), "file");
}

TEST(SanitizeFileName, RemovesControlAndDirectionCharacters) {
  EXPECT_EQ(sanitize_file_name(std::string("a\0b\r\n\tc\x7F.txt", 12)), "abc.txt");
  EXPECT_EQ(sanitize_file_name("a\xC2\x85"
                               "b.txt"),
            "ab.txt");  // U+0085, a C1 control
  // U+202E (right-to-left override) would display "harmless\u202Etxt.exe" as "harmlessexe.txt".
  EXPECT_EQ(sanitize_file_name("harmless\xE2\x80\xAEtxt.exe"), "harmlesstxt.exe");
}

TEST(SanitizeFileName, TrimsAndDropsLeadingDots) {
  EXPECT_EQ(sanitize_file_name("  notes.txt \t"), "notes.txt");
  EXPECT_EQ(sanitize_file_name(".htaccess"), "htaccess");
  EXPECT_EQ(sanitize_file_name(". . .hidden"), "hidden");
  EXPECT_EQ(sanitize_file_name("a..b"), "a..b");
}

TEST(SanitizeFileName, FallsBackToFile) {
  for (const std::string name : {"", " ", ".", "..", "/", "\\", "\x01\x02", "\xE2\x80\xAE"}) {
    EXPECT_EQ(sanitize_file_name(name), "file") << name;
  }
}

TEST(SanitizeFileName, ReplacesInvalidUtf8) {
  EXPECT_EQ(sanitize_file_name("a\xFF.txt"), "a\xEF\xBF\xBD.txt");
}

TEST(SanitizeFileName, ShortensToTheByteLimitKeepingTheExtension) {
  const std::string long_ascii = std::string(300, 'a') + ".pdf";
  EXPECT_EQ(sanitize_file_name(long_ascii), std::string(251, 'a') + ".pdf");

  std::string euros;  // 3 bytes each: never cut in the middle of one
  for (int i = 0; i < 100; ++i) euros += "\xE2\x82\xAC";
  const std::string shortened = sanitize_file_name(euros + ".txt");
  EXPECT_EQ(shortened.size(), 83u * 3 + 4);  // 255 - 4 = 251 bytes hold 83 whole euros
  EXPECT_EQ(shortened.substr(shortened.size() - 4), ".txt");

  const std::string long_extension = "a." + std::string(300, 'x');
  EXPECT_EQ(sanitize_file_name(long_extension), long_extension.substr(0, 255));
  EXPECT_EQ(sanitize_file_name(std::string(300, 'b')), std::string(255, 'b'));
}

// --- content_disposition_attachment ---------------------------------------------------------

TEST(ContentDisposition, GivesAFallbackAndAnEncodedName) {
  EXPECT_EQ(content_disposition_attachment("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  EXPECT_EQ(content_disposition_attachment("\xE2\x82\xAC rates 100%.txt"),
            "attachment; filename=\"_ rates 100_.txt\"; "
            "filename*=UTF-8''%E2%82%AC%20rates%20100%25.txt");
}

TEST(ContentDisposition, CannotBeBrokenOutOf) {
  const std::string header =
      content_disposition_attachment("a\"; filename=evil.exe\r\nSet-Cookie: x=1\\.txt");
  EXPECT_EQ(header.find('\r'), std::string::npos);
  EXPECT_EQ(header.find('\n'), std::string::npos);
  // The \ separates path components: only ".txt" survives, and loses its leading dot.
  EXPECT_EQ(header, "attachment; filename=\"txt\"; filename*=UTF-8''txt");
  EXPECT_EQ(content_disposition_attachment("a\"b;c.txt"),
            "attachment; filename=\"a_b;c.txt\"; filename*=UTF-8''a%22b%3Bc.txt");
  EXPECT_EQ(content_disposition_attachment(""),
            "attachment; filename=\"file\"; filename*=UTF-8''file");
}

// --- guess_content_type ---------------------------------------------------------------------

TEST(GuessContentType, TrustsAWellFormedPartType) {
  EXPECT_EQ(guess_content_type("image/PNG", "x.pdf"), "image/png");
  EXPECT_EQ(guess_content_type(" text/plain ; charset=utf-8", "x"), "text/plain");
  EXPECT_EQ(guess_content_type("application/vnd.ms-excel", "x"), "application/vnd.ms-excel");
}

TEST(GuessContentType, FallsBackToTheExtension) {
  EXPECT_EQ(guess_content_type(std::nullopt, "Photo.JPG"), "image/jpeg");
  EXPECT_EQ(guess_content_type("application/octet-stream", "a.pdf"), "application/pdf");
  for (const char* malformed : {"", "text", "text/", "/plain", "text/plain\r\nX-Evil: 1",
                                "text /plain", "te xt/plain", "text/pl\"ain"}) {
    EXPECT_EQ(guess_content_type(malformed, "a.csv"), "text/csv") << malformed;
  }
}

TEST(GuessContentType, EndsWithOctetStream) {
  EXPECT_EQ(guess_content_type(std::nullopt, "archive.tar.xz"), "application/octet-stream");
  EXPECT_EQ(guess_content_type(std::nullopt, "README"), "application/octet-stream");
  EXPECT_EQ(guess_content_type("nonsense", "pdf"), "application/octet-stream");
}

// --- served_content_type --------------------------------------------------------------------

TEST(ServedContentType, KeepsPassiveTypes) {
  for (const char* type :
       {"image/png", "image/jpeg", "audio/mpeg", "video/mp4", "text/plain", "text/csv",
        "application/pdf", "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}) {
    EXPECT_EQ(served_content_type(type), type);
  }
}

TEST(ServedContentType, NeverServesActiveTypesAsThemselves) {
  for (const char* type :
       {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml",
        "text/javascript", "application/javascript", "text/css", "application/vnd.mozilla.xul+xml",
        "multipart/x-mixed-replace", "application/x-shockwave-flash", "text/xsl",
        "anything/else"}) {
    EXPECT_EQ(served_content_type(type), "application/octet-stream") << type;
  }
}

// --- validate_file_upload -------------------------------------------------------------------

SubmittedFile file(std::optional<std::string_view> file_name, std::string_view content) {
  return SubmittedFile{.file_name = file_name, .content_type = std::nullopt, .content = content};
}

validation::FieldErrors upload_errors(const std::optional<SubmittedFile>& field) {
  const auto result = validate_file_upload(field, "file");
  return result.ok() ? validation::FieldErrors{} : result.errors();
}

TEST(FileUpload, TakesTheFile) {
  SubmittedFile submitted = file("../My Report.PDF", "%PDF");
  submitted.content_type = "application/octet-stream";
  const auto result = validate_file_upload(submitted, "file");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().file_name, "My Report.PDF");
  EXPECT_EQ(result.value().content_type, "application/pdf");
  EXPECT_EQ(result.value().content, "%PDF");
}

TEST(FileUpload, UsesFileFieldMessages) {
  EXPECT_EQ(upload_errors(std::nullopt),
            (validation::FieldErrors{{"file", {"No file was submitted."}}}));
  EXPECT_EQ(upload_errors(file("", "")),
            (validation::FieldErrors{{"file", {"No file was submitted."}}}));
  EXPECT_EQ(upload_errors(file(std::nullopt, "text")),
            (validation::FieldErrors{
                {"file",
                 {"The submitted data was not a file. Check the encoding type on the "
                  "form."}}}));
  EXPECT_EQ(upload_errors(file("a.txt", "")),
            (validation::FieldErrors{{"file", {"The submitted file is empty."}}}));
}

}  // namespace
}  // namespace taskflow::tasks
