"""The contract check itself (support/contract.py): every response the suite receives is
validated against docs/openapi.yaml, so the check must be able to fail. A stand-in server
answers what the document forbids; real responses pass, and pass no longer once broken."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from support.contract import contract
from support.http import api, expect, request
from support.tasks import STATS_PATH, create_task, task_path

# What the stand-in server answers: path -> (status, body).
BROKEN_ANSWERS = {
    STATS_PATH: (200, {"total_tasks": "many"}),  # a string where the schema wants an integer
    "/api/tasks/1/": (418, {"detail": "I'm a teapot."}),  # a status the document does not list
}


class BrokenService(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        status, body = BROKEN_ANSWERS[self.path]
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def broken_service():
    """The base URL of a local server that breaks the document."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BrokenService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


@pytest.mark.parametrize("path", BROKEN_ANSWERS)
def test_a_response_that_breaks_the_document_fails_the_test(broken_service, path):
    with pytest.raises(pytest.fail.Exception, match="breaks openapi.yaml"):
        request("GET", broken_service + path)
    # ... unless the caller opted out.
    assert request("GET", broken_service + path, check_contract=False).status_code > 0


def test_a_real_response_passes_and_a_broken_copy_does_not(user):
    task = create_task(user)
    resp = api("GET", task_path(task), headers=user.headers)
    body = expect(resp, 200)
    content_type = resp.headers["Content-Type"]

    def violations(status, data):
        return contract().violations("GET", task_path(task), status, content_type,
                                     json.dumps(data).encode())

    assert violations(200, body) == []
    del body["title"]
    assert any("'title' is a required property" in v for v in violations(200, body))
    assert violations(200, {**body, "title": None, "priority": "critical"})
    assert violations(299, body), "a status the operation does not list"


def test_an_unknown_path_may_only_get_the_common_responses():
    assert contract().violations("GET", "/api/nowhere/", 404, "application/json",
                                 b'{"detail": "Not found."}') == []
    assert contract().violations("GET", "/api/nowhere/", 200, "application/json", b"{}")
