"""Members, roles and invitations (Teams): the role × endpoint matrix for every role, a
non-member and an ex-member whose token is still valid; a project always keeps an owner;
invitations by email turn into memberships when that email registers; everyone's counts follow
changes made by the others."""

import uuid

import pytest

from support.http import api, describe, expect, expect_error, field_errors
from support.identities import register
from support.tasks import (
    PROJECTS_PATH, TASKS_PATH, add_member, create_label, create_project, create_task,
    personal_project, project_path, projects, stats, task_path,
)
from support.timing import wait_until

ROLES = ["viewer", "editor", "admin", "owner"]
OUTSIDERS = ["non-member", "ex-member"]


def unique_email():
    return f"invitee.{uuid.uuid4().hex[:12]}@example.com"


@pytest.fixture(scope="module")
def team():
    """A project whose owner added one member of each role, an outsider, and an ex-member who
    was removed (their token still valid); with a task in it."""
    owner = register()
    project = create_project(owner, name="team")
    people = {"owner": owner}
    for role in ["viewer", "editor", "admin"]:
        people[role] = register()
        add_member(owner, project, people[role], role)
    people["non-member"] = register()
    people["ex-member"] = register()
    add_member(owner, project, people["ex-member"], "editor")
    expect(api("DELETE", project_path(project, "members", people["ex-member"].id),
               headers=owner.headers), 204)
    task = create_task(owner, project_id=project["id"], title="shared")
    return project, people, task


def allowed_from(least_role):
    """{who: whether allowed} for an action that needs `least_role`."""
    rank = ROLES.index(least_role)
    return {**{role: i >= rank for i, role in enumerate(ROLES)}, **{o: False for o in OUTSIDERS}}


# What an outsider gets where the project is named in the body rather than the path: the same
# answer as for a project that does not exist.
OUTSIDER_ANSWERS = {
    "create a task": (400, lambda body: "project_id" in body["errors"]),
    "bulk-update a task": (404, lambda body: body == {"detail": "None of the given tasks were found."}),
}


def check(resp, who, allowed, ok_status, name=""):
    if allowed:
        assert resp.status_code == ok_status, f"{who}: {describe(resp)}"
    elif who in OUTSIDERS:
        status, expected = OUTSIDER_ANSWERS.get(
            name, (404, lambda body: body == {"detail": "Not found."}))
        assert expected(expect_error(resp, status)), f"{who}: {describe(resp)}"
    else:
        assert expect_error(resp, 403)["detail"], f"{who}: {describe(resp)}"


