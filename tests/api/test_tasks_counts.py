"""The counts behind GET /api/tasks/stats/ and the list's `count` are cached per user between
changes (services/tasks ReadCache): every write must show at once, on every instance, and
the overdue count must move when a due date passes, without any write."""

import time
from datetime import datetime, timedelta, timezone

from support.config import TASKS_URLS
from support.http import api, describe, expect
from support.identities import register
from support.tasks import TASKS_PATH, create_task, stats, task_path


def count_at(user, base, query=""):
    return expect(api("GET", TASKS_PATH + query, base=base, headers=user.headers), 200)["count"]


def test_every_write_shows_at_once_on_every_instance(user):
    first, second = TASKS_URLS[0], TASKS_URLS[-1]
    ids = []
    for n in range(1, 6):
        # Read on both instances before the write, so a stale entry would be there to serve.
        assert stats(user, base=first)["total_tasks"] == n - 1
        assert count_at(user, second, "?status=todo") == n - 1
        resp = api("POST", TASKS_PATH, base=first, headers=user.headers,
                   json={"title": f"task {n}"})
        ids.append(expect(resp, 201)["id"])
        assert stats(user, base=second)["total_tasks"] == n
        assert stats(user, base=second)["todo_tasks"] == n
        assert count_at(user, second, "?status=todo") == n
        assert count_at(user, first, "?status=done") == 0

    resp = api("PATCH", task_path(ids[0]), base=second, headers=user.headers,
               json={"status": "done", "priority": "urgent"})
    expect(resp, 200)
    counts = stats(user, base=first)
    assert (counts["todo_tasks"], counts["done_tasks"]) == (4, 1), counts
    assert count_at(user, first, "?status=done&priority=urgent") == 1
    assert count_at(user, first, "?priority=medium") == 4

    resp = api("POST", TASKS_PATH + "bulk-update/", base=first, headers=user.headers,
               json={"task_ids": ids[1:3], "updates": {"status": "review"}})
    expect(resp, 200)
    counts = stats(user, base=second)
    assert (counts["todo_tasks"], counts["review_tasks"]) == (2, 2), counts
    assert count_at(user, second, "?status=review,done") == 3

    resp = api("PUT", task_path(ids[3]), base=second, headers=user.headers,
               json={"title": "replaced", "status": "cancelled"})
    expect(resp, 200)
    assert stats(user, base=first)["cancelled_tasks"] == 1

    expect(api("DELETE", task_path(ids[4]), base=first, headers=user.headers), 204)
    counts = stats(user, base=second)
    assert counts["total_tasks"] == 4 and counts["todo_tasks"] == 0, counts
    assert count_at(user, second) == 4


def test_counts_are_per_user(user):
    other = register()
    create_task(user, title="mine")
    stats(other, base=TASKS_URLS[0])
    create_task(other, title="theirs")
    create_task(other, title="theirs too")
    assert stats(user, base=TASKS_URLS[-1])["total_tasks"] == 1
    assert stats(other, base=TASKS_URLS[-1])["total_tasks"] == 2


def test_a_task_becomes_overdue_when_its_due_date_passes_without_any_write(user):
    due = datetime.now(timezone.utc) + timedelta(seconds=2)
    create_task(user, title="soon", due_date=due.isoformat().replace("+00:00", "Z"))
    create_task(user, title="later", due_date="2099-01-01T00:00:00Z")
    for base in TASKS_URLS:  # cached on every instance now
        assert stats(user, base=base)["overdue_tasks"] == 0
    time.sleep(max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 0.3)
    for base in TASKS_URLS:
        counts = stats(user, base=base)
        assert counts["overdue_tasks"] == 1, (base, counts)


def test_a_search_counts_only_the_matching_tasks(user):
    for title in ("alpha report", "beta report", "gamma"):
        create_task(user, title=title)
    stats(user, base=TASKS_URLS[0])
    resp = api("GET", TASKS_PATH + "?search=report", headers=user.headers)
    body = expect(resp, 200)
    assert body["count"] == 2 and len(body["results"]) == 2, describe(resp)
