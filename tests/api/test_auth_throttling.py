"""Login throttling: per account and per client address, Retry-After, recovery after the
window.

The failures are sent to an auth instance directly, each test with its own X-Real-IP (the
service trusts it from a loopback peer), so they throttle nothing else in the suite. One test
goes through the gateway to show a client cannot pick its address by sending X-Real-IP: that
one throttles 127.0.0.1 and waits for the window to pass before it ends.

The window is LOGIN_THROTTLE_WINDOW (tests/run-stack-tests.sh starts the stack with a short
one); with the service's default (900 s) the recovery tests are skipped.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support.config import (
    AUTH_URLS, GATEWAY_URL, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW,
)
from support.http import describe, expect, expect_error
from support.identities import from_address, login, register, unique, unique_address
from support.timing import timed, wait_until

# A recovery test waits for the window: only when it is short.
needs_short_window = pytest.mark.skipif(
    THROTTLE_WINDOW > 30,
    reason=f"LOGIN_THROTTLE_WINDOW is {THROTTLE_WINDOW} s (run with a short window)",
)

DIRECT = AUTH_URLS[0]


def expect_throttled(resp):
    body = expect_error(resp, 429)
    retry_after = resp.headers.get("Retry-After")
    assert retry_after is not None, "429 without Retry-After" + describe(resp)
    assert retry_after.isdigit() and 1 <= int(retry_after) <= THROTTLE_WINDOW, (
        f"Retry-After {retry_after!r} is not a number of seconds within the window "
        f"({THROTTLE_WINDOW} s)" + describe(resp)
    )
    return int(retry_after), body


def fail_logins(emails, base, headers_for):
    """Wrong-password logins, 4 at a time; asserts each is a plain 401."""
    def attempt(i_email):
        i, email = i_email
        return login(email, "Wrong-password-0", base=base, headers=headers_for(i))

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(attempt, enumerate(emails)))
    for resp in responses:
        assert resp.status_code == 401, "a failure before the limit was not a 401" + describe(resp)


def expect_recovery(retry_after, attempt, what):
    """Sleeps Retry-After seconds, then retries attempt() until it is a 200 (at most 3 s
    more); asserts it became one."""

    def recovery():
        time.sleep(retry_after)
        return wait_until(attempt, 3, interval=0.25, until=lambda resp: resp.status_code == 200)

    resp, waited = timed(recovery)
    assert resp.status_code == 200, f"{what} {waited:.1f} s later" + describe(resp)


def expect_login_recovers(u, address):
    """`u` is throttled now on DIRECT from `address`, and can log in again once Retry-After has
    passed."""
    def attempt():
        return login(u.email, u.password, base=DIRECT, headers=from_address(address))

    retry_after, _ = expect_throttled(attempt())
    expect_recovery(retry_after, attempt,
                    f"still refused after a Retry-After of {retry_after} s:")


# ------------------------------------------------------------------------------ per account
def test_per_account_throttling():
    u = register()
    address = unique_address()
    fail_logins([u.email] * MAX_FAILURES_PER_ACCOUNT, DIRECT, lambda i: from_address(address))
    # Throttled now, even with the right password ...
    retry_after, _ = expect_throttled(login(u.email, u.password, base=DIRECT,
                                            headers=from_address(address)))
    # ... from any address, on any instance, and through the gateway.
    for base in AUTH_URLS:
        expect_throttled(login(u.email, u.password, base=base,
                               headers=from_address(unique_address())))
    expect_throttled(login(u.email, u.password))


def test_per_account_failures_below_the_limit_do_not_throttle():
    u = register()
    address = unique_address()
    fail_logins([u.email] * (MAX_FAILURES_PER_ACCOUNT - 1), DIRECT, lambda i: from_address(address))
    expect(login(u.email, u.password, base=DIRECT, headers=from_address(address)), 200)


def test_per_account_throttling_leaves_other_accounts_alone():
    victim, bystander = register(), register()
    address = unique_address()
    fail_logins([victim.email] * MAX_FAILURES_PER_ACCOUNT, DIRECT,
                lambda i: from_address(unique_address()))
    expect_throttled(login(victim.email, victim.password, base=DIRECT,
                           headers=from_address(address)))
    expect(login(bystander.email, bystander.password, base=DIRECT,
                 headers=from_address(address)), 200)


@needs_short_window
def test_per_account_throttling_recovers_after_the_window():
    u = register()
    address = unique_address()
    fail_logins([u.email] * MAX_FAILURES_PER_ACCOUNT, DIRECT, lambda i: from_address(address))
    expect_login_recovers(u, address)


# ------------------------------------------------------------------------------ per address
def test_per_address_throttling():
    u = register()
    address = unique_address()
    emails = [f"{unique('nobody')}@example.com" for _ in range(MAX_FAILURES_PER_ADDRESS)]
    fail_logins(emails, DIRECT, lambda i: from_address(address))
    # That address is throttled, even for another account with the right password, on every
    # instance ...
    for base in AUTH_URLS:
        expect_throttled(login(u.email, u.password, base=base, headers=from_address(address)))
    # ... other addresses are not.
    expect(login(u.email, u.password, base=DIRECT, headers=from_address(unique_address())), 200)


@needs_short_window
def test_per_address_throttling_recovers_after_the_window():
    u = register()
    address = unique_address()
    emails = [f"{unique('nobody')}@example.com" for _ in range(MAX_FAILURES_PER_ADDRESS)]
    fail_logins(emails, DIRECT, lambda i: from_address(address))
    expect_login_recovers(u, address)


@needs_short_window
def test_client_cannot_dodge_per_address_throttling_through_the_gateway():
    """Through the gateway every request comes from 127.0.0.1, whatever X-Real-IP (or
    X-Forwarded-For) the client sends: nginx overwrites it. This throttles 127.0.0.1 for the
    window, so the test waits for it to pass (the rest of the suite logs in through it)."""
    u = register()
    emails = [f"{unique('nobody')}@example.com" for _ in range(MAX_FAILURES_PER_ADDRESS)]

    def spoofed(i):
        fake = f"203.0.113.{i % 250 + 1}"
        return {"X-Real-IP": fake, "X-Forwarded-For": fake}

    try:
        fail_logins(emails, GATEWAY_URL, spoofed)
        retry_after, _ = expect_throttled(login(u.email, u.password, headers=spoofed(7)))
        expect_throttled(login(u.email, u.password, headers={"X-Real-IP": unique_address()}))
    finally:
        # Leave the gateway's address unthrottled for the rest of the suite.
        expect_recovery(THROTTLE_WINDOW, lambda: login(u.email, u.password),
                        "the gateway's address is still throttled")


def test_throttled_response_is_json_with_request_id():
    u = register()
    address = unique_address()
    fail_logins([u.email] * MAX_FAILURES_PER_ACCOUNT, DIRECT, lambda i: from_address(address))
    resp = login(u.email, u.password, base=DIRECT,
                 headers={**from_address(address), "X-Request-ID": "throttle-check-1"})
    expect_throttled(resp)
    assert resp.headers.get("X-Request-ID") == "throttle-check-1", describe(resp)
