// The tasks API's request-body rules on any JSON document (as Context::json_object parses it,
// but any value, since the validators promise an error for a body that is not an object). The
// first byte picks the validator: '0' task create, '1' task PATCH, '2' task PUT, '3' bulk
// update, '4' board move, '5' comment, '6' label create, '7' label update, '8' new member,
// '9' member role, ':' project create, ';' project update.
// Nothing may throw; a refusal has errors and a readable first problem; an accepted task or
// comment keeps the documented limits.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/label.hpp"
#include "domain/membership.hpp"
#include "domain/project.hpp"
#include "domain/task_validation.hpp"
#include "taskflow/testing/fuzz.hpp"
#include "taskflow/testing/fuzz_validated.hpp"
#include "taskflow/text/utf8.hpp"

namespace tasks = taskflow::tasks;
namespace text = taskflow::text;
namespace validation = taskflow::validation;
using taskflow::testing::accepted;
using taskflow::testing::check;
using taskflow::testing::fuzz_text;
using taskflow::testing::split_mode;

namespace {

bool valid_text(const std::string& value, std::size_t max_code_points) {
  const auto decoded = text::decode_utf8(value);
  return decoded && decoded->size() <= max_code_points && value.find('\0') == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [mode, input] = split_mode(fuzz_text(data, size), 12);
  const auto body = nlohmann::json::parse(input, nullptr, false);
  if (body.is_discarded()) return 0;
  switch (mode) {
    case 0:
      if (const auto result = tasks::validate_task_create(body);
          const auto* task = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!task->title.empty() &&
                            valid_text(task->title, tasks::kMaxTitleLength));
        TASKFLOW_FUZZ_CHECK(valid_text(task->description, tasks::kMaxDescriptionLength));
        TASKFLOW_FUZZ_CHECK(task->assignee_ids.size() <= tasks::kMaxAssignees);
        TASKFLOW_FUZZ_CHECK(task->label_ids.size() <= tasks::kMaxTaskLabels);
      }
      break;
    case 1:
    case 2:
      if (const auto result = tasks::validate_task_update(body, mode == 1);
          const auto* changes = accepted(result)) {
        if (changes->title) {
          TASKFLOW_FUZZ_CHECK(valid_text(*changes->title, tasks::kMaxTitleLength));
        }
        if (mode == 2) TASKFLOW_FUZZ_CHECK(changes->title.has_value());
      }
      break;
    case 3:
      if (const auto result = tasks::validate_bulk_update(body);
          const auto* bulk = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!bulk->task_ids.empty() &&
                            bulk->task_ids.size() <= tasks::kMaxBulkTaskIds);
        for (const auto id : bulk->task_ids) TASKFLOW_FUZZ_CHECK(id >= 1);
      }
      break;
    case 4:
      check(tasks::validate_board_move(body));
      break;
    case 5:
      if (const auto result = tasks::validate_comment(body);
          const auto* comment = accepted(result)) {
        TASKFLOW_FUZZ_CHECK(!comment->content.empty() &&
                            valid_text(comment->content, tasks::kMaxCommentLength));
      }
      break;
    case 6:
      check(tasks::validate_label_create(body));
      break;
    case 7:
      check(tasks::validate_label_update(body));
      break;
    case 8:
      check(tasks::validate_new_member(body));
      break;
    case 9:
      check(tasks::validate_member_role(body));
      break;
    case 10:
      check(tasks::validate_project_create(body));
      break;
    default:
      check(tasks::validate_project_update(body));
      break;
  }
  return 0;
}
