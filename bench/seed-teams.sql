-- seed-teams.sql — the data of the Teams benchmark (bench/teams.sh), for either schema:
--
--   after   (projects, 0006-0010): :projects projects and :tasks tasks in all. The bench user is
--           a member of 50 of them, 5,000 tasks: their personal project (160 tasks), "the board"
--           (1,000 tasks, role editor) and 48 shared projects of 80 tasks (roles viewer, editor,
--           admin, owner in turn); about 30 % of those tasks are assigned to them. The other
--           projects share the remaining tasks evenly; 1 in 5 of them is a background user's
--           personal project, the rest have 5 members each. Every team project has 4 labels.
--   before  (no projects, 0001-0004): :tasks tasks in all, 5,000 of them the bench user's (the
--           same rows as their 5,000 visible tasks above), 1,000 of the board user's (the same
--           rows as the board: the before-side equivalent of one project's list, column and
--           stats), the rest spread over the background users.
--
-- Task n (1, 2, ...) gets the same title, description, status, priority, due date and times on
-- both sides (the seed_* functions below), so both sides' users read the same mix. Every
-- reminder marker is set to the due date, so no reminder backlog runs during the measurement.
--
-- psql variables: side (before|after), projects, tasks, users (background users), bench_user,
-- and board_user (before only). Run by bench/teams.sh through deploy/local/stack.sh psql -qAt
-- against taskflow_tasks, once per stack. Prints the ids of the bench user's visible tasks, one
-- a line (for bench/lua/teams.lua), then one line of key=value pairs.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

-- Seed once: a second run on the same database would double the data.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM tasks) THEN
        RAISE EXCEPTION 'taskflow_tasks already has tasks: seed-teams.sql seeds an empty stack';
    END IF;
END $$;

