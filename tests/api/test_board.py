"""Labels, assignees and the board (Teams): labels belong to a project and its tasks carry
them; assignees are members; the list filters by both; a board column keeps the order moves
give it, also when many moves race in one column; every change leaves an entry in the activity
log, written with the change."""

import threading

import pytest

from support.http import api, describe, expect, expect_error, field_errors
from support.identities import register
from support.tasks import (
    TASKS_PATH, add_member, board_column, create_label, create_project, create_task, get_task,
    move_task, project_path, task_path,
)


@pytest.fixture
def team():
    """A project with its owner and an editor."""
    owner, editor = register(), register()
    project = create_project(owner)
    add_member(owner, project, editor, "editor")
    return project, owner, editor


def listed_ids(user, **params):
    page = expect(api("GET", TASKS_PATH, params={"page_size": 100, **params},
                      headers=user.headers), 200)
    assert page["count"] == len(page["results"])
    return {t["id"] for t in page["results"]}


# ------------------------------------------------------------------------------------ labels

def test_labels_are_listed_by_name_and_changed_by_admins(team):
    project, owner, editor = team
    bug = create_label(owner, project, name="bug", color="#DC2626")
    assert bug == {"id": bug["id"], "name": "bug", "color": "#dc2626"}
    chore = create_label(owner, project, name="Chore")
    assert chore["color"] == "#64748b"
    listed = expect(api("GET", project_path(project, "labels"), headers=editor.headers), 200)
    assert [label["name"] for label in listed] == ["bug", "Chore"]

    renamed = expect(api("PATCH", project_path(project, "labels", bug["id"]),
                         json={"name": "defect"}, headers=owner.headers), 200)
    assert renamed == {**bug, "name": "defect"}
    resp = api("PATCH", project_path(project, "labels", bug["id"]), json={"name": "x"},
               headers=editor.headers)
    assert expect_error(resp, 403)["detail"]


def test_a_label_name_is_unique_in_its_project_only(team):
    project, owner, _ = team
    create_label(owner, project, name="bug")
    errors = field_errors(api("POST", project_path(project, "labels"), json={"name": "bug"},
                              headers=owner.headers))
    assert errors["name"] == ["A label with this name already exists in this project."]
    other = create_label(owner, create_project(owner), name="bug")
    renamed = api("PATCH", project_path(project, "labels", create_label(owner, project)["id"]),
                  json={"name": "bug"}, headers=owner.headers)
    assert "name" in field_errors(renamed)
    assert other["name"] == "bug"


def test_labels_of_another_project_are_not_found(team):
    project, owner, _ = team
    elsewhere = create_label(owner, create_project(owner))
    resp = api("PATCH", project_path(project, "labels", elsewhere["id"]), json={"name": "x"},
               headers=owner.headers)
    assert expect_error(resp, 404) == {"detail": "Not found."}
    resp = api("DELETE", project_path(project, "labels", elsewhere["id"]), headers=owner.headers)
    expect_error(resp, 404)


def test_bad_label_bodies_are_400s(team):
    project, owner, _ = team
    for body, field in [({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 51}, "name"),
                        ({"name": "x", "color": "blue"}, "color"), ({"name": "x", "extra": 1}, "extra")]:
        errors = field_errors(api("POST", project_path(project, "labels"), json=body,
                                  headers=owner.headers))
        assert field in errors, body


def test_a_deleted_label_leaves_its_tasks(team):
    project, owner, _ = team
    bug, ux = create_label(owner, project), create_label(owner, project)
    task = create_task(owner, project_id=project["id"], label_ids=[bug["id"], ux["id"]])
    assert task["label_ids"] == [bug["id"], ux["id"]]
    expect(api("DELETE", project_path(project, "labels", bug["id"]), headers=owner.headers), 204)
    assert get_task(owner, task)["label_ids"] == [ux["id"]]
    assert listed_ids(owner, label=bug["id"]) == set()


def test_a_task_takes_only_its_projects_labels(team):
    project, owner, _ = team
    elsewhere = create_label(owner, create_project(owner))
    resp = api("POST", TASKS_PATH, json={"title": "t", "project_id": project["id"],
                                         "label_ids": [elsewhere["id"]]}, headers=owner.headers)
    assert field_errors(resp)["label_ids"] == [
        f"Label {elsewhere['id']} does not belong to this project."]
    task = create_task(owner, project_id=project["id"])
    resp = api("PATCH", task_path(task), json={"label_ids": [elsewhere["id"]]},
               headers=owner.headers)
    assert "label_ids" in field_errors(resp)


# --------------------------------------------------------------------------------- assignees

