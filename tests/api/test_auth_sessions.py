"""POST logout/ and change-password/: what they revoke, on every instance."""

import pytest

from support.config import AUTH_URLS
from support.http import api, bearer, describe, expect, expect_error, field_errors
from support.identities import (
    login, login_ok, logout, plain_names, profile, refresh, register, strong_password,
)
from support.timing import timed, wait_until

PROPAGATION_LIMIT = 1.0  # seconds: a revocation is seen by every instance within this
POLL_INTERVAL = 0.05


def change_password(access, old, new, confirm=None, base=None):
    body = {"old_password": old, "new_password": new,
            "new_password_confirm": new if confirm is None else confirm}
    return api("POST", "/api/auth/change-password/", base=base, json=body, headers=bearer(access))


def wait_for_401(token, base, limit=PROPAGATION_LIMIT):
    """Polls GET profile/ on `base` every 50 ms; returns (seconds until 401, last response)."""
    resp, elapsed = timed(lambda: wait_until(lambda: profile(token, base=base), limit,
                                             interval=POLL_INTERVAL,
                                             until=lambda resp: resp.status_code == 401))
    return elapsed, resp


# ---------------------------------------------------------------------------------- logout
def test_logout(user):
    resp = logout(user.access, user.refresh)
    body = expect(resp, 200)
    assert isinstance(body.get("message"), str) and body["message"], describe(resp)
    expect_error(profile(user.access), 401)
    expect_error(refresh(user.refresh), 401)


@pytest.mark.skipif(len(AUTH_URLS) < 2, reason="needs two auth instances")
def test_logout_is_seen_by_the_second_instance_within_1s():
    u = register()
    # Both instances accept the token before the logout.
    for url in AUTH_URLS:
        expect(profile(u.access, base=url), 200)
    expect(logout(u.access, u.refresh, base=AUTH_URLS[0]), 200)
    elapsed, resp = wait_for_401(u.access, AUTH_URLS[1])
    assert resp.status_code == 401, (
        f"instance 1 still accepts the token {elapsed:.2f} s after logout on instance 0"
        + describe(resp)
    )
    assert elapsed <= PROPAGATION_LIMIT
    expect_error(refresh(u.refresh, base=AUTH_URLS[1]), 401)


def test_logout_is_seen_by_every_instance_and_the_gateway(user):
    expect(logout(user.access, user.refresh), 200)
    for base in AUTH_URLS + [None]:
        elapsed, resp = wait_for_401(user.access, base)
        assert resp.status_code == 401, f"{base}: still 200 after {elapsed:.2f} s" + describe(resp)


def test_logout_leaves_other_sessions_alone(user):
    other = login_ok(user.email, user.password)["tokens"]
    expect(logout(user.access, user.refresh), 200)
    expect(profile(other["access"]), 200)
    expect(refresh(other["refresh"]), 200)


def test_logout_requires_authentication(user):
    resp = api("POST", "/api/auth/logout/", json={"refresh": user.refresh})
    expect_error(resp, 401)
    # Nothing was revoked.
    expect(refresh(user.refresh), 200)


def test_logout_with_a_revoked_access_token(user):
    expect(logout(user.access, user.refresh), 200)
    expect_error(logout(user.access, user.refresh), 401)


def test_logout_missing_refresh(user):
    resp = api("POST", "/api/auth/logout/", json={}, headers=user.headers)
    assert "This field is required." in field_errors(resp).get("refresh", []), describe(resp)
    # The client meant to log out: the access token used and its session end all the same.
    expect_error(profile(user.access), 401)
    expect_error(refresh(user.refresh), 401)


@pytest.mark.parametrize("body", [None, b"", b"not json", b'{"refresh": "not.a.token"}'])
def test_logout_ends_the_access_token_whatever_the_body(body):
    u = register()
    headers = {**u.headers, "Content-Type": "application/json"}
    resp = api("POST", "/api/auth/logout/", data=body, headers=headers)
    assert resp.status_code in (400, 401), describe(resp)
    expect_error(resp, resp.status_code)
    for base in AUTH_URLS:
        elapsed, resp = wait_for_401(u.access, base)
        assert resp.status_code == 401, f"still accepted on {base} after {elapsed:.2f} s"
    expect_error(refresh(u.refresh), 401)


