#include "domain/task_extras.hpp"

#include <gtest/gtest.h>

namespace taskflow::tasks {
namespace {

const Timestamp kCreated{std::chrono::microseconds(1'764'400'000'123'456)};
const Timestamp kUpdated{std::chrono::microseconds(1'764'400'001'000'000)};

TEST(CommentToJson, HasTheApiFields) {
  const Comment comment{.id = 3,
                        .task_id = 5,
                        .user_id = 7,
                        .content = "Done?",
                        .created_at = kCreated,
                        .updated_at = kUpdated};
  EXPECT_EQ(comment_to_json(comment), nlohmann::json::parse(R"({
    "id": 3, "content": "Done?", "user_id": 7, "created_at": "2025-11-29T07:06:40.123456Z",
    "updated_at": "2025-11-29T07:06:41Z"})"));
}

TEST(AttachmentToJson, HasTheApiFieldsAndTheDownloadPath) {
  const Attachment attachment{.id = 9,
                              .task_id = 5,
                              .user_id = 7,
                              .file_name = "report.pdf",
                              .storage_name = "never-shown",
                              .file_size = 1234,
                              .mime_type = "application/pdf",
                              .created_at = kUpdated};
  EXPECT_EQ(attachment_to_json(attachment), nlohmann::json::parse(R"({
    "id": 9, "file_name": "report.pdf", "file_size": 1234, "mime_type": "application/pdf",
    "user_id": 7, "created_at": "2025-11-29T07:06:41Z",
    "download_url": "/api/tasks/5/attachments/9/"})"));
}

}  // namespace
}  // namespace taskflow::tasks
