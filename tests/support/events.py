"""The task events on RabbitMQ: the event catalogue (libs/events/catalogue.json, the one list of
event types, routing keys and notification templates the services use too), publishing raw
messages, and queues of the tests' own that read what the tasks service publishes."""

import json
import time

from support.config import AMQP_URL, EVENT_CATALOGUE
from support.timing import wait_until

with open(EVENT_CATALOGUE, encoding="utf-8") as _f:
    CATALOGUE = json.load(_f)
EVENTS_EXCHANGE = CATALOGUE["exchange"]
ROUTING_KEYS = {event["type"]: event["routing_key"] for event in CATALOGUE["events"]}
# event type -> {"title", "message" (with "{title}" for the task's title), "level"}; the event
# types that make no notification are absent.
NOTIFICATION_TEMPLATES = {
    event["type"]: event["notification"] for event in CATALOGUE["events"] if event["notification"]
}


def amqp_connection():
    """A new pika BlockingConnection to the stack's broker (python3-pika, imported here so the
    rest of the suite does not need it)."""
    import pika

    params = pika.URLParameters(AMQP_URL)
    params.connection_attempts = 1
    params.socket_timeout = 5
    params.blocked_connection_timeout = 10
    params.heartbeat = 30
    return pika.BlockingConnection(params)


def publish(messages, routing_key=ROUTING_KEYS["task_created"]):
    """Publishes raw messages (bytes, str, or dicts made JSON) to the events exchange,
    persistent, on a connection of its own. Each item may be (message, routing_key)."""
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


class Event:
    """One message read from the events exchange: routing key, AMQP properties, the parsed
    body (None when it is not JSON) and the raw bytes. The body's fields (id, type, user_id,
    data) read as attributes, None when absent."""

    def __init__(self, method, properties, body):
        self.exchange = method.exchange
        self.routing_key = method.routing_key
        self.redelivered = method.redelivered
        self.properties = properties
        self.raw = body
        try:
            self.body = json.loads(body)
        except ValueError:
            self.body = None

    def __getattr__(self, name):
        if name not in ("id", "type", "user_id", "data"):
            raise AttributeError(name)
        return self.body.get(name) if isinstance(self.body, dict) else None

    @property
    def task_id(self):
        data = self.data
        return data.get("id") if isinstance(data, dict) else None

    def __repr__(self):
        return (f"<{self.routing_key} message_id={self.properties.message_id} "
                f"{self.raw[:400].decode('utf-8', 'replace')}>")


def describe_events(events):
    return "\n".join(f"  {e!r}" for e in events) or "  (none)"


class EventQueue:
    """A queue bound to the events exchange with `binding`, read on a connection of its own.

    By default an exclusive, auto-delete queue with a server-generated name (it dies with the
    connection). `name=..., durable=True` declares a durable, non-exclusive queue instead, which
    survives the connection and a broker restart (it expires after `expires_ms` unused, in case
    a test never gets to delete it); `reconnect()` reads it again after a restart.

    Every message is kept (in arrival order); tests look at their own user's with
    `events(user_id)`, since other tests use the same stack."""

    def __init__(self, name="", durable=False, binding="task.#", expires_ms=600_000):
        self.name = name
        self.durable = durable
        self.binding = binding
        self.expires_ms = expires_ms
        self.received = []
        self.connection = None
        self.channel = None
        self._connect(declare=True)

    def _connect(self, declare):
        self.connection = amqp_connection()
        self.channel = self.connection.channel()
        if declare:
            if self.durable:
                result = self.channel.queue_declare(
                    queue=self.name, durable=True, exclusive=False, auto_delete=False,
                    arguments={"x-expires": self.expires_ms})
            else:
                result = self.channel.queue_declare(queue=self.name, exclusive=True,
                                                    auto_delete=True)
            self.name = result.method.queue
            self.channel.queue_bind(queue=self.name, exchange=EVENTS_EXCHANGE,
                                    routing_key=self.binding)
        self.channel.basic_consume(queue=self.name, on_message_callback=self._on_message,
                                   auto_ack=True)

    def _on_message(self, channel, method, properties, body):
        self.received.append(Event(method, properties, body))

    def disconnect(self):
        """Closes the connection (quietly: the broker may be gone)."""
        conn, self.connection, self.channel = self.connection, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 (already closed, broker down, ...)
                pass

    def reconnect(self):
        """Reads the (durable) queue again on a new connection, e.g. after a broker restart."""
        self.disconnect()
        self._connect(declare=False)

    def reconnect_when_possible(self, timeout=10.0):
        """reconnect() until the (restarted) broker takes connections; returns None, or the
        last error after `timeout` seconds."""

        def attempt():
            try:
                self.reconnect()
                return None
            except Exception as e:  # noqa: BLE001 (pika's connection errors, a closed channel)
                return e

        return wait_until(attempt, timeout, interval=0.25, until=lambda error: error is None)

    def pump(self, seconds):
        """Receives whatever arrives during `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.connection.process_data_events(time_limit=min(left, 0.1))

    def events(self, user_id):
        """The events received so far for `user_id`, in arrival order. Asserts that every
        message received so far is a JSON object (whoever it is for)."""
        malformed = [e for e in self.received if not isinstance(e.body, dict)]
        assert not malformed, "messages that are not JSON objects:\n" + describe_events(malformed)
        return [e for e in self.received if e.user_id == user_id]

    def wait_for(self, user_id, count, timeout=5.0):
        """Receives until `count` events for `user_id` arrived or `timeout` passed; returns the
        user's events (possibly fewer, possibly more)."""
        deadline = time.monotonic() + timeout
        while len(self.events(user_id)) < count and time.monotonic() < deadline:
            self.connection.process_data_events(time_limit=0.1)
        return self.events(user_id)

    def settle(self, user_id, count, timeout=5.0, quiet=1.0):
        """wait_for(count), then keeps receiving for `quiet` seconds, so that an extra event
        (one too many, a duplicate) shows; returns all the user's events."""
        self.wait_for(user_id, count, timeout)
        self.pump(quiet)
        return self.events(user_id)

    def delete(self):
        """Deletes the queue (on a new connection if needed)."""
        if self.connection is None or not self.connection.is_open:
            self.disconnect()
            self.connection = amqp_connection()
            self.channel = self.connection.channel()
        self.channel.queue_delete(queue=self.name)
        self.disconnect()
