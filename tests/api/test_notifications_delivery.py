"""The notifications service's delivery guarantees: several instances share the work and every
socket hears every notification of its user whichever instance consumed the event; a slow
client is dropped without delaying anyone; messages that can never be processed go to the
dead-letter queue and the service carries on."""

import json
import time
import uuid

from support.config import NOTIFICATIONS_URLS
from support.events import amqp_connection, publish
from support.http import metric
from support.identities import register
from support.notifications import DEAD_LETTER_QUEUE, LiveSocket, event_body, listed, wait_for_listed

PUSH = 15.0


def test_sockets_on_each_instance_get_events_consumed_by_either():
    assert len(NOTIFICATIONS_URLS) >= 2, "needs two notifications instances"
    user = register()
    stored_before = [metric(url, "notifications_stored_total") for url in NOTIFICATIONS_URLS]
    sockets = [LiveSocket(user.access, base=url) for url in NOTIFICATIONS_URLS[:2]]
    try:
        for live in sockets:
            assert live.wait_for(lambda f: f, 5), "no unread count on connect"
        events = [event_body(user.id, task_id=i + 1, title=f"fan{i}") for i in range(20)]
        publish(events)
        for index, live in enumerate(sockets):
            got = live.wait_for_notifications(20, PUSH)
            assert sorted(n["id"] for n in got) == sorted(e["id"] for e in events), (
                f"socket on instance {index} got {len(got)} of 20")
    finally:
        for live in sockets:
            live.close()
    consumed = [metric(url, "notifications_stored_total") - before
                for url, before in zip(NOTIFICATIONS_URLS, stored_before)]
    # Other tests may run events too, so at least ours; and both instances took a share.
    assert sum(consumed) >= 20, consumed
    assert all(c > 0 for c in consumed[:2]), f"one instance consumed nothing: {consumed}"


def test_a_slow_client_is_dropped_and_never_delays_the_others():
    user = register()
    base = NOTIFICATIONS_URLS[0]
    # Never reads, with a 4 KiB receive window: the server's queue for it fills up.
    slow = LiveSocket(user.access, base=base, receive_buffer=4096)
    fast = LiveSocket(user.access, base=base)
    try:
        assert fast.wait_for(lambda f: f, 5)
        # 16 KiB frames, a steady stream (10 every 50 ms): the slow client's 1 MiB queue
        # overflows after about 64 of them; the fast one keeps up with all.
        big_title = "x" * 16000
        count = 200
        for start in range(0, count, 10):
            publish([event_body(user.id, task_id=i + 1, title=big_title)
                     for i in range(start, start + 10)])
            fast.pump(0.05)
        got = fast.wait_for_notifications(count, PUSH)
        assert len(got) == count, f"the fast client got {len(got)} of {count}"
        assert fast.closed is None
        # The slow one now reads what was buffered for it, then finds the socket closed.
        code = slow.wait_closed(15)
        assert code is not None, "the slow client was never disconnected"
        assert len(slow.notifications()) < count, "the slow client got everything: not dropped"
    finally:
        slow.close()
        fast.close()


def _dead_letters(marker, count, timeout=10.0):
    """Takes the bodies in notifications.dead that contain `marker` until `count` were seen or
    `timeout` passed. Other messages are held unacknowledged on this channel (so basic_get moves
    past them) and go back to the queue when it closes."""
    found = []
    connection = amqp_connection()
    try:
        channel = connection.channel()
        deadline = time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            method, _, body = channel.basic_get(DEAD_LETTER_QUEUE, auto_ack=False)
            if method is None:
                time.sleep(0.2)
            elif marker.encode() in body:
                channel.basic_ack(method.delivery_tag)
                found.append(body)
    finally:
        connection.close()
    return found


def test_poison_messages_are_dead_lettered_and_the_service_carries_on():
    user = register()
    marker = uuid.uuid4().hex
    dead_before = sum(metric(url, "notifications_dead_lettered_total") for url in NOTIFICATIONS_URLS)
    poison = [
        f"not json {marker}",
        json.dumps({"id": marker + "-1", "type": "task_exploded", "user_id": user.id,
                    "data": {"id": 1, "title": marker}}),
        json.dumps({"id": marker + "-2", "type": "task_created", "data": {"id": 1, "title": marker}}),
        json.dumps([marker]),
    ]
    publish(poison)
    good = event_body(user.id, title="after the poison")
    publish([good])
    assert wait_for_listed(user, 1)["notifications"][0]["id"] == good["id"]
    found = _dead_letters(marker, len(poison))
    assert len(found) == 4, f"dead letters with our marker: {found}"
    dead_after = sum(metric(url, "notifications_dead_lettered_total") for url in NOTIFICATIONS_URLS)
    assert dead_after - dead_before >= 4
    # Not redelivered in a loop: the count stays put.
    time.sleep(1.0)
    assert sum(metric(url, "notifications_dead_lettered_total")
               for url in NOTIFICATIONS_URLS) == dead_after
    assert listed(user)["total"] == 1
    for url in NOTIFICATIONS_URLS:
        assert metric(url, "notifications_consumer_connected") == 1.0
