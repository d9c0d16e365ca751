"""Shared helpers for the tests against a running TaskFlow stack.

The stack is described by environment variables (tests/run-stack-tests.sh sets them from
`deploy/local/stack.sh env`):

  TASKFLOW_GATEWAY_URL   the nginx gateway            (default http://127.0.0.1:8000)
  TASKFLOW_AUTH_URLS     auth instances, comma-separated (default :8001,:8011)
  TASKFLOW_HOME          the stack's data folder      (default <repo>/.taskflow)
  ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, JWT_ISSUER, LOGIN_MAX_FAILURES_PER_ACCOUNT,
  LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_THROTTLE_WINDOW
                         what the services were started with (same defaults as the service)

Test modules import the helpers below with `from conftest import ...`.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import re
import socket
import subprocess
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import nacl.signing
import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
STACK_SH = REPO_ROOT / "deploy" / "local" / "stack.sh"

GATEWAY_URL = os.environ.get("TASKFLOW_GATEWAY_URL", "http://127.0.0.1:8000").rstrip("/")
AUTH_URLS = [
    u.strip().rstrip("/")
    for u in os.environ.get(
        "TASKFLOW_AUTH_URLS", "http://127.0.0.1:8001,http://127.0.0.1:8011"
    ).split(",")
    if u.strip()
]
TASKFLOW_HOME = Path(os.environ.get("TASKFLOW_HOME", str(REPO_ROOT / ".taskflow")))
AUTH_DATA_DIR = TASKFLOW_HOME / "data" / "auth"
KEY_FILE = AUTH_DATA_DIR / "jwt-ed25519.key"


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


ACCESS_TOKEN_TTL = _env_int("ACCESS_TOKEN_TTL", 900)
REFRESH_TOKEN_TTL = _env_int("REFRESH_TOKEN_TTL", 86400)
JWT_ISSUER = os.environ.get("JWT_ISSUER") or "taskflow-auth"
MAX_FAILURES_PER_ACCOUNT = _env_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)
MAX_FAILURES_PER_ADDRESS = _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
THROTTLE_WINDOW = _env_int("LOGIN_THROTTLE_WINDOW", 900)

# Every request has a timeout: a hang is a failure, never a stuck suite.
TIMEOUT = 10

USER_FIELDS = {"id", "username", "email", "first_name", "last_name", "is_verified", "created_at"}


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: stops and restarts stack components")


# ------------------------------------------------------------------------------------ HTTP
_session = requests.Session()


def request(method, url, **kwargs):
    """One HTTP request with the suite's timeout; `url` is absolute."""
    kwargs.setdefault("timeout", TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    return _session.request(method, url, **kwargs)


def api(method, path, base=None, **kwargs):
    """A request to `path` (e.g. "/api/auth/login/") on the gateway, or on `base`."""
    return request(method, (base or GATEWAY_URL) + path, **kwargs)


def describe(resp):
    """The exchange, for assertion messages: method, URL, status, headers, body."""
    req = resp.request
    body = req.body
    if isinstance(body, bytes):
        body = body[:500].decode("utf-8", "replace")
    elif isinstance(body, str):
        body = body[:500]
    return (
        f"\n>>> {req.method} {req.url}\n>>> {body!r}\n"
        f"<<< {resp.status_code} {dict(resp.headers)}\n<<< {resp.text[:1000]!r}"
    )


def json_body(resp):
    """The response's JSON body (asserting it is JSON)."""
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.startswith("application/json"), f"not JSON: {ctype!r}" + describe(resp)
    try:
        return resp.json()
    except ValueError:
        pytest.fail("invalid JSON body" + describe(resp))


def expect(resp, status):
    """Asserts the status; returns the JSON body (or None for an empty one)."""
    assert resp.status_code == status, f"expected {status}" + describe(resp)
    if not resp.content:
        return None
    return json_body(resp)


def expect_error(resp, status):
    """Asserts an error status with a JSON body carrying a non-empty string `detail`."""
    body = expect(resp, status)
    assert isinstance(body, dict), "error body is not a JSON object" + describe(resp)
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), (
        "error without a human `detail`" + describe(resp)
    )
    return body