-- ---------------------------------------------------------------- one task's values, by n
CREATE FUNCTION pg_temp.seed_status(n BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN n * 37 % 20 < 6 THEN 'todo'          -- 30 %
                WHEN n * 37 % 20 < 10 THEN 'in_progress'  -- 20 %
                WHEN n * 37 % 20 < 12 THEN 'review'       -- 10 %
                WHEN n * 37 % 20 < 19 THEN 'done'         -- 35 %
                ELSE 'cancelled' END                      --  5 %
$$;
CREATE FUNCTION pg_temp.seed_priority(n BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN n * 53 % 20 < 5 THEN 'low' WHEN n * 53 % 20 < 13 THEN 'medium'
                WHEN n * 53 % 20 < 18 THEN 'high' ELSE 'urgent' END
$$;
-- 70 % have a due date, 30 days in the past to 60 ahead, at 18:00 (one moment a day, so a
-- user's summary stays valid for hours as it would with dates people pick).
CREATE FUNCTION pg_temp.seed_due(n BIGINT, t0 TIMESTAMPTZ) RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN n % 10 < 3 THEN NULL
                ELSE date_trunc('day', t0) + interval '18 hours'
                     + (n * 31 % 90 - 30) * interval '1 day' END
$$;
-- Created over the last 90 days; updated up to a day later.
CREATE FUNCTION pg_temp.seed_created(n BIGINT, t0 TIMESTAMPTZ) RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE AS $$
    SELECT t0 - interval '1 day' - (n * 7919 % 129600) * interval '1 minute'
$$;
CREATE FUNCTION pg_temp.seed_updated(n BIGINT, t0 TIMESTAMPTZ) RETURNS TIMESTAMPTZ
LANGUAGE sql STABLE AS $$
    SELECT pg_temp.seed_created(n, t0) + (n % 1440) * interval '1 minute'
$$;
CREATE FUNCTION pg_temp.seed_title(n BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT 'Task ' || n || ' '
           || (ARRAY['report', 'invoice', 'meeting', 'review', 'deploy', 'design', 'bug'])[1 + n % 7]
$$;
CREATE FUNCTION pg_temp.seed_description(n BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT 'Generated task number ' || n
           || CASE WHEN n % 50 = 0 THEN ' for the quarterly summary' ELSE '' END
$$;

SELECT now() AS t0 \gset

-- The data in one transaction: a failed seeding leaves the database as it was.
BEGIN;

-- Bulk loading: the indexes of tasks (all but the primary key) are dropped and made again from
-- their own definitions afterwards (same names, columns and storage parameters), which is
-- several times faster than maintaining them, the trigram ones above all, row by row.
CREATE TEMP TABLE seed_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i
WHERE i.indrelid = 'tasks'::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE
    ix RECORD;
BEGIN
    FOR ix IN SELECT name FROM seed_indexes LOOP
        EXECUTE 'DROP INDEX ' || ix.name;
    END LOOP;
END $$;

\if :{?board_user}
\else
\set board_user 0
\endif

SELECT :'side' = 'after' AS seeding_after \gset
\if :seeding_after
-- ------------------------------------------------------------------------------ after
-- Background users: ids 1000000000 + i, in the tasks service's user directory (as the auth
-- service's user.registered events would have put them there; before Teams there was none).
INSERT INTO users (id, username, email, first_name, last_name, updated_at)
SELECT 1000000000 + i, 'member' || i, 'member' || i || '@bench.example.com', 'Member', 'No. ' || i,
       :'t0'::timestamptz
FROM generate_series(0, :users - 1) AS i;

-- The bench user's personal project, as the service makes it (personal_project_of); their
-- directory row comes from the auth service's event, or is stood in for until it does.
INSERT INTO users (id, username, email, updated_at)
VALUES (:bench_user, 'bench' || :bench_user, 'bench' || :bench_user || '@example.com', '-infinity')
ON CONFLICT (id) DO NOTHING;
SELECT personal_project_of(:bench_user) AS personal \gset

-- Projects k = 1 .. :projects - 1 (the personal project above is the last of the count):
-- 1 the board, 2-49 the bench user's shared projects, the last fifth background users'
-- personal projects, the rest background team projects.
SELECT :projects - 1 - (:projects / 5) AS last_team \gset
WITH made AS (
    INSERT INTO projects (name, description, color, personal_owner_id, created_at, updated_at)
    SELECT CASE WHEN k = 1 THEN 'The board' WHEN k > :last_team THEN 'Personal'
                ELSE 'Project ' || k END,
           'Benchmark project ' || k,
           (ARRAY['#6366f1', '#ef4444', '#10b981', '#f59e0b'])[1 + k % 4],
           CASE WHEN k > :last_team THEN 1000000000 + (k - :last_team - 1) END,
           :'t0'::timestamptz - interval '120 days', :'t0'::timestamptz - interval '120 days'
    FROM generate_series(1, :projects - 1) AS k
    ORDER BY k
    RETURNING id)
SELECT min(id) AS p0, max(id) - min(id) + 1 AS made, count(*) AS counted FROM made \gset
SELECT :made = :counted AS contiguous \gset
\if :contiguous
\else
\echo 'error: project ids are not contiguous'
\quit 3
\endif
-- Project k has id :p0 + k - 1.

-- Members of team project k: background users (7k + 13j) mod :users for j = 0..4 (owner, admin,
-- editor, editor, viewer); the bench user in 1..49.
INSERT INTO memberships (project_id, user_id, role, joined_at)
SELECT :p0 + k - 1, 1000000000 + (k * 7 + 13 * j) % :users,
       (ARRAY['owner', 'admin', 'editor', 'editor', 'viewer'])[1 + j],
       :'t0'::timestamptz - interval '120 days'
FROM generate_series(1, :last_team) AS k, generate_series(0, 4) AS j;
INSERT INTO memberships (project_id, user_id, role, joined_at)
SELECT :p0 + k - 1, :bench_user,
       CASE WHEN k = 1 THEN 'editor' ELSE (ARRAY['viewer', 'editor', 'admin', 'owner'])[1 + k % 4] END,
       :'t0'::timestamptz - interval '100 days'
FROM generate_series(1, 49) AS k;
INSERT INTO memberships (project_id, user_id, role, joined_at)
SELECT :p0 + k - 1, 1000000000 + (k - :last_team - 1), 'owner', :'t0'::timestamptz - interval '120 days'
FROM generate_series(:last_team + 1, :projects - 1) AS k;

-- Four labels per team project: project k's label i has id :l0 + 4 (k - 1) + i.
WITH made AS (
    INSERT INTO labels (project_id, name, color)
    SELECT :p0 + k - 1, (ARRAY['bug', 'feature', 'docs', 'blocked'])[1 + i],
           (ARRAY['#ef4444', '#10b981', '#6366f1', '#f59e0b'])[1 + i]
    FROM generate_series(1, :last_team) AS k, generate_series(0, 3) AS i
    ORDER BY k, i
    RETURNING id)
SELECT min(id) AS l0, max(id) - min(id) + 1 AS made, count(*) AS counted FROM made \gset
SELECT :made = :counted AS contiguous \gset
\if :contiguous
\else
\echo 'error: label ids are not contiguous'
\quit 3
\endif

-- Task n's project k: 1-1000 the board, 1001-1160 the bench user's personal project (k = 0
-- here), 1161-5000 projects 2-49 (80 each), then the other projects in turn. Its creator is a
-- member who may edit (the bench user for a third of theirs), its assignees members.
INSERT INTO tasks (user_id, project_id, title, description, priority, status, due_date,
                   created_at, updated_at, completed_at, due_soon_sent_for, overdue_sent_for,
                   assignee_ids, label_ids, position)
SELECT CASE WHEN k = 0 OR (k < 50 AND n % 3 = 0) THEN :bench_user
            WHEN k > :last_team THEN 1000000000 + (k - :last_team - 1)
            ELSE 1000000000 + (k * 7 + 13 * (n % 4)) % :users END,
       CASE WHEN k = 0 THEN :personal ELSE :p0 + k - 1 END,
       pg_temp.seed_title(n), pg_temp.seed_description(n), pg_temp.seed_priority(n), status,
       due, created, updated, CASE WHEN status = 'done' THEN updated END, due, due,
       CASE WHEN k = 0 OR k > :last_team THEN '{}'::bigint[]
            WHEN k < 50 AND n % 10 < 2 THEN ARRAY[:bench_user]::bigint[]
            WHEN k < 50 AND n % 10 = 2 THEN ARRAY[:bench_user, 1000000000 + (k * 7) % :users]::bigint[]
            WHEN n % 10 < 5 THEN ARRAY[1000000000 + (k * 7 + 13 * (n % 5)) % :users]::bigint[]
            ELSE '{}'::bigint[] END,
       CASE WHEN k = 0 OR k > :last_team OR n % 10 >= 3 THEN '{}'::bigint[]
            ELSE ARRAY[:l0 + 4 * (k - 1) + n % 4]::bigint[] END,
       board_position_at(created, n)
FROM generate_series(1, :tasks) AS n,
     LATERAL (SELECT CASE WHEN n <= 1000 THEN 1 WHEN n <= 1160 THEN 0
                          WHEN n <= 5000 THEN 2 + (n - 1161) % 48
                          ELSE 50 + (n - 5001) % (:projects - 50) END AS k,
                     pg_temp.seed_status(n) AS status, pg_temp.seed_due(n, :'t0') AS due,
                     pg_temp.seed_created(n, :'t0') AS created,
                     pg_temp.seed_updated(n, :'t0') AS updated) AS v
ORDER BY created, n;

SELECT :p0 AS board, :l0 AS board_label \gset
\set visible 'project_id IN (SELECT project_id FROM memberships WHERE user_id = ' :bench_user ')'
\else
-- ----------------------------------------------------------------------------- before
-- Task n is the bench user's for n <= 5000 (the same rows as their visible tasks after), the
-- board user's for a second copy of n = 1..1000 (the board), else a background user's.
INSERT INTO tasks (user_id, title, description, priority, status, due_date, created_at,
                   updated_at, completed_at, due_soon_sent_for, overdue_sent_for)
SELECT owner, pg_temp.seed_title(n), pg_temp.seed_description(n), pg_temp.seed_priority(n),
       status, due, created, updated, CASE WHEN status = 'done' THEN updated END, due, due
FROM (SELECT n, CASE WHEN n <= 5000 THEN :bench_user ELSE 1000000000 + n % :users END AS owner
      FROM generate_series(1, :tasks - 1000) AS n
      UNION ALL
      SELECT n, :board_user FROM generate_series(1, 1000) AS n) AS t,
     LATERAL (SELECT pg_temp.seed_status(n) AS status, pg_temp.seed_due(n, :'t0') AS due,
                     pg_temp.seed_created(n, :'t0') AS created,
                     pg_temp.seed_updated(n, :'t0') AS updated) AS v
ORDER BY created, n, owner;

SELECT 0 AS board, 0 AS board_label \gset
\set visible 'user_id = ' :bench_user
\endif

-- ------------------------------------------------------------------- indexes, statistics
DO $$
DECLARE
    ix RECORD;
BEGIN
    FOR ix IN SELECT def FROM seed_indexes LOOP
        EXECUTE ix.def;
    END LOOP;
END $$;
COMMIT;
-- VACUUM cannot run inside a transaction block: the visibility map for index-only scans, and
-- the statistics.
VACUUM (ANALYZE) tasks;
\if :seeding_after
VACUUM (ANALYZE) users;
VACUUM (ANALYZE) projects;
VACUUM (ANALYZE) memberships;
VACUUM (ANALYZE) labels;
\endif
CHECKPOINT;

-- The ids of the bench user's visible tasks, one a line, then the summary line.
SELECT id FROM tasks WHERE :visible ORDER BY id;
SELECT 'board=' || :board || ' board_label=' || :board_label
       || ' visible=' || (SELECT count(*) FROM tasks WHERE :visible)
       || ' total=' || (SELECT count(*) FROM tasks);
