"""The user directory: the auth service publishes user.registered and user.updated through its
own outbox (libs/events/catalogue.json), and the tasks service keeps its `users` table from them
(services never read another's database). These tests read the tasks database with psql
(`stack.sh psql`) and the events with a queue of their own."""

import json
import uuid

import pytest

from support.config import TASKS_URLS
from support.events import EVENTS_EXCHANGE, ROUTING_KEYS, EventQueue, describe_events, publish
from support.http import api, expect, is_utc_timestamp, metric
from support.identities import register
from support.stack import notifications_during, stack
from support.timing import wait_until

ARRIVAL = 5.0  # seconds: an event reaches the exchange, or the directory, within this
QUIET = 1.0  # seconds to keep listening for an event too many
USER_FIELDS = ("id", "username", "email", "first_name", "last_name")
MIGRATIONS = "services/auth/migrations"


def psql(database, sql):
    return stack("psql", "-d", database, "-At", "-F", "\t", "-c", sql).stdout


def directory_row(user_id):
    """The tasks service's directory row of `user_id` as a dict, or None."""
    out = psql("taskflow_tasks", "SELECT id, username, email, first_name, last_name FROM users "
               "WHERE id = %d" % user_id).strip()
    if not out:
        return None
    values = out.split("\t")
    return dict(zip(USER_FIELDS, [int(values[0])] + values[1:]))


def expected_row(user):
    """The directory row a user object of the API should give."""
    return {field: user[field] for field in USER_FIELDS}


def wait_for_row(expected):
    return wait_until(lambda: directory_row(expected["id"]), ARRIVAL, interval=0.1,
                      until=lambda row: row == expected)


def stale_events():
    """User events the tasks instances ignored as older than their row."""
    return sum(metric(url, "tasks_user_events_stale_total") for url in TASKS_URLS)


def patch_profile(user, **fields):
    return expect(api("PATCH", "/api/auth/profile/", json=fields, headers=user.headers), 200)


@pytest.fixture
def user_events():
    """A queue of the test's own bound to user.#."""
    queue = EventQueue(binding="user.#")
    yield queue
    queue.disconnect()


def check_user_event(event, event_type, user):
    where = f"\n{event!r}"
    props = event.properties
    assert event.exchange == EVENTS_EXCHANGE, "published elsewhere" + where
    assert event.routing_key == ROUTING_KEYS[event_type], "routing key" + where
    assert set(event.body) == {"id", "type", "occurred_at", "user_id", "data"}, "fields" + where
    assert event.type == event_type, f"expected {event_type}" + where
    assert event.id == str(uuid.UUID(event.id)), "id is not a canonical UUID" + where
    assert props.message_id == event.id, "message_id differs from the event id" + where
    assert props.delivery_mode == 2, "not persistent" + where
    assert props.content_type == "application/json", "content_type" + where
    assert is_utc_timestamp(event.body["occurred_at"]), "occurred_at" + where
    assert event.data == expected_row(user), "data: the user's directory fields" + where


def test_a_registration_reaches_the_directory_and_the_exchange(user_events):
    user = register(first_name="Ada", last_name="Lovelace")
    assert wait_for_row(expected_row(user.user)) == expected_row(user.user)
    got = user_events.settle(user.id, 1, timeout=ARRIVAL, quiet=QUIET)
    assert len(got) == 1, "one user_registered:\n" + describe_events(got)
    check_user_event(got[0], "user_registered", user.user)


