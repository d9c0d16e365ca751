#include "domain/event.hpp"

#include <algorithm>
#include <utility>

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

// A JSON array of positive ids, or nullopt when it is anything else.
std::optional<std::vector<std::int64_t>> read_ids(const nlohmann::json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<std::int64_t> ids;
  for (const auto& item : value) {
    if (!is_positive_integer(item)) return std::nullopt;
    ids.push_back(item.get<std::int64_t>());
  }
  return ids;
}

std::optional<Audience> read_audience(const nlohmann::json& value) {
  if (!value.is_object()) return std::nullopt;
  Audience audience;
  const auto actor = value.find("actor_id");
  if (actor != value.end() && !actor->is_null()) {
    if (!is_positive_integer(*actor)) return std::nullopt;
    audience.actor_id = actor->get<std::int64_t>();
  }
  const auto personal = value.find("personal");
  if (personal == value.end() || !personal->is_boolean()) return std::nullopt;
  audience.personal = personal->get<bool>();
  const auto members = value.find("member_ids");
  if (members == value.end()) return std::nullopt;
  auto member_ids = read_ids(*members);
  if (!member_ids) return std::nullopt;
  audience.member_ids = std::move(*member_ids);
  for (auto [name, target] : {std::pair{"assigned_ids", &audience.assigned_ids},
                              std::pair{"mentioned_ids", &audience.mentioned_ids}}) {
    const auto found = value.find(name);
    if (found == value.end()) continue;
    auto ids = read_ids(*found);
    if (!ids) return std::nullopt;
    *target = std::move(*ids);
  }
  const auto text = [&](const char* name, std::string& target) {
    const auto found = value.find(name);
    if (found == value.end()) return true;
    if (!found->is_string()) return false;
    target = found->get<std::string>();
    return true;
  };
  if (!text("action", audience.action) || !text("actor_name", audience.actor_name)) {
    return std::nullopt;
  }
  const auto quiet = value.find("quiet");
  if (quiet != value.end()) {
    if (!quiet->is_boolean()) return std::nullopt;
    audience.quiet = quiet->get<bool>();
  }
  return audience;
}

bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
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
  const sys_time<microseconds> instant =
      sys_days(date) + hours(*h) + minutes(*mi) + seconds(*s) + microseconds(micros);
  // The clock counts nanoseconds in an int64 (years 1678 to 2262): an instant outside that is
  // no timestamp of ours, and converting it would overflow.
  constexpr auto kEarliest = ceil<microseconds>(system_clock::time_point::min());
  constexpr auto kLatest = floor<microseconds>(system_clock::time_point::max());
  if (instant < kEarliest || instant > kLatest) return std::nullopt;
  return time_point_cast<system_clock::duration>(instant);
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
  std::optional<Audience> audience;
  if (auto found = json.find("audience"); found != json.end()) {
    audience = read_audience(*found);
    if (!audience) return PoisonMessage{"malformed audience"};
  }
  const bool live = audience && !audience->action.empty();
  if (!events::spec(*kind).notification && !live) {
    return SilentEvent{id->get<std::string>(), *kind};
  }

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
                   .occurred_at = occurred_at,
                   .audience = std::move(audience),
                   .task = std::move(*data)};
}

std::vector<std::int64_t> notification_recipients(const TaskEvent& event) {
  if (!events::spec(event.kind).notification) return {};
  if (!event.audience || event.audience->personal) return {event.user_id};
  const Audience& audience = *event.audience;
  if (audience.quiet) return {};
  std::vector<std::int64_t> concerned;
  if (event.kind == EventType::task_assigned) {
    concerned = audience.assigned_ids;
  } else if (event.kind == EventType::mentioned) {
    concerned = audience.mentioned_ids;
  } else {
    if (auto assignees = read_ids(event.task.value("assignee_ids", nlohmann::json::array()))) {
      concerned = std::move(*assignees);
    }
    concerned.push_back(event.user_id);
    // Who the same change assigned or mentioned hears of it by that notification instead.
    std::erase_if(concerned, [&](std::int64_t user) {
      return contains(audience.assigned_ids, user) || contains(audience.mentioned_ids, user);
    });
  }
  std::vector<std::int64_t> recipients;
  for (const auto user : concerned) {
    if (audience.actor_id == user || !contains(audience.member_ids, user) ||
        contains(recipients, user)) {
      continue;
    }
    recipients.push_back(user);
  }
  return recipients;
}

std::optional<std::string> task_changed_frame(const TaskEvent& event) {
  if (!event.audience || event.audience->action.empty()) return std::nullopt;
  const auto project_id = event.task.value("project_id", nlohmann::json());
  auto task = event.audience->action == "deleted"
                  ? nlohmann::json{{"id", event.task_id}, {"project_id", project_id}}
                  : event.task;
  return nlohmann::json{
      {"type", "task_changed"},
      {"project_id", project_id},
      {"action", event.audience->action},
      {"task", std::move(task)},
      {"actor_id",
       event.audience->actor_id ? nlohmann::json(*event.audience->actor_id) : nlohmann::json()}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace taskflow::notifications
