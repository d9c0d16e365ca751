"""Faults under load: while wrk drives a mixed load through the gateway (support.load), every
service instance is restarted in turn (SIGTERM), one is killed with SIGKILL, and PostgreSQL,
Redis and RabbitMQ are restarted one at a time. Each run counts the requests that failed, times
the disruption (a probe's last failure after the fault) and the recovery (every instance ready
again), and checks that nothing was lost: every task a client was told about exists, every task
that exists has its events, and every event became its owner's notification.

A graceful restart must cost no request at all. A kill or a dependency restart may fail the
requests it catches, within the budgets below, and must lose nothing. The short version runs in
`make test` (`@pytest.mark.faults`); bench/faults-under-load.sh runs it longer
(FAULT_LOAD_SECONDS) and prints the figures docs/benchmarks.md records."""

import os
import time
import uuid

import pytest

from support.config import TASKFLOW_HOME
from support.events import NOTIFICATION_TEMPLATES, EventQueue
from support.identities import register
from support.load import KEPT, MixedLoad, Probe, all_tasks, notification_ids, register_users
from support.stack import SERVICE_URLS, wait_ready
from support.timing import wait_until

pytestmark = pytest.mark.faults

# Seconds of load before the fault and after the recovery (longer in the benchmark).
STEADY = float(os.environ.get("FAULT_LOAD_SECONDS", "2"))
CONNECTIONS = int(os.environ.get("FAULT_LOAD_CONNECTIONS", "8"))
# Each wrk connection pauses this long between requests: a steady load rather than saturation,
# so that each of the USERS gets fewer events than the 100 notifications a user keeps.
DELAY_MS = int(os.environ.get("FAULT_LOAD_DELAY_MS", "10"))
USERS = 100
RECOVERY = 120.0  # seconds: every instance ready again after the fault (RabbitMQ starts slowly)
SETTLE = 60.0  # seconds: every event has reached its queue and its notification after the load


def rolling_restart(outage):
    """SIGTERM to each instance of each service in turn, each started again before the next."""
    names = sorted(p.stem for p in (TASKFLOW_HOME / "run").glob("*-[0-9].pid"))
    assert len(names) == len(SERVICE_URLS), f"instances {names} for {SERVICE_URLS}"
    for name in names:
        outage.restart(name)


def kill_tasks_instance(outage, name="tasks-1"):
    """SIGKILL: the requests in flight on it are lost; it is started again at once."""
    outage.kill(name)
    outage.start(name)


def restart(component):
    return lambda outage: outage.restart(component)


