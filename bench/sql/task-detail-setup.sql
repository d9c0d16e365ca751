-- task-detail-setup.sql — for the task-detail-*.sql pgbench scripts: the bench user's (id 1)
-- visible tasks numbered 1..n, so a script can pick a random one. Run once on a seeded after
-- stack (bench/teams.sh), in taskflow_tasks:
--   psql postgresql://taskflow:taskflow@127.0.0.1:24432/taskflow_tasks -f bench/sql/task-detail-setup.sql
--   pgbench -n -M prepared -c 8 -j 2 -T 5 -f bench/sql/task-detail-after.sql <same URL>
--   pgbench -n -M prepared -c 8 -j 2 -T 5 -f bench/sql/task-detail-before.sql <same URL>
CREATE TABLE IF NOT EXISTS bench_visible AS
SELECT row_number() OVER () AS n, t.id
FROM tasks t WHERE t.project_id IN (SELECT project_id FROM memberships WHERE user_id = 1);
CREATE UNIQUE INDEX IF NOT EXISTS bench_visible_n ON bench_visible (n);
ANALYZE bench_visible;
