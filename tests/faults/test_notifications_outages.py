"""The notifications service when RabbitMQ or Redis goes away (`@pytest.mark.faults`; always
restarts what it stopped): it keeps running, answers 503 on what needs Redis, reconnects by
itself, and loses no event: what was not stored stays unacknowledged and is delivered again."""

import time

import pytest
import requests
import websocket

from conftest import (
    TASKS_URLS,
    create_task,
    expect_error,
    register,
    request,
    stack,
    wait_until,
)
from notifications_support import (
    NOTIFICATIONS_URLS,
    LiveSocket,
    event_body,
    list_notifications,
    metric,
    publish,
    wait_for_listed,
    ws_url,
)

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while Redis is down answers within this
RECOVERY = 30.0  # seconds after the restart: every event is stored and pushed


def _ready(url):
    try:
        return request("GET", url + "/ready").status_code == 200
    except requests.RequestException:
        return False


def _all_ready():
    return all(_ready(url) for url in NOTIFICATIONS_URLS)


def _serving(user):
    """Every instance answers the REST list. An earlier test may have just restarted Redis: the
    first call on a pooled connection to the old server fails (503) and drops the pool's idle
    connections; the next one connects afresh."""
    return all(list_notifications(user, base=url).status_code == 200 for url in NOTIFICATIONS_URLS)


@pytest.fixture
def stopped():
    """stopped(component): stops it now and starts it again at teardown (always)."""
    down = []

    def stop(component):
        down.append(component)
        stack("stop-component", component)

    yield stop
    for component in reversed(down):
        stack("start-component", component)
    if down:
        assert wait_until(_all_ready, 30, interval=0.25), (
            f"notifications instances not ready 30 s after restarting {', '.join(down)}")


def test_rabbitmq_restart_loses_no_event(stopped):
    user = register()
    assert wait_until(lambda: _serving(user), RECOVERY, interval=0.25)
    live = LiveSocket(user.access)
    try:
        assert live.wait_for(lambda f: f, 5)
        before = [create_task(user, title=f"before{i}") for i in range(3)]
        assert live.wait_for_notifications(3, 15), live.frames
        stopped("rabbitmq")
        # The tasks service keeps them in its outbox meanwhile; the socket stays up.
        during = [create_task(user, title=f"during{i}") for i in range(5)]
        assert wait_until(lambda: not any(
            metric(url, "notifications_consumer_connected") for url in NOTIFICATIONS_URLS),
            15, interval=0.25), "the consumers did not notice RabbitMQ was gone"
        expected = len(before) + len(during)
        body = list_notifications(user).json()
        assert body["total"] == len(before), "stored while RabbitMQ was down?"
        stack("start-component", "rabbitmq")
        got = live.wait_for_notifications(expected, RECOVERY)
        assert len(got) == expected, f"{len(got)} of {expected} pushed after the restart"
        body = wait_for_listed(user, expected, RECOVERY)
        assert body["total"] == expected
        titles = {n["message"] for n in body["notifications"]}
        for task in before + during:
            assert f'A new task "{task["title"]}" has been created.' in titles
        assert live.closed is None, "the socket was closed by a RabbitMQ restart"
    finally:
        live.close()


def test_redis_restart_loses_no_event(stopped):
    user = register()
    assert wait_until(lambda: _serving(user), RECOVERY, interval=0.25)
    old_socket = LiveSocket(user.access)
    try:
        assert old_socket.wait_for(lambda f: f, 5)
        stopped("redis")
        # REST and new sockets: a fast 503 with a JSON detail.
        for url in NOTIFICATIONS_URLS:
            started = time.monotonic()
            resp = list_notifications(user, base=url)
            assert time.monotonic() - started < FAST
            expect_error(resp, 503)
        with pytest.raises(websocket.WebSocketBadStatusException) as failure:
            websocket.create_connection(ws_url(token=user.access), timeout=5)
        assert failure.value.status_code == 503

        # Events consumed now cannot be stored: they must wait, unacknowledged.
        events = [event_body(user.id, task_id=i + 1, title=f"outage{i}") for i in range(10)]
        publish(events)
        time.sleep(2.0)
        for url in NOTIFICATIONS_URLS:
            assert request("GET", url + "/health").status_code == 200, "an instance died"

        stack("start-component", "redis")
        assert wait_until(_all_ready, RECOVERY, interval=0.25), "not ready after Redis came back"
        body = wait_for_listed(user, len(events), RECOVERY)
        assert sorted(n["id"] for n in body["notifications"]) == sorted(e["id"] for e in events)
        assert body["unread_count"] == len(events)

        # The subscriber resubscribed: both the socket from before and a new one get pushes.
        new_socket = LiveSocket(user.access)
        try:
            assert new_socket.wait_for(lambda _: new_socket.counts() == [len(events)], 5)
            task = create_task(user, title="after redis")
            for live in (old_socket, new_socket):
                assert live.wait_for(
                    lambda _, live=live: any(n.get("task_id") == task["id"]
                                             for n in live.notifications()), 15), live.frames
        finally:
            new_socket.close()
    finally:
        old_socket.close()


def test_events_wait_in_the_queue_while_the_service_has_never_run(stopped):
    """The tasks relay declares the notifications queue itself, so events published before the
    notifications service first starts (a fresh broker) are kept for it, not dropped."""
    user = register()
    stopped("notifications")
    stack("rabbitmqctl", "delete_queue", "notifications.events")
    # A relay that connects anew (as on a fresh broker) declares the queue again.
    stack("restart-component", "tasks")
    assert wait_until(lambda: all(_ready(url) for url in TASKS_URLS), 30, interval=0.25)
    tasks = [create_task(user, title=f"early{i}") for i in range(3)]
    stack("start-component", "notifications")
    assert wait_until(_all_ready, RECOVERY, interval=0.25)
    body = wait_for_listed(user, len(tasks), RECOVERY)
    titles = {n["message"] for n in body["notifications"]}
    for task in tasks:
        assert f'A new task "{task["title"]}" has been created.' in titles