# (name, least role, expected success status, request maker(project, task, person, owner))
MATRIX = [
    ("read the project", "viewer", 200,
     lambda p, t, u, o: api("GET", project_path(p), headers=u.headers)),
    ("read a task", "viewer", 200,
     lambda p, t, u, o: api("GET", task_path(t), headers=u.headers)),
    ("read its comments", "viewer", 200,
     lambda p, t, u, o: api("GET", task_path(t, "comments"), headers=u.headers)),
    ("read its attachments", "viewer", 200,
     lambda p, t, u, o: api("GET", task_path(t, "attachments"), headers=u.headers)),
    ("read the members", "viewer", 200,
     lambda p, t, u, o: api("GET", project_path(p, "members"), headers=u.headers)),
    ("read the labels", "viewer", 200,
     lambda p, t, u, o: api("GET", project_path(p, "labels"), headers=u.headers)),
    ("read the project's activity", "viewer", 200,
     lambda p, t, u, o: api("GET", project_path(p, "activity"), headers=u.headers)),
    ("read a task's activity", "viewer", 200,
     lambda p, t, u, o: api("GET", task_path(t, "activity"), headers=u.headers)),
    ("move a task", "editor", 200,
     lambda p, t, u, o: api("POST", task_path(t, "move"), json={"after_id": None},
                            headers=u.headers)),
    ("assign a task", "editor", 200,
     lambda p, t, u, o: api("PATCH", task_path(t), json={"assignee_ids": [o.id]},
                            headers=u.headers)),
    ("add a label", "admin", 201,
     lambda p, t, u, o: api("POST", project_path(p, "labels"), json={"name": unique_email()},
                            headers=u.headers)),
    ("edit a label", "admin", 200,
     lambda p, t, u, o: api("PATCH", project_path(p, "labels", create_label(o, p)["id"]),
                            json={"color": "#000000"}, headers=u.headers)),
    ("delete a label", "admin", 204,
     lambda p, t, u, o: api("DELETE", project_path(p, "labels", create_label(o, p)["id"]),
                            headers=u.headers)),
    ("create a task", "editor", 201,
     lambda p, t, u, o: api("POST", TASKS_PATH, json={"title": "x", "project_id": p["id"]},
                            headers=u.headers)),
    ("edit a task", "editor", 200,
     lambda p, t, u, o: api("PATCH", task_path(t), json={"priority": "high"}, headers=u.headers)),
    ("bulk-update a task", "editor", 200,
     lambda p, t, u, o: api("POST", TASKS_PATH + "bulk-update/",
                            json={"task_ids": [t["id"]], "updates": {"status": "review"}},
                            headers=u.headers)),
    ("comment", "editor", 201,
     lambda p, t, u, o: api("POST", task_path(t, "comments"), json={"content": "hi"},
                            headers=u.headers)),
    ("upload", "editor", 201,
     lambda p, t, u, o: api("POST", task_path(t, "attachments"),
                            files={"file": ("n.txt", b"note")}, headers=u.headers)),
    ("delete a task", "editor", 204,
     lambda p, t, u, o: api("DELETE", task_path(create_task(o, project_id=p["id"])),
                            headers=u.headers)),
    ("change the settings", "admin", 200,
     lambda p, t, u, o: api("PATCH", project_path(p), json={"description": "d"},
                            headers=u.headers)),
    ("read the invitations", "admin", 200,
     lambda p, t, u, o: api("GET", project_path(p, "invitations"), headers=u.headers)),
    ("invite an editor", "admin", 201,
     lambda p, t, u, o: api("POST", project_path(p, "members"),
                            json={"email": unique_email(), "role": "editor"},
                            headers=u.headers)),
    ("invite an owner", "owner", 201,
     lambda p, t, u, o: api("POST", project_path(p, "members"),
                            json={"email": unique_email(), "role": "owner"},
                            headers=u.headers)),
    ("archive", "owner", 200,
     lambda p, t, u, o: api("PATCH", project_path(p), json={"archived": False},
                            headers=u.headers)),
]


@pytest.mark.parametrize("who", ROLES + OUTSIDERS)
@pytest.mark.parametrize("name, least, status, make", MATRIX, ids=[row[0] for row in MATRIX])
def test_role_matrix(team, who, name, least, status, make):
    project, people, task = team
    resp = make(project, task, people[who], people["owner"])
    check(resp, who, allowed_from(least)[who], status, name)


@pytest.mark.parametrize("who", ROLES[:-1] + OUTSIDERS)
def test_only_an_owner_deletes_a_project(team, who):
    project, people, _ = team
    check(api("DELETE", project_path(project), headers=people[who].headers), who, False, 204)


def test_a_member_sees_the_project_and_its_tasks_in_every_list(team):
    project, people, task = team
    for role in ROLES:
        listed = {p["id"]: p for p in projects(people[role])}
        assert listed[project["id"]]["role"] == role
        assert listed[project["id"]]["member_count"] == 4
        ids = {t["id"] for t in expect(api("GET", TASKS_PATH, params={"page_size": 100},
                                           headers=people[role].headers), 200)["results"]}
        assert task["id"] in ids
    for outsider in OUTSIDERS:
        assert project["id"] not in {p["id"] for p in projects(people[outsider])}
        ids = {t["id"] for t in expect(api("GET", TASKS_PATH, headers=people[outsider].headers),
                                       200)["results"]}
        assert task["id"] not in ids


def test_a_change_by_one_member_updates_everyones_counts():
    owner, editor = register(), register()
    project = create_project(owner)
    add_member(owner, project, editor, "editor")
    assert stats(owner)["total_tasks"] == 0  # cached now
    task = create_task(editor, project_id=project["id"])
    assert stats(owner)["total_tasks"] == 1
    expect(api("PATCH", task_path(task), json={"status": "done"}, headers=editor.headers), 200)
    assert stats(owner)["done_tasks"] == 1
    expect(api("DELETE", task_path(task), headers=editor.headers), 204)
    assert stats(owner)["total_tasks"] == 0


