"""Teams, live: every member with an open socket sees each change to the project's tasks as it
happens (task_changed), a removed member stops seeing them at once; notifications go to the
people concerned (assignees, the creator, members mentioned) and never to the member who acted,
while a personal project keeps notifying its owner of everything."""

import time

import pytest

from support.http import api, expect
from support.identities import register
from support.notifications import LiveSocket, listed
from support.tasks import add_member, create_project, create_task, move_task, project_path, task_path

LIVE = 5.0  # seconds within which a change reaches an open socket (p95 is well under 0.1 s)


@pytest.fixture
def team():
    """A project of an owner (ana) and an editor (bo), each with an open socket."""
    ana, bo = register(), register()
    project = create_project(ana)
    add_member(ana, project, bo, "editor")
    sockets = {"ana": LiveSocket(ana.access), "bo": LiveSocket(bo.access)}
    yield project, ana, bo, sockets
    for socket in sockets.values():
        socket.close()


def change_for(socket, task_id, action):
    return socket.wait_for(lambda _: next((c for c in socket.changes()
                                           if c["task"]["id"] == task_id and c["action"] == action),
                                          None), LIVE)


def test_every_member_sees_each_change_live(team):
    project, ana, bo, sockets = team
    task = create_task(ana, project_id=project["id"], title="Live")
    for socket in sockets.values():
        created = change_for(socket, task["id"], "created")
        assert created, socket.frames
        assert created["project_id"] == project["id"]
        assert created["actor_id"] == ana.id
        assert created["task"] == task
    moved = move_task(bo, task, None, status="review")
    seen = change_for(sockets["ana"], task["id"], "moved")
    assert seen and seen["task"]["status"] == "review" and seen["actor_id"] == bo.id
    assert seen["task"]["position"] == moved["position"]
    expect(api("PATCH", task_path(task), json={"title": "Renamed"}, headers=bo.headers), 200)
    assert change_for(sockets["ana"], task["id"], "updated")["task"]["title"] == "Renamed"
    expect(api("DELETE", task_path(task), headers=ana.headers), 204)
    deleted = change_for(sockets["bo"], task["id"], "deleted")
    assert deleted["task"] == {"id": task["id"], "project_id": project["id"]}


def test_a_removed_member_stops_seeing_changes_at_once(team):
    project, ana, bo, sockets = team
    expect(api("DELETE", project_path(project, "members", bo.id), headers=ana.headers), 204)
    removed_at = time.monotonic()
    task = create_task(ana, project_id=project["id"])
    assert change_for(sockets["ana"], task["id"], "created")
    assert time.monotonic() - removed_at < LIVE
    sockets["bo"].pump(1.0)
    assert not [c for c in sockets["bo"].changes() if c["task"]["id"] == task["id"]]
    assert expect(api("GET", task_path(task), headers=bo.headers), 404)
    assert sockets["bo"].closed is None, "leaving a project does not end the socket"


def test_the_actor_is_never_notified_of_their_own_change(team):
    project, ana, bo, sockets = team
    task = create_task(ana, project_id=project["id"], title="Own")
    expect(api("PATCH", task_path(task), json={"priority": "high"}, headers=ana.headers), 200)
    # bo changes it: ana, the creator, hears of it; bo does not.
    expect(api("PATCH", task_path(task), json={"status": "done"}, headers=bo.headers), 200)
    completed = sockets["ana"].wait_for_notifications(1, LIVE)
    assert [n["event_type"] for n in completed] == ["task_completed"], sockets["ana"].frames
    assert completed[0]["actor_id"] == bo.id
    sockets["bo"].pump(0.5)
    assert sockets["bo"].notifications() == []
    assert [n["event_type"] for n in listed(ana)["notifications"]] == ["task_completed"]
    assert listed(bo)["notifications"] == []


def test_assignees_hear_of_their_tasks(team):
    project, ana, bo, sockets = team
    task = create_task(ana, project_id=project["id"], title="Yours", assignee_ids=[bo.id])
    assigned = sockets["bo"].wait_for_notifications(1, LIVE)
    assert [(n["event_type"], n["title"], n["message"]) for n in assigned] == [
        ("task_assigned", "Task Assigned", 'You were assigned to task "Yours".')]
    expect(api("PATCH", task_path(task), json={"description": "more"}, headers=ana.headers), 200)
    updated = sockets["bo"].wait_for_notifications(2, LIVE)
    assert updated[-1]["event_type"] == "task_updated"
    # A reorder within the column is seen live but notifies nobody.
    other = create_task(ana, project_id=project["id"])
    move_task(ana, task, other["id"])
    assert change_for(sockets["bo"], task["id"], "moved")
    sockets["bo"].pump(0.5)
    assert len(sockets["bo"].notifications()) == 2, sockets["bo"].frames
    assert sockets["ana"].notifications() == []


def test_mentions_notify_the_members_named(team):
    project, ana, bo, sockets = team
    outsider = register()
    task = create_task(ana, project_id=project["id"], title="Spec")
    body = {"content": f"@{bo.username} please look; cc @{outsider.username} and @{ana.username}"}
    expect(api("POST", task_path(task, "comments"), json=body, headers=ana.headers), 201)
    mentioned = sockets["bo"].wait_for_notifications(1, LIVE)
    assert [(n["event_type"], n["title"], n["message"]) for n in mentioned] == [
        ("mentioned", "You Were Mentioned", f'{ana.username} mentioned you on task "Spec".')]
    # bo's reply reaches ana (the creator) as a comment; ana is not notified of her own.
    expect(api("POST", task_path(task, "comments"), json={"content": "done"}, headers=bo.headers),
           201)
    assert [n["event_type"] for n in sockets["ana"].wait_for_notifications(1, LIVE)] == [
        "comment_added"]
    sockets["bo"].pump(0.5)
    assert len(sockets["bo"].notifications()) == 1
    assert listed(outsider)["notifications"] == []


def test_a_personal_project_notifies_its_owner_of_everything(user):
    with_socket = LiveSocket(user.access)
    try:
        task = create_task(user, title="Mine")
        own = with_socket.wait_for_notifications(1, LIVE)
        assert [(n["event_type"], n["actor_id"]) for n in own] == [("task_created", user.id)]
        assert change_for(with_socket, task["id"], "created")
    finally:
        with_socket.close()
