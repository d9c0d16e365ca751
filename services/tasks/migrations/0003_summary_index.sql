-- A user's summary (counts by status and priority, overdue count, next due date) is one
-- index-only scan of this index, without touching the table.
CREATE INDEX tasks_user_summary_idx ON tasks (user_id, status, priority, due_date);

-- Index-only scans need a fresh visibility map; vacuum after 2% of the table changed instead of
-- the default 20%, so that a large table keeps its counts cheap.
ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.02,
                       autovacuum_vacuum_insert_scale_factor = 0.02,
                       autovacuum_analyze_scale_factor = 0.02);
