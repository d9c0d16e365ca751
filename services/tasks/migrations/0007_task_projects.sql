-- migrate: no-transaction
-- Puts every task of before 0006 into its owner's personal project, then indexes tasks by
-- project and makes the project required. Each step runs on its own, so the table stays in use
-- throughout: the backfill commits every 10,000 ids, the indexes are built concurrently, and
-- NOT NULL is proven by a constraint validated without blocking writes. Every step can be run
-- again (an interrupted run starts over from the first).
DO $$
DECLARE
    low  BIGINT := (SELECT min(id) FROM tasks);
    high BIGINT := (SELECT max(id) FROM tasks);
BEGIN
    WHILE low <= high LOOP
        -- A user whose first task came while 0006 ran may have no personal project yet.
        PERFORM personal_project_of(owners.user_id)
        FROM (SELECT DISTINCT user_id FROM tasks
              WHERE id >= low AND id < low + 10000 AND project_id IS NULL) owners;
        UPDATE tasks t SET project_id = p.id
        FROM projects p
        WHERE p.personal_owner_id = t.user_id
          AND t.id >= low AND t.id < low + 10000 AND t.project_id IS NULL;
        COMMIT;
        low := low + 10000;
    END LOOP;
END $$;
-- step
-- Every list reads one project's tasks at a time (see app/task_sql.cpp), in these orders.
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_created_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_created_idx ON tasks (project_id, created_at DESC, id DESC);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_updated_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_updated_idx ON tasks (project_id, updated_at DESC, id DESC);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_due_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_due_idx ON tasks (project_id, due_date, id);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_due_desc_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_due_desc_idx
    ON tasks (project_id, due_date DESC NULLS LAST, id DESC);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_status_created_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_status_created_idx
    ON tasks (project_id, status, created_at DESC, id DESC);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_priority_created_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_priority_created_idx
    ON tasks (project_id, priority, created_at DESC, id DESC);
-- step
-- A member's summary (counts by status and priority, overdue, next due date) is an index-only
-- scan of each of their projects.
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_summary_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_summary_idx ON tasks (project_id, status, priority, due_date);
-- step
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_project_id_present;
-- step
ALTER TABLE tasks ADD CONSTRAINT tasks_project_id_present CHECK (project_id IS NOT NULL) NOT VALID;
-- step
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_project_id_present;
-- step
-- The validated constraint proves it: no scan under the exclusive lock.
ALTER TABLE tasks ALTER COLUMN project_id SET NOT NULL;
-- step
ALTER TABLE tasks DROP CONSTRAINT tasks_project_id_present;
-- step
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_project_id_fkey;
-- step
ALTER TABLE tasks ADD CONSTRAINT tasks_project_id_fkey
    FOREIGN KEY (project_id) REFERENCES projects (id) NOT VALID;
-- step
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_project_id_fkey;
-- step
-- The user-keyed indexes served the lists and summaries before projects; nothing reads them now.
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_created_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_updated_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_due_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_due_desc_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_status_created_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_priority_created_idx;
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_user_summary_idx;