def field_errors(resp, status=400):
    """Asserts a validation failure; returns its `errors` object."""
    body = expect_error(resp, status)
    errors = body.get("errors")
    assert isinstance(errors, dict), "validation error without `errors`" + describe(resp)
    for field, messages in errors.items():
        assert isinstance(messages, list) and all(isinstance(m, str) for m in messages), (
            f"errors.{field} is not a list of strings" + describe(resp)
        )
    return errors


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# ------------------------------------------------------------------------------- identities
def unique(prefix="u"):
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def unique_address():
    """A client address for X-Real-IP (only ever a header value: nothing is sent to it)."""
    return f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"


# A password no rule rejects. Its letters (g-z) never occur in the hex tags of the generated
# usernames and emails, so it can never be "too similar" to them.
def strong_password():
    return "Tq7!" + "".join(random.choice("ghjkmnpqrstuvwxyz") for _ in range(12)) + "-Zv"


def plain_names():
    """A unique username and email made of letters (j k p q v x y) that occur in none of the
    passwords the policy tests use, so no rule but the one under test can fire (random hex
    tags can look "similar" to a numeric password)."""
    tag = "".join(random.choice("jkpqvxy") for _ in range(14))
    return {"username": f"jq_{tag}", "email": f"{tag}@example.com"}


def registration_body(**overrides):
    tag = uuid.uuid4().hex[:12]
    password = strong_password()
    body = {
        "username": f"user_{tag}",
        "email": f"mail.{tag}@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "password": password,
        "password_confirm": password,
    }
    body.update(overrides)
    return body


class User:
    """A registered account: its body, the response's user and tokens, and its password."""

    def __init__(self, body, data):
        self.body = body
        self.email = body["email"]
        self.username = body["username"]
        self.password = body["password"]
        self.user = data["user"]
        self.id = data["user"]["id"]
        self.access = data["tokens"]["access"]
        self.refresh = data["tokens"]["refresh"]

    @property
    def headers(self):
        return bearer(self.access)


def register(base=None, **overrides):
    """Registers a fresh (unique) user; returns a User. Asserts 201."""
    body = registration_body(**overrides)
    resp = api("POST", "/api/auth/register/", base=base, json=body)
    data = expect(resp, 201)
    return User(body, data)


def login(email, password, base=None, headers=None):
    """POST login/; returns the response (no assertion)."""
    return api(
        "POST",
        "/api/auth/login/",
        base=base,
        json={"email": email, "password": password},
        headers=headers or {},
    )


def login_ok(email, password, base=None, headers=None):
    """Logs in; returns {"user", "tokens"}. Asserts 200."""
    return expect(login(email, password, base=base, headers=headers), 200)


def profile(token, base=None, headers=None):
    h = dict(headers or {})
    if token is not None:
        h.update(bearer(token))
    return api("GET", "/api/auth/profile/", base=base, headers=h)


def refresh(token, base=None):
    return api("POST", "/api/auth/refresh/", base=base, json={"refresh": token})


# ------------------------------------------------------------------------------------- JWTs
def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token):
    """(header, claims) of a compact JWT, without verifying it."""
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def real_signing_key():
    """The auth service's own Ed25519 key, from $DATA_DIR/jwt-ed25519.key."""
    assert KEY_FILE.exists(), f"no key file at {KEY_FILE} (is TASKFLOW_HOME right?)"
    seed = b64url_decode(KEY_FILE.read_text().strip())
    assert len(seed) == 32, f"{KEY_FILE}: expected a 32-byte seed, got {len(seed)} bytes"
    return nacl.signing.SigningKey(seed)


def other_signing_key():
    """A fresh Ed25519 key the service has never seen."""
    return nacl.signing.SigningKey.generate()


