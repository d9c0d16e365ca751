#include "taskflow/http/multipart.hpp"

#include <algorithm>
#include <utility>

#include "taskflow/text/ascii.hpp"
#include "taskflow/text/percent.hpp"
#include "taskflow/text/utf8.hpp"

namespace taskflow::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundaryLength = 70;

bool is_whitespace(char c) {
  return c == ' ' || c == '\t';
}

// ISO-8859-1 bytes are the first 256 code points.
std::string latin1_to_utf8(std::string_view bytes) {
  std::string utf8;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      utf8.push_back(c);
    } else {
      utf8.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      utf8.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  return utf8;
}

// A header value such as `form-data; name="file"; filename="a.txt"`: its first element and
// its parameters, names lower-cased.
struct HeaderValue {
  std::string value;
  std::vector<std::pair<std::string, std::string>> parameters;

  const std::string* parameter(std::string_view name) const {
    for (const auto& [key, parameter_value] : parameters) {
      if (key == name) return &parameter_value;
    }
    return nullptr;
  }
};

// A quoted-string from just after its opening quote. Only \" and \\ are escapes: browsers send
// other backslashes (Windows paths) unescaped.
std::optional<std::string> read_quoted(std::string_view& rest) {
  std::string value;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '"') {
      rest.remove_prefix(i + 1);
      return value;
    }
    if (c == '\0' || c == '\r' || c == '\n') return std::nullopt;
    if (c == '\\' && i + 1 < rest.size() && (rest[i + 1] == '"' || rest[i + 1] == '\\')) {
      ++i;
    }
    value.push_back(rest[i]);
  }
  return std::nullopt;  // no closing quote
}

// Visible ASCII but ; and ": a token, leniently, since some clients leave boundaries with
// characters such as = or / unquoted.
std::string_view read_bare_value(std::string_view& rest) {
  std::size_t length = 0;
  while (length < rest.size() && rest[length] > ' ' && rest[length] < 0x7F && rest[length] != ';' &&
         rest[length] != '"') {
    ++length;
  }
  const std::string_view value = rest.substr(0, length);
  rest.remove_prefix(length);
  return value;
}

std::optional<HeaderValue> parse_header_value(std::string_view header_value) {
  HeaderValue parsed;
  std::string_view rest = text::trim_ows(header_value);
  const std::size_t value_end = std::min(rest.find(';'), rest.size());
  parsed.value = text::to_lower_ascii(text::trim_ows(rest.substr(0, value_end)));
  rest.remove_prefix(value_end);
  while (!rest.empty()) {
    rest = text::trim_ows(rest.substr(1));  // past the ';'
    if (rest.empty()) break;                // a trailing ';'
    const std::size_t equals = rest.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string_view name = text::trim_ows(rest.substr(0, equals));
    if (!text::is_token(name)) return std::nullopt;
    rest = text::trim_ows(rest.substr(equals + 1));
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      rest.remove_prefix(1);
      auto quoted = read_quoted(rest);
      if (!quoted) return std::nullopt;
      value = std::move(*quoted);
    } else {
      value = read_bare_value(rest);
      if (value.empty()) return std::nullopt;
    }
    std::string key = text::to_lower_ascii(name);
    if (parsed.parameter(key)) return std::nullopt;  // ambiguous: which one counts?
    parsed.parameters.emplace_back(std::move(key), std::move(value));
    rest = text::trim_ows(rest);
    if (!rest.empty() && rest.front() != ';') return std::nullopt;
  }
  return parsed;
}

// RFC 2046's bchars, not ending in a space.
bool is_valid_boundary(std::string_view boundary) {
  constexpr std::string_view kSymbols = "'()+_,-./:=? ";
  if (boundary.empty() || boundary.size() > kMaxBoundaryLength || boundary.back() == ' ') {
    return false;
  }
  return std::all_of(boundary.begin(), boundary.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kSymbols.find(c) != std::string_view::npos;
  });
}

std::optional<std::string> boundary_of(std::string_view content_type_header) {
  const auto content_type = parse_header_value(content_type_header);
  if (!content_type || content_type->value != "multipart/form-data") return std::nullopt;
  const std::string* boundary = content_type->parameter("boundary");
  if (!boundary || !is_valid_boundary(*boundary)) return std::nullopt;
  return *boundary;
}

// RFC 5987's ext-value: charset'language'percent-encoded-bytes.
std::optional<std::string> decode_extended_value(std::string_view value) {
  const std::size_t first_quote = value.find('\'');
  if (first_quote == std::string_view::npos) return std::nullopt;
  const std::size_t second_quote = value.find('\'', first_quote + 1);
  if (second_quote == std::string_view::npos) return std::nullopt;
  const std::string charset = text::to_lower_ascii(value.substr(0, first_quote));
  const auto bytes = text::percent_decode(value.substr(second_quote + 1));
  if (!bytes) return std::nullopt;
  if (charset == "utf-8") {
    if (!text::is_valid_utf8(*bytes)) return std::nullopt;
    return bytes;
  }
  if (charset == "iso-8859-1") return latin1_to_utf8(*bytes);
  return std::nullopt;
}

