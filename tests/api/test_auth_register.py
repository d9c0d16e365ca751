"""POST /api/auth/register/: the happy path, every validation rule, uniqueness."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from support.config import ACCESS_TOKEN_TTL, AUTH_URLS, JWT_ISSUER, REFRESH_TOKEN_TTL
from support.http import api, describe, expect, field_errors
from support.identities import (
    USER_FIELDS, login_ok, plain_names, profile, register, registration_body,
)
from support.jwt import jwt_parts

REQUIRED = "This field is required."
SHORT = "This password is too short. It must contain at least 8 characters."
COMMON = "This password is too common."
NUMERIC = "This password is entirely numeric."
SIMILAR = "The password is too similar to the {}."
MISMATCH = "Password fields didn't match."
BAD_EMAIL = "Enter a valid email address."
UNEXPECTED = "Unexpected field."

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def post_register(body, **kwargs):
    return api("POST", "/api/auth/register/", json=body, **kwargs)


def test_register_returns_user_and_tokens():
    body = registration_body(first_name="Grace", last_name="Hopper")
    resp = post_register(body)
    data = expect(resp, 201)
    assert set(data) == {"user", "tokens"}, describe(resp)
    user = data["user"]
    assert set(user) == USER_FIELDS, f"user fields {sorted(user)}" + describe(resp)
    assert isinstance(user["id"], int) and user["id"] > 0
    assert user["username"] == body["username"]
    assert user["email"].lower() == body["email"].lower()
    assert user["first_name"] == "Grace" and user["last_name"] == "Hopper"
    assert user["is_verified"] is False
    assert ISO_UTC.match(user["created_at"]), user["created_at"]
    assert body["password"] not in resp.text
    assert set(data["tokens"]) == {"access", "refresh"}, describe(resp)


def test_register_tokens_are_eddsa_jwts_with_the_contract_claims():
    u = register()
    for token, kind, ttl in ((u.access, "access", ACCESS_TOKEN_TTL),
                             (u.refresh, "refresh", REFRESH_TOKEN_TTL)):
        header, claims = jwt_parts(token)
        assert header.get("alg") == "EdDSA" and header.get("typ") == "JWT", header
        assert isinstance(header.get("kid"), str) and header["kid"], header
        assert claims["user_id"] == u.id, claims
        assert claims["token_type"] == kind, claims
        assert claims["iss"] == JWT_ISSUER, claims
        assert isinstance(claims["jti"], str) and claims["jti"], claims
        assert isinstance(claims["sid"], str) and claims["sid"], claims
        assert isinstance(claims["iat"], int) and isinstance(claims["exp"], int), claims
        assert claims["exp"] - claims["iat"] == ttl, claims
    a, r = jwt_parts(u.access)[1], jwt_parts(u.refresh)[1]
    assert a["sid"] == r["sid"], "access and refresh of one login share the session id"
    assert a["jti"] != r["jti"]


def test_registered_user_can_use_the_token_and_log_in():
    u = register()
    me = expect(profile(u.access), 200)
    assert me == u.user
    data = login_ok(u.email, u.password)
    assert data["user"]["id"] == u.id


def test_register_without_trailing_slash():
    body = registration_body()
    expect(api("POST", "/api/auth/register", json=body), 201)


@pytest.mark.parametrize(
    "field", ["username", "email", "first_name", "last_name", "password", "password_confirm"]
)
def test_missing_field_is_required(field):
    body = registration_body()
    del body[field]
    errors = field_errors(post_register(body))
    assert REQUIRED in errors.get(field, []), errors


def test_empty_body_lists_every_required_field():
    errors = field_errors(post_register({}))
    for field in ("username", "email", "password", "password_confirm"):
        assert REQUIRED in errors.get(field, []), errors


@pytest.mark.parametrize("field", ["username", "email", "first_name", "last_name", "password"])
@pytest.mark.parametrize("value", [123, None, ["x"], {"a": 1}, True], ids=["int", "null", "list", "object", "bool"])
def test_wrong_type_is_rejected(field, value):
    body = registration_body(**{field: value})
    resp = post_register(body)
    errors = field_errors(resp)
    assert field in errors, errors
    assert resp.status_code == 400


@pytest.mark.parametrize("field", ["username", "email", "password"])
@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "spaces"])
def test_blank_is_rejected(field, value):
    overrides = {field: value}
    if field == "password":
        overrides["password_confirm"] = value
    errors = field_errors(post_register(registration_body(**overrides)))
    assert errors.get(field), errors


@pytest.mark.parametrize(
    "email",
    ["not-an-email", "missing-at.example.com", "a@", "@example.com", "two@@example.com",
     "spa ce@example.com", "a@b@c.com"],
)
def test_bad_email(email):
    errors = field_errors(post_register(registration_body(email=email)))
    assert BAD_EMAIL in errors.get("email", []), errors


@pytest.mark.parametrize("username", ["bad user", "semi;colon", "slash/", "quote'", "percent%"])
def test_bad_username(username):
    errors = field_errors(post_register(registration_body(username=username)))
    assert errors.get("username"), errors


def test_password_confirmation_mismatch():
    body = registration_body()
    body["password_confirm"] = body["password"] + "x"
    errors = field_errors(post_register(body))
    assert MISMATCH in errors.get("password_confirm", []), errors


def test_unknown_field_is_rejected():
    errors = field_errors(post_register(registration_body(is_staff=True)))
    assert errors.get("is_staff") == [UNEXPECTED], errors


# ------------------------------------------------------------------ password rules, one each
def password_errors(**overrides):
    body = registration_body(**{**plain_names(), **overrides})
    if "password" in overrides:
        body["password_confirm"] = overrides["password"]
    resp = post_register(body)
    return field_errors(resp).get("password"), resp


def test_password_too_short():
    messages, resp = password_errors(password="Zq7!vX2")  # 7 characters
    assert messages == [SHORT], describe(resp)


def test_password_too_common():
    messages, resp = password_errors(password="password")
    assert messages == [COMMON], describe(resp)


def test_password_too_common_is_case_insensitive():
    messages, resp = password_errors(password="PassWord")
    assert messages == [COMMON], describe(resp)


def test_password_entirely_numeric():
    digits = "".join(str((int(c, 16) * 7 + 3) % 10) for c in uuid.uuid4().hex[:13])
    messages, resp = password_errors(password="9" + digits)
    assert messages == [NUMERIC], describe(resp)


def test_password_too_similar_to_username():
    tag = uuid.uuid4().hex[:6]
    messages, resp = password_errors(username=f"marigold{tag}", password=f"marigold{tag}1")
    assert messages == [SIMILAR.format("username")], describe(resp)


def test_password_too_similar_to_email():
    tag = uuid.uuid4().hex[:6]
    messages, resp = password_errors(
        email=f"zebrafinch{tag}@example.com", password=f"zebrafinch{tag}"
    )
    assert messages == [SIMILAR.format("email address")], describe(resp)


def test_password_too_similar_to_first_name():
    messages, resp = password_errors(first_name="Bartholomew", password="Bartholomew99")
    assert messages == [SIMILAR.format("first name")], describe(resp)


def test_password_too_similar_to_last_name():
    messages, resp = password_errors(last_name="Featherstonehaugh", password="featherstonehaugh1")
    assert messages == [SIMILAR.format("last name")], describe(resp)


def test_several_password_rules_are_separate_messages():
    messages, resp = password_errors(password="1234")
    assert messages is not None, describe(resp)
    for expected in (SHORT, COMMON, NUMERIC):
        assert expected in messages, describe(resp)
    assert len(messages) == len(set(messages)) == 3, describe(resp)


def test_rejected_registration_creates_no_account():
    body = registration_body(password="password", password_confirm="password")
    field_errors(post_register(body))
    ok = registration_body(username=body["username"], email=body["email"])
    expect(post_register(ok), 201)


# ------------------------------------------------------------------------------ uniqueness
def test_duplicate_email_in_another_case():
    u = register()
    local, domain = u.email.split("@")
    other = registration_body(email=f"{local.upper()}@{domain.upper()}")
    errors = field_errors(post_register(other))
    assert errors.get("email"), errors
    assert "username" not in errors, errors


def test_duplicate_email_same_case():
    u = register()
    errors = field_errors(post_register(registration_body(email=u.email)))
    assert errors.get("email"), errors


def test_duplicate_username():
    u = register()
    errors = field_errors(post_register(registration_body(username=u.username)))
    assert errors.get("username"), errors
    assert "email" not in errors, errors


def test_concurrent_duplicate_registrations_create_one_account():
    """Two instances racing on one email: exactly one 201, the other 400 (never a 500)."""
    body = registration_body()
    bases = [AUTH_URLS[i % len(AUTH_URLS)] for i in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda b: post_register(body, base=b), bases))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * 5, [describe(r) for r in responses if r.status_code != 400]


@pytest.mark.parametrize("field", ["username", "first_name", "last_name"])
def test_over_length_fields(field):
    errors = field_errors(post_register(registration_body(**{field: "a" * 151})))
    assert errors.get(field) == ["Ensure this field has no more than 150 characters."], errors


def test_over_length_email():
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example.com"  # 262 characters
    errors = field_errors(post_register(registration_body(email=email)))
    assert errors.get("email"), errors
