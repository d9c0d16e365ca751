-- migrate: no-transaction
-- Indexes for what a board and its filters read, built without blocking writes: a column
-- (project, status) in board order, so it reads its own tasks only; and the tasks of an
-- assignee or a label, so "assigned to me" reads the user's tasks rather than every task of
-- their projects.
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_status_position_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_status_position_idx
    ON tasks (project_id, status, position, id);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_assignees_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_assignees_idx ON tasks USING gin (assignee_ids);
-- step
DROP INDEX CONCURRENTLY IF EXISTS tasks_labels_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_labels_idx ON tasks USING gin (label_ids);
