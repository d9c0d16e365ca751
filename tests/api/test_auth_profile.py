"""GET / PATCH / PUT /api/auth/profile/."""

import uuid

import pytest

from support.http import api, describe, expect, expect_error, field_errors
from support.identities import USER_FIELDS, login, profile, register


def patch(user, body, method="PATCH"):
    return api(method, "/api/auth/profile/", json=body, headers=user.headers)


def test_get_profile(user, auth_url):
    resp = profile(user.access, base=auth_url)
    me = expect(resp, 200)
    assert set(me) == USER_FIELDS, describe(resp)
    assert me == user.user
    assert "password" not in resp.text.lower()


def test_get_profile_without_trailing_slash(user):
    expect(api("GET", "/api/auth/profile", headers=user.headers), 200)


def test_patch_names(user):
    resp = patch(user, {"first_name": "Katherine", "last_name": "Johnson"})
    me = expect(resp, 200)
    assert me["first_name"] == "Katherine" and me["last_name"] == "Johnson"
    assert me["id"] == user.id and me["email"] == user.user["email"]
    assert expect(profile(user.access), 200) == me


def test_patch_trims_names(user):
    me = expect(patch(user, {"first_name": "  Dorothy  "}), 200)
    assert me["first_name"] == "Dorothy"


def test_patch_blank_names_allowed(user):
    me = expect(patch(user, {"first_name": "", "last_name": ""}), 200)
    assert me["first_name"] == "" and me["last_name"] == ""


def test_patch_username(user):
    new = f"renamed_{uuid.uuid4().hex[:10]}"
    me = expect(patch(user, {"username": new}), 200)
    assert me["username"] == new
    assert expect(profile(user.access), 200)["username"] == new


def test_patch_email_then_login_with_it(user):
    new = f"moved.{uuid.uuid4().hex[:10]}@example.org"
    me = expect(patch(user, {"email": new}), 200)
    assert me["email"].lower() == new
    expect(login(new, user.password), 200)
    expect(login(user.email, user.password), 401)


def test_patch_keeps_own_email_in_another_case(user):
    resp = patch(user, {"email": user.email.upper()})
    expect(resp, 200)


def test_put_replaces_all_four(user):
    body = {
        "username": f"put_{uuid.uuid4().hex[:10]}",
        "email": f"put.{uuid.uuid4().hex[:10]}@example.net",
        "first_name": "Mary",
        "last_name": "Jackson",
    }
    me = expect(patch(user, body, method="PUT"), 200)
    for k, v in body.items():
        assert me[k] == v, me
    assert me["id"] == user.id


@pytest.mark.parametrize("field", ["username", "email", "first_name", "last_name"])
def test_put_requires_every_field(user, field):
    body = {"username": user.username, "email": user.email, "first_name": "A", "last_name": "B"}
    del body[field]
    errors = field_errors(patch(user, body, method="PUT"))
    assert "This field is required." in errors.get(field, []), errors


def test_read_only_fields_are_ignored(user):
    body = {"id": user.id + 1000, "is_verified": True, "created_at": "2000-01-01T00:00:00Z",
            "first_name": "Ro"}
    me = expect(patch(user, body), 200)
    assert me["id"] == user.id
    assert me["is_verified"] is False
    assert me["created_at"] == user.user["created_at"]
    assert me["first_name"] == "Ro"


def test_the_user_object_can_be_sent_back(user):
    me = dict(user.user, first_name="Echo")
    expect(patch(user, me, method="PUT"), 200)


def test_unknown_field(user):
    errors = field_errors(patch(user, {"is_staff": True}))
    assert errors.get("is_staff") == ["Unexpected field."], errors


def test_password_cannot_be_changed_here(user):
    errors = field_errors(patch(user, {"password": "Another-pass-123"}))
    assert errors.get("password") == ["Unexpected field."], errors
    expect(login(user.email, user.password), 200)


def test_bad_email(user):
    errors = field_errors(patch(user, {"email": "nope"}))
    assert "Enter a valid email address." in errors.get("email", []), errors


def test_bad_username(user):
    errors = field_errors(patch(user, {"username": "no spaces allowed"}))
    assert errors.get("username"), errors


@pytest.mark.parametrize("field", ["username", "email"])
def test_blank_username_or_email(user, field):
    errors = field_errors(patch(user, {field: ""}))
    assert errors.get(field), errors


@pytest.mark.parametrize("field", ["username", "email", "first_name", "last_name"])
def test_wrong_type(user, field):
    errors = field_errors(patch(user, {field: 5}))
    assert errors.get(field), errors


def test_email_taken_by_another_user_in_another_case(user):
    other = register()
    errors = field_errors(patch(user, {"email": other.email.upper()}))
    assert errors.get("email"), errors
    assert expect(profile(user.access), 200)["email"] == user.user["email"]


def test_username_taken_by_another_user(user):
    other = register()
    errors = field_errors(patch(user, {"username": other.username}))
    assert errors.get("username"), errors


def test_profile_requires_authentication():
    expect_error(api("GET", "/api/auth/profile/"), 401)
    expect_error(api("PATCH", "/api/auth/profile/", json={"first_name": "x"}), 401)
    expect_error(api("PUT", "/api/auth/profile/", json={"first_name": "x"}), 401)


def test_patch_with_an_empty_body_changes_nothing(user):
    me = expect(patch(user, {}), 200)
    assert me == user.user


@pytest.mark.parametrize("field, limit", [("username", 150), ("first_name", 150),
                                          ("last_name", 150)])
def test_over_length(user, field, limit):
    errors = field_errors(patch(user, {field: "a" * (limit + 1)}))
    assert errors.get(field), errors
    value = (uuid.uuid4().hex * 10)[:limit]  # unique: usernames are
    expect(patch(user, {field: value}), 200)
