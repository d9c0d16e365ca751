"""Projects (Teams): every user's personal project, where the original API's tasks live;
shared projects and their settings; what a non-member sees (nothing); archived projects are
read-only; deleting a project deletes its tasks with an event for each."""

import pytest

from support.events import ROUTING_KEYS, EventQueue
from support.http import api, describe, expect, expect_error, field_errors
from support.identities import register
from support.tasks import (
    PROJECT_FIELDS, PROJECTS_PATH, STATS_PATH, TASKS_PATH, create_project, create_task, get_task,
    personal_project, project_path, projects, stats, task_path,
)

MISSING_ID = 9223372036854775807


@pytest.fixture
def other():
    return register()


def test_a_new_user_has_one_personal_project_they_own(user):
    listed = projects(user)
    assert len(listed) == 1, listed
    personal = listed[0]
    assert set(personal) == PROJECT_FIELDS
    assert personal["is_personal"] is True
    assert personal["role"] == "owner"
    assert personal["member_count"] == 1
    assert personal["archived"] is False
    # Made once: asking again gives the same project.
    assert projects(user) == listed


def test_tasks_created_without_a_project_go_to_the_personal_one(user):
    task = create_task(user)
    assert task["project_id"] == personal_project(user)["id"]
    explicit_null = create_task(user, project_id=None)
    assert explicit_null["project_id"] == task["project_id"]


def test_a_project_is_created_owned_read_and_changed(user):
    project = create_project(user, name="  Launch  ", description="Q1", color="#0EA5E9")
    assert set(project) == PROJECT_FIELDS
    assert project["name"] == "Launch"
    assert project["color"] == "#0ea5e9"
    assert (project["role"], project["member_count"], project["is_personal"]) == ("owner", 1, False)

    fetched = expect(api("GET", project_path(project), headers=user.headers), 200)
    assert fetched == project

    changed = expect(api("PATCH", project_path(project), json={"name": "Launch v2", "id": 1},
                         headers=user.headers), 200)
    assert changed["name"] == "Launch v2"
    assert changed["id"] == project["id"]
    assert changed["updated_at"] >= project["updated_at"]

    names = [p["name"] for p in projects(user)]
    assert names[0] == "Personal", "the personal project comes first"
    assert "Launch v2" in names


@pytest.mark.parametrize("body, field", [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"name": "a", "color": "blue"}, "color"),
    ({"name": "a", "owner_id": 3}, "owner_id"),
    ({"name": "a", "archived": "no"}, "archived"),
])
def test_an_invalid_project_is_refused_naming_the_field(user, body, field):
    errors = field_errors(api("POST", PROJECTS_PATH, json=body, headers=user.headers))
    assert field in errors, errors


def test_tasks_of_every_project_are_listed_counted_and_moved(user):
    project = create_project(user)
    in_personal = create_task(user, title="personal one")
    in_project = create_task(user, title="project one", project_id=project["id"])
    assert in_project["project_id"] == project["id"]

    listed = expect(api("GET", TASKS_PATH, headers=user.headers), 200)
    assert {t["id"] for t in listed["results"]} == {in_personal["id"], in_project["id"]}
    assert listed["count"] == 2
    assert stats(user)["total_tasks"] == 2

    moved = expect(api("PATCH", task_path(in_personal), json={"project_id": project["id"]},
                       headers=user.headers), 200)
    assert moved["project_id"] == project["id"]
    assert get_task(user, in_personal)["project_id"] == project["id"]
    assert stats(user)["total_tasks"] == 2


def test_a_project_is_invisible_to_a_non_member(user, other):
    project = create_project(user)
    task = create_task(user, project_id=project["id"])
    for method, kwargs in [("GET", {}), ("PATCH", {"json": {"name": "mine"}}), ("DELETE", {})]:
        resp = api(method, project_path(project), headers=other.headers, **kwargs)
        assert expect_error(resp, 404) == {"detail": "Not found."}, describe(resp)
        missing = api(method, project_path(MISSING_ID), headers=other.headers, **kwargs)
        assert expect_error(missing, 404) == {"detail": "Not found."}
    assert project["id"] not in {p["id"] for p in projects(other)}
    for junk in ("abc", "0", "007", "-1"):
        resp = api("GET", f"{PROJECTS_PATH}{junk}/", headers=user.headers)
        assert expect_error(resp, 404) == {"detail": "Not found."}, describe(resp)
    expect_error(api("GET", task_path(task), headers=other.headers), 404)
    # Naming it in a body answers as for a project that does not exist.
    for project_id in (project["id"], MISSING_ID):
        errors = field_errors(api("POST", TASKS_PATH, json={"title": "x", "project_id": project_id},
                                  headers=other.headers))
        assert "project_id" in errors, errors
    own = create_task(other)
    errors = field_errors(api("PATCH", task_path(own), json={"project_id": project["id"]},
                              headers=other.headers))
    assert "project_id" in errors
    assert get_task(other, own)["project_id"] == own["project_id"]


