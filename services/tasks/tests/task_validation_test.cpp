#include "domain/task_validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskflow::tasks {
namespace {

using nlohmann::json;
using Messages = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string kRequired = "This field is required.";
const std::string kNotNull = "This field may not be null.";
const std::string kNotString = "Not a valid string.";
const std::string kBlank = "This field may not be blank.";
const std::string kUnexpected = "Unexpected field.";
const std::string kTooLongTitle = "Ensure this field has no more than 200 characters.";
const std::string kBadDatetime =
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

const Timestamp kDue = Timestamp{std::chrono::sys_days(std::chrono::year(2026) / 11 / 29)} + 10h;

template <typename T>
validation::FieldErrors errors_of(const validation::Validated<T>& result) {
  return result.ok() ? validation::FieldErrors{} : result.errors();
}

validation::FieldErrors create_errors(const json& body) {
  return errors_of(validate_task_create(body));
}

// --- create ---------------------------------------------------------------------------------

TEST(TaskCreate, AppliesDefaults) {
  const auto result = validate_task_create({{"title", "  Write the report "}});
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().title, "Write the report");
  EXPECT_EQ(result.value().description, "");
  EXPECT_EQ(result.value().priority, Priority::medium);
  EXPECT_EQ(result.value().status, Status::todo);
  EXPECT_FALSE(result.value().due_date);
}

TEST(TaskCreate, ReadsEveryField) {
  const auto result = validate_task_create({{"title", "T"},
                                            {"description", " Notes\n"},
                                            {"priority", "urgent"},
                                            {"status", "done"},
                                            {"due_date", "2026-11-29T12:00:00+02:00"}});
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().description, "Notes");
  EXPECT_EQ(result.value().priority, Priority::urgent);
  EXPECT_EQ(result.value().status, Status::done);
  EXPECT_EQ(result.value().due_date, kDue);
}

TEST(TaskCreate, AcceptsANullDueDate) {
  const auto result = validate_task_create({{"title", "T"}, {"due_date", nullptr}});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.value().due_date);
}

TEST(TaskCreate, TakesAProjectOrThePersonalOne) {
  EXPECT_EQ(validate_task_create({{"title", "a"}, {"project_id", 5}}).value().project_id, 5);
  EXPECT_FALSE(validate_task_create({{"title", "a"}}).value().project_id);
  EXPECT_FALSE(validate_task_create({{"title", "a"}, {"project_id", nullptr}}).value().project_id);
  EXPECT_EQ(create_errors({{"title", "a"}, {"project_id", "5"}}),
            (validation::FieldErrors{{"project_id", {"A valid integer is required."}}}));
  EXPECT_EQ(create_errors({{"title", "a"}, {"project_id", 0}}),
            (validation::FieldErrors{
                {"project_id", {"Ensure this value is greater than or equal to 1."}}}));
}

TEST(TaskUpdate, MovesToAProjectButNeverToNone) {
  EXPECT_EQ(validate_task_update({{"project_id", 9}}, true).value().project_id, 9);
  EXPECT_EQ(errors_of(validate_task_update({{"project_id", nullptr}}, true)),
            (validation::FieldErrors{{"project_id", {kNotNull}}}));
  // Not among the fields a bulk update may change.
  EXPECT_FALSE(validate_bulk_update({{"task_ids", {1}}, {"updates", {{"project_id", 2}}}}).ok());
}

TEST(TaskCreate, ChecksTheTitle) {
  EXPECT_EQ(create_errors(json::object()).at("title"), Messages{kRequired});
  EXPECT_EQ(create_errors({{"title", nullptr}}).at("title"), Messages{kNotNull});
  EXPECT_EQ(create_errors({{"title", ""}}).at("title"), Messages{kBlank});
  EXPECT_EQ(create_errors({{"title", " \t\u3000"}}).at("title"), Messages{kBlank});
  EXPECT_EQ(create_errors({{"title", 5}}).at("title"), Messages{kNotString});
  EXPECT_EQ(create_errors({{"title", json::array({"a"})}}).at("title"), Messages{kNotString});
  EXPECT_EQ(create_errors({{"title", std::string(201, 'x')}}).at("title"), Messages{kTooLongTitle});
  EXPECT_EQ(create_errors({{"title", std::string("a\0b", 3)}}).at("title"),
            Messages{"Null characters are not allowed."});
}

