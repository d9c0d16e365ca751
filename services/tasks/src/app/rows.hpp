#pragma once

#include <array>
#include <string_view>

#include "app/row_description.hpp"
#include "domain/label.hpp"
#include "domain/project.hpp"
#include "domain/task.hpp"
#include "domain/task_extras.hpp"

// The tables' rows as the store reads and writes them (see app/row_description.hpp). A column
// the migrations add must appear here, or among the unmapped ones: tests/app/rows_test.cpp
// fails otherwise.
namespace taskflow::tasks {

inline constexpr RowDescription kTaskRow{
    "tasks",
    Column<&Task::id>{"id", WrittenBy::database},
    Column<&Task::user_id>{"user_id", WrittenBy::insert},
    Column<&Task::project_id>{"project_id"},
    Column<&Task::title>{"title"},
    Column<&Task::description>{"description"},
    Column<&Task::priority>{"priority"},
    Column<&Task::status>{"status"},
    Column<&Task::due_date>{"due_date"},
    Column<&Task::created_at>{"created_at", WrittenBy::insert},
    Column<&Task::updated_at>{"updated_at"},
    Column<&Task::completed_at>{"completed_at"},
    Column<&Task::assignee_ids>{"assignee_ids"},
    Column<&Task::label_ids>{"label_ids"},
    Column<&Task::position>{"position"},
};

// The due date each reminder was last sent for: the reminder scan's, never a Task's.
inline constexpr std::string_view kDueSoonSentFor = "due_soon_sent_for";
inline constexpr std::string_view kOverdueSentFor = "overdue_sent_for";
inline constexpr std::array kUnmappedTaskColumns{kDueSoonSentFor, kOverdueSentFor};

inline constexpr RowDescription kCommentRow{
    "comments",
    Column<&Comment::id>{"id", WrittenBy::database},
    Column<&Comment::task_id>{"task_id", WrittenBy::insert},
    Column<&Comment::user_id>{"user_id", WrittenBy::insert},
    Column<&Comment::content>{"content"},
    Column<&Comment::created_at>{"created_at", WrittenBy::insert},
    Column<&Comment::updated_at>{"updated_at"},
};

inline constexpr RowDescription kAttachmentRow{
    "attachments",
    Column<&Attachment::id>{"id", WrittenBy::database},
    Column<&Attachment::task_id>{"task_id", WrittenBy::insert},
    Column<&Attachment::user_id>{"user_id", WrittenBy::insert},
    Column<&Attachment::file_name>{"file_name", WrittenBy::insert},
    Column<&Attachment::storage_name>{"storage_name", WrittenBy::insert},
    Column<&Attachment::file_size>{"file_size", WrittenBy::insert},
    Column<&Attachment::mime_type>{"mime_type", WrittenBy::insert},
    Column<&Attachment::created_at>{"created_at", WrittenBy::insert},
};

inline constexpr RowDescription kProjectRow{
    "projects",
    Column<&Project::id>{"id", WrittenBy::database},
    Column<&Project::name>{"name"},
    Column<&Project::description>{"description"},
    Column<&Project::color>{"color"},
    Column<&Project::personal_owner_id>{"personal_owner_id", WrittenBy::insert},
    Column<&Project::archived>{"archived"},
    Column<&Project::created_at>{"created_at", WrittenBy::insert},
    Column<&Project::updated_at>{"updated_at"},
};

inline constexpr RowDescription kLabelRow{
    "labels",
    Column<&Label::id>{"id", WrittenBy::database},
    Column<&Label::project_id>{"project_id", WrittenBy::insert},
    Column<&Label::name>{"name"},
    Column<&Label::color>{"color"},
};

}  // namespace taskflow::tasks
