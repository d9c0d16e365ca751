"""The suite's HTTP client and the assertions on what it gets back.

Every response is checked against docs/openapi.yaml (support.contract) before the test sees it;
a probe that deliberately sends what the document does not describe passes
`check_contract=False`."""

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
import requests

from support.config import GATEWAY_URL, TIMEOUT
from support.contract import assert_conforms
from support.timing import timed

_session = requests.Session()


def request(method, url, check_contract=True, **kwargs):
    """One HTTP request with the suite's timeout; `url` is absolute. Fails the test when the
    response breaks the HTTP contract (unless check_contract is False)."""
    kwargs.setdefault("timeout", TIMEOUT)
    kwargs.setdefault("allow_redirects", False)
    resp = _session.request(method, url, **kwargs)
    if check_contract:
        assert_conforms(method, urlsplit(url).path, resp.status_code,
                        resp.headers.get("Content-Type", ""), resp.content, describe(resp))
    return resp


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


def is_ready(base):
    """Whether the instance at `base` answers /ready with 200 (False when it does not answer)."""
    try:
        return request("GET", base + "/ready").status_code == 200
    except requests.RequestException:
        return False


def metric(base, name):
    """A counter or gauge from an instance's /metrics (sum over its label sets), or 0."""
    text = api("GET", "/metrics", base=base).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def is_utc_timestamp(value):
    """The API's timestamps: ISO 8601 in UTC, e.g. 2026-11-29T10:00:00Z (or .123456Z)."""
    return isinstance(value, str) and bool(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z", value)
    )


def parse_timestamp(value):
    """An API timestamp as an aware datetime (None stays None)."""
    if value is None:
        return None
    assert is_utc_timestamp(value), f"not an ISO 8601 UTC timestamp: {value!r}"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def answered_within(seconds, call, what):
    """call() (a request); asserts its response came within `seconds` and returns it."""
    resp, elapsed = timed(call)
    assert elapsed < seconds, f"{what}: took {elapsed:.2f} s" + describe(resp)
    return resp
