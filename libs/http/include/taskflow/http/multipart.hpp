#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// multipart/form-data request bodies (RFC 7578 over RFC 2046), as browsers and curl send them.
namespace taskflow::http {

struct MultipartPart {
  std::string name;
  // The filename parameter with quoted-string escapes (\" and \\) undone, nothing else: not
  // percent-decoded (browsers send a literal %22 for a quote in a name) and not sanitized.
  std::optional<std::string> filename;
  // filename* (RFC 5987: UTF-8 or ISO-8859-1, percent-encoded), decoded to UTF-8; absent when
  // it cannot be decoded, so filename serves instead (RFC 6266).
  std::optional<std::string> filename_star;
  std::optional<std::string> content_type;  // the part's header as sent
  std::string_view body;                    // points into the parsed body

  // The client's name for the file: filename* when usable, else filename. Metadata, never a path.
  std::optional<std::string_view> file_name() const;
};

// Why the body was refused, for a 400's detail.
struct MultipartError {
  std::string detail;
};

using MultipartResult = std::variant<std::vector<MultipartPart>, MultipartError>;

// A part's header section larger than this is refused.
inline constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;

// content_type_header: the request's Content-Type, multipart/form-data with a boundary of 1 to
// 70 characters (RFC 2046), quoted or not. Lines end in CRLF; the preamble and the epilogue
// are skipped, as is whitespace after a boundary. Refused: a missing opening or closing
// boundary, a part without a form-data Content-Disposition naming it, a repeated
// Content-Disposition or Content-Type, folded or malformed header lines, headers over
// kMaxPartHeaderBytes, and more than max_parts parts.
MultipartResult parse_multipart(std::string_view content_type_header, std::string_view body,
                                std::size_t max_parts);

// The first part of that name, or nullptr.
const MultipartPart* find_part(const std::vector<MultipartPart>& parts,
                               std::string_view field_name);

}  // namespace taskflow::http
