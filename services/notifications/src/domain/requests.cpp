#include "domain/requests.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "taskflow/text/ascii.hpp"

namespace taskflow::notifications {
namespace {

// A whole decimal number within [min, max], nothing else (no sign, no spaces).
std::optional<std::size_t> parse_count(std::string_view text, std::size_t min, std::size_t max) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

Validated<PageRequest> parse_page(std::optional<std::string_view> limit,
                                  std::optional<std::string_view> offset) {
  PageRequest page;
  FieldErrors errors;
  if (limit) {
    if (auto value = parse_count(*limit, 1, kMaxLimit)) {
      page.limit = *value;
    } else {
      errors["limit"].push_back(fmt::format("Must be a whole number from 1 to {}.", kMaxLimit));
    }
  }
  if (offset) {
    if (auto value = parse_count(*offset, 0, 1'000'000'000)) {
      page.offset = *value;
    } else {
      errors["offset"].push_back("Must be a whole number, 0 or more.");
    }
  }
  if (!errors.empty()) return errors;
  return page;
}

Validated<std::optional<StreamId>> parse_resume_position(std::optional<std::string_view> since) {
  if (!since || since->empty()) return std::optional<StreamId>{};
  if (auto position = parse_stream_id(*since)) return std::optional<StreamId>{*position};
  return FieldErrors{{"since", {"Must be the \"seq\" of a live message, as the socket sent it."}}};
}

Validated<MarkReadRequest> parse_mark_read(const nlohmann::json& body) {
  FieldErrors errors;
  auto all = body.find("all");
  auto ids = body.find("ids");
  bool has_all = all != body.end() && !all->is_null();
  bool has_ids = ids != body.end() && !ids->is_null();
  if (has_all && has_ids) {
    errors[std::string(validation::kNonFieldErrors)].push_back(
        "Give either \"ids\" or \"all\", not both.");
    return errors;
  }
  if (has_all) {
    if (!all->is_boolean() || !all->get<bool>()) {
      errors["all"].push_back("Must be true (to mark every notification read).");
      return errors;
    }
    return MarkReadRequest{.all = true, .ids = {}};
  }
  if (!has_ids) {
    errors["ids"].push_back("This field is required (or give \"all\": true).");
    return errors;
  }
  if (!ids->is_array()) {
    errors["ids"].push_back("Must be a list of notification ids.");
    return errors;
  }
  if (ids->empty() || ids->size() > kMaxMarkReadIds) {
    errors["ids"].push_back(fmt::format("Must hold 1 to {} ids.", kMaxMarkReadIds));
    return errors;
  }
  MarkReadRequest request;
  for (const auto& id : *ids) {
    if (!id.is_string() || id.get_ref<const std::string&>().empty() ||
        id.get_ref<const std::string&>().size() > kMaxIdLength) {
      errors["ids"].push_back("Each id must be a non-empty string (a notification's id).");
      return errors;
    }
    request.ids.push_back(id.get<std::string>());
  }
  return request;
}

std::optional<std::string> token_from_subprotocols(std::string_view header) {
  auto comma = header.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  if (text::trim_ows(header.substr(0, comma)) != "bearer") return std::nullopt;
  auto token = text::trim_ows(header.substr(comma + 1));
  if (token.empty() || token.find(',') != std::string_view::npos) return std::nullopt;
  return std::string(token);
}

bool websocket_origin_allowed(std::optional<std::string_view> origin, std::string_view host,
                              const std::vector<std::string>& allowed) {
  if (!origin) return true;
  if (std::find(allowed.begin(), allowed.end(), *origin) != allowed.end()) return true;
  const auto lower = text::to_lower_ascii(*origin);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!lower.starts_with(scheme)) continue;
    std::string_view authority = std::string_view(lower).substr(scheme.size());
    return !authority.empty() && authority.find('/') == std::string_view::npos &&
           authority == text::to_lower_ascii(host);
  }
  return false;
}

std::vector<std::string> parse_origin_list(std::string_view list) {
  std::vector<std::string> origins;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto origin = text::trim_ows(list.substr(0, comma));
    if (origin.ends_with('/')) origin.remove_suffix(1);
    if (!origin.empty()) origins.emplace_back(origin);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return origins;
}

}  // namespace taskflow::notifications
