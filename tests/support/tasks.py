"""The tasks service behind the gateway: the objects' fields, paths, and the calls most tests
make to set up a task."""

from support.config import TASKFLOW_HOME
from support.http import api, expect
from support.identities import unique
from support.timing import wait_until

TASK_FIELDS = {
    "id", "title", "description", "user_id", "project_id", "priority", "status", "due_date",
    "created_at", "updated_at", "completed_at", "assignee_ids", "label_ids", "position",
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
PROJECTS_PATH = "/api/projects/"
PROJECT_FIELDS = {
    "id", "name", "description", "color", "is_personal", "archived", "role", "member_count",
    "created_at", "updated_at",
}


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


def project_path(project_or_id, *rest):
    """/api/projects/{id}/ (+ "members/", ...): `project_or_id` is a project object or an id."""
    pid = project_or_id["id"] if isinstance(project_or_id, dict) else project_or_id
    return f"{PROJECTS_PATH}{pid}/" + "".join(f"{part}/" for part in rest)


def create_project(user, **fields):
    """Creates a project owned by `user`; the name defaults to a unique one. Returns the project
    object. Asserts 201."""
    body = {"name": unique("project-")}
    body.update(fields)
    return expect(api("POST", PROJECTS_PATH, json=body, headers=user.headers), 201)


def projects(user):
    """GET /api/projects/ as `user`. Asserts 200."""
    return expect(api("GET", PROJECTS_PATH, headers=user.headers), 200)


def personal_project(user):
    """The user's personal project (made on first need)."""
    return next(p for p in projects(user) if p["is_personal"])


def create_label(user, project, **fields):
    """Adds a label to `project` as `user` (an admin); the name defaults to a unique one.
    Asserts 201."""
    body = {"name": unique("label-")[:50]}
    body.update(fields)
    return expect(api("POST", project_path(project, "labels"), json=body, headers=user.headers),
                  201)


def move_task(user, task_or_id, after_id, status=None):
    """POST /api/tasks/{id}/move/ as `user`; returns the moved task. Asserts 200."""
    body = {"after_id": after_id}
    if status:
        body["status"] = status
    return expect(api("POST", task_path(task_or_id, "move"), json=body, headers=user.headers), 200)


def board_column(user, project, status):
    """The ids of a board column, in its order."""
    page = expect(api("GET", TASKS_PATH, params={"project": project["id"], "status": status,
                                                 "ordering": "position", "page_size": 100},
                      headers=user.headers), 200)
    return [t["id"] for t in page["results"]]


def add_member(owner, project, member, role="editor", timeout=10.0):
    """Adds the registered user `member` to `project` as `owner` (any admin) and returns the
    member object. A user whose registration has not reached the tasks service's directory yet
    is invited instead, and joins as soon as it does: this waits for that."""
    added = expect(api("POST", project_path(project, "members"),
                       json={"email": member.email, "role": role}, headers=owner.headers), 201)
    if "user" in added:
        return added

    def joined():
        listed = expect(api("GET", project_path(project, "members"), headers=owner.headers), 200)
        return next((m for m in listed if m["user"]["id"] == member.id), None)

    found = wait_until(joined, timeout)
    assert found, f"{member.email} was invited but never joined: {added}"
    return found