def test_logout_with_an_invalid_refresh_token_is_no_server_error(user):
    """A refresh token that is not a valid one is refused or ignored; never a 500."""
    resp = logout(user.access, "not.a.token")
    assert resp.status_code in (200, 400, 401), describe(resp)
    if resp.status_code != 200:
        expect_error(resp, resp.status_code)


# ------------------------------------------------------------------------ change-password
def test_change_password(user):
    new = strong_password()
    resp = change_password(user.access, user.password, new)
    body = expect(resp, 200)
    assert isinstance(body.get("message"), str) and body["message"], describe(resp)
    resp = login(user.email, user.password)
    assert resp.status_code == 401 and resp.json() == {"detail": "Invalid credentials."}, describe(resp)
    expect(login(user.email, new), 200)


def test_change_password_revokes_other_sessions():
    u = register()  # session A (the registration's tokens)
    b = login_ok(u.email, u.password)["tokens"]  # session B
    c = login_ok(u.email, u.password)["tokens"]  # session C: the one that changes it
    expect(change_password(c["access"], u.password, strong_password(), base=AUTH_URLS[0]), 200)
    for base in AUTH_URLS:
        for name, token in (("A", u.access), ("B", b["access"])):
            elapsed, resp = wait_for_401(token, base)
            assert resp.status_code == 401, (
                f"session {name}'s access token still accepted on {base} {elapsed:.2f} s after "
                "the password change" + describe(resp)
            )
    expect_error(refresh(u.refresh), 401)
    expect_error(refresh(b["refresh"]), 401)
    # The session that changed the password goes on.
    expect(profile(c["access"]), 200)
    expect(refresh(c["refresh"]), 200)


def test_change_password_wrong_old_password(user):
    resp = change_password(user.access, user.password + "-wrong", strong_password())
    assert field_errors(resp).get("old_password"), describe(resp)
    expect(login(user.email, user.password), 200)


def test_change_password_confirmation_mismatch(user):
    new = strong_password()
    resp = change_password(user.access, user.password, new, confirm=new + "x")
    errors = field_errors(resp)
    assert "Password fields didn't match." in errors.get("new_password_confirm", []), errors
    expect(login(user.email, user.password), 200)


@pytest.mark.parametrize(
    "new, message",
    [
        ("Zq7!vX2", "This password is too short. It must contain at least 8 characters."),
        ("password", "This password is too common."),
        ("80417395526", "This password is entirely numeric."),
    ],
    ids=["short", "common", "numeric"],
)
def test_change_password_policy(new, message):
    user = register(**plain_names())
    errors = field_errors(change_password(user.access, user.password, new))
    assert message in errors.get("new_password", []), errors


def test_change_password_similar_to_the_stored_username():
    u = register(username=f"periwinkle{strong_password()[4:10]}")
    errors = field_errors(change_password(u.access, u.password, u.username + "7"))
    assert "The password is too similar to the username." in errors.get("new_password", []), errors


@pytest.mark.parametrize("field", ["old_password", "new_password", "new_password_confirm"])
def test_change_password_missing_field(user, field):
    body = {"old_password": user.password, "new_password": "Xy9!abcdefgh",
            "new_password_confirm": "Xy9!abcdefgh"}
    del body[field]
    resp = api("POST", "/api/auth/change-password/", json=body, headers=user.headers)
    assert "This field is required." in field_errors(resp).get(field, []), describe(resp)


def test_change_password_unknown_field(user):
    new = strong_password()
    body = {"old_password": user.password, "new_password": new, "new_password_confirm": new,
            "user_id": 1}
    resp = api("POST", "/api/auth/change-password/", json=body, headers=user.headers)
    assert field_errors(resp).get("user_id") == ["Unexpected field."], describe(resp)


def test_change_password_requires_authentication(user):
    new = strong_password()
    resp = api("POST", "/api/auth/change-password/",
               json={"old_password": user.password, "new_password": new,
                     "new_password_confirm": new})
    expect_error(resp, 401)
    expect(login(user.email, user.password), 200)


def test_logout_cannot_revoke_another_users_session():
    a, b = register(), register()
    resp = logout(a.access, b.refresh)
    assert 400 <= resp.status_code < 500, describe(resp)
    expect_error(resp, resp.status_code)
    # b's session is untouched.
    expect(profile(b.access), 200)
    expect(refresh(b.refresh), 200)