def test_the_personal_project_cannot_be_archived_or_deleted(user):
    personal = personal_project(user)
    resp = api("PATCH", project_path(personal), json={"archived": True}, headers=user.headers)
    assert "archived" in expect_error(resp, 403)["detail"]
    resp = api("DELETE", project_path(personal), headers=user.headers)
    assert "personal" in expect_error(resp, 403)["detail"]
    renamed = expect(api("PATCH", project_path(personal), json={"name": "Inbox"},
                         headers=user.headers), 200)
    assert renamed["name"] == "Inbox" and renamed["is_personal"] is True


def test_an_archived_project_is_read_only_until_restored(user):
    project = create_project(user)
    task = create_task(user, project_id=project["id"])
    archived = expect(api("PATCH", project_path(project), json={"archived": True},
                          headers=user.headers), 200)
    assert archived["archived"] is True

    refused = [
        api("POST", TASKS_PATH, json={"title": "x", "project_id": project["id"]},
            headers=user.headers),
        api("PATCH", task_path(task), json={"title": "changed"}, headers=user.headers),
        api("POST", task_path(task, "comments"), json={"content": "hi"}, headers=user.headers),
        api("DELETE", task_path(task), headers=user.headers),
        api("PATCH", project_path(project), json={"name": "renamed"}, headers=user.headers),
    ]
    for resp in refused:
        assert "archived" in expect_error(resp, 403)["detail"], describe(resp)
    assert get_task(user, task)["title"] == task["title"]

    restored = expect(api("PATCH", project_path(project), json={"archived": False, "name": "back"},
                          headers=user.headers), 200)
    assert (restored["archived"], restored["name"]) == (False, "back")
    expect(api("PATCH", task_path(task), json={"title": "changed"}, headers=user.headers), 200)


def test_deleting_a_project_deletes_its_tasks_with_an_event_each(user):
    project = create_project(user)
    kept = create_task(user)
    doomed = [create_task(user, project_id=project["id"]) for _ in range(3)]
    expect(api("POST", task_path(doomed[0], "attachments"), files={"file": ("a.txt", b"x")},
               headers=user.headers), 201)
    queue = EventQueue(binding=ROUTING_KEYS["task_deleted"])
    try:
        resp = api("DELETE", project_path(project), headers=user.headers)
        assert resp.status_code == 204, describe(resp)
        events = queue.settle(user.id, 3)
    finally:
        queue.delete()
    assert sorted(e.task_id for e in events) == sorted(t["id"] for t in doomed)
    for task in doomed:
        expect_error(api("GET", task_path(task), headers=user.headers), 404)
    expect_error(api("GET", project_path(project), headers=user.headers), 404)
    assert get_task(user, kept)["id"] == kept["id"]
    assert stats(user)["total_tasks"] == 1


def test_the_list_and_stats_narrow_to_one_project(user, other):
    project = create_project(user)
    create_task(user, title="elsewhere")
    inside = [create_task(user, project_id=project["id"], status=s) for s in ("todo", "done")]
    listed = expect(api("GET", TASKS_PATH, params={"project": project["id"]},
                        headers=user.headers), 200)
    assert listed["count"] == 2
    assert {t["id"] for t in listed["results"]} == {t["id"] for t in inside}
    done = expect(api("GET", TASKS_PATH, params={"project": project["id"], "status": "done"},
                      headers=user.headers), 200)
    assert [t["id"] for t in done["results"]] == [inside[1]["id"]]
    counts = expect(api("GET", STATS_PATH, params={"project": project["id"]},
                        headers=user.headers), 200)
    assert (counts["total_tasks"], counts["done_tasks"]) == (2, 1)
    assert stats(user)["total_tasks"] == 3
    for path in (TASKS_PATH, STATS_PATH):
        expect_error(api("GET", path, params={"project": project["id"]}, headers=other.headers),
                     404)
        assert "project" in field_errors(api("GET", path, params={"project": "x"},
                                             headers=user.headers))
