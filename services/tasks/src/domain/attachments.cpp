#include "domain/attachments.hpp"

#include <algorithm>
#include <array>

#include "taskflow/text/ascii.hpp"
#include "taskflow/text/percent.hpp"
#include "taskflow/text/utf8.hpp"

namespace taskflow::tasks {
namespace {

constexpr std::string_view kDefaultFileName = "file";
constexpr std::string_view kOctetStream = "application/octet-stream";
constexpr std::size_t kMaxKeptExtensionBytes = 16;

struct ExtensionType {
  std::string_view extension;
  std::string_view content_type;
};

constexpr std::array kExtensionTypes{
    ExtensionType{"txt", "text/plain"},
    ExtensionType{"csv", "text/csv"},
    ExtensionType{"md", "text/markdown"},
    ExtensionType{"json", "application/json"},
    ExtensionType{"pdf", "application/pdf"},
    ExtensionType{"zip", "application/zip"},
    ExtensionType{"gz", "application/gzip"},
    ExtensionType{"png", "image/png"},
    ExtensionType{"jpg", "image/jpeg"},
    ExtensionType{"jpeg", "image/jpeg"},
    ExtensionType{"gif", "image/gif"},
    ExtensionType{"webp", "image/webp"},
    ExtensionType{"svg", "image/svg+xml"},
    ExtensionType{"mp3", "audio/mpeg"},
    ExtensionType{"mp4", "video/mp4"},
    ExtensionType{"doc", "application/msword"},
    ExtensionType{"docx",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ExtensionType{"xls", "application/vnd.ms-excel"},
    ExtensionType{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ExtensionType{"ppt", "application/vnd.ms-powerpoint"},
    ExtensionType{"pptx",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
};

// C0 and C1 controls, DEL, and the marks and overrides that can make "exe.txt" display as
// "txt.exe" (bidirectional text spoofing), plus the byte order mark.
bool is_removed_from_names(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) || code_point == 0x200E ||
         code_point == 0x200F || (code_point >= 0x202A && code_point <= 0x202E) ||
         (code_point >= 0x2066 && code_point <= 0x2069) || code_point == 0xFEFF;
}

std::size_t utf8_length(char32_t code_point) {
  if (code_point < 0x80) return 1;
  if (code_point < 0x800) return 2;
  if (code_point < 0x10000) return 3;
  return 4;
}

std::size_t utf8_length(std::u32string_view text) {
  std::size_t length = 0;
  for (const char32_t code_point : text) length += utf8_length(code_point);
  return length;
}

// The longest prefix that encodes to at most max_bytes.
std::u32string_view prefix_within(std::u32string_view text, std::size_t max_bytes) {
  std::size_t bytes = 0;
  std::size_t count = 0;
  while (count < text.size() && bytes + utf8_length(text[count]) <= max_bytes) {
    bytes += utf8_length(text[count]);
    ++count;
  }
  return text.substr(0, count);
}

std::u32string shorten(std::u32string_view name) {
  if (utf8_length(name) <= kMaxFileNameBytes) return std::u32string(name);
  const std::size_t dot = name.rfind(U'.');
  const std::u32string_view extension =
      dot == std::u32string_view::npos ? std::u32string_view() : name.substr(dot);
  if (dot == 0 || utf8_length(extension) > kMaxKeptExtensionBytes) {
    return std::u32string(prefix_within(name, kMaxFileNameBytes));
  }
  const auto stem = prefix_within(name.substr(0, dot), kMaxFileNameBytes - utf8_length(extension));
  return std::u32string(stem) + std::u32string(extension);
}

// "type/subtype", lower-cased, when the header value (parameters aside) is well formed.
std::optional<std::string> media_type_essence(std::string_view content_type) {
  const std::string_view essence = text::trim_ows(content_type.substr(0, content_type.find(';')));
  const std::size_t slash = essence.find('/');
  if (slash == std::string_view::npos || !text::is_token(essence.substr(0, slash)) ||
      !text::is_token(essence.substr(slash + 1))) {
    return std::nullopt;
  }
  return text::to_lower_ascii(essence);
}

std::optional<std::string_view> type_for_extension(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string extension = text::to_lower_ascii(file_name.substr(dot + 1));
  for (const ExtensionType& known : kExtensionTypes) {
    if (known.extension == extension) return known.content_type;
  }
  return std::nullopt;
}

}  // namespace

std::string sanitize_file_name(std::string_view client_name) {
  const std::u32string decoded = text::decode_utf8_lossy(client_name);
  const std::size_t separator = decoded.find_last_of(U"/\\");
  std::u32string name;
  for (const char32_t code_point :
       std::u32string_view(decoded).substr(separator == std::u32string::npos ? 0 : separator + 1)) {
    if (!is_removed_from_names(code_point)) name.push_back(code_point);
  }
  std::u32string_view kept = text::strip(name);
  while (!kept.empty() && (kept.front() == U'.' || text::is_space(kept.front()))) {
    kept.remove_prefix(1);
  }
  if (kept.empty()) return std::string(kDefaultFileName);
  return text::encode_utf8(shorten(kept));
}

std::string content_disposition_attachment(std::string_view file_name) {
  const std::string name = sanitize_file_name(file_name);
  std::string fallback;
  for (const char32_t code_point : text::decode_utf8_lossy(name)) {
    const bool plain = code_point >= 0x20 && code_point < 0x7F && code_point != U'"' &&
                       code_point != U'\\' && code_point != U'%';
    fallback.push_back(plain ? static_cast<char>(code_point) : '_');
  }
  // RFC 5987's attr-char, besides letters and digits.
  const std::string encoded = text::percent_encode(name, "!#$&+-.^_`|~");
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

std::string guess_content_type(std::optional<std::string_view> part_content_type,
                               std::string_view file_name) {
  if (part_content_type) {
    auto essence = media_type_essence(*part_content_type);
    if (essence && *essence != kOctetStream) return std::move(*essence);
  }
  return std::string(type_for_extension(file_name).value_or(kOctetStream));
}

std::string served_content_type(std::string_view stored_type) {
  static constexpr std::array<std::string_view, 4> kPassiveFamilies{"image/", "audio/", "video/",
                                                                    "application/vnd."};
  static constexpr std::array<std::string_view, 11> kPassiveTypes{
      "text/plain",          "text/csv",
      "application/pdf",     "application/json",
      "application/zip",     "application/gzip",
      "application/x-tar",   "application/x-7z-compressed",
      "application/msword",  "application/rtf",
      "application/epub+zip"};
  const auto passive = [&] {
    if (stored_type.ends_with("+xml")) return false;  // SVG, XHTML, any XML with a stylesheet
    for (auto family : kPassiveFamilies) {
      if (stored_type.starts_with(family)) return true;
    }
    return std::find(kPassiveTypes.begin(), kPassiveTypes.end(), stored_type) !=
           kPassiveTypes.end();
  }();
  return std::string(passive ? stored_type : kOctetStream);
}

validation::Validated<FileUpload> validate_file_upload(const std::optional<SubmittedFile>& field,
                                                       std::string_view field_name) {
  const auto refuse = [&](std::string_view message) {
    return validation::FieldErrors{{std::string(field_name), {std::string(message)}}};
  };
  if (!field) return refuse("No file was submitted.");
  if (!field->file_name) {
    return refuse("The submitted data was not a file. Check the encoding type on the form.");
  }
  if (field->file_name->empty()) return refuse("No file was submitted.");
  if (field->content.empty()) return refuse("The submitted file is empty.");
  std::string file_name = sanitize_file_name(*field->file_name);
  std::string content_type = guess_content_type(field->content_type, file_name);
  return FileUpload{.file_name = std::move(file_name),
                    .content_type = std::move(content_type),
                    .content = field->content};
}

}  // namespace taskflow::tasks
