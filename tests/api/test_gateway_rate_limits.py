"""The gateway's rate limits (proxy/nginx.conf.template): per client address, strict on sign-up
and log-in, generous on the rest of the API, answered 429 with a JSON detail, Retry-After and
the security headers. The suite's own address (127.0.0.1) is exempt in the test stack
(TASKFLOW_RATE_EXEMPT), so these tests send from other loopback addresses, each its own client
with the limits of a production stack (stack.sh's defaults: 5 r/s burst 20, 200 r/s burst 400)."""

import http.client
import json
from urllib.parse import urlsplit

from support.config import GATEWAY_URL

AUTH_BURST = 20
API_BURST = 400


class Client:
    """Keep-alive HTTP/1.1 to the gateway from a given loopback source address."""

    def __init__(self, source):
        parts = urlsplit(GATEWAY_URL)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10,
                                               source_address=(source, 0))

    def send(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=None if body is None else json.dumps(body),
                          headers=headers)
        resp = self.conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()

    def close(self):
        self.conn.close()


def hammer(source, method, path, body, limit):
    """Sends until the first 429 (or `limit` requests); returns (answered before, 429 response)."""
    client = Client(source)
    try:
        for n in range(limit):
            status, headers, payload = client.send(method, path, body)
            if status == 429:
                return n, (headers, payload)
        return limit, None
    finally:
        client.close()


def assert_json_429(headers, payload):
    assert headers.get("Content-Type", "").startswith("application/json"), headers
    assert json.loads(payload)["detail"], payload
    assert headers.get("Retry-After") == "1", headers
    assert headers.get("X-Content-Type-Options") == "nosniff", headers
    assert headers.get("X-Request-ID"), headers


def test_log_in_is_limited_to_a_few_requests_per_second():
    # An incomplete body (400): failed log-ins would meet the auth service's own throttle first.
    answered, rejected = hammer("127.0.0.2", "POST", "/api/auth/login/", {}, 200)
    assert rejected is not None, f"{answered} log-ins in a row without a 429"
    assert AUTH_BURST <= answered <= AUTH_BURST + 10, answered
    assert_json_429(*rejected)


def test_sign_up_shares_the_strict_limit():
    answered, rejected = hammer("127.0.0.3", "POST", "/api/auth/register/", {}, 200)
    assert rejected is not None and AUTH_BURST <= answered <= AUTH_BURST + 10, answered
    assert_json_429(*rejected)


def test_the_rest_of_the_api_allows_a_large_burst_then_answers_429():
    answered, rejected = hammer("127.0.0.4", "GET", "/api/tasks/", None, 20000)
    assert rejected is not None, f"{answered} requests in a row without a 429"
    assert answered >= API_BURST, answered
    assert_json_429(*rejected)


def test_each_client_address_has_its_own_allowance():
    hammer("127.0.0.5", "POST", "/api/auth/login/", {}, 200)
    status, _, _ = Client("127.0.0.6").send("POST", "/api/auth/login/", {})
    assert status == 400
