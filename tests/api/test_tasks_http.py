"""HTTP conventions on the tasks routes through the gateway: X-Request-ID, 401 without a valid
token on every route, 405 for wrong methods, paths without the trailing slash, 413 as JSON.
"""

import json
import time

import pytest

from support.config import GATEWAY_URL
from support.http import api, bearer, describe, expect, expect_error
from support.identities import register
from support.jwt import access_claims, mint_token, other_signing_key
from support.raw_http import raw_http
from support.tasks import create_task, task_path

@pytest.fixture
def owner():
    return register()


@pytest.fixture
def owned(owner):
    """(task, attachment) of `owner`."""
    task = create_task(owner)
    att = expect(api("POST", task_path(task, "attachments"), files={"file": ("a.txt", b"abc")},
                     headers=owner.headers), 201)
    return task, att


def every_route(task, att):
    """(method, path, kwargs) for every tasks route, with a valid body."""
    tid = task["id"]
    return [
        ("GET", "/api/tasks/", {}),
        ("POST", "/api/tasks/", {"json": {"title": "x"}}),
        ("GET", "/api/tasks/stats/", {}),
        ("POST", "/api/tasks/bulk-update/", {"json": {"task_ids": [tid],
                                                       "updates": {"status": "done"}}}),
        ("GET", f"/api/tasks/{tid}/", {}),
        ("PATCH", f"/api/tasks/{tid}/", {"json": {"title": "x"}}),
        ("PUT", f"/api/tasks/{tid}/", {"json": {"title": "x"}}),
        ("GET", f"/api/tasks/{tid}/comments/", {}),
        ("POST", f"/api/tasks/{tid}/comments/", {"json": {"content": "x"}}),
        ("GET", f"/api/tasks/{tid}/attachments/", {}),
        ("POST", f"/api/tasks/{tid}/attachments/", {"files": {"file": ("b.txt", b"b")}}),
        ("GET", att["download_url"], {}),
        ("DELETE", f"/api/tasks/{tid}/", {}),  # last: the others need the task
    ]


# ---------------------------------------------------------------------------------- 401
def bad_credentials(user_id):
    now = int(time.time())
    return {
        "none": {},
        "empty-bearer": {"Authorization": "Bearer "},
        "garbage": bearer("not.a.token"),
        "basic": {"Authorization": "Basic dXNlcjpwYXNz"},
        "expired": bearer(mint_token(access_claims(user_id, iat=now - 7200, exp=now - 3600))),
        "forged": bearer(mint_token(access_claims(user_id), key=other_signing_key())),
        "alg-none": bearer(mint_token(access_claims(user_id), alg="none")),
        "refresh-as-access": bearer(mint_token(access_claims(user_id, token_type="refresh"))),
    }


def test_every_route_requires_a_valid_token(owner, owned):
    task, att = owned
    for name, headers in bad_credentials(owner.id).items():
        for method, path, kwargs in every_route(task, att):
            resp = api(method, path, headers=headers, **kwargs)
            assert resp.status_code == 401, f"{name}: expected 401" + describe(resp)
            expect_error(resp, 401)
    # Nothing happened to the task.
    detail = expect(api("GET", task_path(task), headers=owner.headers), 200)
    assert detail["title"] == task["title"] and detail["status"] == "todo", detail
    assert [a["id"] for a in detail["attachments"]] == [att["id"]] and detail["comments"] == []


def test_a_valid_token_is_accepted_on_every_route(owned, owner):
    """The counterpart of the 401s: the same requests with the owner's token succeed."""
    task, att = owned
    extra = create_task(owner)
    for method, path, kwargs in every_route(extra, att):
        if path == att["download_url"]:
            path = task_path(task, "attachments", att["id"])
        resp = api(method, path, headers=owner.headers, **kwargs)
        assert resp.status_code in (200, 201, 204), describe(resp)


# ----------------------------------------------------------------------------- request id
def test_request_id_is_echoed_on_tasks_routes(owner, owned):
    task, att = owned
    rid = "tasks-req.ID_42:x"
    cases = [
        ("GET", "/api/tasks/", {"headers": owner.headers}),                      # 200
        ("POST", "/api/tasks/", {"headers": owner.headers, "json": {"title": "r"}}),  # 201
        ("POST", "/api/tasks/", {"headers": owner.headers, "json": {}}),         # 400
        ("GET", "/api/tasks/", {}),                                              # 401
        ("GET", "/api/tasks/99999999/", {"headers": owner.headers}),             # 404
        ("PUT", "/api/tasks/", {"headers": owner.headers}),                      # 405
        ("GET", att["download_url"], {"headers": owner.headers}),                # the file
        ("POST", task_path(task, "attachments"),
         {"headers": owner.headers, "files": {"file": ("r.txt", b"r")}}),        # 201
    ]
    for method, path, kwargs in cases:
        headers = {**kwargs.pop("headers", {}), "X-Request-ID": rid}
        resp = api(method, path, headers=headers, **kwargs)
        assert resp.headers.get("X-Request-ID") == rid, describe(resp)


