"""Accounts: unique names and addresses, registration bodies, and the auth calls a test makes
as a user (register, login, profile, refresh)."""

import random
import uuid

from support.http import api, bearer, expect

USER_FIELDS = {"id", "username", "email", "first_name", "last_name", "is_verified", "created_at"}


def unique(prefix="u"):
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def unique_address():
    """A client address for X-Real-IP (only ever a header value: nothing is sent to it)."""
    return f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"


def from_address(address):
    """Headers that make an auth instance see the request as coming from `address`."""
    return {"X-Real-IP": address}


# A password no rule rejects. Its letters (g-z) never occur in the hex tags of the generated
# usernames and emails, so it can never be "too similar" to them.
def strong_password():
    return "Tq7!" + "".join(random.choice("ghjkmnpqrstuvwxyz") for _ in range(12)) + "-Zv"


def plain_names():
    """A unique username and email made of letters (j k p q v x y) that occur in none of the
    passwords the policy tests use, so no rule but the one under test can fire (random hex
    tags can look "similar" to a numeric password)."""
    tag = "".join(random.choice("jkpqvxy") for _ in range(14))
    return {"username": f"jq_{tag}", "email": f"{tag}@example.com"}


def registration_body(**overrides):
    tag = uuid.uuid4().hex[:12]
    password = strong_password()
    body = {
        "username": f"user_{tag}",
        "email": f"mail.{tag}@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "password": password,
        "password_confirm": password,
    }
    body.update(overrides)
    return body


class User:
    """A registered account: its body, the response's user and tokens, and its password."""

    def __init__(self, body, data):
        self.body = body
        self.email = body["email"]
        self.username = body["username"]
        self.password = body["password"]
        self.user = data["user"]
        self.id = data["user"]["id"]
        self.access = data["tokens"]["access"]
        self.refresh = data["tokens"]["refresh"]

    @property
    def headers(self):
        return bearer(self.access)


def register(base=None, **overrides):
    """Registers a fresh (unique) user; returns a User. Asserts 201."""
    body = registration_body(**overrides)
    resp = api("POST", "/api/auth/register/", base=base, json=body)
    data = expect(resp, 201)
    return User(body, data)


def login(email, password, base=None, headers=None):
    """POST login/; returns the response (no assertion)."""
    return api(
        "POST",
        "/api/auth/login/",
        base=base,
        json={"email": email, "password": password},
        headers=headers or {},
    )


def login_ok(email, password, base=None, headers=None):
    """Logs in; returns {"user", "tokens"}. Asserts 200."""
    return expect(login(email, password, base=base, headers=headers), 200)


def profile(token, base=None, headers=None):
    h = dict(headers or {})
    if token is not None:
        h.update(bearer(token))
    return api("GET", "/api/auth/profile/", base=base, headers=h)


def refresh(token, base=None):
    return api("POST", "/api/auth/refresh/", base=base, json={"refresh": token})


def logout(access, refresh_token, base=None):
    return api("POST", "/api/auth/logout/", base=base, json={"refresh": refresh_token},
               headers=bearer(access))
