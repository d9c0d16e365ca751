#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "domain/activity.hpp"
#include "domain/list_query.hpp"

// The activity log in PostgreSQL: entries appended in the transaction of the change they
// describe, read newest first with their actors' names from the user directory.
namespace taskflow::tasks::activity_store {

void append(pqxx::work& tx, const ActivityEntry& entry);

// Every entry of the project or of the task (the number of them, and one page).
std::pair<std::int64_t, std::vector<ActivityEntry>> of_project(pqxx::transaction_base& tx,
                                                               std::int64_t project_id,
                                                               const PageRequest& page);
std::pair<std::int64_t, std::vector<ActivityEntry>> of_task(pqxx::transaction_base& tx,
                                                            std::int64_t task_id,
                                                            const PageRequest& page);

}  // namespace taskflow::tasks::activity_store
