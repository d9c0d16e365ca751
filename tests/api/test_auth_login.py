"""POST /api/auth/login/."""

import statistics
import time

import nacl.pwhash
import pytest

from support.config import AUTH_URLS
from support.http import api, describe, expect, field_errors
from support.identities import (
    USER_FIELDS, from_address, login, profile, register, unique, unique_address,
)
from support.jwt import jwt_parts
from support.stack import stack

INVALID = {"detail": "Invalid credentials."}


def test_login_returns_user_and_fresh_tokens(user):
    resp = login(user.email, user.password)
    data = expect(resp, 200)
    assert set(data) == {"user", "tokens"}, describe(resp)
    assert set(data["user"]) == USER_FIELDS
    assert data["user"] == user.user
    assert set(data["tokens"]) == {"access", "refresh"}
    access, refresh = data["tokens"]["access"], data["tokens"]["refresh"]
    assert access != user.access and refresh != user.refresh
    a, r = jwt_parts(access)[1], jwt_parts(refresh)[1]
    assert a["user_id"] == user.id and a["token_type"] == "access"
    assert r["user_id"] == user.id and r["token_type"] == "refresh"
    # A new login is a new session (refresh-token family).
    assert a["sid"] == r["sid"] != jwt_parts(user.access)[1]["sid"]
    assert user.password not in resp.text
    expect(profile(access), 200)


def test_login_on_every_instance(user, auth_url):
    expect(login(user.email, user.password, base=auth_url), 200)


def test_login_without_trailing_slash(user):
    resp = api("POST", "/api/auth/login", json={"email": user.email, "password": user.password})
    expect(resp, 200)


def test_wrong_password(user):
    resp = login(user.email, user.password + "x")
    assert expect(resp, 401) == INVALID, describe(resp)


def test_unknown_email():
    resp = login(f"{unique('nobody')}@example.com", "Whatever-123-pass")
    assert expect(resp, 401) == INVALID, describe(resp)


def test_wrong_password_and_unknown_email_answer_alike(user):
    wrong = login(user.email, "not-the-password-1")
    unknown = login(f"{unique('ghost')}@example.com", "not-the-password-1")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == INVALID


def test_password_is_case_sensitive(user):
    expect(login(user.email, user.password.swapcase()), 401)


@pytest.mark.parametrize("field", ["email", "password"])
def test_missing_field(field, user):
    body = {"email": user.email, "password": user.password}
    del body[field]
    errors = field_errors(api("POST", "/api/auth/login/", json=body))
    assert "This field is required." in errors.get(field, []), errors


@pytest.mark.parametrize("field", ["email", "password"])
@pytest.mark.parametrize("value", [42, None, ["a"], {"a": "b"}], ids=["int", "null", "list", "object"])
def test_wrong_type(field, value, user):
    body = {"email": user.email, "password": user.password, field: value}
    errors = field_errors(api("POST", "/api/auth/login/", json=body))
    assert field in errors, errors


def test_blank_fields():
    errors = field_errors(api("POST", "/api/auth/login/", json={"email": "", "password": ""}))
    assert errors.get("email") and errors.get("password"), errors


def test_unknown_field(user):
    body = {"email": user.email, "password": user.password, "remember_me": True}
    errors = field_errors(api("POST", "/api/auth/login/", json=body))
    assert errors.get("remember_me") == ["Unexpected field."], errors


def test_login_after_register_on_other_instance():
    """State is shared: an account created through one instance logs in on the other."""
    u = register(base=AUTH_URLS[0])
    expect(login(u.email, u.password, base=AUTH_URLS[-1]), 200)


def test_password_is_not_trimmed():
    password = "  Tq7!spaced-out-pw  "
    u = register(password=password, password_confirm=password)
    expect(login(u.email, password), 200)
    expect(login(u.email, password.strip()), 401)


def test_unknown_email_costs_as_much_as_a_wrong_password():
    """No user enumeration by timing: an unknown email must not answer much faster than a
    wrong password for a real account (the service must still run a password hash)."""
    address = from_address(unique_address())  # these failures throttle nobody else
    accounts = [register() for _ in range(3)]
    # Warm-up, then interleave the two kinds of attempt.
    login(f"{unique('warm')}@example.com", "Wrong-1-password", base=AUTH_URLS[0], headers=address)
    wrong, unknown = [], []
    for round_ in range(4):  # 4 failures per account stay under the per-account limit
        for acct in accounts:
            for kind, email, times in ((0, acct.email, wrong),
                                       (1, f"{unique('nobody')}@example.com", unknown)):
                start = time.perf_counter()
                resp = login(email, "Wrong-1-password", base=AUTH_URLS[0], headers=address)
                times.append(time.perf_counter() - start)
                assert resp.status_code == 401, describe(resp)
    w, n = statistics.median(wrong), statistics.median(unknown)
    assert n >= 0.5 * w, (
        f"unknown email answers in {n * 1000:.1f} ms (median), wrong password in "
        f"{w * 1000:.1f} ms: the difference tells which emails have accounts"
    )


def stored_password_hash(user_id):
    proc = stack("psql", "-d", "taskflow_auth", "-At", "-c",
                 f"SELECT password_hash FROM users WHERE id = {int(user_id)}")
    return proc.stdout.strip()


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_the_next_login(user):
    strong = stored_password_hash(user.id)
    assert strong.startswith("$argon2id$") and "m=19456,t=2" in strong, strong
    weak = nacl.pwhash.argon2id.str(
        user.password.encode(), opslimit=1, memlimit=8 * 1024 * 1024).decode()
    assert "m=8192,t=1" in weak
    stack("psql", "-d", "taskflow_auth", "-q", "-c",
          f"UPDATE users SET password_hash = '{weak}' WHERE id = {int(user.id)}")
    assert stored_password_hash(user.id) == weak

    expect(login(user.email, user.password), 200)
    upgraded = stored_password_hash(user.id)
    assert upgraded != weak and "m=19456,t=2" in upgraded, upgraded
    # The upgraded hash still verifies.
    expect(login(user.email, user.password), 200)
