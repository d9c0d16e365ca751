"""The auth service with Redis or PostgreSQL down: fast 503s with a JSON detail (no hang, no
500), /ready 503 naming the dependency, and full recovery once it is back, without restarting
the service. Each test restores the component it stopped, pass or fail."""

import time

import pytest

from conftest import (
    AUTH_URLS,
    GATEWAY_URL,
    api,
    describe,
    expect,
    expect_error,
    instance_pids,
    login,
    profile,
    refresh,
    register,
    registration_body,
    request,
    stack,
    unique_address,
    wait_until,
)

pytestmark = pytest.mark.faults

FAST = 3.0  # seconds: a request while a dependency is down answers within this
RECOVERY = 10.0  # seconds: everything works again within this once it is back


@pytest.fixture
def stopped():
    """stopped(component): stops it now and starts it again at teardown (always)."""
    down = []

    def stop(component):
        down.append(component)
        stack("stop-component", component)

    yield stop
    for component in reversed(down):
        stack("start-component", component)
    if down:
        # Leave a healthy stack to the next test, even when this one failed before recovery.
        def all_ready():
            return all(request("GET", url + "/ready").status_code == 200 for url in AUTH_URLS)

        assert wait_until(all_ready, 30, interval=0.25), (
            f"auth instances not ready 30 s after restarting {', '.join(down)}")


def timed(fn):
    start = time.monotonic()
    resp = fn()
    return resp, time.monotonic() - start


def expect_fast_503(fn, what):
    resp, elapsed = timed(fn)
    assert elapsed < FAST, f"{what}: took {elapsed:.2f} s" + describe(resp)
    expect_error(resp, 503)
    return resp


def recovered(user, bases):
    """Login, refresh and /ready work on every base; returns (ok, the failing response)."""
    for base in bases:
        resp = login(user.email, user.password, base=base,
                     headers={"X-Real-IP": unique_address()} if base != GATEWAY_URL else {})
        if resp.status_code != 200:
            return False, resp
        resp = refresh(resp.json()["tokens"]["refresh"], base=base)
        if resp.status_code != 200:
            return False, resp
        if base != GATEWAY_URL:
            resp = request("GET", base + "/ready")
            if resp.status_code != 200:
                return False, resp
    return True, None


def wait_recovered(user):
    start = time.monotonic()
    while True:
        ok, resp = recovered(user, AUTH_URLS + [GATEWAY_URL])
        elapsed = time.monotonic() - start
        if ok or elapsed > RECOVERY:
            return ok, resp, elapsed
        time.sleep(0.25)


@pytest.mark.parametrize("component, check_name", [("redis", "redis"), ("postgres", "postgres")])
def test_dependency_outage_and_recovery(stopped, record_property, component, check_name):
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

    stopped(component)
    for i, base in enumerate(AUTH_URLS):
        headers = {"X-Real-IP": unique_address()}
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

    stack("start-component", component)
    ok, resp, elapsed = wait_recovered(u)
    record_property("recovery_seconds", f"{elapsed:.2f}")
    if not ok:
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


def test_profile_while_redis_is_down_answers_fast(stopped):
    """Access tokens are verified locally (key + in-memory revocation list): reading the
    profile needs PostgreSQL, not Redis."""
    u = register()
    stopped("redis")
    for base in AUTH_URLS:
        resp, elapsed = timed(lambda: profile(u.access, base=base))
        assert elapsed < FAST, describe(resp)
        assert resp.status_code in (200, 503), describe(resp)
        if resp.status_code == 503:
            expect_error(resp, 503)


def test_revocations_made_during_a_redis_outage_are_not_lost(stopped):
    """A logout refused while Redis is down (503) must not have half-happened: after Redis is
    back, logging out works and is seen by every instance."""
    u = register()
    stopped("redis")
    resp = api("POST", "/api/auth/logout/", json={"refresh": u.refresh},
               headers={"Authorization": f"Bearer {u.access}"})
    assert resp.status_code in (200, 503), describe(resp)
    stack("start-component", "redis")
    if resp.status_code == 503:
        deadline = time.monotonic() + RECOVERY
        while True:
            resp = api("POST", "/api/auth/logout/", json={"refresh": u.refresh},
                       headers={"Authorization": f"Bearer {u.access}"})
            if resp.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        expect(resp, 200)
    deadline = time.monotonic() + RECOVERY
    for base in AUTH_URLS:
        while True:
            resp = profile(u.access, base=base)
            if resp.status_code == 401 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        expect_error(resp, 401)
    expect_error(refresh(u.refresh), 401)


@pytest.mark.skipif(len(AUTH_URLS) < 2, reason="needs two auth instances")
def test_revocations_survive_an_instance_restart():
    """An instance that starts after a logout still refuses the logged-out token (it loads the
    revocations from Redis at start, not only from pub/sub)."""
    u = register()
    expect(profile(u.access, base=AUTH_URLS[1]), 200)
    try:
        stack("stop-component", "auth-1")
        resp = api("POST", "/api/auth/logout/", base=AUTH_URLS[0], json={"refresh": u.refresh},
                   headers={"Authorization": f"Bearer {u.access}"})
        expect(resp, 200)
    finally:
        stack("start-component", "auth-1")
    expect_error(profile(u.access, base=AUTH_URLS[1]), 401)
    expect_error(refresh(u.refresh, base=AUTH_URLS[1]), 401)


def test_revocations_survive_a_redis_restart(stopped):
    """Revocations live in Redis (persisted): after Redis restarts, every instance still
    refuses a logged-out token."""
    u = register()
    expect(api("POST", "/api/auth/logout/", json={"refresh": u.refresh},
               headers={"Authorization": f"Bearer {u.access}"}), 200)
    stopped("redis")
    stack("start-component", "redis")
    ok = wait_until(lambda: all(request("GET", b + "/ready").status_code == 200
                                for b in AUTH_URLS), RECOVERY, interval=0.25)
    assert ok, "instances not ready after Redis came back"
    for base in AUTH_URLS:
        expect_error(profile(u.access, base=base), 401)
        expect_error(refresh(u.refresh, base=base), 401)
