#include "domain/task_summary.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace taskflow::tasks {
namespace {

template <class Enum, std::size_t N>
bool selected(std::span<const Enum> chosen, const std::array<Enum, N>& all, std::size_t index) {
  return chosen.empty() || std::ranges::find(chosen, all[index]) != chosen.end();
}

std::int64_t by_status(const TaskSummary& summary, Status status) {
  return summary.count(std::span<const Status>(&status, 1), {});
}

}  // namespace

std::int64_t TaskSummary::total() const {
  return count({}, {});
}

std::int64_t TaskSummary::count(std::span<const Status> statuses,
                                std::span<const Priority> priorities) const {
  std::int64_t sum = 0;
  for (std::size_t s = 0; s < kStatuses.size(); ++s) {
    if (!selected(statuses, kStatuses, s)) continue;
    for (std::size_t p = 0; p < kPriorities.size(); ++p) {
      if (selected(priorities, kPriorities, p)) sum += counts[s][p];
    }
  }
  return sum;
}

bool TaskSummary::valid_at(Timestamp now) const {
  return !overdue_changes_at || now < *overdue_changes_at;
}

nlohmann::json stats_json(const TaskSummary& summary) {
  return {{"total_tasks", summary.total()},
          {"todo_tasks", by_status(summary, Status::todo)},
          {"in_progress_tasks", by_status(summary, Status::in_progress)},
          {"review_tasks", by_status(summary, Status::review)},
          {"done_tasks", by_status(summary, Status::done)},
          {"cancelled_tasks", by_status(summary, Status::cancelled)},
          {"overdue_tasks", summary.overdue}};
}

// Space-separated integers: the 20 counts in status-major order, the overdue count, and the
// microseconds of overdue_changes_at or "-".
std::string encode_summary(const TaskSummary& summary) {
  std::string text;
  for (const auto& row : summary.counts) {
    for (auto n : row) text += std::to_string(n) + ' ';
  }
  text += std::to_string(summary.overdue) + ' ';
  text += summary.overdue_changes_at
              ? std::to_string(summary.overdue_changes_at->time_since_epoch().count())
              : std::string("-");
  return text;
}

std::optional<TaskSummary> decode_summary(std::string_view text) {
  std::vector<std::string_view> fields;
  while (!text.empty()) {
    auto space = text.find(' ');
    fields.push_back(text.substr(0, space));
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
  constexpr std::size_t kCounts = kStatuses.size() * kPriorities.size();
  if (fields.size() != kCounts + 2) return std::nullopt;
  auto number = [](std::string_view field) -> std::optional<std::int64_t> {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size()) return std::nullopt;
    return value;
  };
  TaskSummary summary;
  for (std::size_t i = 0; i <= kCounts; ++i) {
    auto value = number(fields[i]);
    if (!value || *value < 0) return std::nullopt;
    if (i < kCounts) {
      summary.counts[i / kPriorities.size()][i % kPriorities.size()] = *value;
    } else {
      summary.overdue = *value;
    }
  }
  if (fields.back() != "-") {
    auto micros = number(fields.back());
    if (!micros) return std::nullopt;
    summary.overdue_changes_at = Timestamp(std::chrono::microseconds(*micros));
  }
  return summary;
}

}  // namespace taskflow::tasks
