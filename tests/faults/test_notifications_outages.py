"""The notifications service when RabbitMQ or Redis goes away (`@pytest.mark.faults`; always
restarts what it stopped): it keeps running, answers 503 on what needs Redis, reconnects by
itself, and loses no event: what was not stored stays unacknowledged and is delivered again."""

import threading
import time
import uuid

import pytest
import websocket

from support.config import NOTIFICATIONS_URLS, TASKS_URLS
from support.events import publish
from support.http import answered_within, expect_error, metric, request
from support.identities import register
from support.notifications import (
    LiveSocket, event_body, expected_notification, list_notifications, wait_for_listed, ws_url,
)
from support.stack import stack, wait_ready
from support.tasks import create_task
from support.timing import wait_until

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while Redis is down answers within this
RECOVERY = 30.0  # seconds after the restart: every event is stored and pushed


def _serving(user):
    """Every instance answers the REST list. An earlier test may have just restarted Redis: the
    first call on a pooled connection to the old server fails (503) and drops the pool's idle
    connections; the next one connects afresh."""
    return all(list_notifications(user, base=url).status_code == 200 for url in NOTIFICATIONS_URLS)


@pytest.fixture
def connected():
    """(user, live socket): a new user, served by every instance, with a live socket that got
    its first frame (closed at teardown)."""
    user = register()
    assert wait_until(lambda: _serving(user), RECOVERY, interval=0.25)
    live = LiveSocket(user.access)
    try:
        assert live.wait_for(lambda f: f, 5)
        yield user, live
    finally:
        live.close()


def assert_listed_created(body, tasks):
    """The listed notifications include each task's task_created notification."""
    messages = {n["message"] for n in body["notifications"]}
    for task in tasks:
        assert expected_notification("task_created", task["title"])[1] in messages, task


def test_rabbitmq_restart_loses_no_event(outage, connected):
    user, live = connected
    before = [create_task(user, title=f"before{i}") for i in range(3)]
    assert live.wait_for_notifications(3, 15), live.frames
    outage.stop("rabbitmq")
    # The tasks service keeps them in its outbox meanwhile; the socket stays up.
    during = [create_task(user, title=f"during{i}") for i in range(5)]
    assert wait_until(lambda: not any(
        metric(url, "notifications_consumer_connected") for url in NOTIFICATIONS_URLS),
        15, interval=0.25), "the consumers did not notice RabbitMQ was gone"
    expected = len(before) + len(during)
    body = list_notifications(user).json()
    assert body["total"] == len(before), "stored while RabbitMQ was down?"
    outage.start("rabbitmq")
    got = live.wait_for_notifications(expected, RECOVERY)
    assert len(got) == expected, f"{len(got)} of {expected} pushed after the restart"
    body = wait_for_listed(user, expected, RECOVERY)
    assert body["total"] == expected
    assert_listed_created(body, before + during)
    assert live.closed is None, "the socket was closed by a RabbitMQ restart"


def test_redis_restart_loses_no_event(outage, connected):
    user, old_socket = connected
    outage.stop("redis")
    # REST and new sockets: a fast 503 with a JSON detail.
    for url in NOTIFICATIONS_URLS:
        expect_error(answered_within(FAST, lambda: list_notifications(user, base=url),
                                     f"list on {url}"), 503)
    with pytest.raises(websocket.WebSocketBadStatusException) as failure:
        websocket.create_connection(ws_url(token=user.access), timeout=5)
    assert failure.value.status_code == 503

    # Events consumed now cannot be stored: they must wait, unacknowledged.
    events = [event_body(user.id, task_id=i + 1, title=f"outage{i}") for i in range(10)]
    publish(events)
    time.sleep(2.0)  # time for the consumers to take them (and fail to store them)
    for url in NOTIFICATIONS_URLS:
        assert request("GET", url + "/health").status_code == 200, "an instance died"

    outage.start("redis")
    assert not wait_ready(NOTIFICATIONS_URLS, RECOVERY), "not ready after Redis came back"
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


def test_events_wait_in_the_queue_while_the_service_has_never_run(outage):
    """The tasks relay declares the notifications queue itself, so events published before the
    notifications service first starts (a fresh broker) are kept for it, not dropped."""
    user = register()
    outage.stop("notifications")
    stack("rabbitmqctl", "delete_queue", "notifications.events")
    # A relay that connects anew (as on a fresh broker) declares the queue again.
    outage.restart("tasks")
    assert not wait_ready(TASKS_URLS)
    tasks = [create_task(user, title=f"early{i}") for i in range(3)]
    outage.start("notifications")
    assert not wait_ready(NOTIFICATIONS_URLS, RECOVERY)
    assert_listed_created(wait_for_listed(user, len(tasks), RECOVERY), tasks)


class Creating:
    """Creates `count` tasks for `user` through the gateway, `interval` s apart, on a thread."""

    def __init__(self, user, count, interval=0.05):
        self.tasks = []
        self._thread = threading.Thread(target=self._run, args=(user, count, interval))
        self._thread.start()

    def _run(self, user, count, interval):
        for i in range(count):
            self.tasks.append(create_task(user, title=f"stream-{i}-{uuid.uuid4().hex[:6]}"))
            time.sleep(interval)

    def join(self):
        self._thread.join(60)
        assert not self._thread.is_alive(), "creating the tasks took over a minute"
        return self.tasks


def created_ids(sockets):
    """The task ids of the task_created notifications the sockets got, in arrival order."""
    return [n["task_id"] for live in sockets for n in live.notifications()
            if n.get("event_type") == "task_created"]


def assert_each_pushed_once(sockets, tasks):
    expected = sorted(t["id"] for t in tasks)
    deadline = time.monotonic() + RECOVERY
    while sorted(created_ids(sockets)) != expected and time.monotonic() < deadline:
        for live in sockets:
            live.pump(0.1)
    assert sorted(created_ids(sockets)) == expected, "lost or pushed twice"


def test_a_killed_instance_loses_no_live_message(outage):
    """A socket on an instance killed mid-stream comes back on the other with ?since= and gets
    everything, once."""
    user = register()
    assert wait_until(lambda: _serving(user), RECOVERY, interval=0.25)
    first = LiveSocket(user.access, base=NOTIFICATIONS_URLS[0])
    assert first.wait_for(lambda f: f, 5)
    creating = Creating(user, 40)
    assert first.wait_for(lambda _: len(first.notifications()) >= 5, RECOVERY), first.frames
    outage.kill("notifications-0")
    assert first.wait_closed(10) is not None, "the socket outlived its instance"
    second = LiveSocket(user.access, base=NOTIFICATIONS_URLS[1], since=first.last_seq())
    try:
        tasks = creating.join()
        assert len(created_ids([first])) < len(tasks), "the instance died after the stream"
        assert_each_pushed_once([first, second], tasks)
    finally:
        second.close()


def test_a_lost_redis_subscription_loses_no_live_message(connected):
    """The instances' pub/sub connections are killed again and again while changes happen:
    each resubscription replays what its sockets missed, and the socket stays open."""
    user, live = connected
    creating = Creating(user, 40)
    deadline = time.monotonic() + 2.0
    kills = 0
    while time.monotonic() < deadline:
        kills += int(stack("redis-cli", "CLIENT", "KILL", "TYPE", "pubsub").stdout.strip() or 0)
        time.sleep(0.1)
    assert kills >= len(NOTIFICATIONS_URLS), "no subscription was killed"
    assert_each_pushed_once([live], creating.join())
    assert live.closed is None