def test_a_profile_change_updates_the_directory(user_events):
    user = register()
    assert wait_for_row(expected_row(user.user)) == expected_row(user.user)
    suffix = uuid.uuid4().hex[:8]
    updated = patch_profile(user, email=f"New.{suffix}@Example.com", first_name="Grace",
                            username=f"grace_{suffix}")
    assert wait_for_row(expected_row(updated)) == expected_row(updated)
    got = user_events.settle(user.id, 2, timeout=ARRIVAL, quiet=QUIET)
    assert [e.type for e in got] == ["user_registered", "user_updated"], describe_events(got)
    check_user_event(got[1], "user_updated", updated)
    # PUT too, and the events of one user arrive in order: the directory ends with the last.
    put = {"username": f"hopper_{suffix}", "email": f"hopper.{suffix}@example.com",
           "first_name": "Grace", "last_name": "Hopper"}
    last = expect(api("PUT", "/api/auth/profile/", json=put, headers=user.headers), 200)
    assert wait_for_row(expected_row(last)) == expected_row(last)


def test_a_profile_update_that_changes_nothing_emits_nothing(user_events):
    user = register()
    user_events.wait_for(user.id, 1, timeout=ARRIVAL)
    patch_profile(user, first_name=user.user["first_name"])
    got = user_events.settle(user.id, 1, timeout=ARRIVAL, quiet=QUIET)
    assert [e.type for e in got] == ["user_registered"], describe_events(got)


def test_an_older_event_never_overwrites_a_newer_row(user_events):
    """Redelivery or reordering: the user_registered published again after a user_updated
    changes nothing (the directory compares occurred_at)."""
    user = register()
    suffix = uuid.uuid4().hex[:8]
    updated = patch_profile(user, username=f"newer_{suffix}")
    assert wait_for_row(expected_row(updated)) == expected_row(updated)
    registered = user_events.wait_for(user.id, 2, timeout=ARRIVAL)[0]
    assert registered.type == "user_registered", describe_events(user_events.received)
    stale_before = stale_events()
    publish([(registered.body, ROUTING_KEYS["user_registered"])])
    assert wait_until(stale_events, ARRIVAL, interval=0.1,
                      until=lambda stale: stale > stale_before) > stale_before
    assert directory_row(user.id) == expected_row(updated)


def test_the_auth_migration_backfills_existing_users():
    """0002 on a database with users from before it: one user_registered each, in the shape of
    the events the service writes."""
    database = f"tests_backfill_{uuid.uuid4().hex[:12]}"
    stack("psql", "-d", "postgres", "-q", "-c", f"CREATE DATABASE {database}")
    try:
        with open(f"{MIGRATIONS}/0001_create_users.sql", encoding="utf-8") as f:
            psql(database, f.read())
        psql(database, "INSERT INTO users (username, email, first_name, password_hash) VALUES "
             "('ada', 'Ada@Example.com', 'Ada', 'x'), ('bob', 'bob@example.com', '', 'x')")
        with open(f"{MIGRATIONS}/0002_user_events_outbox.sql", encoding="utf-8") as f:
            psql(database, f.read())
        rows = psql(database, "SELECT routing_key, event_id::text, payload::text, "
                    "published_at IS NULL FROM outbox ORDER BY id").splitlines()
    finally:
        stack("psql", "-d", "postgres", "-q", "-c", f"DROP DATABASE {database}")
    assert len(rows) == 2, rows
    for row, (name, email, first) in zip(rows, [("ada", "Ada@Example.com", "Ada"),
                                                 ("bob", "bob@example.com", "")]):
        key, event_id, payload, unsent = row.split("\t")
        message = json.loads(payload)
        assert key == ROUTING_KEYS["user_registered"] and unsent == "t", row
        assert message["id"] == event_id and message["type"] == "user_registered", row
        assert is_utc_timestamp(message["occurred_at"]), row
        assert message["user_id"] == message["data"]["id"], row
        assert {k: v for k, v in message["data"].items() if k != "id"} == {
            "username": name, "email": email, "first_name": first, "last_name": ""}, row


def test_a_registration_notifies_the_auth_relay():
    """The auth service's outbox has the same trigger: a registration's user.registered is
    published at once by whichever instance leads the relay."""
    heard = notifications_during("taskflow_auth", "outbox", register)
    assert heard == 1, f"{heard} NOTIFYs on the auth outbox channel for one registration"
