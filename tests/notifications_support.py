"""Helpers for the notifications tests (tests/api/test_notifications_*.py,
tests/faults/test_notifications_*.py): a WebSocket client for the live push (python3-websocket),
the REST calls, and publishing raw events to RabbitMQ (python3-pika).

The notifications instances are described by TASKFLOW_NOTIFICATIONS_URLS (from `stack.sh env`;
default :8003,:8013)."""

import json
import os
import socket
import struct
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import websocket

from conftest import (
    EVENTS_EXCHANGE,
    GATEWAY_URL,
    amqp_connection,
    api,
    bearer,
    expect,
)

NOTIFICATIONS_PATH = "/api/notifications/"
WS_PATH = "/api/notifications/ws/"
NOTIFICATIONS_URLS = [
    u.strip().rstrip("/")
    for u in os.environ.get(
        "TASKFLOW_NOTIFICATIONS_URLS", "http://127.0.0.1:8003,http://127.0.0.1:8013"
    ).split(",")
    if u.strip()
]
NOTIFICATION_FIELDS = {
    "id", "title", "message", "type", "event_type", "task_id", "created_at", "read",
}
DEAD_LETTER_QUEUE = "notifications.dead"
# API.md's templates: event_type -> (title, message with {title}, type).
TEMPLATES = {
    "task_created": ("New Task Created", 'A new task "{title}" has been created.', "info"),
    "task_updated": ("Task Updated", 'Task "{title}" has been updated.', "info"),
    "task_completed": ("Task Completed", 'Task "{title}" has been completed!', "success"),
    "task_due_soon": ("Task Due Soon", 'Task "{title}" is due soon.', "warning"),
    "task_overdue": ("Task Overdue", 'Task "{title}" is overdue.', "error"),
    "comment_added": ("New Comment", 'A new comment was added to task "{title}".', "info"),
}
ROUTING_KEYS = {
    "task_created": "task.created",
    "task_updated": "task.updated",
    "task_completed": "task.completed",
    "task_deleted": "task.deleted",
    "comment_added": "task.comment_added",
    "task_due_soon": "task.due_soon",
    "task_overdue": "task.overdue",
}
CLOSE_POLICY_VIOLATION = 1008


def ws_url(base=None, token=None):
    """ws://host:port/api/notifications/ws/[?token=...] on the gateway or on `base`."""
    parts = urlsplit(base or GATEWAY_URL)
    url = f"ws://{parts.hostname}:{parts.port}{WS_PATH}"
    return url + (f"?token={token}" if token else "")


class LiveSocket:
    """A WebSocket client on the live push. Every text frame is kept, parsed, in arrival order;
    `closed` holds the close code once the server closed the socket."""

    def __init__(self, token, base=None, via="query", receive_buffer=None, timeout=10):
        options = {"timeout": timeout}
        if receive_buffer:
            # Set before connect, so the TCP window stays small: a client that barely reads.
            options["sockopt"] = ((socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer),)
        if via == "query":
            url = ws_url(base, token)
        elif via == "subprotocol":
            url = ws_url(base)
            options["subprotocols"] = ["bearer", token]
        else:
            url = ws_url(base)
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

    def pump(self, seconds):
        """Receives whatever arrives during `seconds`."""
        deadline = time.monotonic() + seconds
        while self.closed is None and time.monotonic() < deadline:
            self._receive(deadline - time.monotonic())

    def wait_for(self, predicate, timeout=10.0):
        """Receives until predicate(frames) is truthy or `timeout` passed; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate(self.frames)
            if value or self.closed is not None or time.monotonic() >= deadline:
                return value
            self._receive(deadline - time.monotonic())

    def wait_closed(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while self.closed is None and time.monotonic() < deadline:
            self._receive(deadline - time.monotonic())
        return self.closed

    def notifications(self):
        return [f for f in self.frames if f.get("type") != "unread_count"]

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
    deadline = time.monotonic() + timeout
    while True:
        body = listed(user, limit=100)
        if body["total"] >= count or time.monotonic() >= deadline:
            return body
        time.sleep(0.2)


def mark_read(user, body):
    return api("POST", NOTIFICATIONS_PATH + "mark-read/", json=body, headers=user.headers)


def clear(user):
    return api("DELETE", NOTIFICATIONS_PATH, headers=bearer(user.access))


def event_body(user_id, event_type="task_created", task_id=1, title="Evt task", event_id=None,
               at=None, **extra):
    """A task event as the tasks service publishes it (API.md, Events), that happened `at` (an
    aware datetime; default now). Notifications list in the order their events happened."""
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


def publish(messages, routing_key="task.created"):
    """Publishes raw messages (bytes, str, or dicts made JSON) to taskflow.events, persistent,
    on a connection of its own. Each item may be (message, routing_key)."""
    import pika

    connection = amqp_connection()
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for item in messages:
            message, key = item if isinstance(item, tuple) else (item, routing_key)
            if isinstance(message, dict):
                message_id = str(message.get("id", ""))
                message = json.dumps(message)
            else:
                message_id = ""
            if isinstance(message, str):
                message = message.encode("utf-8")
            channel.basic_publish(
                exchange=EVENTS_EXCHANGE, routing_key=key, body=message,
                properties=pika.BasicProperties(
                    delivery_mode=2, content_type="application/json",
                    message_id=message_id or None),
                mandatory=True)
    finally:
        connection.close()


def metric(base, name):
    """A counter or gauge from an instance's /metrics (sum over its label sets), or 0."""
    text = api("GET", "/metrics", base=base).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total
