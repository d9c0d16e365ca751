#include "taskflow/http/context.hpp"

#include <algorithm>
#include <cctype>

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
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    throw HttpError(Status::bad_request, "JSON parse error - the body is not valid JSON.");
  }
  if (!parsed.is_object()) {
    throw HttpError(Status::bad_request, "Invalid data. Expected a JSON object.");
  }
  return parsed;
}

}  // namespace taskflow::http