# name: (the fault, failed requests allowed, seconds the probe may see failures for). Graceful
# restarts and the broker's cost nothing (events wait in the outbox). A killed instance takes the
# writes in flight on it (the gateway retries only reads elsewhere). A dependency's restart fails
# what needs it while it is down: at most that many seconds of the load's requests.
SCENARIOS = {
    "rolling-sigterm": (rolling_restart, lambda outcome: 0, 0.0),
    "kill-9-tasks": (kill_tasks_instance, lambda outcome: CONNECTIONS, 2.0),
    "restart-postgres": (restart("postgres"), lambda outcome: outcome.rate * 10, 10.0),
    "restart-redis": (restart("redis"), lambda outcome: outcome.rate * 10, 10.0),
    "restart-rabbitmq": (restart("rabbitmq"), lambda outcome: 0, 0.0),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_faults_under_load_lose_nothing(scenario, outage, record_property):
    fault, allowed_failures, allowed_disruption = SCENARIOS[scenario]
    waiting = wait_ready(timeout=RECOVERY)
    assert not waiting, f"instances not ready before the test: {waiting}"
    users = register_users(USERS)
    # The queue keeps the events until the load is over: read meanwhile, a broker restart would
    # drop those delivered to this client but not yet read.
    queue = EventQueue(name=f"tests.under-load.{uuid.uuid4().hex}", durable=True)
    queue.disconnect()
    try:
        with MixedLoad(users, CONNECTIONS, DELAY_MS) as load, Probe(register()) as probe:
            time.sleep(STEADY)
            began = time.monotonic()
            fault(outage)
            not_back = wait_ready(timeout=RECOVERY)
            recovery = time.monotonic() - began
            time.sleep(STEADY)
            outcome = load.stop()
        disruption = probe.window(began)
        assert queue.reconnect_when_possible(timeout=RECOVERY) is None, "cannot read the queue"
        problems = lost_work(users, outcome, queue)
    finally:
        if queue.reconnect_when_possible() is None:
            queue.delete()

    figures = (f"{scenario}: {outcome.summary()}; disruption {disruption:.2f} s, "
               f"recovery {recovery:.2f} s")
    print(figures)
    record_property("figures", figures)
    assert not not_back, f"{scenario}: not ready {RECOVERY:.0f} s after the fault: {not_back}"
    if outcome.failed > allowed_failures(outcome):
        problems.append(f"{outcome.failed} failed requests (at most "
                        f"{allowed_failures(outcome):.0f})")
    if disruption > allowed_disruption:
        problems.append(f"the probe failed {disruption:.2f} s after the fault (at most "
                        f"{allowed_disruption:.0f} s): {probe.failures[-5:]}")
    assert not problems, f"{figures}\n" + "\n".join(problems)


def lost_work(users, outcome, queue):
    """What the run lost: tasks a client was told of that do not exist, tasks without their
    events, events without their notification."""
    problems = []
    acknowledged = dict(outcome.created)  # task id -> the user who created it
    existing, owners = {}, {}
    for user in users:
        for task_id, task in all_tasks(user).items():
            existing[task_id], owners[task_id] = task, user.id
    missing = sorted(t for t, owner in acknowledged.items() if owners.get(t) != owner)
    if missing:
        problems.append(f"{len(missing)} tasks answered 201 are not their creator's: "
                        f"{missing[:10]}")
    # A create that failed may have committed (a kill after the commit), and so may one in
    # flight when wrk stopped (at most one per connection).
    unacknowledged = len(existing.keys() - acknowledged.keys())
    if unacknowledged > outcome.failed_creates() + CONNECTIONS:
        problems.append(f"{unacknowledged} tasks exist that no 201 announced, but only "
                        f"{outcome.failed_creates()} creates failed")

    def events_in():
        queue.pump(0.5)
        return {(e.type, e.task_id) for user in users for e in queue.events(user.id)}

    expected = {("task_created", task_id) for task_id in existing}
    expected |= {("task_updated", task_id) for task_id, task in existing.items()
                 if task["status"] == "in_progress"}
    published = wait_until(events_in, SETTLE, interval=0, until=lambda got: expected <= got)
    absent = sorted(expected - published, key=str)
    if absent:
        problems.append(f"{len(absent)} events never published: {absent[:10]}")

    def notifications_missing():
        """Each user's notifications are their events' (a user keeps the newest 100: beyond
        that, the 100 kept must be among the events)."""
        missing = []
        for user in users:
            events = {e.id for e in queue.events(user.id) if e.type in NOTIFICATION_TEMPLATES}
            kept = notification_ids(user)
            if len(events) <= KEPT and kept != events:
                missing.append(f"user {user.id}: {len(kept)} notifications for {len(events)} "
                               f"events, {len(events - kept)} missing, {len(kept - events)} "
                               "without an event")
            elif len(events) > KEPT and (len(kept) != KEPT or not kept <= events):
                missing.append(f"user {user.id}: {len(kept)} notifications for {len(events)} "
                               f"events, {len(kept - events)} without an event")
        return missing

    left = wait_until(notifications_missing, SETTLE, interval=0.5, until=lambda m: not m)
    if left:
        problems.append("events without exactly one notification: " + "; ".join(left[:5]))
    return problems

