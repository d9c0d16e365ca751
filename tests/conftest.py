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
import socket
import subprocess
import time
import uuid
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
