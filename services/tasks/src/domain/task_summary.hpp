#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/task_enums.hpp"
#include "domain/timestamps.hpp"

// One user's task counts by status and priority, plus the overdue count: everything the stats
// endpoint answers and every count an unsearched list needs, from one small value that can be
// cached between changes.
namespace taskflow::tasks {

struct TaskSummary {
  // counts[status][priority], indexed in the order of kStatuses and kPriorities.
  std::array<std::array<std::int64_t, kPriorities.size()>, kStatuses.size()> counts{};
  // Open tasks (todo, in progress, review) whose due date has passed.
  std::int64_t overdue = 0;
  // The earliest due date still ahead among open tasks: the overdue count changes then, without
  // any write, so a summary is only good until that moment.
  std::optional<Timestamp> overdue_changes_at;

  std::int64_t total() const;
  // Tasks with any of `statuses` and any of `priorities`; an empty list means any value.
  std::int64_t count(std::span<const Status> statuses, std::span<const Priority> priorities) const;
  bool valid_at(Timestamp now) const;

  bool operator==(const TaskSummary&) const = default;
};

// The stats object of docs/openapi.yaml.
nlohmann::json stats_json(const TaskSummary& summary);

// A compact text form for a cache, and back; nullopt for anything that is not one.
std::string encode_summary(const TaskSummary& summary);
std::optional<TaskSummary> decode_summary(std::string_view text);

}  // namespace taskflow::tasks
