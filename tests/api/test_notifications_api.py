"""The notifications service through the gateway: task events become notifications that are
stored, listed, pushed over the WebSocket, marked read and cleared, always for the caller."""

import time
import uuid

import pytest
import websocket

from support.events import publish
from support.http import api, expect, expect_error, field_errors
from support.identities import register
from support.jwt import access_claims, mint_token
from support.notifications import (
    NOTIFICATIONS_PATH, NOTIFICATION_FIELDS, LiveSocket, clear, event_body, expected_notification,
    list_notifications, listed, mark_read, timeline, wait_for_listed, ws_url,
)
from support.stack import stack
from support.tasks import create_task, task_path
from support.timing import wait_until

PUSH = 10.0  # seconds: an event's notification reaches the socket within this


def check_template(notification, event_type, title, task_id):
    assert set(notification) == NOTIFICATION_FIELDS, notification
    assert notification["event_type"] == event_type, notification
    shown = (notification["title"], notification["message"], notification["type"])
    assert shown == expected_notification(event_type, title), notification
    assert notification["task_id"] == task_id, notification


def created_message(title):
    return expected_notification("task_created", title)[1]


# ------------------------------------------------------------------------------ the flow
def test_event_is_stored_listed_and_pushed(user):
    live = LiveSocket(user.access)
    try:
        assert live.wait_for(lambda f: f, 5), "no frame on connect"
        first = dict(live.frames[0])
        assert isinstance(first.pop("seq"), str), "a new socket's first frame says where it starts"
        assert first == {"type": "unread_count", "unread_count": 0}
        task = create_task(user, title="Buy milk")
        pushed = live.wait_for_notifications(1, PUSH)
        assert len(pushed) == 1, f"nothing pushed within {PUSH} s: {live.frames}"
        check_template(pushed[0], "task_created", "Buy milk", task["id"])
        assert pushed[0]["read"] is False
        assert live.wait_for(lambda _: 1 in live.counts(), 5), live.frames
    finally:
        live.close()

    body = listed(user)
    assert set(body) == {"notifications", "total", "unread_count", "limit", "offset"}
    assert (body["total"], body["unread_count"], body["limit"], body["offset"]) == (1, 1, 20, 0)
    assert body["notifications"] == pushed


def test_the_full_flow_from_the_outside(user):
    """Create, update, complete and comment on a task through the gateway: each notification
    arrives on the socket and in the list, newest first; deleting the task makes none."""
    live = LiveSocket(user.access)
    try:
        task = create_task(user, title="Quarterly report")
        expect(api("PATCH", task_path(task), json={"priority": "high"}, headers=user.headers), 200)
        expect(api("PATCH", task_path(task), json={"status": "done"}, headers=user.headers), 200)
        expect(api("POST", task_path(task, "comments"), json={"content": "Nice"},
                   headers=user.headers), 201)
        pushed = live.wait_for_notifications(4, PUSH)
        # Two instances consume in parallel, so pushes may come in either order; the list is
        # ordered by when the events happened.
        kinds = ["task_created", "task_updated", "task_completed", "comment_added"]
        assert sorted(n["event_type"] for n in pushed) == sorted(kinds), pushed
        for notification in pushed:
            check_template(notification, notification["event_type"], "Quarterly report",
                           task["id"])
        assert live.wait_for(lambda _: live.counts()[-1:] == [4], 5), live.frames

        expect(api("DELETE", task_path(task), headers=user.headers), 204)
        live.pump(2.0)
        assert len(live.notifications()) == 4, f"task_deleted made a notification: {live.frames}"
    finally:
        live.close()

    body = listed(user)
    assert [n["event_type"] for n in body["notifications"]] == list(reversed(kinds))
    assert sorted(n["id"] for n in body["notifications"]) == sorted(n["id"] for n in pushed)
    assert body["unread_count"] == 4


def test_due_soon_and_overdue_use_their_templates(user):
    publish([(event_body(user.id, "task_due_soon", task_id=5, title="Pay rent"), "task.due_soon"),
             (event_body(user.id, "task_overdue", task_id=5, title="Pay rent"), "task.overdue")])
    body = wait_for_listed(user, 2)
    by_type = {n["event_type"]: n for n in body["notifications"]}
    assert set(by_type) == {"task_due_soon", "task_overdue"}, body
    check_template(by_type["task_due_soon"], "task_due_soon", "Pay rent", 5)
    check_template(by_type["task_overdue"], "task_overdue", "Pay rent", 5)


