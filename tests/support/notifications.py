"""The notifications service: its REST calls, a WebSocket client for the live push
(python3-websocket), and task events as the tasks service publishes them, to publish by hand."""

import json
import socket
import struct
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urlsplit

import websocket

from support.config import GATEWAY_URL
from support.events import NOTIFICATION_TEMPLATES
from support.http import api, expect
from support.timing import wait_until

NOTIFICATIONS_PATH = "/api/notifications/"
WS_PATH = "/api/notifications/ws/"
NOTIFICATION_FIELDS = {
    "id", "title", "message", "type", "event_type", "task_id", "created_at", "read", "actor_id",
}
DEAD_LETTER_QUEUE = "notifications.dead"
CLOSE_POLICY_VIOLATION = 1008


def expected_notification(event_type, task_title):
    """(title, message, type) of the notification an event of `event_type` makes for a task
    titled `task_title`, as the event catalogue says."""
    template = NOTIFICATION_TEMPLATES[event_type]
    return (template["title"], template["message"].replace("{title}", task_title),
            template["level"])


def ws_url(base=None, token=None, since=None):
    """ws://host:port/api/notifications/ws/[?token=...][&since=...] on the gateway or on
    `base`."""
    parts = urlsplit(base or GATEWAY_URL)
    query = urlencode({key: value for key, value in (("token", token), ("since", since))
                       if value is not None})
    return f"ws://{parts.hostname}:{parts.port}{WS_PATH}" + (f"?{query}" if query else "")


class LiveSocket:
    """A WebSocket client on the live push. Every text frame is kept, parsed, in arrival order;
    `closed` holds the close code once the server closed the socket. `since` resumes after
    that live message's seq (the service replays what followed it)."""

    def __init__(self, token, base=None, via="query", receive_buffer=None, timeout=10,
                 since=None):
        options = {"timeout": timeout}
        if receive_buffer:
            # Set before connect, so the TCP window stays small: a client that barely reads.
            options["sockopt"] = ((socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer),)
        if via == "query":
            url = ws_url(base, token, since)
        elif via == "subprotocol":
            url = ws_url(base, since=since)
            options["subprotocols"] = ["bearer", token]
        else:
            url = ws_url(base, since=since)
            options["header"] = [f"Authorization: Bearer {token}"]
        self.ws = websocket.create_connection(url, **options)
        self.frames = []
        self.closed = None

    @property
    def subprotocol(self):
        return self.ws.getsubprotocol()

    def _receive(self, timeout):
        """One frame within `timeout` (appended to frames), or None."""
        if self.closed is not None:
            return None
        self.ws.settimeout(max(timeout, 0.01))
        while True:
            try:
                opcode, data = self.ws.recv_data(control_frame=True)
            except (websocket.WebSocketTimeoutException, socket.timeout):
                return None
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                self.closed = self.closed or -1
                return None
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                self.closed = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 1005
                return None
            if opcode == websocket.ABNF.OPCODE_TEXT:
                frame = json.loads(data.decode("utf-8"))
                self.frames.append(frame)
                return frame
            # ping/pong: keep waiting

    def wait_for(self, predicate, timeout=10.0):
        """Receives until predicate(frames) is truthy, the socket closed or `timeout` passed;
        returns predicate's last value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate(self.frames)
            if value or self.closed is not None or time.monotonic() >= deadline:
                return value
            self._receive(deadline - time.monotonic())

    def pump(self, seconds):
        """Receives whatever arrives during `seconds`."""
        self.wait_for(lambda _: False, seconds)

    def wait_closed(self, timeout=10.0):
        self.wait_for(lambda _: False, timeout)
        return self.closed

    def notifications(self):
        return [f for f in self.frames
                if f.get("type") not in ("unread_count", "task_changed", "resync")]

    def last_seq(self):
        """The seq of the last live message received whole (None before any)."""
        return next((f["seq"] for f in reversed(self.frames) if "seq" in f), None)

    def changes(self):
        """The task_changed frames: changes to the tasks of the user's projects."""
        return [f for f in self.frames if f.get("type") == "task_changed"]

    def counts(self):
        return [f["unread_count"] for f in self.frames if f.get("type") == "unread_count"]

    def wait_for_notifications(self, count, timeout=10.0):
        self.wait_for(lambda _: len(self.notifications()) >= count, timeout)
        return self.notifications()

    def close(self):
        try:
            self.ws.close(timeout=1)
        except Exception:  # noqa: BLE001 (already closed by the server)
            pass


def list_notifications(user, base=None, **params):
    return api("GET", NOTIFICATIONS_PATH, base=base, params=params, headers=user.headers)


def listed(user, **params):
    """GET the user's notifications; asserts 200 and returns the body."""
    return expect(list_notifications(user, **params), 200)


def wait_for_listed(user, count, timeout=15.0):
    """Polls the list until it holds `count` notifications (or timeout); returns the body."""
    return wait_until(lambda: listed(user, limit=100), timeout, interval=0.2,
                      until=lambda body: body["total"] >= count)


def mark_read(user, body):
    return api("POST", NOTIFICATIONS_PATH + "mark-read/", json=body, headers=user.headers)


def clear(user):
    return api("DELETE", NOTIFICATIONS_PATH, headers=user.headers)


def event_body(user_id, event_type="task_created", task_id=1, title="Evt task", event_id=None,
               at=None, **extra):
    """A task event as the tasks service publishes it (the `Event` schema of docs/openapi.yaml),
    that happened `at` (an aware datetime; default now). Notifications list in the order their
    events happened."""
    at = at or datetime.now(timezone.utc)
    body = {
        "id": event_id or str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "user_id": user_id,
        "data": {"id": task_id, "title": title, "description": "", "user_id": user_id,
                 "priority": "medium", "status": "todo", "due_date": None},
    }
    body.update(extra)
    return body


def timeline(count):
    """`count` increasing moments, 1 ms apart, ending now: for events that must list in order."""
    now = datetime.now(timezone.utc)
    return [now - timedelta(milliseconds=count - i) for i in range(count)]
