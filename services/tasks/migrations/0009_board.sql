-- Labels, assignees, board positions and the activity log. Only additions, each quick: the new
-- columns have constant defaults (no table rewrite) or none, so the tasks table is locked for
-- a moment only; 0010 keys the existing tasks in batches while the service keeps running.
CREATE TABLE labels (
    id         BIGSERIAL   PRIMARY KEY,
    project_id BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       VARCHAR(50) NOT NULL CHECK (length(name) > 0),
    color      TEXT        NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
    UNIQUE (project_id, name)
);

-- A project's history, newest first; an entry outlives its task (no foreign key on task_id).
CREATE TABLE activity (
    id         BIGSERIAL   PRIMARY KEY,
    project_id BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    task_id    BIGINT      NOT NULL,
    actor_id   BIGINT      NOT NULL,
    action     TEXT        NOT NULL,
    changes    JSONB       NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX activity_project_idx ON activity (project_id, id DESC);
CREATE INDEX activity_task_idx ON activity (task_id, id DESC);

-- Members and labels by id, read with the task without a join; kept valid by the service
-- (a member who leaves and a label deleted are taken off the project's tasks).
ALTER TABLE tasks ADD COLUMN assignee_ids BIGINT[] NOT NULL DEFAULT '{}',
                  ADD COLUMN label_ids BIGINT[] NOT NULL DEFAULT '{}',
                  ADD COLUMN position TEXT COLLATE "C";

-- A board key of the form domain/board_position.hpp writes for a new task: 14 hex digits of
-- the time in microseconds, then digits that make it unique. For rows the service did not key:
-- a task inserted by an instance of the previous version during a rolling upgrade.
CREATE FUNCTION board_position_at(at TIMESTAMPTZ, salt BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT lpad(to_hex((extract(epoch FROM at) * 1000000)::bigint), 14, '0')
        || lpad(to_hex(salt), 16, '0') || 'V'
$$;
ALTER TABLE tasks ALTER COLUMN position
    SET DEFAULT board_position_at(clock_timestamp(), (random() * 9.2e18)::bigint);