TEST(TaskCreate, CountsTitleLengthInCharactersAfterTrimming) {
  std::string two_hundred_euros;
  for (int i = 0; i < 200; ++i) two_hundred_euros += "\xE2\x82\xAC";
  EXPECT_TRUE(validate_task_create({{"title", "  " + two_hundred_euros + "  "}}).ok());
  EXPECT_EQ(create_errors({{"title", two_hundred_euros + "x"}}).at("title"),
            Messages{kTooLongTitle});
}

TEST(TaskCreate, ChecksTheDescription) {
  EXPECT_TRUE(validate_task_create({{"title", "T"}, {"description", "   "}}).ok());
  EXPECT_EQ(create_errors({{"title", "T"}, {"description", nullptr}}).at("description"),
            Messages{kNotNull});
  EXPECT_EQ(create_errors({{"title", "T"}, {"description", false}}).at("description"),
            Messages{kNotString});
  EXPECT_TRUE(
      validate_task_create({{"title", "T"}, {"description", std::string(10000, 'x')}}).ok());
  EXPECT_EQ(
      create_errors({{"title", "T"}, {"description", std::string(10001, 'x')}}).at("description"),
      Messages{"Ensure this field has no more than 10000 characters."});
}

TEST(TaskCreate, ChecksTheChoices) {
  const auto errors = create_errors({{"title", "T"}, {"priority", "critical"}, {"status", "Done"}});
  EXPECT_EQ(errors.at("priority"), Messages{"\"critical\" is not a valid choice."});
  EXPECT_EQ(errors.at("status"), Messages{"\"Done\" is not a valid choice."});
  EXPECT_EQ(create_errors({{"title", "T"}, {"priority", 3}}).at("priority"),
            Messages{"\"3\" is not a valid choice."});
  EXPECT_EQ(create_errors({{"title", "T"}, {"status", nullptr}}).at("status"), Messages{kNotNull});
}

TEST(TaskCreate, ChecksTheDueDate) {
  for (const json& bad :
       {json("tomorrow"), json("2026-02-30"), json(20261129), json(true), json::object()}) {
    EXPECT_EQ(create_errors({{"title", "T"}, {"due_date", bad}}).at("due_date"),
              Messages{kBadDatetime})
        << bad.dump();
  }
}

TEST(TaskCreate, IgnoresReadOnlyFieldsAndRejectsUnknownOnes) {
  const auto result = validate_task_create({{"title", "T"},
                                            {"id", 99},
                                            {"user_id", 1},
                                            {"created_at", "x"},
                                            {"updated_at", "x"},
                                            {"completed_at", "x"},
                                            {"comments", json::array()},
                                            {"attachments", json::array()},
                                            {"position", "V"}});
  EXPECT_TRUE(result.ok());
  const auto errors = create_errors({{"title", "T"}, {"owner", 1}, {"Title", "x"}});
  EXPECT_EQ(errors, (validation::FieldErrors{{"owner", {kUnexpected}}, {"Title", {kUnexpected}}}));
}

