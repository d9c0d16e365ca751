"""The edges of the gateway (proxy/nginx.conf.template) that a hostile or unusual client finds:
every response the gateway makes itself is JSON with a `detail`, also for a request whose line
or headers did not parse; slow clients cannot hold connections; one address cannot open
connections without bound; and cross-origin front ends get CORS for the listed origins only
(the original's client ran on :3000 and called the API on :8000)."""

import json
import select
import socket
import time
from urllib.parse import urlsplit

import pytest

from support.config import GATEWAY_URL
from support.http import api, expect
from support.identities import register

PARTS = urlsplit(GATEWAY_URL)
ORIGINAL_CLIENT = "http://localhost:3000"


def raw(request, source="127.0.0.1", timeout=5):
    """Sends bytes as they are; returns (status, headers dict lowercased, body)."""
    with socket.create_connection((PARTS.hostname, PARTS.port), timeout=timeout,
                                  source_address=(source, 0)) as conn:
        conn.sendall(request)
        data = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


MALFORMED = {
    "asterisk target": (b"GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "lowercase method": (b"get /api/tasks/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "encoded NUL": (b"GET /api/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "raw NUL": (b"GET /api/a\x00b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "token after the version": (b"GET / HTTP/1.1 x\r\nHost: x\r\n\r\n", 400),
    "TLS hello on the plain port": (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40,
                                    400),
    "HTTP/2.0 request line": (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    "odd Transfer-Encoding": (b"POST /api/tasks/ HTTP/1.1\r\nHost: x\r\n"
                              b"Transfer-Encoding: gzip\r\n\r\n", 501),
    "URI too long": (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "header too large": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
                         431),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_request_that_does_not_parse_gets_a_json_error(case):
    request, expected = MALFORMED[case]
    status, headers, body = raw(request)
    assert status == expected, (status, body[:200])
    assert headers.get("content-type") == "application/json", headers
    assert json.loads(body)["detail"]
    assert headers.get("x-content-type-options") == "nosniff"


def test_the_internal_error_uris_are_not_reachable():
    resp = api("GET", "/_gateway_errors/400")
    assert resp.status_code == 404, resp.text


def test_a_slow_client_loses_its_connection():
    """50 sockets sending a header byte every 2 s are all closed well before the services'
    own 30 s: the headers must arrive within 10 s."""
    sockets = []
    for _ in range(50):
        conn = socket.create_connection((PARTS.hostname, PARTS.port), timeout=5,
                                        source_address=("127.0.0.3", 0))
        conn.sendall(b"GET /api/tasks/ HTTP/1.1\r\nHost: x\r\n")
        sockets.append(conn)
    started = time.monotonic()
    open_ones = list(sockets)
    while open_ones and time.monotonic() - started < 25:
        time.sleep(2)
        still = []
        for conn in open_ones:
            try:
                conn.sendall(b"X-Slow: 1\r\n")
                conn.setblocking(False)
                try:
                    if conn.recv(1) == b"":
                        continue
                except BlockingIOError:
                    pass
                finally:
                    conn.setblocking(True)
                still.append(conn)
            except OSError:
                pass
        open_ones = still
    elapsed = time.monotonic() - started
    for conn in sockets:
        conn.close()
    assert not open_ones, f"{len(open_ones)} slow sockets still open after {elapsed:.0f} s"
    assert elapsed < 16, f"slow sockets closed only after {elapsed:.0f} s"


def test_one_address_cannot_hold_connections_without_bound():
    """300 requests from one address whose bodies never finish: the gateway holds 256 of them
    (until the body timeout) and answers the rest 429 at once."""
    held = []
    try:
        for _ in range(300):
            conn = socket.create_connection((PARTS.hostname, PARTS.port), timeout=5,
                                            source_address=("127.0.0.4", 0))
            conn.sendall(b"POST /api/tasks/ HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            held.append(conn)
        answered = {}
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            waiting = [c for c in held if c not in answered]
            readable, _, _ = select.select(waiting, [], [], 0.2)
            for conn in readable:
                answered[conn] = conn.recv(4096)
        refused = [reply for reply in answered.values() if reply.startswith(b"HTTP/1.1 429")]
        assert len(refused) == 300 - 256, [reply[:40] for reply in answered.values()][:5]
        assert all(b"application/json" in reply and b'"detail"' in reply for reply in refused)
    finally:
        for conn in held:
            conn.close()


def test_the_original_clients_origin_gets_cors_and_its_preflight_an_answer():
    # A preflight is the gateway's, not an operation of the API: no contract to check.
    resp = api("OPTIONS", "/api/auth/login/", check_contract=False, headers={
        "Origin": ORIGINAL_CLIENT, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert resp.status_code == 204, resp.text
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGINAL_CLIENT
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    allowed_headers = resp.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed_headers and "content-type" in allowed_headers
    assert "Access-Control-Allow-Credentials" not in resp.headers

    user = register()
    resp = api("GET", "/api/tasks/", headers={**user.headers, "Origin": ORIGINAL_CLIENT})
    expect(resp, 200)
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGINAL_CLIENT
    assert "X-Request-ID" in resp.headers["Access-Control-Expose-Headers"]
    assert "Origin" in resp.headers.get("Vary", "")
    # Errors carry it too, or the client could not read their detail.
    resp = api("GET", "/api/tasks/", headers={"Origin": ORIGINAL_CLIENT})
    assert resp.status_code == 401
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGINAL_CLIENT


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost:3001"])
def test_other_origins_get_no_cors(origin):
    resp = api("OPTIONS", "/api/auth/login/", check_contract=False, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"})
    assert resp.status_code != 204
    assert "Access-Control-Allow-Origin" not in resp.headers
    resp = api("GET", "/health", headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in resp.headers
