"""The tasks service with RabbitMQ down: writes still succeed, quickly (the events wait in the
transactional outbox), the instances stay ready, and once the broker is back every event is
delivered, exactly once, in order (`@pytest.mark.faults`; always restarts RabbitMQ).

An exclusive queue dies with the broker, so the test reads a durable queue of its own (a unique
name, bound with task.# before the broker stops); RabbitMQ keeps it across the restart (the stack
restarts the same node on the same data folder). It is deleted at the end (and expires by itself
after 10 idle minutes if the test never gets there)."""

import time
import uuid

import pytest
import requests

from support.config import AUTH_URLS, TASKS_URLS
from support.events import EVENTS_EXCHANGE, EventQueue, amqp_connection, describe_events
from support.http import api, describe, request
from support.identities import register
from support.stack import wait_ready
from support.tasks import TASKS_PATH, create_task

pytestmark = pytest.mark.faults

TASKS = 100
FAST = 3.0  # seconds: each create answers within this while RabbitMQ is down
DELIVERY = 30.0  # seconds after RabbitMQ is back: every event has arrived
QUIET = 2.0  # seconds to wait after the last one for a duplicate
READY = 30.0  # seconds after the restart: every instance is ready again


@pytest.fixture
def outage_queue(outage):
    """(queue, stop_broker): a durable queue bound to taskflow.events with task.#, and a
    function that stops RabbitMQ (the `outage` fixture starts it again). At teardown the queue
    is deleted."""
    # A healthy start: an earlier fault test may have left instances not yet ready.
    waiting = wait_ready(AUTH_URLS + TASKS_URLS, READY)
    assert not waiting, f"instances not ready before the test: {waiting}"
    queue = EventQueue(name=f"tests.events-outage.{uuid.uuid4().hex}", durable=True)

    def stop_broker():
        queue.disconnect()
        outage.stop("rabbitmq")

    yield queue, stop_broker
    queue.disconnect()
    outage.start("rabbitmq")
    error = queue.reconnect_when_possible()
    assert error is None, f"cannot reach RabbitMQ to delete queue {queue.name}: {error!r}"
    queue.delete()


def test_events_written_while_rabbitmq_is_down_are_delivered_once_in_order(
        outage, outage_queue, record_property):
    queue, stop_broker = outage_queue
    # Before the outage, the queue and the relay work: a probe's event arrives.
    probe = register()
    probe_task = create_task(probe)
    got = queue.wait_for(probe.id, 1, timeout=5)
    assert [e.task_id for e in got] == [probe_task["id"]], (
        f"no task_created on {queue.name} before the outage:\n" + describe_events(got))

    u = register()
    stop_broker()
    problems = []
    # (the outage is real: the broker refuses connections)
    try:
        amqp_connection().close()
        problems.append("RabbitMQ still accepts connections after stop-component rabbitmq")
    except Exception:  # noqa: BLE001 (pika's connection errors)
        pass

    created, slowest = [], 0.0
    tag = uuid.uuid4().hex[:8]
    for i in range(TASKS):
        started = time.monotonic()
        resp = api("POST", TASKS_PATH, json={"title": f"outage-{tag}-{i:03d}"},
                   headers=u.headers)
        elapsed = time.monotonic() - started
        assert resp.status_code == 201, (
            f"create #{i + 1} of {TASKS} with RabbitMQ down ({elapsed:.2f} s)" + describe(resp))
        slowest = max(slowest, elapsed)
        if elapsed > FAST:
            problems.append(f"create #{i + 1} took {elapsed:.2f} s with RabbitMQ down"
                            + describe(resp))
        created.append(resp.json())
    record_property("slowest_create_seconds", f"{slowest:.3f}")

    # Writes do not depend on the broker: every tasks instance is still ready.
    for base in TASKS_URLS:
        try:
            resp = request("GET", base + "/ready")
        except requests.RequestException as e:
            problems.append(f"{base}/ready with RabbitMQ down: {e!r}")
            continue
        if resp.status_code != 200:
            problems.append(f"{base}/ready is not 200 with RabbitMQ down" + describe(resp))

    outage.start("rabbitmq")
    back = time.monotonic()
    error = queue.reconnect_when_possible()
    assert error is None, f"cannot read {queue.name} after the restart: {error!r}"
    queue.wait_for(u.id, TASKS, timeout=DELIVERY - (time.monotonic() - back))
    arrived = time.monotonic() - back
    in_time = len(queue.events(u.id))
    record_property("delivery_seconds", f"{arrived:.2f}")
    queue.pump(QUIET)  # duplicates, extras
    got = queue.events(u.id)

    if in_time < TASKS:
        problems.append(f"{in_time} of {TASKS} events arrived within {DELIVERY:.0f} s of "
                        f"RabbitMQ's restart ({len(got)} after {QUIET:.0f} s more)")
    if len(got) != TASKS:
        problems.append(f"expected exactly {TASKS} events for user {u.id}, got {len(got)}")
    message_ids = [e.properties.message_id for e in got]
    event_ids = [e.id for e in got]
    task_ids = [e.task_id for e in got]
    for name, values in (("message_id", message_ids), ("event id", event_ids),
                         ("task id", task_ids)):
        twice = sorted({v for v in values if values.count(v) > 1}, key=str)
        if twice:
            problems.append(f"the same {name} more than once: {twice[:10]}")
    if message_ids != event_ids:
        problems.append("message_id differs from the event id")
    wrong = [e for e in got if e.type != "task_created" or e.routing_key != "task.created"
             or e.exchange != EVENTS_EXCHANGE or e.properties.delivery_mode != 2
             or e.properties.content_type != "application/json"]
    if wrong:
        problems.append("not a persistent task.created (application/json) on "
                        f"{EVENTS_EXCHANGE}:\n" + describe_events(wrong[:5]))
    expected_ids = [t["id"] for t in created]
    if task_ids != expected_ids:
        missing = [i for i in expected_ids if i not in task_ids]
        first = next((k for k, (a, b) in enumerate(zip(task_ids, expected_ids)) if a != b),
                     min(len(task_ids), len(expected_ids)))
        problems.append(f"not the created tasks in creation order: first difference at #{first}"
                        f" (got {task_ids[first:first + 5]}, expected "
                        f"{expected_ids[first:first + 5]}); missing {missing[:10]}")
    by_id = {t["id"]: t for t in created}
    differing = [e for e in got if e.task_id in by_id and e.data != by_id[e.task_id]]
    if differing:
        problems.append("data is not the task the API returned:\n"
                        + describe_events(differing[:5]))

    assert not problems, f"{len(problems)} problem(s) with events across a RabbitMQ outage:\n\n" \
        + "\n\n".join(problems)
