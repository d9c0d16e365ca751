"""HTTP conventions on the gateway and on each auth instance: request ids, JSON errors for
malformed bodies, 404/405/413/415, and /health, /ready, /metrics."""

import json
import re

import pytest

from support.config import AUTH_URLS, GATEWAY_URL
from support.http import api, describe, expect, expect_error, json_body, request
from support.identities import register, registration_body
from support.raw_http import raw_http

# The gateway and each instance.
TARGETS = [("gateway", GATEWAY_URL)] + [(f"auth-{i}", u) for i, u in enumerate(AUTH_URLS)]
target_params = pytest.mark.parametrize(
    "base", [u for _, u in TARGETS], ids=[n for n, _ in TARGETS]
)
instance_params = pytest.mark.parametrize(
    "base", AUTH_URLS, ids=[f"auth-{i}" for i in range(len(AUTH_URLS))]
)

MIB = 1024 * 1024


# ------------------------------------------------------------------------------- request id
@target_params
@pytest.mark.parametrize("path", ["/api/auth/jwks/", "/api/auth/nope/", "/api/auth/profile/"])
def test_request_id_is_echoed(base, path):
    rid = "test-req.ID_0123:abc"
    resp = api("GET", path, base=base, headers={"X-Request-ID": rid})
    assert resp.headers.get("X-Request-ID") == rid, describe(resp)


@target_params
def test_request_id_is_generated(base):
    a = api("GET", "/api/auth/jwks/", base=base)
    b = api("GET", "/api/auth/jwks/", base=base)
    for resp in (a, b):
        assert resp.headers.get("X-Request-ID"), describe(resp)
    assert a.headers["X-Request-ID"] != b.headers["X-Request-ID"]


@target_params
@pytest.mark.parametrize("bad", ["has space", "x" * 200, "semi;colon", "<script>"])
def test_unsafe_request_id_is_replaced(base, bad):
    resp = api("GET", "/api/auth/jwks/", base=base, headers={"X-Request-ID": bad})
    rid = resp.headers.get("X-Request-ID")
    assert rid and rid != bad, describe(resp)
    assert re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", rid), rid


@target_params
def test_request_id_on_errors(base):
    rid = "err-check-42"
    for method, path, kwargs in [
        ("POST", "/api/auth/login/", {"json": {"email": "a@b.co", "password": "wrong-pass-1"}}),
        ("POST", "/api/auth/register/", {"json": {}}),
        ("GET", "/api/auth/profile/", {}),
        ("DELETE", "/api/auth/login/", {}),
    ]:
        resp = api(method, path, base=base, headers={"X-Request-ID": rid}, **kwargs)
        assert resp.status_code >= 400
        assert resp.headers.get("X-Request-ID") == rid, describe(resp)


# ------------------------------------------------------------------------------ bad bodies
@target_params
@pytest.mark.parametrize("path", ["/api/auth/register/", "/api/auth/login/", "/api/auth/refresh/"])
@pytest.mark.parametrize(
    "payload",
    [b"{", b"{\"email\": }", b"not json", b"{\"a\":1}}", b"\xff\xfe{}", b"", b"{\"a\": NaN}"],
    ids=["open-brace", "missing-value", "text", "trailing", "bad-utf8", "empty", "nan"],
)
def test_malformed_json(base, path, payload):
    resp = api("POST", path, base=base, data=payload, headers={"Content-Type": "application/json"})
    expect_error(resp, 400)


@target_params
@pytest.mark.parametrize("path", ["/api/auth/register/", "/api/auth/login/", "/api/auth/refresh/"])
@pytest.mark.parametrize("payload", [[], [1, 2], "string", 42, None, True],
                         ids=["empty-array", "array", "string", "number", "null", "bool"])
def test_non_object_json(base, path, payload):
    resp = api("POST", path, base=base, data=json.dumps(payload),
               headers={"Content-Type": "application/json"})
    expect_error(resp, 400)


@target_params
@pytest.mark.parametrize(
    "ctype",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/xml"],
)
def test_non_json_content_type(base, ctype):
    body = json.dumps({"email": "a@example.com", "password": "Whatever-1"})
    resp = api("POST", "/api/auth/login/", base=base, data=body, headers={"Content-Type": ctype})
    expect_error(resp, 415)


@target_params
def test_json_content_type_with_charset(base):
    user = register()
    body = json.dumps({"email": user.email, "password": user.password})
    resp = api("POST", "/api/auth/login/", base=base, data=body,
               headers={"Content-Type": "application/json; charset=utf-8"})
    expect(resp, 200)


@target_params
def test_non_json_content_type_on_authenticated_route(base):
    user = register()
    resp = api("PATCH", "/api/auth/profile/", base=base, data="first_name=x",
               headers={**user.headers, "Content-Type": "application/x-www-form-urlencoded"})
    expect_error(resp, 415)