TEST(TaskCreate, TakesAssigneesAndLabelsAsIdLists) {
  const auto result =
      validate_task_create({{"title", "T"}, {"assignee_ids", {3, 4, 3}}, {"label_ids", {9}}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().assignee_ids, (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(result.value().label_ids, (std::vector<std::int64_t>{9}));
  const auto defaults = validate_task_create({{"title", "T"}});
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults.value().assignee_ids.empty());
}

TEST(TaskCreate, ChecksTheIdLists) {
  EXPECT_EQ(create_errors({{"title", "T"}, {"assignee_ids", 3}}).at("assignee_ids"),
            Messages{"Expected a list of items but got type \"int\"."});
  EXPECT_EQ(create_errors({{"title", "T"}, {"label_ids", nullptr}}).at("label_ids"),
            Messages{"This field may not be null."});
  EXPECT_EQ(create_errors({{"title", "T"}, {"label_ids", {1, "2", 0}}}).at("label_ids").size(), 2u);
  EXPECT_EQ(
      create_errors({{"title", "T"}, {"assignee_ids", std::vector<int>(51, 1)}}).at("assignee_ids"),
      Messages{"Ensure this field has no more than 50 elements."});
}

TEST(TaskUpdate, ClearsAssigneesWithAnEmptyList) {
  const auto result = validate_task_update({{"assignee_ids", json::array()}}, true);
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(result.value().assignee_ids);
  EXPECT_TRUE(result.value().assignee_ids->empty());
  EXPECT_FALSE(result.value().label_ids);
}

TEST(TaskCreate, ReportsEveryBadFieldAtOnce) {
  const auto errors = create_errors(
      {{"title", ""}, {"priority", "x"}, {"status", "y"}, {"due_date", "z"}, {"extra", 1}});
  EXPECT_EQ(errors.size(), 5u);
}

TEST(TaskCreate, RejectsABodyThatIsNotAnObject) {
  EXPECT_EQ(create_errors(json::array()).at(std::string(validation::kNonFieldErrors)),
            Messages{"Invalid data. Expected a dictionary, but got list."});
  EXPECT_EQ(create_errors(nullptr).at(std::string(validation::kNonFieldErrors)),
            Messages{"Invalid data. Expected a dictionary, but got NoneType."});
}

// --- update ---------------------------------------------------------------------------------

TEST(TaskUpdate, PatchTakesOnlyWhatIsSent) {
  const auto result = validate_task_update({{"status", "review"}}, true);
  ASSERT_TRUE(result.ok());
  const TaskChanges& changes = result.value();
  EXPECT_EQ(changes.status, Status::review);
  EXPECT_FALSE(changes.title);
  EXPECT_FALSE(changes.description);
  EXPECT_FALSE(changes.priority);
  EXPECT_FALSE(changes.due_date);
  EXPECT_TRUE(validate_task_update(json::object(), true).ok());
}

TEST(TaskUpdate, TellsClearingTheDueDateFromLeavingIt) {
  const auto cleared = validate_task_update({{"due_date", nullptr}}, true);
  ASSERT_TRUE(cleared.ok());
  ASSERT_TRUE(cleared.value().due_date);
  EXPECT_FALSE(*cleared.value().due_date);
  const auto set = validate_task_update({{"due_date", "2026-11-29T10:00:00Z"}}, true);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set.value().due_date, std::optional(kDue));
}

TEST(TaskUpdate, PutRequiresTheTitleOnly) {
  EXPECT_EQ(errors_of(validate_task_update({{"status", "done"}}, false)),
            (validation::FieldErrors{{"title", {kRequired}}}));
  const auto result = validate_task_update({{"title", "New"}}, false);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().title, "New");
  EXPECT_FALSE(result.value().description);  // omitted: kept as it is
}

TEST(TaskUpdate, AppliesTheCreateRules) {
  const auto errors = errors_of(validate_task_update(
      {{"title", "  "}, {"priority", "x"}, {"due_date", "soon"}, {"id", 3}, {"foo", 1}}, true));
  EXPECT_EQ(errors, (validation::FieldErrors{{"title", {kBlank}},
                                             {"priority", {"\"x\" is not a valid choice."}},
                                             {"due_date", {kBadDatetime}},
                                             {"foo", {kUnexpected}}}));
}

TEST(TaskUpdate, AcceptsTheTaskObjectItReturned) {
  const json task = json::parse(R"({
    "id": 5, "title": "Write the report", "description": "", "user_id": 7,
    "priority": "high", "status": "done", "due_date": null,
    "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00.5Z",
    "completed_at": "2026-11-02T00:00:00Z", "comments": [], "attachments": []})");
  EXPECT_TRUE(validate_task_update(task, false).ok());
}