# ------------------------------------------------------------------------------ read state
def test_mark_read_by_ids_and_all_with_counts_pushed(user):
    for i in range(3):
        create_task(user, title=f"t{i}")
    body = wait_for_listed(user, 3)
    ids = [n["id"] for n in body["notifications"]]
    live = LiveSocket(user.access)
    try:
        assert live.wait_for(lambda _: live.counts() == [3], 5), live.frames
        resp = expect(mark_read(user, {"ids": [ids[0], ids[1], "no-such-id"]}), 200)
        assert resp["updated"] == 2 and isinstance(resp["message"], str) and resp["message"]
        assert live.wait_for(lambda _: live.counts()[-1:] == [1], 5), live.frames
        body = listed(user)
        assert body["unread_count"] == 1
        assert {n["id"]: n["read"] for n in body["notifications"]} == {
            ids[0]: True, ids[1]: True, ids[2]: False}
        # Again: nothing changes.
        assert expect(mark_read(user, {"ids": [ids[0]]}), 200)["updated"] == 0

        assert expect(mark_read(user, {"all": True}), 200)["updated"] == 1
        assert live.wait_for(lambda _: live.counts()[-1:] == [0], 5), live.frames
        assert listed(user)["unread_count"] == 0
        assert all(n["read"] for n in listed(user)["notifications"])
    finally:
        live.close()


@pytest.mark.parametrize("body, field", [
    ({}, "ids"),
    ({"ids": []}, "ids"),
    ({"ids": "abc"}, "ids"),
    ({"ids": [1, 2]}, "ids"),
    ({"all": False}, "all"),
    ({"all": "yes"}, "all"),
    ({"ids": ["a"], "all": True}, "non_field_errors"),
])
def test_mark_read_validation(user, body, field):
    assert field in field_errors(mark_read(user, body))


def test_mark_read_rejects_malformed_json(user):
    resp = api("POST", NOTIFICATIONS_PATH + "mark-read/", data=b"{nope",
               headers={**user.headers, "Content-Type": "application/json"})
    expect_error(resp, 400)


def test_clear_removes_them_and_pushes_zero(user):
    create_task(user)
    create_task(user)
    wait_for_listed(user, 2)
    live = LiveSocket(user.access)
    try:
        assert live.wait_for(lambda _: live.counts() == [2], 5), live.frames
        resp = clear(user)
        assert resp.status_code == 204 and not resp.content
        assert live.wait_for(lambda _: live.counts()[-1:] == [0], 5), live.frames
    finally:
        live.close()
    body = listed(user)
    assert (body["total"], body["unread_count"], body["notifications"]) == (0, 0, [])
    # New events after a clear are stored again.
    create_task(user)
    assert wait_for_listed(user, 1)["total"] == 1


# ------------------------------------------------------------------------------ paging
def test_limit_and_offset(user):
    publish([event_body(user.id, task_id=i + 1, title=f"p{i}", at=at)
             for i, at in enumerate(timeline(25))])
    body = wait_for_listed(user, 25)
    assert body["total"] == 25
    default = listed(user)
    assert default["limit"] == 20 and len(default["notifications"]) == 20
    assert [n["message"] for n in default["notifications"][:2]] == [
        created_message("p24"), created_message("p23")]
    rest = listed(user, limit=10, offset=20)
    assert (rest["limit"], rest["offset"], len(rest["notifications"])) == (10, 20, 5)
    assert rest["notifications"][-1]["message"] == created_message("p0")
    assert listed(user, offset=100)["notifications"] == []
    assert len(listed(user, limit=100)["notifications"]) == 25


@pytest.mark.parametrize("params, field", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": "x"}, "limit"),
    ({"limit": -1}, "limit"), ({"offset": -1}, "offset"), ({"offset": "abc"}, "offset"),
])
def test_bad_paging_is_400(user, params, field):
    assert field in field_errors(list_notifications(user, **params))


def test_keeps_the_newest_100(user):
    publish([event_body(user.id, task_id=i + 1, title=f"k{i}", at=at)
             for i, at in enumerate(timeline(105))])
    body = wait_until(lambda: listed(user, limit=100), 20, interval=0.2,
                      until=lambda body: body["notifications"] and body["notifications"][0][
                          "message"] == created_message("k104"))
    assert body["total"] == 100 and body["unread_count"] == 100, body["total"]
    assert body["notifications"][-1]["message"] == created_message("k5")


# ------------------------------------------------------------------------------ who sees what
def test_requires_authentication():
    for method in ("GET", "DELETE"):
        expect_error(api(method, NOTIFICATIONS_PATH), 401)
    expect_error(api("POST", NOTIFICATIONS_PATH + "mark-read/", json={"all": True}), 401)
    expect_error(api("GET", NOTIFICATIONS_PATH, headers={"Authorization": "Bearer nope"}), 401)
    for url in (ws_url(), ws_url(token="not-a-token")):
        with pytest.raises(websocket.WebSocketBadStatusException) as failure:
            websocket.create_connection(url, timeout=5)
        assert failure.value.status_code == 401


