#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <pqxx/pqxx>

#include "domain/label.hpp"

// A project's labels in PostgreSQL; the use cases (app/project_service.hpp) decide who may
// change them.
namespace taskflow::tasks::label_store {

// By name, then id.
std::vector<Label> list(pqxx::transaction_base& tx, std::int64_t project_id);
std::int64_t count(pqxx::transaction_base& tx, std::int64_t project_id);
std::optional<Label> find_for_update(pqxx::work& tx, std::int64_t project_id,
                                     std::int64_t label_id);
// nullopt: the project has a label of that name already.
std::optional<Label> insert(pqxx::work& tx, const Label& label);
// False: another label of the project has that name.
bool save(pqxx::work& tx, const Label& label);
// Deletes the label and takes it off the project's tasks.
void remove(pqxx::work& tx, const Label& label);

}  // namespace taskflow::tasks::label_store
