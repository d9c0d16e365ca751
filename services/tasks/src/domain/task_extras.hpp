#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/timestamps.hpp"

// What hangs off a task besides its own fields: comments and attachments, each by the user who
// added it.
namespace taskflow::tasks {

struct Comment {
  std::int64_t id = 0;  // 0 until the database assigns one
  std::int64_t task_id = 0;
  std::int64_t user_id = 0;
  std::string content;
  Timestamp created_at;
  Timestamp updated_at;
};

// A file attached to a task: the client's name and type are metadata; the bytes are stored
// under storage_name, a generated name (domain/attachments.hpp has the upload rules).
struct Attachment {
  std::int64_t id = 0;  // 0 until the database assigns one
  std::int64_t task_id = 0;
  std::int64_t user_id = 0;
  std::string file_name;
  std::string storage_name;
  std::int64_t file_size = 0;
  std::string mime_type;
  Timestamp created_at;
};

// The comment object of docs/openapi.yaml, also the "comment" of a comment_added event.
nlohmann::json comment_to_json(const Comment& comment);
// The attachment object of docs/openapi.yaml, with the path it is downloaded from.
nlohmann::json attachment_to_json(const Attachment& attachment);

}  // namespace taskflow::tasks