// --- bulk update ----------------------------------------------------------------------------

validation::FieldErrors bulk_errors(const json& body) {
  return errors_of(validate_bulk_update(body));
}

TEST(BulkUpdate, ReadsIdsAndChanges) {
  const auto result = validate_bulk_update(
      {{"task_ids", {3, 1, 3, 2, 1}},
       {"updates", {{"status", "done"}, {"priority", "low"}, {"due_date", nullptr}}}});
  ASSERT_TRUE(result.ok()) << json(result.errors()).dump();
  EXPECT_EQ(result.value().task_ids, (std::vector<std::int64_t>{3, 1, 2}));
  const TaskChanges& changes = result.value().changes;
  EXPECT_EQ(changes.status, Status::done);
  EXPECT_EQ(changes.priority, Priority::low);
  ASSERT_TRUE(changes.due_date);
  EXPECT_FALSE(*changes.due_date);
  EXPECT_FALSE(changes.title);
}

TEST(BulkUpdate, RequiresBothFields) {
  EXPECT_EQ(bulk_errors(json::object()),
            (validation::FieldErrors{{"task_ids", {kRequired}}, {"updates", {kRequired}}}));
  EXPECT_EQ(bulk_errors({{"task_ids", nullptr}, {"updates", nullptr}}),
            (validation::FieldErrors{{"task_ids", {kNotNull}}, {"updates", {kNotNull}}}));
}

TEST(BulkUpdate, ChecksTheIds) {
  const json updates = {{"status", "done"}};
  EXPECT_EQ(bulk_errors({{"task_ids", json::array()}, {"updates", updates}}).at("task_ids"),
            Messages{"This list may not be empty."});
  EXPECT_EQ(bulk_errors({{"task_ids", "1,2"}, {"updates", updates}}).at("task_ids"),
            Messages{"Expected a list of items but got type \"str\"."});
  EXPECT_EQ(
      bulk_errors({{"task_ids", {1, "2", 0, -4, 2.5, nullptr, 9223372036854775808ull}},
                   {"updates", updates}})
          .at("task_ids"),
      (Messages{"Item 1: A valid integer is required.",
                "Item 2: Ensure this value is greater than or equal to 1.",
                "Item 3: Ensure this value is greater than or equal to 1.",
                "Item 4: A valid integer is required.", "Item 5: A valid integer is required.",
                "Item 6: Ensure this value is less than or equal to 9223372036854775807."}));
  EXPECT_EQ(validate_bulk_update({{"task_ids", {9223372036854775807ll}}, {"updates", updates}})
                .value()
                .task_ids,
            (std::vector<std::int64_t>{INT64_MAX}));
}