// Fills the part from its header section; an error detail when refused.
std::optional<std::string> read_part_headers(std::string_view headers, MultipartPart& part) {
  std::optional<HeaderValue> disposition;
  bool has_content_type = false;
  while (!headers.empty()) {
    const std::size_t line_end = std::min(headers.find(kCrlf), headers.size());
    const std::string_view line = headers.substr(0, line_end);
    headers.remove_prefix(std::min(line_end + kCrlf.size(), headers.size()));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !text::is_token(line.substr(0, colon))) {
      return "Malformed multipart body: a part has a malformed header line.";
    }
    const std::string name = text::to_lower_ascii(line.substr(0, colon));
    const std::string_view value = text::trim_ows(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (disposition)
        return "Malformed multipart body: a part has two Content-Disposition headers.";
      disposition = parse_header_value(value);
      if (!disposition || disposition->value != "form-data") {
        return "Malformed multipart body: a part's Content-Disposition is not valid form-data.";
      }
    } else if (name == "content-type") {
      if (has_content_type) return "Malformed multipart body: a part has two Content-Type headers.";
      has_content_type = true;
      part.content_type = std::string(value);
    }
  }
  if (!disposition) return "Malformed multipart body: a part has no Content-Disposition header.";
  const std::string* name = disposition->parameter("name");
  if (!name) return "Malformed multipart body: a part has no name.";
  part.name = *name;
  if (const std::string* filename = disposition->parameter("filename")) part.filename = *filename;
  if (const std::string* extended = disposition->parameter("filename*")) {
    part.filename_star = decode_extended_value(*extended);
  }
  return std::nullopt;
}

MultipartError error(std::string detail) {
  return MultipartError{std::move(detail)};
}

}  // namespace

std::optional<std::string_view> MultipartPart::file_name() const {
  if (filename_star) return *filename_star;
  if (filename) return *filename;
  return std::nullopt;
}

MultipartResult parse_multipart(std::string_view content_type_header, std::string_view body,
                                std::size_t max_parts) {
  const auto boundary = boundary_of(content_type_header);
  if (!boundary) {
    return error("Content-Type must be multipart/form-data with a valid boundary.");
  }
  const std::string dash_boundary = "--" + *boundary;
  const std::string delimiter = std::string(kCrlf) + dash_boundary;

  // The first boundary opens the body or ends the preamble.
  std::size_t at;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    at = dash_boundary.size();
  } else {
    const std::size_t found = body.find(delimiter);
    if (found == std::string_view::npos) return error("Malformed multipart body: no boundary.");
    at = found + delimiter.size();
  }

  std::vector<MultipartPart> parts;
  while (true) {
    // Just past a boundary: "--" closes the body, else optional padding and a line break.
    if (body.substr(at, 2) == "--") return parts;
    while (at < body.size() && is_whitespace(body[at])) ++at;
    if (body.substr(at, kCrlf.size()) != kCrlf) {
      return error("Malformed multipart body: a boundary line does not end with CRLF.");
    }
    at += kCrlf.size();
    if (parts.size() == max_parts) {
      return error("Too many parts in the multipart body (at most " + std::to_string(max_parts) +
                   ").");
    }

    std::size_t headers_end;
    std::size_t content_start;
    if (body.substr(at, kCrlf.size()) == kCrlf) {  // no header lines at all
      headers_end = at;
      content_start = at + kCrlf.size();
    } else {
      const std::string_view window = body.substr(at, kMaxPartHeaderBytes + 4);
      const std::size_t blank_line = window.find("\r\n\r\n");
      if (blank_line == std::string_view::npos) {
        return error(window.size() > kMaxPartHeaderBytes
                         ? "Multipart part headers are too large."
                         : "Malformed multipart body: part headers do not end.");
      }
      headers_end = at + blank_line;
      content_start = headers_end + 4;
    }

    MultipartPart part;
    if (auto refused = read_part_headers(body.substr(at, headers_end - at), part)) {
      return error(std::move(*refused));
    }
    const std::size_t content_end = body.find(delimiter, content_start);
    if (content_end == std::string_view::npos) {
      return error("Malformed multipart body: the closing boundary is missing.");
    }
    part.body = body.substr(content_start, content_end - content_start);
    parts.push_back(std::move(part));
    at = content_end + delimiter.size();
  }
}

const MultipartPart* find_part(const std::vector<MultipartPart>& parts,
                               std::string_view field_name) {
  const auto found = std::find_if(parts.begin(), parts.end(), [&](const MultipartPart& part) {
    return part.name == field_name;
  });
  return found == parts.end() ? nullptr : &*found;
}

}  // namespace taskflow::http
