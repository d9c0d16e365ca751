#include "taskflow/http/context.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace taskflow::http {
namespace {

constexpr int kMaxJsonDepth = 64;

bool is_json_content_type(std::string_view value) {
  auto semicolon = value.find(';');
  auto media = value.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

HttpError parse_error(std::string_view problem) {
  return HttpError(Status::bad_request, "JSON parse error - " + std::string(problem));
}

// Parses I-JSON (RFC 7493) only: what two parsers in the request's path could read
// differently (a byte order mark, a NUL, a name twice in one object) is refused.
nlohmann::json parse_strict_json(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) throw parse_error("a byte order mark is not allowed.");
  if (body.find('\0') != std::string_view::npos) {
    throw parse_error("a NUL character is not allowed.");
  }
  std::vector<std::set<std::string, std::less<>>> names;  // of each object still open
  std::optional<std::string> repeated;
  auto parsed = nlohmann::json::parse(
      body,
      [&](int, nlohmann::json::parse_event_t event, nlohmann::json& value) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) {
          names.emplace_back();
        } else if (event == Event::object_end && !names.empty()) {
          names.pop_back();
        } else if (event == Event::key && !names.empty() && !repeated) {
          const auto& name = value.get_ref<const std::string&>();
          if (!names.back().insert(name).second) repeated = name;
        }
        return true;
      },
      false);
  if (parsed.is_discarded()) throw parse_error("the body is not valid JSON.");
  if (repeated) {
    // Named when short enough to read; the detail never echoes a long client string.
    constexpr std::size_t kLongestNameShown = 64;
    throw parse_error(repeated->size() <= kLongestNameShown
                          ? "the name \"" + *repeated + "\" appears twice in one object."
                          : std::string("a name appears twice in one object."));
  }
  return parsed;
}

}  // namespace

std::string_view Context::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

const Principal& Context::user() const {
  if (!principal) {
    throw HttpError(Status::unauthorized, "Authentication credentials were not provided.");
  }
  return *principal;
}

bool nesting_exceeds(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

nlohmann::json Context::json_object() const {
  const auto& body = request.body();
  if (std::all_of(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c) != 0; })) {
    return nlohmann::json::object();
  }
  auto content_type = request[beast_http::field::content_type];
  if (!is_json_content_type(content_type)) {
    throw HttpError(Status::unsupported_media_type, "Unsupported media type \"" +
                                                        std::string(content_type) +
                                                        "\" in request; send application/json.");
  }
  if (nesting_exceeds(body, kMaxJsonDepth)) {
    throw HttpError(Status::bad_request, "JSON parse error - nesting too deep.");
  }
  auto parsed = parse_strict_json(body);
  if (!parsed.is_object()) {
    throw HttpError(Status::bad_request, "Invalid data. Expected a JSON object.");
  }
  return parsed;
}

}  // namespace taskflow::http
