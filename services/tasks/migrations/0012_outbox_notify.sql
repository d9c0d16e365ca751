-- Each transaction that writes outbox rows notifies the channel the leading relay
-- (libs/outbox) listens on, at its commit: the relay publishes at once, whichever instance
-- took the write, instead of at its next poll. Identical notifications of one transaction
-- are folded into one.
CREATE FUNCTION notify_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_written AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
