"""Another user's tasks answer exactly as if they did not exist (404), on every route, and are
never counted, listed or changed."""

import uuid

import pytest

from support.http import api, describe, expect, expect_error
from support.identities import register
from support.tasks import TASKS_ATTACHMENTS_DIR, TASK_FIELDS, create_task, get_task, task_path

MISSING_ID = 9223372036854775807  # a valid id no task has


@pytest.fixture
def owner():
    return register()


@pytest.fixture
def other():
    return register()


@pytest.fixture
def owned(owner):
    """The owner's task, with a comment and an attachment; returns (task, detail)."""
    task = create_task(owner, title="private plans", description="secret", status="review",
                       priority="high", due_date="2020-01-01T00:00:00Z")
    expect(api("POST", task_path(task, "comments"), json={"content": "mine"},
               headers=owner.headers), 201)
    expect(api("POST", task_path(task, "attachments"), files={"file": ("p.txt", b"private")},
               headers=owner.headers), 201)
    return task, get_task(owner, task)


def foreign_requests(task, attachment_id):
    """Every route that names a task, as (method, path, kwargs)."""
    return [
        ("GET", task_path(task), {}),
        ("PATCH", task_path(task), {"json": {"title": "hijacked"}}),
        ("PUT", task_path(task), {"json": {"title": "hijacked", "status": "done"}}),
        ("DELETE", task_path(task), {}),
        ("GET", task_path(task, "comments"), {}),
        ("POST", task_path(task, "comments"), {"json": {"content": "intruder"}}),
        ("GET", task_path(task, "attachments"), {}),
        ("POST", task_path(task, "attachments"), {"files": {"file": ("x.txt", b"intruder")}}),
        ("GET", task_path(task, "attachments", attachment_id), {}),
    ]


def test_every_route_answers_404_for_another_users_task(owner, other, owned):
    task, before = owned
    attachment_id = before["attachments"][0]["id"]
    missing = {"id": MISSING_ID}
    for (method, path, kwargs), (_, missing_path, _) in zip(
            foreign_requests(task, attachment_id), foreign_requests(missing, attachment_id)):
        resp = api(method, path, headers=other.headers, **kwargs)
        body = expect_error(resp, 404)
        # Exactly as for a task that does not exist.
        resp_missing = api(method, missing_path, headers=other.headers, **kwargs)
        assert body == expect_error(resp_missing, 404), describe(resp) + describe(resp_missing)
    # The owner sees the task exactly as before: nothing changed, nothing added or deleted.
    assert get_task(owner, task) == before


def test_rejected_upload_to_another_users_task_leaves_no_file(owner, other, owned):
    task, before = owned
    content = f"orphan? {uuid.uuid4().hex}".encode()
    resp = api("POST", task_path(task, "attachments"), files={"file": ("o.txt", content)},
               headers=other.headers)
    expect_error(resp, 404)
    leftovers = [p for p in TASKS_ATTACHMENTS_DIR.iterdir()
                 if p.stat().st_size == len(content) and p.read_bytes() == content]
    assert leftovers == [], leftovers
    assert get_task(owner, task)["attachments"] == before["attachments"]


def test_download_by_another_user_is_404(owner, other, owned):
    _, detail = owned
    att = detail["attachments"][0]
    expect_error(api("GET", att["download_url"], headers=other.headers), 404)
    resp = api("GET", att["download_url"], headers=owner.headers)
    assert resp.status_code == 200 and resp.content == b"private", describe(resp)


def test_the_other_users_own_task_does_not_open_the_attachment(owner, other, owned):
    """An attachment id under the other user's own task id is not found either."""
    _, detail = owned
    att_id = detail["attachments"][0]["id"]
    mine = create_task(other)
    expect_error(api("GET", task_path(mine, "attachments", att_id), headers=other.headers), 404)


def test_list_and_stats_never_include_another_users_tasks(owner, other, owned):
    task, _ = owned
    create_task(owner, status="done")
    own = create_task(other, title="my own")
    page = expect(api("GET", "/api/tasks/", headers=other.headers), 200)
    assert page["count"] == 1 and [t["id"] for t in page["results"]] == [own["id"]], page
    for params in ({"search": "private"}, {"search": "secret"}, {"status": "review"},
                   {"priority": "high"}, {"status": "done"}, {"page_size": 100}):
        page = expect(api("GET", "/api/tasks/", params=params, headers=other.headers), 200)
        assert task["id"] not in [t["id"] for t in page["results"]], (params, page)
    stats = expect(api("GET", "/api/tasks/stats/", headers=other.headers), 200)
    assert stats == {"total_tasks": 1, "todo_tasks": 1, "in_progress_tasks": 0,
                     "review_tasks": 0, "done_tasks": 0, "cancelled_tasks": 0,
                     "overdue_tasks": 0}, stats
    # The owner's own view counts them.
    owner_stats = expect(api("GET", "/api/tasks/stats/", headers=owner.headers), 200)
    assert owner_stats["total_tasks"] == 2 and owner_stats["overdue_tasks"] == 1, owner_stats


def test_bulk_update_of_only_another_users_tasks_is_404(owner, other, owned):
    task, before = owned
    second = create_task(owner)
    resp = api("POST", "/api/tasks/bulk-update/",
               json={"task_ids": [task["id"], second["id"]], "updates": {"status": "cancelled"}},
               headers=other.headers)
    expect_error(resp, 404)
    assert get_task(owner, task) == before
    assert {k: v for k, v in get_task(owner, second).items() if k in TASK_FIELDS} == second


def test_bulk_update_with_mixed_ids_updates_only_ones_own(owner, other, owned):
    task, before = owned
    mine = [create_task(other), create_task(other)]
    resp = api("POST", "/api/tasks/bulk-update/",
               json={"task_ids": [task["id"], mine[0]["id"], mine[1]["id"]],
                     "updates": {"status": "done", "priority": "low"}},
               headers=other.headers)
    body = expect(resp, 200)
    assert body["updated_count"] == 2, describe(resp)
    for t in mine:
        now = get_task(other, t)
        assert now["status"] == "done" and now["priority"] == "low", now
    assert get_task(owner, task) == before