def test_request_id_is_generated_on_tasks_routes(owner):
    a = api("GET", "/api/tasks/", headers=owner.headers)
    b = api("GET", "/api/tasks/stats/", headers=owner.headers)
    c = api("GET", "/api/tasks/")
    ids = [r.headers.get("X-Request-ID") for r in (a, b, c)]
    assert all(ids), [describe(r) for r in (a, b, c)]
    assert len(set(ids)) == 3, ids
    assert all("," not in i for i in ids), ids  # one id, not the gateway's and the service's


# ---------------------------------------------------------------------------------- 405
WRONG_METHODS = [
    ("PUT", "/api/tasks/"), ("PATCH", "/api/tasks/"), ("DELETE", "/api/tasks/"),
    ("POST", "/api/tasks/{tid}/"),
    ("PUT", "/api/tasks/{tid}/comments/"), ("DELETE", "/api/tasks/{tid}/comments/"),
    ("PATCH", "/api/tasks/{tid}/comments/"),
    ("PUT", "/api/tasks/{tid}/attachments/"), ("DELETE", "/api/tasks/{tid}/attachments/"),
    ("POST", "/api/tasks/{tid}/attachments/{aid}/"), ("PUT", "/api/tasks/{tid}/attachments/{aid}/"),
    ("DELETE", "/api/tasks/{tid}/attachments/{aid}/"),
    ("POST", "/api/tasks/stats/"),
    ("DELETE", "/api/tasks/stats/"),
    ("PUT", "/api/tasks/stats/"),
    ("PATCH", "/api/tasks/stats/"),
    ("GET", "/api/tasks/bulk-update/"),
    ("DELETE", "/api/tasks/bulk-update/"),
    ("PUT", "/api/tasks/bulk-update/"),
]


@pytest.mark.parametrize("method, path", WRONG_METHODS)
def test_wrong_method_is_405_json(owner, owned, method, path):
    task, att = owned
    path = path.format(tid=task["id"], aid=att["id"])
    resp = api(method, path, headers=owner.headers)
    expect_error(resp, 405)
    # Nothing was done: the task and its attachment are still there.
    resp = api("GET", task_path(task, "attachments", att["id"]), headers=owner.headers)
    assert resp.status_code == 200 and resp.content == b"abc", describe(resp)


@pytest.mark.parametrize("path, allowed", [
    ("/api/tasks/", {"GET", "POST"}),
    ("/api/tasks/{tid}/", {"GET", "PATCH", "PUT", "DELETE"}),
    ("/api/tasks/{tid}/comments/", {"GET", "POST"}),
    ("/api/tasks/{tid}/attachments/", {"GET", "POST"}),
    ("/api/tasks/{tid}/attachments/{aid}/", {"GET"}),
    ("/api/tasks/stats/", {"GET"}),
    ("/api/tasks/bulk-update/", {"POST"}),
])
def test_405_allow_header_names_the_routes_methods(owner, owned, path, allowed):
    task, att = owned
    path = path.format(tid=task["id"], aid=att["id"])
    method = next(m for m in ("PATCH", "POST", "DELETE", "PUT") if m not in allowed)
    resp = api(method, path, headers=owner.headers)
    expect_error(resp, 405)
    got = {m.strip() for m in resp.headers.get("Allow", "").split(",") if m.strip()}
    assert got - {"HEAD", "OPTIONS"} == allowed, describe(resp)


# ----------------------------------------------------------------------- trailing slash
def test_paths_without_trailing_slash(owner, owned):
    task, att = owned
    tid = task["id"]
    for method, path, kwargs in [
        ("GET", f"/api/tasks/{tid}", {}),
        ("PATCH", f"/api/tasks/{tid}", {"json": {"description": "no slash"}}),
        ("GET", f"/api/tasks/{tid}/comments", {}),
        ("POST", f"/api/tasks/{tid}/comments", {"json": {"content": "no slash"}}),
        ("GET", f"/api/tasks/{tid}/attachments", {}),
        ("POST", f"/api/tasks/{tid}/attachments", {"files": {"file": ("s.txt", b"s")}}),
        ("GET", att["download_url"].rstrip("/"), {}),
        ("GET", "/api/tasks/stats", {}),
    ]:
        resp = api(method, path, headers=owner.headers, **kwargs)
        assert resp.status_code in (200, 201), describe(resp)


@pytest.mark.parametrize("method, kwargs", [("GET", {}), ("POST", {"json": {"title": "x"}})])
def test_collection_without_trailing_slash(owner, method, kwargs):
    resp = api(method, "/api/tasks", headers=owner.headers, **kwargs)
    assert resp.status_code == (200 if method == "GET" else 201), describe(resp)


# ---------------------------------------------------------------------------------- 413
def test_json_body_over_1_mib_is_413_json(owner):
    """JSON bodies are limited to 1 MiB (the upload route alone takes 10 MiB)."""
    body = json.dumps({"title": "big", "description": "d" * (1024 * 1024 + 10)}).encode()
    host = GATEWAY_URL.split("//", 1)[1]
    head = (f"POST /api/tasks/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {owner.access}\r\nContent-Length: {len(body)}\r\n"
            f"X-Request-ID: tasks-big-1\r\nConnection: close")
    status, headers, content = raw_http(GATEWAY_URL, head, body)
    assert status == 413, (status, headers, content[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    assert json.loads(content).get("detail"), content
    assert headers.get("x-request-id") == "tasks-big-1", headers
