-- The user directory: the names and emails of the auth service's users, kept from its
-- user.registered and user.updated events (services never read another's database).
-- updated_at is the occurred_at of the event the row is from: an older event is ignored, so a
-- redelivered or reordered one cannot bring old values back.
CREATE TABLE users (
    id         BIGINT      PRIMARY KEY,
    username   TEXT        NOT NULL,
    email      TEXT        NOT NULL,
    first_name TEXT        NOT NULL DEFAULT '',
    last_name  TEXT        NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL
);

-- Invitations find their user by email, whatever its letter case (auth keeps lower(email)
-- unique, but an event may arrive before the one that freed an address: not unique here).
CREATE INDEX users_email_lower_idx ON users (lower(email));
