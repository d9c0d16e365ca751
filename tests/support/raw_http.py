"""HTTP over a plain socket, for requests no client library would send (an oversized body
announced before it is sent, malformed request lines, ...)."""

import socket
import time
from urllib.parse import urlsplit

from support.config import TIMEOUT
from support.contract import assert_conforms


def raw_http(url, head, body=b"", wait_before_body=1.0, timeout=TIMEOUT, check_contract=True):
    """Sends `head` (request line + headers, without the final CRLF CRLF) and `body` over a
    plain socket; returns (status, headers dict lower-case, body bytes). If the server answers
    before the body is sent (e.g. 413 on Content-Length), the body is not sent. The response is
    checked against docs/openapi.yaml like the client's; a probe whose request line is
    deliberately malformed passes check_contract=False."""
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
    headers = _parse_headers(head_part)
    if check_contract:
        method, target = head.split(" ", 2)[:2]
        exchange = f"\n>>> {head.splitlines()[0]}\n<<< {status} {headers}\n<<< {rest[:1000]!r}"
        assert_conforms(method, urlsplit(target).path, status, headers.get("content-type", ""),
                        rest, exchange)
    return status, headers, rest


def _parse_headers(head_part):
    headers = {}
    for line in head_part.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers
