"""Registrations and profile changes while RabbitMQ is down: they succeed at once (the user
events wait in the auth service's outbox), and once the broker is back the tasks service's user
directory has them (`@pytest.mark.faults`; always restarts RabbitMQ). The directory's queue is
durable, so what the relay publishes before the tasks service reconnects waits there."""

import time
import uuid

import pytest

from support.config import AUTH_URLS, TASKS_URLS
from support.http import api, expect
from support.identities import register
from support.stack import stack, wait_ready
from support.timing import wait_until

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a registration answers within this while RabbitMQ is down
DELIVERY = 30.0  # seconds after RabbitMQ is back: the directory has caught up
READY = 30.0


def directory_row(user_id):
    out = stack("psql", "-d", "taskflow_tasks", "-At", "-F", "\t", "-c",
                "SELECT username, email FROM users WHERE id = %d" % user_id).stdout.strip()
    return tuple(out.split("\t")) if out else None


def test_user_events_written_while_rabbitmq_is_down_reach_the_directory(outage):
    waiting = wait_ready(AUTH_URLS + TASKS_URLS, READY)
    assert not waiting, f"instances not ready before the test: {waiting}"
    outage.stop("rabbitmq")

    started = time.monotonic()
    user = register()
    suffix = uuid.uuid4().hex[:8]
    updated = expect(api("PATCH", "/api/auth/profile/", json={"username": f"down_{suffix}"},
                         headers=user.headers), 200)
    elapsed = time.monotonic() - started
    assert elapsed < 2 * FAST, f"register + PATCH took {elapsed:.1f} s with RabbitMQ down"
    assert directory_row(user.id) is None, "in the directory before the broker is back"

    outage.start("rabbitmq")
    expected = (updated["username"], updated["email"])
    got = wait_until(lambda: directory_row(user.id), DELIVERY, interval=0.25,
                     until=lambda row: row == expected)
    assert got == expected, f"the directory has {got}, expected {expected}"
