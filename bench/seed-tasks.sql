-- Seeds the tasks table for the benchmarks: 990,000 tasks of 99 background users (once) and
-- 10,000 of the bench user (:bench_user, each run), then prints "first_id|last_id" of the
-- bench user's tasks. Run by bench/run.sh through deploy/local/stack.sh psql.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

INSERT INTO tasks (user_id, title, description, priority, status, due_date, created_at,
                   updated_at, completed_at)
SELECT 1000000000 + g % 99,
       'Task ' || g || ' ' || (ARRAY['report', 'invoice', 'meeting', 'review', 'deploy'])[1 + g % 5],
       'Generated background task number ' || g,
       (ARRAY['low', 'medium', 'high', 'urgent'])[1 + g % 4],
       status,
       now() + ((g % 60) - 30) * interval '1 day',
       now() - (g % 10000) * interval '1 minute',
       now() - (g % 10000) * interval '1 minute',
       CASE WHEN status = 'done' THEN now() END
FROM generate_series(1, 990000) AS g,
     LATERAL (SELECT (ARRAY['todo', 'in_progress', 'review', 'done', 'cancelled'])[1 + g % 5]
                     AS status) AS s
WHERE (SELECT count(*) FROM tasks WHERE user_id >= 1000000000) = 0;

WITH bench AS (
    INSERT INTO tasks (user_id, title, description, priority, status, due_date, created_at,
                       updated_at, completed_at)
    SELECT :bench_user,
           'Task ' || g || ' ' || (ARRAY['report', 'invoice', 'meeting', 'review', 'deploy'])[1 + g % 5],
           'Bench task number ' || g || CASE WHEN g % 50 = 0 THEN ' quarterly summary' ELSE '' END,
           (ARRAY['low', 'medium', 'high', 'urgent'])[1 + g % 4],
           status,
           now() + ((g % 60) - 30) * interval '1 day',
           now() - (g % 10000) * interval '1 minute',
           now() - (g % 10000) * interval '1 minute',
           CASE WHEN status = 'done' THEN now() END
    FROM generate_series(1, 10000) AS g,
         LATERAL (SELECT (ARRAY['todo', 'in_progress', 'review', 'done', 'cancelled'])[1 + g % 5]
                         AS status) AS s
    RETURNING id)
SELECT min(id) || '|' || max(id) FROM bench;

ANALYZE tasks;
