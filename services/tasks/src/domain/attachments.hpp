#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taskflow/validation/validated.hpp"

// What is kept and served for an uploaded file. The stored file has a generated name; the
// client's name is only metadata, shown and offered back on download.
namespace taskflow::tasks {

inline constexpr std::size_t kMaxFileNameBytes = 255;

// The client's file name made safe to show: its last path component (after / or \), without
// control or bidirectional-override characters, trimmed, leading dots removed, invalid UTF-8
// replaced by U+FFFD, cut to kMaxFileNameBytes of UTF-8 at a character boundary (keeping an
// extension of up to 16 bytes), "file" when nothing is left. Other Unicode is kept.
std::string sanitize_file_name(std::string_view client_name);

// attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded> (RFC 6266,
// RFC 5987). The name is sanitized first, and the fallback has _ for non-ASCII characters, ",
// \ and %, so no quote or line break can end the header early.
std::string content_disposition_attachment(std::string_view file_name);

// The type to store: the part's own Content-Type when it is a well-formed type/subtype (lower-
// cased, parameters dropped) other than application/octet-stream, else one from a small map
// of file extensions, else application/octet-stream. Only a label: downloads are always served
// as attachments with X-Content-Type-Options: nosniff, never inline.
std::string guess_content_type(std::optional<std::string_view> part_content_type,
                               std::string_view file_name);

// The Content-Type a download is served with: the stored type when it is passive (images but
// SVG, audio, video, plain text, CSV, PDF, JSON, archives, office documents), else
// application/octet-stream. A type a browser could run script in (HTML, SVG, XML, JavaScript
// and anything unlisted) is never served as itself, whatever the uploader claimed.
std::string served_content_type(std::string_view stored_type);

// A file field as the client sent it, whatever carried it (a multipart/form-data part).
struct SubmittedFile {
  std::optional<std::string_view> file_name;  // nullopt: the field is not a file
  std::optional<std::string_view> content_type;
  std::string_view content;
};

struct FileUpload {
  std::string file_name;     // sanitized
  std::string content_type;  // from guess_content_type
  std::string_view content;  // points where the submitted content does
};

// The upload in the field named field_name (nullopt: the request has no such field), with DRF
// FileField's messages under that name: no such field, or an empty file name (a form sent
// without choosing a file): "No file was submitted."; a field without a file name: not a file;
// no bytes: "The submitted file is empty."
validation::Validated<FileUpload> validate_file_upload(const std::optional<SubmittedFile>& field,
                                                       std::string_view field_name);

}  // namespace taskflow::tasks
