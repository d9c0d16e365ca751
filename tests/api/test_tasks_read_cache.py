"""Pages of the list and a project's stats are cached per user between changes (services/tasks
ReadCache), like the counts: whatever changes what a member reads (another member's write, a
label removed from a project, the member leaving it) must show at once, on every instance, for
every filter the page was cached under."""

from support.config import TASKS_URLS
from support.http import api, expect
from support.identities import register
from support.tasks import (
    TASKS_PATH, add_member, create_label, create_project, create_task, project_path, task_path,
)

FIRST, SECOND = TASKS_URLS[0], TASKS_URLS[-1]


def page(user, base, **params):
    return expect(api("GET", TASKS_PATH, base=base, params=params, headers=user.headers), 200)


def project_stats(user, project, base):
    return expect(api("GET", TASKS_PATH + "stats/", base=base, params={"project": project["id"]},
                      headers=user.headers), 200)


def test_another_members_writes_show_in_every_cached_view(user):
    other = register()
    project = create_project(other)
    add_member(other, project, user, "editor")
    label = create_label(other, project, name="cached")
    views = [{}, {"status": "todo"}, {"project": project["id"]}, {"assignee": "me"},
             {"label": label["id"]}, {"search": "needle"},
             {"project": project["id"], "status": "todo", "ordering": "position"}]
    # Read every view on both instances first, so a stale entry would be there to serve.
    for base in (FIRST, SECOND):
        for params in views:
            assert page(user, base, **params)["count"] == 0
        assert project_stats(user, project, base)["total_tasks"] == 0

    task = create_task(other, base=FIRST, title="a needle", project_id=project["id"],
                       assignee_ids=[user.id], label_ids=[label["id"]])
    for base in (FIRST, SECOND):
        for params in views:
            listed = page(user, base, **params)
            assert [t["id"] for t in listed["results"]] == [task["id"]], params
        assert project_stats(user, project, base)["total_tasks"] == 1

    expect(api("PATCH", task_path(task), base=SECOND, headers=other.headers,
               json={"title": "renamed", "status": "done"}), 200)
    for base in (FIRST, SECOND):
        assert page(user, base)["results"][0]["title"] == "renamed"
        assert page(user, base, status="todo")["count"] == 0
        assert page(user, base, search="needle")["count"] == 0
        assert project_stats(user, project, base)["done_tasks"] == 1


def test_a_removed_label_leaves_the_cached_pages(user):
    project = create_project(user)
    label = create_label(user, project, name="short-lived")
    task = create_task(user, title="labelled", project_id=project["id"], label_ids=[label["id"]])
    for base in (FIRST, SECOND):
        assert page(user, base)["results"][0]["label_ids"] == [label["id"]]
        assert page(user, base, label=label["id"])["count"] == 1

    expect(api("DELETE", project_path(project, "labels", label["id"]), base=FIRST,
               headers=user.headers), 204)
    for base in (FIRST, SECOND):
        assert page(user, base)["results"][0]["label_ids"] == []
        assert page(user, base, label=label["id"])["count"] == 0
    assert page(user, SECOND)["results"][0]["id"] == task["id"]


def test_a_member_who_leaves_stops_reading_the_cached_pages(user):
    owner = register()
    project = create_project(owner)
    add_member(owner, project, user, "viewer")
    create_task(owner, title="shared", project_id=project["id"])
    for base in (FIRST, SECOND):
        assert page(user, base)["count"] == 1
        assert page(user, base, project=project["id"])["count"] == 1
        assert project_stats(user, project, base)["total_tasks"] == 1

    expect(api("DELETE", project_path(project, "members", user.id), base=SECOND,
               headers=owner.headers), 204)
    for base in (FIRST, SECOND):
        assert page(user, base)["count"] == 0
        resp = api("GET", TASKS_PATH, base=base, params={"project": project["id"]},
                   headers=user.headers)
        expect(resp, 404)
        resp = api("GET", TASKS_PATH + "stats/", base=base, params={"project": project["id"]},
                   headers=user.headers)
        expect(resp, 404)


def test_pages_are_cached_per_user(user):
    other = register()
    project = create_project(user)
    add_member(user, project, other, "viewer")
    mine = create_task(user, title="mine")
    shared = create_task(user, title="shared", project_id=project["id"])
    assert {t["id"] for t in page(user, FIRST)["results"]} == {mine["id"], shared["id"]}
    assert [t["id"] for t in page(other, FIRST)["results"]] == [shared["id"]]
