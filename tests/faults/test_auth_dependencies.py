"""The auth service with Redis or PostgreSQL down: fast 503s with a JSON detail (no hang, no
500), /ready 503 naming the dependency, and full recovery once it is back, without restarting
the service. Each test restores the component it stopped, pass or fail."""

import time

import pytest

from support.config import AUTH_URLS, GATEWAY_URL
from support.http import answered_within, api, describe, expect, expect_error, request
from support.identities import (
    from_address, login, logout, profile, refresh, register, registration_body, unique_address,
)
from support.stack import instance_pids, wait_ready
from support.timing import timed, wait_until

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while a dependency is down answers within this
RECOVERY = 10.0  # seconds: everything works again within this once it is back


def expect_fast_503(call, what):
    resp = answered_within(FAST, call, what)
    expect_error(resp, 503)
    return resp


def recovered(user, bases):
    """Login, refresh and /ready work on every base; returns the first failing response, or
    None."""
    for base in bases:
        resp = login(user.email, user.password, base=base,
                     headers=from_address(unique_address()) if base != GATEWAY_URL else {})
        if resp.status_code != 200:
            return resp
        resp = refresh(resp.json()["tokens"]["refresh"], base=base)
        if resp.status_code != 200:
            return resp
        if base != GATEWAY_URL:
            resp = request("GET", base + "/ready")
            if resp.status_code != 200:
                return resp
    return None


def wait_recovered(user):
    """(the failing response or None, seconds waited)."""
    return timed(lambda: wait_until(lambda: recovered(user, AUTH_URLS + [GATEWAY_URL]),
                                    RECOVERY, interval=0.25, until=lambda resp: resp is None))


@pytest.mark.parametrize("component, check_name", [("redis", "redis"), ("postgres", "postgres")])
def test_dependency_outage_and_recovery(outage, record_property, component, check_name):
    u = register()
    # One refresh token per instance (using one on two instances would be a reuse).
    spares = [expect(login(u.email, u.password), 200)["tokens"]["refresh"] for _ in AUTH_URLS]
    pids = instance_pids()

    # Every check of the outage runs, and all failures are reported together.
    problems = []

    def check(fn, *args):
        try:
            return fn(*args)
        except AssertionError as e:
            problems.append(str(e))
            return None

    outage.stop(component)
    for i, base in enumerate(AUTH_URLS):
        headers = from_address(unique_address())
        check(expect_fast_503, lambda: login(u.email, u.password, base=base, headers=headers),
              f"login on auth-{i} with {component} down")
        if component == "redis":
            check(expect_fast_503, lambda: refresh(spares[i], base=base),
                  f"refresh on auth-{i} with {component} down")
        else:
            # Sessions live in Redis alone: signed-in users keep refreshing through a
            # PostgreSQL outage.
            check(expect, refresh(spares[i], base=base), 200)
        resp = check(expect_fast_503, lambda: request("GET", base + "/ready"),
                     f"/ready on auth-{i} with {component} down")
        if resp is not None:
            checks = resp.json().get("checks", {})
            failing = [name for name, state in checks.items() if state != "ok"]
            if not any(check_name in name.lower() or (component == "postgres" and (
                    "database" in name.lower() or "pg" in name.lower())) for name in failing):
                problems.append(f"/ready on auth-{i} does not name {component} as failing"
                                + describe(resp))
        # Liveness is not readiness: the process is alive.
        check(expect, request("GET", base + "/health"), 200)
    # Through the gateway too: a 503 with a detail, quickly.
    check(expect_fast_503, lambda: login(u.email, u.password),
          f"login through the gateway, {component} down")
    if component == "postgres":
        body = registration_body()
        check(expect_fast_503, lambda: api("POST", "/api/auth/register/", json=body),
              "register through the gateway, postgres down")

    outage.start(component)
    resp, elapsed = wait_recovered(u)
    record_property("recovery_seconds", f"{elapsed:.2f}")
    if resp is not None:
        problems.append(f"not recovered {elapsed:.1f} s after {component} came back"
                        + describe(resp))
    # ... by the same processes: nothing was restarted.
    if instance_pids() != pids:
        problems.append("the auth instances were restarted")
    # And a new account works end to end.
    def new_account_works():
        v = register()
        expect(profile(v.access), 200)
        expect(refresh(v.refresh), 200)

    check(new_account_works)
    assert not problems, f"{len(problems)} problem(s) with {component} down:\n\n" + "\n\n".join(
        problems)


def test_profile_while_redis_is_down_answers_fast(outage):
    """Access tokens are verified locally (key + in-memory revocation list): reading the
    profile needs PostgreSQL, not Redis."""
    u = register()
    outage.stop("redis")
    for base in AUTH_URLS:
        resp = answered_within(FAST, lambda: profile(u.access, base=base), f"profile on {base}")
        assert resp.status_code in (200, 503), describe(resp)
        if resp.status_code == 503:
            expect_error(resp, 503)


def test_revocations_made_during_a_redis_outage_are_not_lost(outage):
    """A logout refused while Redis is down (503) must not have half-happened: after Redis is
    back, logging out works and is seen by every instance."""
    u = register()
    outage.stop("redis")
    resp = logout(u.access, u.refresh)
    assert resp.status_code in (200, 503), describe(resp)
    outage.start("redis")
    if resp.status_code == 503:
        resp = wait_until(lambda: logout(u.access, u.refresh), RECOVERY, interval=0.25,
                          until=lambda resp: resp.status_code == 200)
        expect(resp, 200)
    deadline = time.monotonic() + RECOVERY
    for base in AUTH_URLS:
        resp = wait_until(lambda: profile(u.access, base=base), deadline - time.monotonic(),
                          until=lambda resp: resp.status_code == 401)
        expect_error(resp, 401)
    expect_error(refresh(u.refresh), 401)


@pytest.mark.skipif(len(AUTH_URLS) < 2, reason="needs two auth instances")
def test_revocations_survive_an_instance_restart(outage):
    """An instance that starts after a logout still refuses the logged-out token (it loads the
    revocations from Redis at start, not only from pub/sub)."""
    u = register()
    expect(profile(u.access, base=AUTH_URLS[1]), 200)
    outage.stop("auth-1")
    expect(logout(u.access, u.refresh, base=AUTH_URLS[0]), 200)
    outage.start("auth-1")
    expect_error(profile(u.access, base=AUTH_URLS[1]), 401)
    expect_error(refresh(u.refresh, base=AUTH_URLS[1]), 401)


def test_revocations_survive_a_redis_restart(outage):
    """Revocations live in Redis (persisted): after Redis restarts, every instance still
    refuses a logged-out token."""
    u = register()
    expect(logout(u.access, u.refresh), 200)
    outage.stop("redis")
    outage.start("redis")
    waiting = wait_ready(AUTH_URLS, RECOVERY)
    assert not waiting, f"not ready after Redis came back: {waiting}"
    for base in AUTH_URLS:
        expect_error(profile(u.access, base=base), 401)
        expect_error(refresh(u.refresh, base=base), 401)
