"""A live socket that reconnects misses nothing: each live message carries its place in the
user's live stream ("seq", on its last frame), and a socket opened with ?since=<seq> first gets
what followed it, replayed from Redis, each message once and in order; when the stream no longer
holds all of that, a resync frame tells the client to reload instead."""

from support.http import api, expect_error, field_errors
from support.identities import register
from support.notifications import WS_PATH, LiveSocket
from support.tasks import add_member, create_project, create_task

LIVE = 10.0  # seconds


def created_titles(socket):
    return [n["message"] for n in socket.notifications()]


def wait_for_titles(socket, tasks):
    """Waits until the socket has a notification naming each task; returns the messages."""
    socket.wait_for(lambda _: all(any(t["title"] in m for m in created_titles(socket))
                                  for t in tasks), LIVE)
    return created_titles(socket)


def test_a_new_socket_says_where_it_starts():
    user = register()
    live = LiveSocket(user.access)
    try:
        first = live.wait_for(lambda frames: frames and frames[0], LIVE)
        assert first["type"] == "unread_count" and first["unread_count"] == 0
        assert isinstance(first["seq"], str), first
    finally:
        live.close()
    # Resumed from there with nothing new: nothing is replayed.
    again = LiveSocket(user.access, since=first["seq"])
    try:
        again.pump(1.0)
        assert [f["type"] for f in again.frames] == ["unread_count"], again.frames
        assert "seq" not in again.frames[0], "a resumed socket's first count moves its place"
    finally:
        again.close()


def test_a_socket_that_comes_back_gets_what_it_missed_once_and_in_order():
    user = register()
    live = LiveSocket(user.access)
    try:
        seen = create_task(user, title="seen-before")
        wait_for_titles(live, [seen])
        # The message ends with the count that follows the notification: its seq is the place.
        assert live.wait_for(lambda frames: frames[-1].get("unread_count") == 1
                             and "seq" in frames[-1], LIVE), live.frames
        since = live.last_seq()
    finally:
        live.close()
    missed = [create_task(user, title=f"missed-{i}") for i in range(5)]
    back = LiveSocket(user.access, since=since)
    try:
        messages = wait_for_titles(back, missed)
        back.pump(0.5)
        messages = created_titles(back)
        assert len(messages) == len(missed), back.frames
        for task, message in zip(missed, messages):
            assert task["title"] in message, messages
        assert back.counts()[-1] == len(missed) + 1
        # Each create is also a change to the board, replayed too.
        assert [c["task"]["id"] for c in back.changes()] == [t["id"] for t in missed]
        # Every replayed message ends with its seq, in stream order, each once.
        seqs = [tuple(map(int, f["seq"].split("-"))) for f in back.frames if "seq" in f]
        assert seqs == sorted(set(seqs)) and len(seqs) == 2 * len(missed), back.frames
    finally:
        back.close()


def test_changes_to_a_shared_project_are_replayed_too():
    ana, bo = register(), register()
    project = create_project(ana)
    add_member(ana, project, bo, "editor")
    live = LiveSocket(bo.access)
    try:
        since = live.wait_for(lambda frames: frames and frames[0].get("seq"), LIVE)
    finally:
        live.close()
    task = create_task(ana, project_id=project["id"], title="while bo was away")
    back = LiveSocket(bo.access, since=since)
    try:
        change = back.wait_for(lambda _: next((c for c in back.changes()
                                               if c["task"]["id"] == task["id"]), None), LIVE)
        assert change and change["action"] == "created" and change["actor_id"] == ana.id
        assert change["seq"] > since
    finally:
        back.close()


def test_a_place_the_stream_no_longer_holds_asks_for_a_reload():
    user = register()
    create_task(user)
    # Older than the replay window (the stream may have dropped what followed), or not yet given.
    for since in ("1-0", "99999999999999-0"):
        live = LiveSocket(user.access, since=since)
        try:
            resync = live.wait_for(lambda _: next((f for f in live.frames
                                                   if f.get("type") == "resync"), None), LIVE)
            assert resync and isinstance(resync["seq"], str), live.frames
            assert live.closed is None
        finally:
            live.close()


def test_a_malformed_place_is_a_400(user):
    for since in ("yesterday", "1-2-3", "-1", "1" * 30 + "-0"):
        errors = field_errors(api("GET", WS_PATH, params={"since": since, "token": user.access}))
        assert "since" in errors, errors
    expect_error(api("GET", WS_PATH, params={"since": "x"}), 401)