def test_assignees_are_members_of_the_project(team):
    project, owner, editor = team
    outsider = register()
    task = create_task(owner, project_id=project["id"], assignee_ids=[editor.id, owner.id])
    assert task["assignee_ids"] == [editor.id, owner.id]
    resp = api("PATCH", task_path(task), json={"assignee_ids": [outsider.id]},
               headers=owner.headers)
    assert field_errors(resp)["assignee_ids"] == [
        f"User {outsider.id} is not a member of this project."]
    cleared = expect(api("PATCH", task_path(task), json={"assignee_ids": []},
                         headers=editor.headers), 200)
    assert cleared["assignee_ids"] == []


def test_a_member_who_leaves_is_unassigned(team):
    project, owner, editor = team
    task = create_task(owner, project_id=project["id"], assignee_ids=[editor.id])
    expect(api("DELETE", project_path(project, "members", editor.id), headers=editor.headers), 204)
    assert get_task(owner, task)["assignee_ids"] == []


def test_a_task_moved_to_another_project_keeps_what_applies_there(team):
    project, owner, editor = team
    label = create_label(owner, project)
    task = create_task(owner, project_id=project["id"], assignee_ids=[owner.id, editor.id],
                       label_ids=[label["id"]])
    target = create_project(owner)
    moved = expect(api("PATCH", task_path(task), json={"project_id": target["id"]},
                       headers=owner.headers), 200)
    assert moved["project_id"] == target["id"]
    assert moved["assignee_ids"] == [owner.id]
    assert moved["label_ids"] == []


def test_the_list_filters_by_assignee_and_label(team):
    project, owner, editor = team
    label = create_label(owner, project)
    mine = create_task(owner, project_id=project["id"], assignee_ids=[owner.id])
    theirs = create_task(owner, project_id=project["id"], assignee_ids=[editor.id],
                         label_ids=[label["id"]])
    nobodys = create_task(owner, project_id=project["id"])
    personal = create_task(owner, assignee_ids=[owner.id])
    assert listed_ids(owner, assignee="me") == {mine["id"], personal["id"]}
    assert listed_ids(owner, assignee="me", project=project["id"]) == {mine["id"]}
    assert listed_ids(editor, assignee="me") == {theirs["id"]}
    assert listed_ids(owner, assignee=editor.id) == {theirs["id"]}
    assert listed_ids(owner, assignee="none", project=project["id"]) == {nobodys["id"]}
    assert listed_ids(owner, label=label["id"]) == {theirs["id"]}
    assert listed_ids(owner, label=label["id"], status="done") == set()
    for params in [{"assignee": "someone"}, {"assignee": "0"}, {"label": "x"}]:
        assert list(params)[0] in field_errors(api("GET", TASKS_PATH, params=params,
                                                   headers=owner.headers))


# ------------------------------------------------------------------------------------ board

def test_new_tasks_come_last_in_their_column(team):
    project, owner, _ = team
    ids = [create_task(owner, project_id=project["id"])["id"] for _ in range(3)]
    assert board_column(owner, project, "todo") == ids


def test_moves_place_a_task_between_its_neighbours(team):
    project, owner, editor = team
    a, b, c = (create_task(owner, project_id=project["id"]) for _ in range(3))
    moved = move_task(editor, c, None)
    assert moved["position"] < a["position"]
    assert board_column(owner, project, "todo") == [c["id"], a["id"], b["id"]]
    move_task(editor, c, a["id"])
    assert board_column(owner, project, "todo") == [a["id"], c["id"], b["id"]]
    move_task(editor, a, b["id"])
    assert board_column(owner, project, "todo") == [c["id"], b["id"], a["id"]]


def test_a_move_to_another_column_changes_the_status(team):
    project, owner, editor = team
    a, b = create_task(owner, project_id=project["id"]), create_task(owner, project_id=project["id"])
    moved = move_task(editor, a, None, status="done")
    assert moved["status"] == "done" and moved["completed_at"]
    move_task(editor, b, a["id"], status="done")
    assert board_column(owner, project, "done") == [a["id"], b["id"]]
    assert board_column(owner, project, "todo") == []
    back = move_task(editor, a, None, status="todo")
    assert back["completed_at"] is None


def test_a_move_needs_a_neighbour_in_that_column(team):
    project, owner, _ = team
    a, b = create_task(owner, project_id=project["id"]), create_task(owner, project_id=project["id"])
    elsewhere = create_task(owner)
    reviewed = create_task(owner, project_id=project["id"], status="review")
    for after_id in [elsewhere["id"], reviewed["id"], a["id"], 9223372036854775807]:
        resp = api("POST", task_path(a, "move"), json={"after_id": after_id}, headers=owner.headers)
        assert field_errors(resp)["after_id"] == [
            f"Task {after_id} is not in this column of the project."], after_id
    for body in [{}, {"after_id": "x"}, {"after_id": None, "status": "later"},
                 {"after_id": None, "position": "V"}]:
        field_errors(api("POST", task_path(b, "move"), json=body, headers=owner.headers))
    resp = api("POST", task_path(9223372036854775807, "move"), json={"after_id": None},
               headers=owner.headers)
    expect_error(resp, 404)