def test_no_user_id_in_urls(user):
    other = register()
    create_task(other)
    wait_for_listed(other, 1)
    for path in (f"{NOTIFICATIONS_PATH}{other.id}/", f"{NOTIFICATIONS_PATH}{other.id}"):
        assert api("GET", path, headers=user.headers).status_code == 404
        assert api("DELETE", path, headers=user.headers).status_code in (404, 405)
    assert listed(other)["total"] == 1


def test_a_users_socket_never_receives_anothers_notifications():
    a, b = register(), register()
    live_a, live_b = LiveSocket(a.access), LiveSocket(b.access)
    try:
        task = create_task(b, title="B only")
        # Another user's ids cannot be marked read or seen.
        b_ids = [n["id"] for n in live_b.wait_for_notifications(1, PUSH)]
        assert b_ids, live_b.frames
        assert expect(mark_read(a, {"ids": b_ids}), 200)["updated"] == 0
        assert listed(b)["unread_count"] == 1
        live_a.pump(1.5)
        assert live_a.notifications() == [], live_a.frames
        assert live_a.counts() == [0], live_a.frames
        assert listed(a)["total"] == 0
        assert live_b.notifications()[0]["task_id"] == task["id"]
    finally:
        live_a.close()
        live_b.close()


# ------------------------------------------------------------------------------ the socket
def test_token_in_the_subprotocol_is_answered_with_bearer(user):
    live = LiveSocket(user.access, via="subprotocol")
    try:
        assert live.subprotocol == "bearer"
        assert live.wait_for(lambda f: f, 5) and live.counts() == [0]
    finally:
        live.close()


def test_plain_get_of_the_socket_path_is_400(user):
    expect_error(api("GET", "/api/notifications/ws/", headers=user.headers), 400)


def test_a_socket_is_closed_when_its_token_is_revoked():
    account = register()
    live = LiveSocket(account.access)
    try:
        assert live.wait_for(lambda f: f, 5)
        expect(api("POST", "/api/auth/logout/", json={"refresh": account.refresh},
                   headers=account.headers), 200)
        started = time.monotonic()
        code = live.wait_closed(5)
        assert code == 1008, f"socket not closed with 1008 after logout (got {code})"
        assert time.monotonic() - started < 3
    finally:
        live.close()


def test_a_socket_is_closed_when_its_token_expires(user):
    token = mint_token(access_claims(user.id, exp=int(time.time()) + 3))
    live = LiveSocket(token)
    try:
        assert live.wait_for(lambda f: f, 5)
        assert live.closed is None
        code = live.wait_closed(8)
        assert code == 1008, f"socket not closed with 1008 at expiry (got {code})"
    finally:
        live.close()


def test_an_expired_token_cannot_connect(user):
    token = mint_token(access_claims(user.id, exp=int(time.time()) - 120, iat=int(time.time()) - 900))
    with pytest.raises(websocket.WebSocketBadStatusException) as failure:
        websocket.create_connection(ws_url(token=token), timeout=5)
    assert failure.value.status_code == 401


def test_the_same_event_twice_makes_one_notification(user):
    event = event_body(user.id, title="Twice", event_id=str(uuid.uuid4()))
    live = LiveSocket(user.access)
    try:
        publish([event, event])
        assert live.wait_for_notifications(1, PUSH), live.frames
        live.pump(1.5)
        assert len(live.notifications()) == 1, live.frames
    finally:
        live.close()
    body = listed(user)
    assert body["total"] == 1 and body["notifications"][0]["id"] == event["id"]


def test_a_users_remembered_event_ids_are_the_newest_1000(user):
    """Redeliveries are recognised by event id. The ids remembered are bounded by count as well
    as by the 30-day retention: a busy user's would otherwise pile up in Redis (the soak in
    docs/benchmarks.md). A recent one is still recognised after a thousand more."""
    events = [event_body(user.id, task_id=i + 1, title=f"r{i}", at=at)
              for i, at in enumerate(timeline(1010))]
    publish(events)
    body = wait_until(lambda: listed(user, limit=1), 30, interval=0.2,
                      until=lambda body: body["notifications"] and body["notifications"][0][
                          "message"] == created_message("r1009"))
    assert body["total"] == 100, body
    expect(mark_read(user, {"all": True}), 200)
    publish([events[-1], events[-50]])  # redeliveries of recent events: nothing comes back
    time.sleep(1.5)
    body = listed(user)
    assert body["unread_count"] == 0 and body["total"] == 100, body
    remembered = stack("redis-cli", "zcard", f"notifications:{{{user.id}}}:events").stdout
    assert int(remembered) == 1000


def test_unknown_routes_and_methods(user):
    expect_error(api("GET", NOTIFICATIONS_PATH + "nope/", headers=user.headers), 404)
    expect_error(api("GET", NOTIFICATIONS_PATH + "mark-read/", headers=user.headers), 405)
    expect_error(api("PUT", NOTIFICATIONS_PATH, json={}, headers=user.headers), 405)