def jwks(base=None, path="/api/auth/jwks/"):
    return expect(api("GET", path, base=base), 200)


def service_kid():
    return jwks()["keys"][0]["kid"]


def mint_token(claims, key=None, header=None, alg="EdDSA"):
    """A compact JWT with these claims, signed with `key` (an nacl SigningKey; default the
    service's real key). `alg`: "EdDSA" (signed with key), "none" (no signature), or
    ("HS256", secret bytes)."""
    if header is None:
        header = {"alg": alg if isinstance(alg, str) else alg[0], "typ": "JWT", "kid": service_kid()}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(claims, separators=(",", ":")).encode())
    )
    if alg == "EdDSA":
        key = key or real_signing_key()
        signature = key.sign(signing_input.encode()).signature
    elif alg == "none" or (isinstance(alg, str) and alg.lower() == "none"):
        signature = b""
    elif isinstance(alg, tuple) and alg[0] == "HS256":
        signature = hmac.new(alg[1], signing_input.encode(), hashlib.sha256).digest()
    else:
        raise ValueError(f"unsupported alg {alg!r}")
    return signing_input + "." + b64url(signature)


def access_claims(user_id, **overrides):
    """Claims of a plausible access token (fresh jti and sid)."""
    now = int(time.time())
    claims = {
        "user_id": user_id,
        "exp": now + 600,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "token_type": "access",
        "iss": JWT_ISSUER,
        "sid": uuid.uuid4().hex,
    }
    claims.update(overrides)
    return claims


