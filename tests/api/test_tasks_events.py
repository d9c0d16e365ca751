"""The tasks service's events on RabbitMQ (docs/openapi.yaml, "Events"; the types and routing
keys: libs/events/catalogue.json): each change through the API puts exactly one event on the
`taskflow.events` topic exchange (and a refused request none), with the task as the API
returned it, in order per task.

Each test reads an exclusive queue of its own, bound with `task.#` before it acts, and looks only
at the events of its own fresh users (other tests share the stack). "No other event" means none
within QUIET seconds after the last expected one arrived."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from support.events import (
    EVENTS_EXCHANGE, ROUTING_KEYS, EventQueue, amqp_connection, describe_events,
)
from support.http import api, describe, expect, is_utc_timestamp, parse_timestamp
from support.identities import register, unique
from support.stack import notifications_during
from support.tasks import TASKS_PATH, TASK_FIELDS, create_task, get_task, task_path
from support.timing import wait_until

ARRIVAL = 5.0  # seconds: an event is on the queue within this after the request answered
QUIET = 1.0  # seconds to wait, after the last expected event, for one that must not come


def _exchange_exists():
    import pika

    conn = amqp_connection()
    try:
        conn.channel().exchange_declare(exchange=EVENTS_EXCHANGE, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker as e:
        if e.reply_code == 404:
            return False
        raise
    finally:
        try:
            conn.close()
        except Exception:  # noqa: BLE001
            pass


@pytest.fixture(scope="module", autouse=True)
def events_exchange():
    """The tasks service declares the exchange when its relay connects (at start): wait a
    little for it rather than declare it ourselves (which would hide a service that never
    does)."""
    assert wait_until(_exchange_exists, 10, interval=0.25), (
        f"exchange {EVENTS_EXCHANGE!r} does not exist 10 s into the test (the tasks "
        "service's outbox relay declares it when it connects to RabbitMQ)")


@pytest.fixture
def events():
    """An exclusive, auto-delete queue bound to taskflow.events with task.#, declared before
    the test acts."""
    queue = EventQueue()
    yield queue
    queue.disconnect()


# ----------------------------------------------------------------------------- checks
def check_event(event, user_id, event_type):
    """Everything the contract says about one message (the `Event` schema of docs/openapi.yaml),
    for an event of `event_type` for `user_id`; returns its data (the task)."""
    props = event.properties
    where = f"\n{event!r}"
    assert event.exchange == EVENTS_EXCHANGE, "published elsewhere" + where
    assert isinstance(event.body, dict), "body is not a JSON object" + where
    assert set(event.body) == {"id", "type", "occurred_at", "user_id", "data", "audience"}, (
        "body fields" + where)
    # Every event here is of the user's personal project, changed by the user.
    audience = event.body["audience"]
    assert audience["personal"] is True and audience["member_ids"] == [user_id], (
        "audience" + where)
    assert audience["actor_id"] == user_id, "actor" + where
    assert event.type == event_type, f"expected a {event_type} event" + where
    assert event.routing_key == ROUTING_KEYS[event_type], "routing key" + where
    assert event.user_id == user_id and isinstance(event.user_id, int), "user_id" + where
    # id: a UUID (canonical form), the message_id consumers deduplicate on.
    assert isinstance(event.id, str), "id is not a string" + where
    try:
        canonical = str(uuid.UUID(event.id))
    except ValueError:
        pytest.fail("id is not a UUID" + where)
    assert event.id == canonical, "id is not a canonical (lower-case, hyphenated) UUID" + where
    assert props.message_id == event.id, "message_id differs from the event id" + where
    assert props.delivery_mode == 2, f"not persistent (delivery_mode {props.delivery_mode})" + where
    assert props.content_type == "application/json", f"content_type {props.content_type!r}" + where
    assert is_utc_timestamp(event.body["occurred_at"]), "occurred_at not ISO 8601 UTC" + where
    occurred = parse_timestamp(event.body["occurred_at"])
    now = datetime.now(timezone.utc)
    assert now - timedelta(minutes=2) < occurred < now + timedelta(seconds=5), (
        f"occurred_at is not now ({now.isoformat()})" + where)
    data = event.data
    assert isinstance(data, dict), "data is not an object" + where
    expected_fields = TASK_FIELDS | ({"comment"} if event_type == "comment_added" else set())
    assert set(data) == expected_fields, "data fields: the task's (the Event schema)" + where
    assert data["user_id"] == user_id, "data.user_id" + where
    return data


def expect_events(queue, user_id, expected_types, what):
    """Waits for len(expected_types) events for `user_id`, then QUIET more seconds; asserts
    exactly these types arrived in this order, each well-formed; returns them."""
    got = queue.settle(user_id, len(expected_types), timeout=ARRIVAL, quiet=QUIET)
    assert [e.type for e in got] == list(expected_types), (
        f"{what}: expected {list(expected_types)} for user {user_id}, got:\n"
        + describe_events(got))
    for event, event_type in zip(got, expected_types):
        check_event(event, user_id, event_type)
    assert len({e.id for e in got}) == len(got), "an event id twice:\n" + describe_events(got)
    return got


def task_only(detail):
    """A task object (as in events) from a detail response (which adds comments,
    attachments)."""
    return {k: v for k, v in detail.items() if k in TASK_FIELDS}


def patch(user, task, **fields):
    return expect(api("PATCH", task_path(task), json=fields, headers=user.headers), 200)


# ----------------------------------------------------------------------------- tests
def test_create_emits_task_created_with_the_task_as_returned(events):
    u = register()
    task = create_task(u, description="the event carries it", priority="high")
    (event,) = expect_events(events, u.id, ["task_created"], "POST /api/tasks/")
    assert event.data == task, "data is not the task the API returned" + repr(event)
    # The relay publishes each event once: not a redelivery.
    assert not event.redelivered, repr(event)


def test_patch_title_emits_task_updated(events):
    u = register()
    task = create_task(u)
    updated = patch(u, task, title=unique("renamed-"))
    got = expect_events(events, u.id, ["task_created", "task_updated"], "create, PATCH title")
    assert got[0].data == task
    assert got[1].data == updated, "task_updated data is not the PATCH response" + repr(got[1])
    assert got[1].task_id == task["id"]


def test_patch_status_done_emits_only_task_completed(events):
    u = register()
    task = create_task(u)
    done = patch(u, task, status="done")
    got = expect_events(events, u.id, ["task_created", "task_completed"], "PATCH status done")
    assert got[1].data == done, repr(got[1])
    assert got[1].data["status"] == "done" and got[1].data["completed_at"] is not None


def test_completion_with_other_changes_is_one_task_completed(events):
    u = register()
    task = create_task(u)
    done = patch(u, task, status="done", title=unique("finished-"), priority="urgent")
    got = expect_events(events, u.id, ["task_created", "task_completed"],
                        "PATCH status done + title + priority")
    assert got[1].data == done, repr(got[1])


def test_reopening_a_done_task_is_task_updated(events):
    u = register()
    task = create_task(u, status="done")
    reopened = patch(u, task, status="in_progress")
    got = expect_events(events, u.id, ["task_created", "task_updated"], "done -> in_progress")
    assert got[0].data == task
    assert got[1].data == reopened and reopened["completed_at"] is None, repr(got[1])


def test_updates_that_change_nothing_emit_nothing(events):
    u = register()
    task = create_task(u, description="same", priority="low", status="review")
    # PATCH with the values it already has, one field and all of them.
    patch(u, task, title=task["title"])
    patch(u, task, title=task["title"], description=task["description"],
          priority=task["priority"], status=task["status"], due_date=task["due_date"])
    # PUT with every writable field as it is.
    expect(api("PUT", task_path(task), headers=u.headers, json={
        "title": task["title"], "description": task["description"],
        "priority": task["priority"], "status": task["status"], "due_date": task["due_date"]}),
        200)
    # A done task set to done again is not completed twice.
    patch(u, task, status="done")
    patch(u, task, status="done")
    expect_events(events, u.id, ["task_created", "task_completed"],
                  "PATCH/PUT with identical values, then done twice")


@pytest.mark.parametrize("changes, event_type", [
    ({"title": unique("put-"), "description": "replaced", "priority": "urgent",
      "status": "in_progress"}, "task_updated"),
    ({"status": "done"}, "task_completed"),
], ids=["task_updated", "to_done_task_completed"])
def test_put_emits_its_event_with_the_task(events, changes, event_type):
    u = register()
    task = create_task(u)
    body = {"title": task["title"], "description": "", "priority": "medium", "status": "todo",
            "due_date": None, **changes}
    updated = expect(api("PUT", task_path(task), json=body, headers=u.headers), 200)
    got = expect_events(events, u.id, ["task_created", event_type], f"PUT {changes}")
    assert got[1].data == updated, repr(got[1])


def test_comment_emits_comment_added_with_the_comment(events):
    u = register()
    task = create_task(u)
    comment = expect(api("POST", task_path(task, "comments"), json={"content": "looks good"},
                         headers=u.headers), 201)
    got = expect_events(events, u.id, ["task_created", "comment_added"], "POST comment")
    data = got[1].data
    assert data["comment"] == comment, "data.comment is not the created comment" + repr(got[1])
    task_now = task_only(get_task(u, task))
    assert {k: v for k, v in data.items() if k != "comment"} == task_now, (
        "comment_added data is not the task" + repr(got[1]))


def test_delete_emits_task_deleted_with_the_last_state(events):
    u = register()
    task = create_task(u)
    last = patch(u, task, title=unique("last-"), priority="low")
    expect(api("DELETE", task_path(task), headers=u.headers), 204)
    got = expect_events(events, u.id, ["task_created", "task_updated", "task_deleted"],
                        "create, PATCH, DELETE")
    assert got[2].data == last, "task_deleted data is not the task's last state" + repr(got[2])


def test_bulk_update_to_done_emits_one_task_completed_per_task(events):
    u = register()
    tasks = [create_task(u) for _ in range(3)]
    ids = [t["id"] for t in tasks]
    body = expect(api("POST", TASKS_PATH + "bulk-update/", headers=u.headers,
                      json={"task_ids": ids, "updates": {"status": "done"}}), 200)
    assert body["updated_count"] == 3, body
    got = expect_events(events, u.id, ["task_created"] * 3 + ["task_completed"] * 3,
                        "3 creates, bulk update to done")
    assert [e.task_id for e in got[:3]] == ids
    completed = got[3:]
    assert sorted(e.task_id for e in completed) == sorted(ids), describe_events(completed)
    for event in completed:
        assert event.data == task_only(get_task(u, event.task_id)), repr(event)


def test_bulk_update_emits_task_updated_only_for_tasks_that_changed(events):
    u = register()
    tasks = [create_task(u, priority=p) for p in ("low", "medium", "high")]
    ids = [t["id"] for t in tasks]
    expect(api("POST", TASKS_PATH + "bulk-update/", headers=u.headers,
               json={"task_ids": ids, "updates": {"priority": "urgent"}}), 200)
    got = expect_events(events, u.id, ["task_created"] * 3 + ["task_updated"] * 3,
                        "bulk priority")
    for event in got[3:]:
        assert event.data["priority"] == "urgent"
        assert event.data == task_only(get_task(u, event.task_id)), repr(event)
    # Again: nothing changes, nothing is emitted; and one already-urgent task among changed
    # ones emits nothing for it.
    expect(api("POST", TASKS_PATH + "bulk-update/", headers=u.headers,
               json={"task_ids": ids, "updates": {"priority": "urgent"}}), 200)
    other = create_task(u, priority="high")
    expect(api("POST", TASKS_PATH + "bulk-update/", headers=u.headers,
               json={"task_ids": [ids[0], other["id"]], "updates": {"priority": "high"}}), 200)
    more = expect_events(
        events, u.id,
        ["task_created"] * 3 + ["task_updated"] * 3 + ["task_created", "task_updated"],
        "bulk priority again (no change), then over one changed and one unchanged task")
    assert more[-1].task_id == ids[0] and more[-1].data["priority"] == "high", repr(more[-1])
    assert more[-1].data == task_only(get_task(u, ids[0]))


def test_bulk_update_with_mixed_statuses_completes_only_those_not_done(events):
    u = register()
    open_a, already_done, open_b = (create_task(u), create_task(u, status="done"),
                                    create_task(u, status="review"))
    ids = [open_a["id"], already_done["id"], open_b["id"]]
    expect(api("POST", TASKS_PATH + "bulk-update/", headers=u.headers,
               json={"task_ids": ids, "updates": {"status": "done"}}), 200)
    got = expect_events(events, u.id, ["task_created"] * 3 + ["task_completed"] * 2,
                        "bulk done over two open tasks and a done one")
    assert sorted(e.task_id for e in got[3:]) == sorted([open_a["id"], open_b["id"]]), (
        describe_events(got))


def test_events_of_one_task_arrive_in_order(events):
    u = register()
    task = create_task(u)
    titles = [unique(f"step{i}-") for i in range(5)]
    responses = [patch(u, task, title=title) for title in titles]
    got = expect_events(events, u.id, ["task_created"] + ["task_updated"] * 5,
                        "create then 5 quick PATCHes")
    assert [e.data["title"] for e in got[1:]] == titles, (
        "updates out of order:\n" + describe_events(got))
    assert [e.data for e in got[1:]] == responses
    stamps = [parse_timestamp(e.body["occurred_at"]) for e in got]
    assert stamps == sorted(stamps), "occurred_at goes backwards:\n" + describe_events(got)


def test_refused_requests_emit_nothing(events):
    owner, other = register(), register()
    task = create_task(owner)
    missing = task["id"] + 10_000_000
    refused = [
        # 400s by the owner.
        (owner, "POST", TASKS_PATH, {"description": "no title"}, 400),
        (owner, "POST", TASKS_PATH, {"title": "x", "priority": "someday"}, 400),
        (owner, "PATCH", task_path(task), {"status": "finished"}, 400),
        (owner, "PATCH", task_path(task), {"title": ""}, 400),
        (owner, "PUT", task_path(task), {"description": "no title"}, 400),
        (owner, "POST", task_path(task, "comments"), {"content": ""}, 400),
        (owner, "POST", TASKS_PATH + "bulk-update/",
         {"task_ids": [task["id"]], "updates": {"title": "not bulk-updatable"}}, 400),
        (owner, "POST", TASKS_PATH + "bulk-update/",
         {"task_ids": [], "updates": {"status": "done"}}, 400),
        (owner, "POST", TASKS_PATH + "bulk-update/",
         {"task_ids": [task["id"]], "updates": {"status": "nope"}}, 400),
        # 404s: a task that does not exist.
        (owner, "PATCH", task_path(missing), {"title": "ghost"}, 404),
        (owner, "DELETE", task_path(missing), None, 404),
        (owner, "POST", task_path(missing, "comments"), {"content": "hello?"}, 404),
        (owner, "POST", TASKS_PATH + "bulk-update/",
         {"task_ids": [missing], "updates": {"status": "done"}}, 404),
        # 404s: another user's task.
        (other, "PATCH", task_path(task), {"title": "hijacked", "status": "done"}, 404),
        (other, "PUT", task_path(task), {"title": "hijacked", "description": "",
                                         "priority": "low", "status": "done",
                                         "due_date": None}, 404),
        (other, "POST", task_path(task, "comments"), {"content": "not mine"}, 404),
        (other, "POST", TASKS_PATH + "bulk-update/",
         {"task_ids": [task["id"]], "updates": {"status": "done"}}, 404),
        (other, "DELETE", task_path(task), None, 404),
    ]
    for who, method, path, body, status in refused:
        kwargs = {"headers": who.headers}
        if body is not None:
            kwargs["json"] = body
        resp = api(method, path, **kwargs)
        assert resp.status_code == status, f"expected {status}" + describe(resp)
    # Unauthenticated: 401, nothing.
    resp = api("PATCH", task_path(task), json={"title": "anonymous"})
    assert resp.status_code == 401, describe(resp)

    expect_events(events, owner.id, ["task_created"], "refused requests on the owner's task")
    assert events.events(other.id) == [], (
        "events for the other user:\n" + describe_events(events.events(other.id)))
    # ... and the task is as it was.
    assert task_only(get_task(owner, task)) == task


def test_a_commit_that_writes_events_notifies_the_relay():
    """The outbox's trigger NOTIFYs the leading relay's channel when a change commits, so the
    relay publishes it at once, whichever instance took the request, instead of at its next
    poll. (A due-date scan of another test's tasks may notify too: at least one.)"""
    user = register()
    heard = notifications_during("taskflow_tasks", "outbox", lambda: create_task(user, title="t"))
    assert heard >= 1, "no NOTIFY on the outbox channel after a task was created"
