// parse_multipart on any body (and, with selector '1', any Content-Type): every part's body is
// a view into the input, no more than max_parts parts, filename* decoded to valid UTF-8, and a
// body that parses, written out again with the same boundary, parses to the same parts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "taskflow/http/multipart.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/text/utf8.hpp"

namespace http = taskflow::http;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

constexpr std::size_t kMaxParts = 8;
constexpr std::string_view kBoundary = "----FuzzBoundary7MA4YWxk";

std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// The parts as a browser would send them, without the filename* parameter.
std::string serialise(const std::vector<http::MultipartPart>& parts, std::string_view boundary) {
  std::string body;
  for (const auto& part : parts) {
    body += "--" + std::string(boundary) +
            "\r\nContent-Disposition: form-data; name=" + quoted(part.name);
    if (part.filename) body += "; filename=" + quoted(*part.filename);
    body += "\r\n";
    if (part.content_type) body += "Content-Type: " + *part.content_type + "\r\n";
    body += "\r\n";
    body += part.body;
    body += "\r\n";
  }
  return body + "--" + std::string(boundary) + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, body] = split_mode(fuzz_text(data, size), 2);
  std::string content_type = "multipart/form-data; boundary=" + std::string(kBoundary);
  if (mode == 1) {  // the first line is the Content-Type
    const std::size_t newline = body.find('\n');
    content_type = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
  }

  const auto result = http::parse_multipart(content_type, body, kMaxParts);
  if (const auto* error = std::get_if<http::MultipartError>(&result)) {
    TASKFLOW_FUZZ_CHECK(!error->detail.empty());
    return 0;
  }
  const auto& parts = std::get<std::vector<http::MultipartPart>>(result);
  TASKFLOW_FUZZ_CHECK(parts.size() <= kMaxParts);
  for (const auto& part : parts) {
    TASKFLOW_FUZZ_CHECK(part.body.data() >= body.data() &&
                        part.body.data() + part.body.size() <= body.data() + body.size());
    if (part.filename_star) TASKFLOW_FUZZ_CHECK(taskflow::text::is_valid_utf8(*part.filename_star));
    const auto file_name = part.file_name();
    TASKFLOW_FUZZ_CHECK(file_name.has_value() == (part.filename || part.filename_star));
    const auto* first = http::find_part(parts, part.name);
    TASKFLOW_FUZZ_CHECK(first != nullptr && first->name == part.name && first <= &part);
  }

  // Written out again (headers can only grow by escapes, so stay well under the header limit).
  if (mode == 0 && body.size() < http::kMaxPartHeaderBytes / 4) {
    const std::string again = serialise(parts, kBoundary);
    const auto reparsed = http::parse_multipart(content_type, again, kMaxParts);
    const auto* reparsed_parts = std::get_if<std::vector<http::MultipartPart>>(&reparsed);
    TASKFLOW_FUZZ_CHECK(reparsed_parts != nullptr && reparsed_parts->size() == parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto& a = parts[i];
      const auto& b = (*reparsed_parts)[i];
      TASKFLOW_FUZZ_CHECK(a.name == b.name && a.filename == b.filename &&
                          a.content_type == b.content_type && a.body == b.body);
    }
  }
  return 0;
}