TEST(BulkUpdate, ReadsIdsFromParsedJson) {
  const auto result = validate_bulk_update(
      json::parse(R"({"task_ids": [1, 9223372036854775807], "updates": {"priority": "high"}})"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().task_ids, (std::vector<std::int64_t>{1, INT64_MAX}));
  EXPECT_EQ(
      bulk_errors(
          json::parse(
              R"({"task_ids": [0, -1, 1.0, 9223372036854775808], "updates": {"status": "todo"}})"))
          .at("task_ids"),
      (Messages{"Item 0: Ensure this value is greater than or equal to 1.",
                "Item 1: Ensure this value is greater than or equal to 1.",
                "Item 2: A valid integer is required.",
                "Item 3: Ensure this value is less than or equal to 9223372036854775807."}));
}

TEST(BulkUpdate, LimitsTheNumberOfIds) {
  const json updates = {{"status", "done"}};
  json ids = json::array();
  for (int id = 1; id <= 1000; ++id) ids.push_back(id);
  EXPECT_TRUE(validate_bulk_update({{"task_ids", ids}, {"updates", updates}}).ok());
  ids.push_back(1001);
  EXPECT_EQ(bulk_errors({{"task_ids", ids}, {"updates", updates}}).at("task_ids"),
            Messages{"Ensure this field has no more than 1000 elements."});
}

TEST(BulkUpdate, ChecksTheUpdates) {
  const json ids = {1};
  EXPECT_EQ(bulk_errors({{"task_ids", ids}, {"updates", json::object()}}).at("updates"),
            Messages{"This dictionary may not be empty."});
  EXPECT_EQ(bulk_errors({{"task_ids", ids}, {"updates", json::array()}}).at("updates"),
            Messages{"Expected a dictionary of items but got type \"list\"."});
  EXPECT_EQ(
      bulk_errors({{"task_ids", ids},
                   {"updates", {{"title", "x"}, {"status", "finished"}, {"due_date", "later"}}}})
          .at("updates"),
      (Messages{
          "Field \"title\" cannot be bulk updated. Allowed fields: status, priority, due_date.",
          "due_date: " + kBadDatetime, "status: \"finished\" is not a valid choice."}));
  EXPECT_EQ(bulk_errors({{"task_ids", ids}, {"updates", {{"id", 2}}}}).at("updates"),
            Messages{"Field \"id\" cannot be bulk updated. Allowed fields: status, priority, "
                     "due_date."});
}

TEST(BulkUpdate, RejectsUnknownTopLevelFields) {
  EXPECT_EQ(bulk_errors({{"task_ids", {1}}, {"updates", {{"status", "done"}}}, {"all", true}}),
            (validation::FieldErrors{{"all", {kUnexpected}}}));
  EXPECT_EQ(bulk_errors("x").at(std::string(validation::kNonFieldErrors)),
            Messages{"Invalid data. Expected a dictionary, but got str."});
}

// --- comments -------------------------------------------------------------------------------

TEST(Comment, TrimsTheContent) {
  const auto result = validate_comment({{"content", "  Looks good \n"}, {"id", 4}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().content, "Looks good");
}

TEST(Comment, ChecksTheContent) {
  const auto errors = [](const json& body) { return errors_of(validate_comment(body)); };
  EXPECT_EQ(errors(json::object()).at("content"), Messages{kRequired});
  EXPECT_EQ(errors({{"content", " "}}).at("content"), Messages{kBlank});
  EXPECT_EQ(errors({{"content", nullptr}}).at("content"), Messages{kNotNull});
  EXPECT_EQ(errors({{"content", 1}}).at("content"), Messages{kNotString});
  EXPECT_TRUE(validate_comment({{"content", std::string(10000, 'x')}}).ok());
  EXPECT_EQ(errors({{"content", std::string(10001, 'x')}}).at("content"),
            Messages{"Ensure this field has no more than 10000 characters."});
  EXPECT_EQ(errors({{"content", "x"}, {"task", 1}}),
            (validation::FieldErrors{{"task", {kUnexpected}}}));
}

}  // namespace
}  // namespace taskflow::tasks

namespace taskflow::tasks {
namespace {

TEST(BoardMove, TakesAColumnAndANeighbour) {
  const auto move = validate_board_move({{"status", "review"}, {"after_id", 12}});
  ASSERT_TRUE(move.ok());
  EXPECT_EQ(move.value().status, Status::review);
  EXPECT_EQ(move.value().after_id, 12);
  const auto first = validate_board_move({{"after_id", nullptr}});
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first.value().status);
  EXPECT_FALSE(first.value().after_id);
}

TEST(BoardMove, RefusesWhatIsNotAMove) {
  EXPECT_EQ(validate_board_move(nlohmann::json::object()).errors().at("after_id").front(),
            "This field is required.");
  EXPECT_TRUE(validate_board_move({{"after_id", "3"}}).errors().contains("after_id"));
  EXPECT_TRUE(validate_board_move({{"after_id", 0}}).errors().contains("after_id"));
  EXPECT_TRUE(
      validate_board_move({{"after_id", nullptr}, {"status", "x"}}).errors().contains("status"));
  EXPECT_TRUE(validate_board_move({{"after_id", nullptr}, {"position", "V"}})
                  .errors()
                  .contains("position"));
}

}  // namespace
}  // namespace taskflow::tasks
