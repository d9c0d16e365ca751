-- Projects and their members. Every task moves into a project: its owner's personal project,
-- made here for every user who has tasks and later on first need (personal_project_of). This
-- file only adds (new tables, a nullable column, a trigger) and is quick, so the tasks table is
-- locked for a moment only; 0007 fills the column in batches while the service keeps running.
CREATE TABLE projects (
    id                BIGSERIAL    PRIMARY KEY,
    name              VARCHAR(100) NOT NULL CHECK (length(name) > 0),
    description       TEXT         NOT NULL DEFAULT '',
    color             TEXT         NOT NULL DEFAULT '#6366f1' CHECK (color ~ '^#[0-9a-f]{6}$'),
    -- Set only on a personal project: whose it is. Never shared, archived or deleted.
    personal_owner_id BIGINT       UNIQUE,
    archived          BOOLEAN      NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (personal_owner_id IS NULL OR NOT archived)
);

CREATE TABLE memberships (
    project_id BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL,
    role       TEXT        NOT NULL CHECK (role IN ('viewer', 'editor', 'admin', 'owner')),
    joined_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
-- A caller's projects and roles, read from the index alone: every task query starts here.
CREATE INDEX memberships_user_idx ON memberships (user_id, project_id) INCLUDE (role);

-- The user's personal project, made (with its owner's membership) if it does not exist yet.
-- Safe against concurrent calls for the same user: the unique personal_owner_id decides.
CREATE FUNCTION personal_project_of(owner BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    found BIGINT;
BEGIN
    SELECT id INTO found FROM projects WHERE personal_owner_id = owner;
    IF found IS NOT NULL THEN
        RETURN found;
    END IF;
    INSERT INTO projects (name, personal_owner_id) VALUES ('Personal', owner)
        ON CONFLICT (personal_owner_id) DO NOTHING
        RETURNING id INTO found;
    IF found IS NULL THEN
        SELECT id INTO found FROM projects WHERE personal_owner_id = owner;
    ELSE
        INSERT INTO memberships (project_id, user_id, role) VALUES (found, owner, 'owner');
    END IF;
    RETURN found;
END $$;

INSERT INTO projects (name, personal_owner_id)
SELECT 'Personal', owners.user_id FROM (SELECT DISTINCT user_id FROM tasks) owners;
INSERT INTO memberships (project_id, user_id, role)
SELECT id, personal_owner_id, 'owner' FROM projects;

ALTER TABLE tasks ADD COLUMN project_id BIGINT;

-- A task inserted without a project (by an instance of the previous version during a rolling
-- upgrade) goes to its owner's personal project.
CREATE FUNCTION tasks_default_project() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.project_id := personal_project_of(NEW.user_id);
    RETURN NEW;
END $$;
CREATE TRIGGER tasks_default_project BEFORE INSERT ON tasks
    FOR EACH ROW WHEN (NEW.project_id IS NULL) EXECUTE FUNCTION tasks_default_project();
