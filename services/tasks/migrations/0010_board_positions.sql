-- migrate: no-transaction
-- Gives every task of before 0009 a board key from its creation time and id (so a column starts
-- in creation order), then indexes the board's order and makes the key required, as 0007 did
-- for project_id: batches of 10,000 ids, a concurrent index, NOT NULL proven by a validated
-- constraint. Every step can be run again.
DO $$
DECLARE
    low  BIGINT := (SELECT min(id) FROM tasks);
    high BIGINT := (SELECT max(id) FROM tasks);
BEGIN
    WHILE low <= high LOOP
        UPDATE tasks SET position = board_position_at(created_at, id)
        WHERE id >= low AND id < low + 10000 AND position IS NULL;
        COMMIT;
        low := low + 10000;
    END LOOP;
END $$;
-- step
-- A board column, and the list ordered by position, read one project's range in order.
DROP INDEX CONCURRENTLY IF EXISTS tasks_project_position_idx;
-- step
CREATE INDEX CONCURRENTLY tasks_project_position_idx ON tasks (project_id, position, id);
-- step
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_position_present;
-- step
ALTER TABLE tasks ADD CONSTRAINT tasks_position_present CHECK (position IS NOT NULL) NOT VALID;
-- step
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_position_present;
-- step
ALTER TABLE tasks ALTER COLUMN position SET NOT NULL;
-- step
ALTER TABLE tasks DROP CONSTRAINT tasks_position_present;
