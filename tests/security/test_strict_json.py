"""Request bodies are I-JSON (RFC 7493) on every service: a name twice in one object, a NUL or
a leading byte order mark is a 400 with a `detail` that says which, and nothing is written, so
no two parsers on a request's path (the gateway's, a service's, a client library's) can read one
body two ways."""

import json

import pytest

from support.http import api, expect, expect_error
from support.identities import registration_body
from support.tasks import TASKS_PATH

HEADERS = {"Content-Type": "application/json"}

TWICE = "the name \"{}\" appears twice in one object"


def malformed(body_text):
    """The body's cases: the name twice, a trailing NUL, a leading byte order mark."""
    return {
        "twice": (body_text[:-1] + ', "title": "second"}').encode(),
        "nul": body_text.encode() + b"\0",
        "bom": b"\xef\xbb\xbf" + body_text.encode(),
    }


@pytest.mark.parametrize("case", ["twice", "nul", "bom"])
def test_a_task_body_that_parsers_could_read_two_ways_is_refused(user, case):
    body = malformed(json.dumps({"title": "first"}))[case]
    resp = api("POST", TASKS_PATH, data=body, headers={**user.headers, **HEADERS})
    detail = expect_error(resp, 400)["detail"]
    assert detail.startswith("JSON parse error"), detail
    if case == "twice":
        assert TWICE.format("title") in detail, detail
    assert expect(api("GET", TASKS_PATH, headers=user.headers), 200)["count"] == 0


@pytest.mark.parametrize("case", ["twice", "nul", "bom"])
def test_a_registration_that_parsers_could_read_two_ways_is_refused(case):
    body = registration_body()
    text = json.dumps(body)
    payload = {
        "twice": (text[:-1] + ', "email": "other.' + body["email"] + '"}').encode(),
        "nul": text.encode() + b"\0",
        "bom": b"\xef\xbb\xbf" + text.encode(),
    }[case]
    resp = api("POST", "/api/auth/register/", data=payload, headers=HEADERS)
    assert expect_error(resp, 400)["detail"].startswith("JSON parse error")
    # Nothing was registered: the same body, well formed, still can be.
    expect(api("POST", "/api/auth/register/", json=body), 201)


def test_a_nested_name_twice_is_refused(user):
    resp = api("POST", "/api/notifications/mark-read/",
               data=b'{"ids": [], "all": true, "all": false}',
               headers={**user.headers, **HEADERS})
    assert TWICE.format("all") in expect_error(resp, 400)["detail"]
    resp = api("POST", "/api/projects/", data=b'{"name": "p", "meta": {"name": 1, "name": 2}}',
               headers={**user.headers, **HEADERS})
    assert TWICE.format("name") in expect_error(resp, 400)["detail"]
