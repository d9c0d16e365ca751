"""Due-date reminders: task_due_soon and task_overdue, once per task per due date.

The reminders go through the outbox like every event; these tests read the outbox table, and
the events tests check what reaches RabbitMQ. The test stack scans every second
(DUE_SCAN_INTERVAL=1 in tests/run-stack-tests.sh)."""

import datetime
import time

from support.http import api, expect
from support.identities import register
from support.stack import stack
from support.tasks import create_task, task_path
from support.timing import wait_until

SCAN_WAIT = 4.0


def iso(delta):
    at = datetime.datetime.now(datetime.timezone.utc) + delta
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def reminders(task_id):
    out = stack("psql", "-d", "taskflow_tasks", "-At", "-c",
                "SELECT routing_key FROM outbox WHERE task_id = %d "
                "AND routing_key IN ('task.due_soon', 'task.overdue') ORDER BY id" % task_id).stdout
    return out.split()


def create(user, **fields):
    return create_task(user, title="t", **fields)


def wait_for(task_id, expected):
    return wait_until(lambda: reminders(task_id), SCAN_WAIT, interval=0.2,
                      until=lambda got: got == expected)


def test_a_task_due_within_a_day_gets_one_due_soon_reminder():
    user = register()
    task = create(user, due_date=iso(datetime.timedelta(hours=2)))
    assert wait_for(task["id"], ["task.due_soon"]) == ["task.due_soon"]
    time.sleep(2.5)  # more scans: still one
    assert reminders(task["id"]) == ["task.due_soon"]


def test_a_past_due_task_gets_one_overdue_reminder_and_no_due_soon():
    user = register()
    task = create(user, due_date=iso(-datetime.timedelta(hours=1)))
    assert wait_for(task["id"], ["task.overdue"]) == ["task.overdue"]
    time.sleep(2.5)
    assert reminders(task["id"]) == ["task.overdue"]


def test_changing_the_due_date_rearms_the_reminder():
    user = register()
    task = create(user, due_date=iso(datetime.timedelta(hours=2)))
    assert wait_for(task["id"], ["task.due_soon"]) == ["task.due_soon"]
    expect(api("PATCH", task_path(task), json={"due_date": iso(datetime.timedelta(hours=3))},
               headers=user.headers), 200)
    assert wait_for(task["id"], ["task.due_soon"] * 2) == ["task.due_soon"] * 2


def test_no_reminder_for_finished_far_or_undated_tasks():
    user = register()
    done = create(user, status="done", due_date=iso(-datetime.timedelta(hours=1)))
    cancelled = create(user, status="cancelled", due_date=iso(datetime.timedelta(hours=1)))
    far = create(user, due_date=iso(datetime.timedelta(days=3)))
    undated = create(user)
    time.sleep(2.5)
    for task in (done, cancelled, far, undated):
        assert reminders(task["id"]) == [], task
