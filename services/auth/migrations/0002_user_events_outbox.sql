-- Transactional outbox: a registration or profile change writes its user event here in the same
-- transaction; the relay (libs/outbox) publishes unsent rows in id order and marks them sent.
CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    routing_key  TEXT        NOT NULL,
    payload      JSONB       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE published_at IS NULL;

-- Backfill: the users who registered before the events existed reach the other services'
-- directories as one user_registered each, with the message shape of
-- events::make_message and auth::directory_data. occurred_at is the row's updated_at, as for
-- the events the service writes, so a later user_updated always wins.
INSERT INTO outbox (event_id, routing_key, payload)
SELECT event_id, 'user.registered',
       jsonb_build_object(
           'id', event_id::text,
           'type', 'user_registered',
           'occurred_at', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'user_id', id,
           'data', jsonb_build_object('id', id, 'username', username, 'email', email,
                                      'first_name', first_name, 'last_name', last_name))
FROM (SELECT gen_random_uuid() AS event_id, * FROM users) AS existing
ORDER BY id;
