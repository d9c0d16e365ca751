-- GET {id}/'s statement before projects, on today's schema: the task filtered by the caller's
-- scope instead of joined with its project and membership. See task-detail-setup.sql.
\set n random(1, 5000)
\set u 1
SELECT t.*, (SELECT coalesce(json_agg(json_build_array(c.id, c.content) ORDER BY c.created_at, c.id), '[]') FROM (SELECT * FROM comments WHERE task_id = t.id ORDER BY created_at, id LIMIT 100) c), (SELECT coalesce(json_agg(json_build_array(a.id) ORDER BY a.created_at, a.id), '[]') FROM attachments a WHERE a.task_id = t.id) FROM tasks t WHERE t.id = (SELECT id FROM bench_visible WHERE n = :n) AND t.project_id IN (SELECT project_id FROM memberships WHERE user_id = :u);