def test_the_last_owner_can_neither_leave_nor_be_demoted():
    owner, other = register(), register()
    project = create_project(owner)
    resp = api("DELETE", project_path(project, "members", owner.id), headers=owner.headers)
    assert "owner" in expect_error(resp, 409)["detail"]
    resp = api("PATCH", project_path(project, "members", owner.id), json={"role": "admin"},
               headers=owner.headers)
    assert "owner" in expect_error(resp, 409)["detail"]
    errors = field_errors(api("PATCH", project_path(project, "members", owner.id),
                              json={"role": "king"}, headers=owner.headers))
    assert errors == {"role": ['"king" is not a valid choice.']}
    resp = api("PATCH", project_path(project, "members", other.id), json={"role": "viewer"},
               headers=owner.headers)
    assert expect_error(resp, 404) == {"detail": "Not found."}, "not a member yet"
    add_member(owner, project, other, "owner")
    demoted = expect(api("PATCH", project_path(project, "members", owner.id),
                         json={"role": "admin"}, headers=owner.headers), 200)
    assert demoted["role"] == "admin"
    resp = api("DELETE", project_path(project, "members", owner.id), headers=owner.headers)
    assert resp.status_code == 204, describe(resp)
    assert project["id"] not in {p["id"] for p in projects(owner)}
    expect_error(api("GET", project_path(project), headers=owner.headers), 404)


def test_an_admin_cannot_touch_an_owner():
    owner, admin = register(), register()
    project = create_project(owner)
    add_member(owner, project, admin, "admin")
    for method, kwargs in [("PATCH", {"json": {"role": "viewer"}}), ("DELETE", {})]:
        resp = api(method, project_path(project, "members", owner.id), headers=admin.headers,
                   **kwargs)
        expect_error(resp, 403)
    resp = api("PATCH", project_path(project, "members", admin.id), json={"role": "owner"},
               headers=admin.headers)
    expect_error(resp, 403)


def test_adding_a_member_twice_or_sharing_a_personal_project_is_refused():
    owner, other = register(), register()
    project = create_project(owner)
    add_member(owner, project, other, "viewer")
    resp = api("POST", project_path(project, "members"), json={"email": other.email.upper()},
               headers=owner.headers)
    assert "already" in expect_error(resp, 409)["detail"]
    resp = api("POST", project_path(personal_project(owner), "members"),
               json={"email": other.email}, headers=owner.headers)
    assert "personal" in expect_error(resp, 403)["detail"]
    errors = field_errors(api("POST", project_path(project, "members"),
                              json={"email": "not-an-address", "role": "king"},
                              headers=owner.headers))
    assert set(errors) == {"email", "role"}


def test_an_invitation_becomes_a_membership_when_its_email_registers():
    owner = register()
    project = create_project(owner)
    email = unique_email()
    invited = expect(api("POST", project_path(project, "members"),
                         json={"email": email.upper(), "role": "viewer"}, headers=owner.headers),
                     201)
    assert (invited["email"], invited["role"], invited["invited_by"]) == (email, "viewer",
                                                                         owner.id)
    pending = expect(api("GET", project_path(project, "invitations"), headers=owner.headers), 200)
    assert [i["email"] for i in pending] == [email]

    newcomer = register(email=email)

    def joined():
        return {p["id"]: p["role"] for p in projects(newcomer)}.get(project["id"])

    assert wait_until(joined, 10.0) == "viewer"
    assert expect(api("GET", project_path(project, "invitations"), headers=owner.headers),
                  200) == []
    members = expect(api("GET", project_path(project, "members"), headers=owner.headers), 200)
    assert {m["user"]["email"] for m in members} == {owner.email, email}


def test_a_cancelled_invitation_is_gone():
    owner = register()
    project = create_project(owner)
    invited = expect(api("POST", project_path(project, "members"),
                         json={"email": unique_email()}, headers=owner.headers), 201)
    path = project_path(project, "invitations", invited["id"])
    assert api("DELETE", path, headers=owner.headers).status_code == 204
    expect_error(api("DELETE", path, headers=owner.headers), 404)
    assert expect(api("GET", project_path(project, "invitations"), headers=owner.headers),
                  200) == []


def test_projects_path_without_slash_reaches_the_service(user):
    assert isinstance(expect(api("GET", PROJECTS_PATH.rstrip("/"), headers=user.headers), 200),
                      list)
