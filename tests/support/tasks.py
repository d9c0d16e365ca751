"""The tasks service behind the gateway: the objects' fields, paths, and the calls most tests
make to set up a task."""

from support.config import TASKFLOW_HOME
from support.http import api, expect
from support.identities import unique

TASK_FIELDS = {
    "id", "title", "description", "user_id", "priority", "status", "due_date", "created_at",
    "updated_at", "completed_at",
}
TASK_DETAIL_FIELDS = TASK_FIELDS | {"comments", "attachments"}
COMMENT_FIELDS = {"id", "content", "user_id", "created_at", "updated_at"}
ATTACHMENT_FIELDS = {
    "id", "file_name", "file_size", "mime_type", "user_id", "created_at", "download_url",
}
PAGE_FIELDS = {"count", "next", "previous", "results"}
# Where the tasks instances keep uploaded files ($DATA_DIR/attachments, DATA_DIR=data/tasks).
TASKS_ATTACHMENTS_DIR = TASKFLOW_HOME / "data" / "tasks" / "attachments"
TASKS_PATH = "/api/tasks/"
STATS_PATH = TASKS_PATH + "stats/"


def task_path(task_or_id, *rest):
    """/api/tasks/{id}/ (+ "comments/", ...): `task_or_id` is a task object or an id."""
    tid = task_or_id["id"] if isinstance(task_or_id, dict) else task_or_id
    return f"{TASKS_PATH}{tid}/" + "".join(f"{part}/" for part in rest)


def create_task(user, base=None, **fields):
    """Creates a task for `user` (through the gateway, or on `base`); the title defaults to a
    unique one. Returns the task object. Asserts 201."""
    body = {"title": unique("task-")}
    body.update(fields)
    return expect(api("POST", TASKS_PATH, base=base, json=body, headers=user.headers), 201)


def get_task(user, task_or_id, base=None):
    """GET /api/tasks/{id}/ as `user`; returns the detail object. Asserts 200."""
    return expect(api("GET", task_path(task_or_id), base=base, headers=user.headers), 200)


def stats(user, base=None):
    """GET /api/tasks/stats/ as `user`; returns the counts. Asserts 200."""
    return expect(api("GET", STATS_PATH, base=base, headers=user.headers), 200)
