#include "domain/task_extras.hpp"

namespace taskflow::tasks {

nlohmann::json comment_to_json(const Comment& comment) {
  return {{"id", comment.id},
          {"content", comment.content},
          {"user_id", comment.user_id},
          {"created_at", format_timestamp(comment.created_at)},
          {"updated_at", format_timestamp(comment.updated_at)}};
}

nlohmann::json attachment_to_json(const Attachment& attachment) {
  return {{"id", attachment.id},
          {"file_name", attachment.file_name},
          {"file_size", attachment.file_size},
          {"mime_type", attachment.mime_type},
          {"user_id", attachment.user_id},
          {"created_at", format_timestamp(attachment.created_at)},
          {"download_url", "/api/tasks/" + std::to_string(attachment.task_id) + "/attachments/" +
                               std::to_string(attachment.id) + "/"}};
}

}  // namespace taskflow::tasks
