// The tasks migrations on a real PostgreSQL holding data of the schema before projects: every
// task ends in its owner's personal project, none is lost, and writers of the previous version
// keep working while the migration runs.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include <pqxx/pqxx>

#include "database_test.hpp"
#include "taskflow/pg/migrate.hpp"

namespace taskflow::tasks {
namespace {

namespace fs = std::filesystem;

constexpr int kFirstProjectsMigration = 6;

const fs::path kMigrations = fs::path(TASKFLOW_TASKS_SOURCE_DIR) / "migrations";

class MigrationsTest : public pg::testing::DatabaseTest {
 protected:
  // The schema as it was before projects: the migrations older than kFirstProjectsMigration.
  void migrate_to_before_projects() {
    pg::testing::TempDir before;
    for (const auto& migration : pg::list_migrations(kMigrations)) {
      if (migration.version >= kFirstProjectsMigration) continue;
      fs::copy_file(kMigrations / migration.file_name, before.path() / migration.file_name);
    }
    pg::migrate(url_, before.path());
  }

  std::int64_t count(const std::string& sql) { return query(sql)[0][0].as<std::int64_t>(); }
};

TEST_F(MigrationsTest, MoveEveryTaskIntoItsOwnersPersonalProjectWhileWritersGoOn) {
  migrate_to_before_projects();
  // More tasks than one backfill batch, ids with gaps, and a comment that must survive.
  query(
      "INSERT INTO tasks (user_id, title) "
      "SELECT CASE WHEN g % 3 = 0 THEN 8 ELSE 7 END, 'task ' || g FROM generate_series(1, 25000) "
      "g");
  query("DELETE FROM tasks WHERE id BETWEEN 9000 AND 12000");
  query("INSERT INTO comments (task_id, user_id, content) VALUES (5, 7, 'kept')");
  const auto before = count("SELECT count(*) FROM tasks");

  // A writer of the previous version, which knows nothing of projects, inserting throughout.
  std::atomic<bool> migrating = true;
  std::atomic<int> written = 0;
  std::thread old_writer([&] {
    pqxx::connection connection(url_);
    while (migrating) {
      pqxx::nontransaction tx(connection);
      tx.exec("INSERT INTO tasks (user_id, title) VALUES (9, 'written during the migration')");
      ++written;
    }
  });
  std::size_t applied = 0;
  try {
    applied = pg::migrate(url_, kMigrations);
  } catch (...) {
    migrating = false;
    old_writer.join();
    throw;
  }
  migrating = false;
  old_writer.join();

  EXPECT_GE(applied, 2u);
  EXPECT_GT(written.load(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM tasks"), before + written.load());
  EXPECT_EQ(count("SELECT count(*) FROM tasks WHERE project_id IS NULL"), 0);
  // Each task is in the personal project of the user who created it, and each of those users
  // owns theirs.
  EXPECT_EQ(count("SELECT count(*) FROM tasks t JOIN projects p ON p.id = t.project_id "
                  "WHERE p.personal_owner_id IS DISTINCT FROM t.user_id"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM projects WHERE personal_owner_id IN (7, 8, 9)"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM memberships m JOIN projects p ON p.id = m.project_id "
                  "WHERE m.user_id = p.personal_owner_id AND m.role = 'owner'"),
            3);
  EXPECT_EQ(count("SELECT count(*) FROM comments WHERE content = 'kept'"), 1);
  EXPECT_EQ(query("SELECT is_nullable FROM information_schema.columns "
                  "WHERE table_name = 'tasks' AND column_name = 'project_id'")[0][0]
                .as<std::string>(),
            "NO");
  EXPECT_EQ(count("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                  "WHERE c.relname LIKE 'tasks_project_%' AND NOT i.indisvalid"),
            0);
  // Every task has a board key, the old writer's too, and the keys given to existing tasks
  // keep a column in creation order (these were created together: in id order).
  EXPECT_EQ(count("SELECT count(*) FROM tasks WHERE position IS NULL OR position = ''"), 0);
  EXPECT_EQ(query("SELECT is_nullable FROM information_schema.columns "
                  "WHERE table_name = 'tasks' AND column_name = 'position'")[0][0]
                .as<std::string>(),
            "NO");
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT position, lag(position) OVER (ORDER BY id) "
                  "AS previous FROM tasks WHERE user_id = 7) keys WHERE previous >= position"),
            0);
  EXPECT_EQ(count("SELECT count(DISTINCT position) FROM tasks"),
            count("SELECT count(*) FROM tasks"));
}

TEST_F(MigrationsTest, GiveANewUserAPersonalProjectOnFirstNeedOnlyOnce) {
  migrate_to_before_projects();
  pg::migrate(url_, kMigrations);
  const auto first = query("SELECT personal_project_of(42)")[0][0].as<std::int64_t>();
  EXPECT_EQ(query("SELECT personal_project_of(42)")[0][0].as<std::int64_t>(), first);
  query("INSERT INTO tasks (user_id, title) VALUES (42, 'no project given')");
  EXPECT_EQ(count("SELECT project_id FROM tasks WHERE user_id = 42"), first);
  EXPECT_EQ(count("SELECT count(*) FROM memberships WHERE user_id = 42"), 1);
}

}  // namespace
}  // namespace taskflow::tasks
