-- Invitations by email into a project, for people who have not registered yet: the user
-- directory turns them into memberships when that email registers (app/user_directory.cpp).
CREATE TABLE invitations (
    id         BIGSERIAL   PRIMARY KEY,
    project_id BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    email      TEXT        NOT NULL CHECK (email = lower(email)),
    role       TEXT        NOT NULL CHECK (role IN ('viewer', 'editor', 'admin', 'owner')),
    invited_by BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (project_id, email)
);
CREATE INDEX invitations_email_idx ON invitations (email);
