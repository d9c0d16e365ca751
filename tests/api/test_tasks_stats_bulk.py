"""GET /api/tasks/stats/ (the seven counters, overdue) and POST /api/tasks/bulk-update/ (what it
may change, its validation, updated_count, completed_at on each task)."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from support.http import api, describe, expect, expect_error, field_errors, parse_timestamp
from support.tasks import STATS_PATH, TASK_FIELDS, create_task, get_task

BULK_PATH = "/api/tasks/bulk-update/"
STATS_FIELDS = {"total_tasks", "todo_tasks", "in_progress_tasks", "review_tasks", "done_tasks",
                "cancelled_tasks", "overdue_tasks"}
PAST = "2020-01-01T00:00:00Z"
FUTURE = "2099-01-01T00:00:00Z"


def stats(user):
    resp = api("GET", STATS_PATH, headers=user.headers)
    body = expect(resp, 200)
    assert set(body) == STATS_FIELDS, describe(resp)
    assert all(isinstance(v, int) for v in body.values()), describe(resp)
    return body


def bulk(user, task_ids, updates, **extra):
    return api("POST", BULK_PATH, json={"task_ids": task_ids, "updates": updates, **extra},
               headers=user.headers)


def task_fields(user, task):
    return {k: v for k, v in get_task(user, task).items() if k in TASK_FIELDS}


# ---------------------------------------------------------------------------------- stats
def test_stats_of_a_new_user_are_zero(user):
    assert stats(user) == dict.fromkeys(STATS_FIELDS, 0)


def test_stats_count_every_status_and_overdue(user):
    specs = [
        ("todo", PAST),            # overdue
        ("todo", FUTURE),
        ("todo", None),
        ("in_progress", PAST),     # overdue
        ("in_progress", FUTURE),
        ("review", PAST),          # overdue
        ("done", PAST),            # past due but done: not overdue
        ("done", None),
        ("cancelled", PAST),       # past due but cancelled: not overdue
        ("cancelled", FUTURE),
    ]
    tasks = [create_task(user, status=s, due_date=d) for s, d in specs]
    assert stats(user) == {
        "total_tasks": 10, "todo_tasks": 3, "in_progress_tasks": 2, "review_tasks": 1,
        "done_tasks": 2, "cancelled_tasks": 2, "overdue_tasks": 3,
    }

    # Completing an overdue task, clearing another's due date, making a future one past due.
    expect(api("PATCH", f"/api/tasks/{tasks[0]['id']}/", json={"status": "done"},
               headers=user.headers), 200)
    expect(api("PATCH", f"/api/tasks/{tasks[3]['id']}/", json={"due_date": None},
               headers=user.headers), 200)
    expect(api("PATCH", f"/api/tasks/{tasks[4]['id']}/", json={"due_date": PAST},
               headers=user.headers), 200)
    expect(api("DELETE", f"/api/tasks/{tasks[9]['id']}/", headers=user.headers), 204)
    assert stats(user) == {
        "total_tasks": 9, "todo_tasks": 2, "in_progress_tasks": 2, "review_tasks": 1,
        "done_tasks": 3, "cancelled_tasks": 1, "overdue_tasks": 2,
    }


def test_stats_overdue_is_due_before_now(user):
    """A due date a few seconds ago is overdue already; one in the future is not."""
    now = datetime.now(timezone.utc)
    create_task(user, due_date=(now - timedelta(seconds=5)).isoformat())
    create_task(user, due_date=(now + timedelta(hours=1)).isoformat())
    body = stats(user)
    assert body["overdue_tasks"] == 1 and body["total_tasks"] == 2, body


def test_stats_without_trailing_slash(user):
    create_task(user)
    resp = api("GET", STATS_PATH.rstrip("/"), headers=user.headers)
    assert expect(resp, 200)["total_tasks"] == 1, describe(resp)


# ----------------------------------------------------------------------------------- bulk
def test_bulk_update_status_and_priority(user):
    tasks = [create_task(user) for _ in range(3)]
    untouched = create_task(user)
    resp = bulk(user, [t["id"] for t in tasks], {"status": "in_progress", "priority": "urgent"})
    body = expect(resp, 200)
    assert body == {"message": "Successfully updated 3 tasks.", "updated_count": 3}, describe(resp)
    for task in tasks:
        now = task_fields(user, task)
        assert now["status"] == "in_progress" and now["priority"] == "urgent", now
        assert now["title"] == task["title"] and now["created_at"] == task["created_at"]
        assert parse_timestamp(now["updated_at"]) > parse_timestamp(task["updated_at"])
    assert task_fields(user, untouched) == untouched


def test_bulk_update_due_date_and_null_clears_it(user):
    tasks = [create_task(user), create_task(user, due_date=PAST)]
    ids = [t["id"] for t in tasks]
    assert expect(bulk(user, ids, {"due_date": "2031-07-04T12:00:00+02:00"}),
                  200)["updated_count"] == 2
    assert [get_task(user, t)["due_date"] for t in tasks] == ["2031-07-04T10:00:00Z"] * 2
    assert expect(bulk(user, ids, {"due_date": None}), 200)["updated_count"] == 2
    assert [get_task(user, t)["due_date"] for t in tasks] == [None, None]


def test_bulk_update_completed_at(user):
    fresh = create_task(user)
    already = create_task(user, status="done")
    ids = [fresh["id"], already["id"]]

    expect(bulk(user, ids, {"status": "done"}), 200)
    fresh_done = get_task(user, fresh)
    assert fresh_done["completed_at"] is not None, fresh_done
    assert fresh_done["completed_at"] == fresh_done["updated_at"], fresh_done
    # Already done: its completion is kept.
    assert get_task(user, already)["completed_at"] == already["completed_at"]

    # Staying done through another bulk change keeps both.
    expect(bulk(user, ids, {"priority": "low", "status": "done"}), 200)
    assert get_task(user, fresh)["completed_at"] == fresh_done["completed_at"]
    assert get_task(user, already)["completed_at"] == already["completed_at"]

    # Leaving done clears both.
    expect(bulk(user, ids, {"status": "review"}), 200)
    assert [get_task(user, t)["completed_at"] for t in (fresh, already)] == [None, None]


def test_bulk_update_counts_each_task_once(user):
    a, b = create_task(user), create_task(user)
    body = expect(bulk(user, [a["id"], b["id"], a["id"], a["id"]], {"priority": "high"}), 200)
    assert body["updated_count"] == 2, body
    assert body["message"] == "Successfully updated 2 tasks.", body


def test_bulk_update_skips_ids_that_do_not_exist(user):
    a = create_task(user)
    body = expect(bulk(user, [a["id"], 9223372036854775807, 999999999], {"priority": "low"}), 200)
    assert body["updated_count"] == 1, body
    assert get_task(user, a)["priority"] == "low"


def test_bulk_update_with_no_existing_ids_is_404(user):
    resp = bulk(user, [9223372036854775807], {"status": "done"})
    expect_error(resp, 404)


@pytest.mark.parametrize("field, value", [
    ("title", "renamed"), ("description", "x"), ("id", 5), ("user_id", 1),
    ("completed_at", "2020-01-01T00:00:00Z"), ("created_at", "2020-01-01T00:00:00Z"),
    ("bogus", 1),
])
def test_bulk_update_only_status_priority_due_date(user, field, value):
    task = create_task(user)
    resp = bulk(user, [task["id"]], {field: value, "status": "done"})
    errors = field_errors(resp)
    assert "updates" in errors, describe(resp)
    assert any(field in m for m in errors["updates"]), describe(resp)
    # Nothing applied, not even the valid part.
    assert task_fields(user, task) == task


@pytest.mark.parametrize("updates, needle", [
    ({"status": "finished"}, "status"),
    ({"status": None}, "status"),
    ({"priority": "critical"}, "priority"),
    ({"priority": 3}, "priority"),
    ({"due_date": "next week"}, "due_date"),
    ({"due_date": 12}, "due_date"),
])
def test_bulk_update_invalid_values(user, updates, needle):
    task = create_task(user)
    errors = field_errors(bulk(user, [task["id"]], updates))
    assert any(needle in m for m in errors.get("updates", [])), errors
    assert task_fields(user, task) == task


OWN = "OWN"


@pytest.mark.parametrize("body, field", [
    ({"task_ids": [], "updates": {"status": "done"}}, "task_ids"),
    ({"updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": None, "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": "1", "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": 1, "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": {"1": 1}, "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": ["1"], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [1.5], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [True], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [None], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [[1]], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [0], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [-3], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": [99999999999999999999], "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": list(range(1, 1002)), "updates": {"status": "done"}}, "task_ids"),
    ({"task_ids": OWN, "updates": {}}, "updates"),
    ({"task_ids": OWN}, "updates"),
    ({"task_ids": OWN, "updates": None}, "updates"),
    ({"task_ids": OWN, "updates": []}, "updates"),
    ({"task_ids": OWN, "updates": "status=done"}, "updates"),
    ({"task_ids": OWN, "updates": {"status": "done"}, "extra": True}, "extra"),
    ({"ids": OWN, "updates": {"status": "done"}}, "ids"),
])
def test_bulk_update_validation(user, body, field):
    task = create_task(user)
    # OWN: the user's own task, so only the rule under test can fail.
    body = {k: [task["id"]] if v == OWN else v for k, v in body.items()}
    resp = api("POST", BULK_PATH, json=body, headers=user.headers)
    errors = field_errors(resp)
    assert field in errors, describe(resp)
    assert task_fields(user, task) == task


def test_bulk_update_one_bad_id_rejects_everything(user):
    a, b = create_task(user), create_task(user)
    errors = field_errors(bulk(user, [a["id"], "x", b["id"]], {"status": "done"}))
    assert "task_ids" in errors, errors
    assert [get_task(user, t)["status"] for t in (a, b)] == ["todo", "todo"]


def test_bulk_update_empty_ids_and_empty_updates_messages(user):
    errors = field_errors(bulk(user, [], {}))
    assert errors.get("task_ids") == ["This list may not be empty."], errors
    assert errors.get("updates") == ["This dictionary may not be empty."], errors


@pytest.mark.parametrize("payload", [b"{", b"[]", b"[1, 2]", b'"x"', b"null", b"42",
                                     b'{"task_ids": [1], "updates": }'])
def test_bulk_update_malformed_or_non_object_body(user, payload):
    resp = api("POST", BULK_PATH, data=payload,
               headers={**user.headers, "Content-Type": "application/json"})
    expect_error(resp, 400)


def test_bulk_update_without_trailing_slash(user):
    task = create_task(user)
    resp = api("POST", BULK_PATH.rstrip("/"), data=json.dumps(
        {"task_ids": [task["id"]], "updates": {"status": "review"}}),
        headers={**user.headers, "Content-Type": "application/json"})
    assert expect(resp, 200)["updated_count"] == 1, describe(resp)