@target_params
def test_body_over_1_mib(base):
    """Content-Length over 1 MiB: 413 with a JSON detail (answered before the body is read)."""
    body = json.dumps({"email": "a@example.com", "password": "x" * (MIB + 10)}).encode()
    host = base.split("//", 1)[1]
    head = (f"POST /api/auth/login/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json"
            f"\r\nContent-Length: {len(body)}\r\nX-Request-ID: big-body-1\r\nConnection: close")
    status, headers, content = raw_http(base, head, body)
    assert status == 413, (status, headers, content[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    detail = json.loads(content).get("detail")
    assert isinstance(detail, str) and detail, content
    assert headers.get("x-request-id") == "big-body-1", headers


@target_params
def test_body_just_under_1_mib_is_not_413(base):
    """The limit is 1 MiB: a body a little under it is read and judged (here: a password
    over the policy's byte cap, so a 400, not a 413)."""
    password = "Aa1!" * ((MIB - 4096) // 4)
    body = registration_body(password=password, password_confirm="x")
    resp = api("POST", "/api/auth/register/", base=base, json=body)
    assert len(resp.request.body) < MIB
    expect_error(resp, 400)


# --------------------------------------------------------------------------- 404 and 405
@target_params
@pytest.mark.parametrize("path", ["/api/auth/nope/", "/api/auth/login/extra/", "/api/auth/"])
def test_unknown_route_is_404_json(base, path):
    expect_error(api("GET", path, base=base), 404)


def test_gateway_unknown_path_is_404_json():
    # Under /api/ only: any other path is a route of the web app (tests/api/test_gateway_app.py).
    expect_error(api("GET", "/api/definitely/not/here"), 404)


@target_params
@pytest.mark.parametrize(
    "method, path",
    [("GET", "/api/auth/login/"), ("PUT", "/api/auth/register/"), ("GET", "/api/auth/refresh/"),
     ("DELETE", "/api/auth/profile/"), ("POST", "/api/auth/jwks/"),
     ("GET", "/api/auth/change-password/"), ("GET", "/api/auth/logout/")],
)
def test_wrong_method_is_405_json(base, method, path):
    resp = api(method, path, base=base)
    expect_error(resp, 405)


# ------------------------------------------------------------------------- health, metrics
@instance_params
def test_instance_health(base):
    resp = request("GET", base + "/health")
    body = expect(resp, 200)
    assert isinstance(body, dict), describe(resp)


@instance_params
def test_instance_ready(base):
    resp = request("GET", base + "/ready")
    body = expect(resp, 200)
    checks = body.get("checks")
    assert isinstance(checks, dict) and checks, "no checks in /ready" + describe(resp)
    assert all(v == "ok" for v in checks.values()), describe(resp)
    names = " ".join(checks).lower()
    assert "postgres" in names or "database" in names or "pg" in names, checks
    assert "redis" in names, checks


@instance_params
def test_instance_metrics(base):
    # Make sure something was counted.
    api("GET", "/api/auth/jwks/", base=base)
    resp = request("GET", base + "/metrics")
    assert resp.status_code == 200, describe(resp)
    assert resp.headers.get("Content-Type", "").startswith("text/plain"), describe(resp)
    text = resp.text
    assert "# TYPE http_requests_total counter" in text, text[:2000]
    assert re.search(r'^http_requests_total\{[^}]*\} \d+', text, re.M), text[:2000]
    assert "# TYPE http_request_duration_seconds histogram" in text, text[:2000]
    assert re.search(r'^http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+', text,
                     re.M), text[:2000]
    # Every sample line is "name{labels} value" or "name value".
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(
                r'[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+]?([0-9.eE+-]+|Inf|NaN)( \d+)?', line
            ), f"not Prometheus text: {line!r}"


@instance_params
def test_instance_metrics_count_requests(base):
    def count():
        text = request("GET", base + "/metrics").text
        total = 0
        for m in re.finditer(r'^http_requests_total\{([^}]*)\} (\d+)', text, re.M):
            if 'status="404"' in m.group(1):
                total += int(m.group(2))
        return total

    before = count()
    for _ in range(3):
        api("GET", "/api/auth/no-such-route/", base=base)
    assert count() >= before + 3


def test_gateway_health():
    resp = request("GET", GATEWAY_URL + "/health")
    expect(resp, 200)
    assert resp.headers.get("X-Request-ID")


def test_gateway_security_headers():
    resp = api("GET", "/api/auth/jwks/")
    assert resp.headers.get("X-Content-Type-Options") == "nosniff", describe(resp)
    assert resp.headers.get("X-Frame-Options") == "DENY", describe(resp)
    # One X-Request-ID, not the gateway's and the service's.
    assert "," not in resp.headers.get("X-Request-ID", ""), describe(resp)


def test_errors_never_500_on_odd_input():
    """A handful of hostile bodies: each answered with a 4xx JSON error."""
    bodies = [
        {"email": "a" * 100000 + "@example.com", "password": "x"},
        {"email": "\u0000@example.com", "password": "x\u0000y"},
        {"email": {"$ne": None}, "password": {"$ne": None}},
        {"email": "a@example.com", "password": "p" * 5000},
        {"email": "' OR 1=1 --@example.com", "password": "' OR '1'='1"},
    ]
    for body in bodies:
        resp = api("POST", "/api/auth/login/", json=body)
        assert 400 <= resp.status_code < 500, describe(resp)
        json_body(resp)
    deep = "[" * 10000 + "]" * 10000
    resp = api("POST", "/api/auth/register/", data=deep, headers={"Content-Type": "application/json"})
    expect_error(resp, 400)