# ------------------------------------------------------------------------------- raw HTTP
def raw_http(url, head, body=b"", wait_before_body=1.0, timeout=TIMEOUT):
    """Sends `head` (request line + headers, without the final CRLF CRLF) and `body` over a
    plain socket; returns (status, headers dict lower-case, body bytes). If the server answers
    before the body is sent (e.g. 413 on Content-Length), the body is not sent."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
    try:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n")
        sock.settimeout(wait_before_body)
        early = b""
        try:
            early = sock.recv(65536)
        except socket.timeout:
            pass
        sock.settimeout(timeout)
        if not early and body:
            try:
                sock.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        data = early
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"\r\n\r\n" in data:
                head_part, _, rest = data.partition(b"\r\n\r\n")
                headers = _parse_headers(head_part)
                length = int(headers.get("content-length", "-1"))
                if length >= 0 and len(rest) >= length:
                    break
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        sock.close()
    head_part, _, rest = data.partition(b"\r\n\r\n")
    assert head_part, f"no response from {url}"
    status = int(head_part.split(b" ", 2)[1])
    return status, _parse_headers(head_part), rest


def _parse_headers(head_part):
    headers = {}
    for line in head_part.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


# ------------------------------------------------------------------------------- the stack
def stack(*args, check=True, timeout=180):
    """Runs deploy/local/stack.sh with the suite's environment (TASKFLOW_HOME, ports)."""
    proc = subprocess.run(
        [str(STACK_SH), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        pytest.fail(
            f"stack.sh {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def instance_pids():
    """{instance name: pid} of the auth instances, from the stack's pid files."""
    pids = {}
    for i in range(len(AUTH_URLS)):
        f = TASKFLOW_HOME / "run" / f"auth-{i}.pid"
        pids[f"auth-{i}"] = f.read_text().strip() if f.exists() else None
    return pids


def wait_until(predicate, timeout, interval=0.1):
    """Polls predicate() until it returns a truthy value; returns it, or the last falsy one."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# ------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session", autouse=True)
def stack_is_up():
    """Fails fast, with a clear message, when the stack is not reachable."""
    try:
        requests.get(GATEWAY_URL + "/health", timeout=5)
        for url in AUTH_URLS:
            requests.get(url + "/health", timeout=5)
    except requests.RequestException as e:
        pytest.exit(
            f"the TaskFlow stack is not reachable ({e}); run tests/run-stack-tests.sh, or set "
            "TASKFLOW_GATEWAY_URL / TASKFLOW_AUTH_URLS / TASKFLOW_HOME for a running stack",
            returncode=3,
        )


@pytest.fixture
def user():
    """A freshly registered user (through the gateway)."""
    return register()


@pytest.fixture(params=range(len(AUTH_URLS)), ids=lambda i: f"auth-{i}")
def auth_url(request):
    """Each auth instance in turn."""
    return AUTH_URLS[request.param]


# ------------------------------------------------------------------------------- tasks
# Helpers for the tests/api/test_tasks_*.py modules (the tasks service behind the gateway).
TASK_FIELDS = {
    "id", "title", "description", "user_id", "priority", "status", "due_date", "created_at",
    "updated_at", "completed_at",
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


def is_utc_timestamp(value):
    """API.md's timestamps: ISO 8601 in UTC, e.g. 2026-11-29T10:00:00Z (or .123456Z)."""
    return isinstance(value, str) and bool(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z", value)
    )


def parse_timestamp(value):
    """An API timestamp as an aware datetime (None stays None)."""
    if value is None:
        return None
    assert is_utc_timestamp(value), f"not an ISO 8601 UTC timestamp: {value!r}"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def task_path(task_or_id, *rest):
    """/api/tasks/{id}/ (+ "comments/", ...): `task_or_id` is a task object or an id."""
    tid = task_or_id["id"] if isinstance(task_or_id, dict) else task_or_id
    return f"{TASKS_PATH}{tid}/" + "".join(f"{part}/" for part in rest)


def create_task(user, **fields):
    """Creates a task for `user` through the gateway (title defaults to a unique one);
    returns the task object. Asserts 201."""
    body = {"title": unique("task-")}
    body.update(fields)
    return expect(api("POST", TASKS_PATH, json=body, headers=user.headers), 201)


def get_task(user, task_or_id):
    """GET /api/tasks/{id}/ as `user`; returns the detail object. Asserts 200."""
    return expect(api("GET", task_path(task_or_id), headers=user.headers), 200)


# ------------------------------------------------------------------------------- events
# The tasks service's events on RabbitMQ (tests/api/test_tasks_events.py,
# tests/faults/test_tasks_events_outage.py). The broker is described by TASKFLOW_AMQP_URL
# (from `stack.sh env`), else built from TASKFLOW_AMQP_PORT (default 5672, as stack.sh's);
# the tasks instances by TASKFLOW_TASKS_URLS (default :8002,:8012).
AMQP_URL = os.environ.get("TASKFLOW_AMQP_URL") or (
    f"amqp://taskflow:taskflow@127.0.0.1:{_env_int('TASKFLOW_AMQP_PORT', 5672)}/%2f"
)
TASKS_URLS = [
    u.strip().rstrip("/")
    for u in os.environ.get(
        "TASKFLOW_TASKS_URLS", "http://127.0.0.1:8002,http://127.0.0.1:8012"
    ).split(",")
    if u.strip()
]
EVENTS_EXCHANGE = "taskflow.events"
# API.md: each event type and its routing key.
EVENT_ROUTING_KEYS = {
    "task_created": "task.created",
    "task_updated": "task.updated",
    "task_completed": "task.completed",
    "task_deleted": "task.deleted",
    "comment_added": "task.comment_added",
    "task_due_soon": "task.due_soon",
    "task_overdue": "task.overdue",
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


class Event:
    """One message read from the events exchange: routing key, AMQP properties, the parsed
    body (None when it is not JSON) and the raw bytes."""

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

    def _field(self, name):
        return self.body.get(name) if isinstance(self.body, dict) else None

    @property
    def id(self):
        return self._field("id")

    @property
    def type(self):
        return self._field("type")

    @property
    def user_id(self):
        return self._field("user_id")

    @property
    def data(self):
        return self._field("data")

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
    """A queue bound to `taskflow.events` with `binding`, read on a connection of its own.

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