def test_concurrent_moves_in_one_column_lose_and_duplicate_nothing(team):
    project, owner, editor = team
    anchor = create_task(owner, project_id=project["id"])
    movers = [create_task(owner, project_id=project["id"], status="review") for _ in range(24)]
    failures = []

    def move_all(user, tasks):
        for task in tasks:
            resp = api("POST", task_path(task, "move"),
                       json={"after_id": anchor["id"], "status": "todo"}, headers=user.headers)
            if resp.status_code != 200:
                failures.append(describe(resp))

    threads = [threading.Thread(target=move_all, args=(user, movers[i::4]))
               for i, user in enumerate([owner, editor, owner, editor])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]
    column = expect(api("GET", TASKS_PATH, params={"project": project["id"], "status": "todo",
                                                   "ordering": "position", "page_size": 100},
                        headers=owner.headers), 200)["results"]
    assert [t["id"] for t in column][0] == anchor["id"]
    assert sorted(t["id"] for t in column) == sorted([anchor["id"]] + [t["id"] for t in movers])
    positions = [t["position"] for t in column]
    assert len(set(positions)) == len(positions), positions
    assert positions == sorted(positions, key=lambda p: p.encode())


# --------------------------------------------------------------------------------- activity

def activity(user, path, **params):
    return expect(api("GET", path, params=params, headers=user.headers), 200)


def test_every_change_is_in_the_activity_log(team):
    project, owner, editor = team
    task = create_task(owner, project_id=project["id"], title="Plan")
    expect(api("PATCH", task_path(task), json={"priority": "urgent", "title": "Plan"},
               headers=editor.headers), 200)
    move_task(editor, task, None, status="review")
    expect(api("POST", task_path(task, "comments"), json={"content": "Looks good"},
               headers=owner.headers), 201)
    expect(api("POST", task_path(task, "attachments"), files={"file": ("notes.txt", b"x")},
               headers=editor.headers), 201)
    page = activity(owner, task_path(task, "activity"))
    assert page["count"] == 5
    entries = page["results"]
    assert [e["action"] for e in entries] == ["attached", "commented", "moved", "updated",
                                              "created"]
    assert all(e["task_id"] == task["id"] for e in entries)
    assert entries[4]["actor"] == {"id": owner.id, "username": owner.username}
    assert entries[4]["changes"] == {"title": [None, "Plan"]}
    assert entries[3]["actor"]["id"] == editor.id
    assert entries[3]["changes"] == {"priority": ["medium", "urgent"]}
    assert entries[2]["changes"]["status"] == ["todo", "review"]
    # Into an empty column, a task keeps its key.
    assert set(entries[2]["changes"]) == {"status"}
    assert entries[1]["changes"] == {"comment": [None, "Looks good"]}
    assert entries[0]["changes"] == {"attachment": [None, "notes.txt"]}


def test_the_project_log_outlives_its_tasks_and_pages_newest_first(team):
    project, owner, editor = team
    tasks = [create_task(editor, project_id=project["id"]) for _ in range(3)]
    expect(api("DELETE", task_path(tasks[0]), headers=owner.headers), 204)
    page = activity(editor, project_path(project, "activity"), page_size=2)
    assert page["count"] == 4
    assert page["next"] and page["previous"] is None
    first = page["results"]
    assert first[0]["action"] == "deleted" and first[0]["task_id"] == tasks[0]["id"]
    assert first[0]["actor"]["id"] == owner.id
    assert first[0]["id"] > first[1]["id"]
    second = activity(editor, project_path(project, "activity"), page_size=2, page=2)["results"]
    assert [e["task_id"] for e in second] == [tasks[1]["id"], tasks[0]["id"]]
    resp = api("GET", project_path(project, "activity"), params={"page": 9},
               headers=editor.headers)
    assert expect_error(resp, 404) == {"detail": "Invalid page."}


def test_an_unchanged_patch_logs_nothing(team):
    project, owner, _ = team
    task = create_task(owner, project_id=project["id"], title="Same")
    expect(api("PATCH", task_path(task), json={"title": "Same"}, headers=owner.headers), 200)
    assert activity(owner, task_path(task, "activity"))["count"] == 1


def test_outsiders_see_no_activity(team):
    project, owner, _ = team
    task = create_task(owner, project_id=project["id"])
    outsider = register()
    for path in [task_path(task, "activity"), project_path(project, "activity")]:
        assert expect_error(api("GET", path, headers=outsider.headers), 404) == {
            "detail": "Not found."}
