-- GET {id}/'s statement today (services/tasks task_store find_detail): the task with the caller's
-- membership (one probe), first comments and attachments. See task-detail-setup.sql.
\set n random(1, 5000)
\set u 1
SELECT t.*, m.role, (SELECT coalesce(json_agg(json_build_array(c.id, c.content) ORDER BY c.created_at, c.id), '[]') FROM (SELECT * FROM comments WHERE task_id = t.id ORDER BY created_at, id LIMIT 100) c), (SELECT coalesce(json_agg(json_build_array(a.id) ORDER BY a.created_at, a.id), '[]') FROM attachments a WHERE a.task_id = t.id) FROM tasks t CROSS JOIN LATERAL (SELECT role FROM memberships WHERE project_id = t.project_id AND user_id = :u OFFSET 0) m WHERE t.id = (SELECT id FROM bench_visible WHERE n = :n);
