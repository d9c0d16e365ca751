#include "domain/event.hpp"

#include <nlohmann/json.hpp>

namespace taskflow::notifications {
namespace {

constexpr std::size_t kMaxEventIdLength = 128;

bool is_positive_integer(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= INT64_MAX && value > 0;
  return value.is_number_integer() && value.get<std::int64_t>() > 0;
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 20 || text.back() != 'Z' || text[4] != '-' || text[7] != '-' ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  year_month_day date{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  long long micros = 0;
  auto rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2 || rest.size() > 10) return std::nullopt;
    auto fraction = rest.substr(1);
    for (std::size_t i = 0; i < 6; ++i) {
      micros *= 10;
      if (i < fraction.size()) {
        if (fraction[i] < '0' || fraction[i] > '9') return std::nullopt;
        micros += fraction[i] - '0';
      }
    }
    for (std::size_t i = 6; i < fraction.size(); ++i) {
      if (fraction[i] < '0' || fraction[i] > '9') return std::nullopt;
    }
  }
  return time_point_cast<system_clock::duration>(sys_days(date) + hours(*h) + minutes(*mi) +
                                                 seconds(*s) + microseconds(micros));
}

ParsedMessage parse_message(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return PoisonMessage{"body is not JSON"};
  if (!json.is_object()) return PoisonMessage{"body is not a JSON object"};

  auto id = json.find("id");
  if (id == json.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
      id->get_ref<const std::string&>().size() > kMaxEventIdLength) {
    return PoisonMessage{"no event id"};
  }
  auto type = json.find("type");
  if (type == json.end() || !type->is_string()) return PoisonMessage{"no event type"};
  auto kind = parse_event_type(type->get<std::string>());
  if (!kind) return PoisonMessage{"unknown event type"};
  auto user = json.find("user_id");
  if (user == json.end() || !is_positive_integer(*user)) return PoisonMessage{"no user"};
  if (!events::spec(*kind).notification) return SilentEvent{id->get<std::string>(), *kind};

  auto data = json.find("data");
  if (data == json.end() || !data->is_object()) return PoisonMessage{"no task data"};
  auto task_id = data->find("id");
  if (task_id == data->end() || !is_positive_integer(*task_id)) return PoisonMessage{"no task id"};
  auto title = data->find("title");
  if (title == data->end() || !title->is_string()) return PoisonMessage{"no task title"};
  std::optional<std::chrono::system_clock::time_point> occurred_at;
  if (auto at = json.find("occurred_at"); at != json.end() && at->is_string()) {
    occurred_at = parse_utc(at->get_ref<const std::string&>());
  }
  return TaskEvent{.id = id->get<std::string>(),
                   .kind = *kind,
                   .user_id = user->get<std::int64_t>(),
                   .task_id = task_id->get<std::int64_t>(),
                   .task_title = title->get<std::string>(),
                   .occurred_at = occurred_at};
}

}  // namespace taskflow::notifications
