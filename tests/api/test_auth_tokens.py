"""Access-token verification (every way a token must be refused), the JWKS, and refresh-token
rotation with reuse detection."""

import json
import time

import nacl.signing
import pytest

from support.config import AUTH_URLS, JWT_ISSUER
from support.http import api, describe, expect, expect_error, field_errors
from support.identities import login_ok, profile, refresh
from support.jwt import (
    b64url, b64url_decode, jwks, jwt_parts, mint_token, other_signing_key, real_signing_key,
)


def expect_401(resp):
    return expect_error(resp, 401)


def reminted(token, key=None, header=None, alg="EdDSA", **claim_overrides):
    """The token's own claims (changed by claim_overrides; None deletes), signed anew."""
    real_header, claims = jwt_parts(token)
    for name, value in claim_overrides.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return mint_token(claims, key=key, header=header or dict(real_header), alg=alg)


# ------------------------------------------------------------------------------------ JWKS
@pytest.mark.parametrize("path", ["/api/auth/jwks/", "/api/auth/jwks", "/.well-known/jwks.json"])
def test_jwks_through_gateway(path):
    doc = jwks(path=path)
    assert set(doc) == {"keys"} and len(doc["keys"]) >= 1, doc
    for key in doc["keys"]:
        assert key["kty"] == "OKP" and key["crv"] == "Ed25519", key
        assert key["alg"] == "EdDSA" and key["use"] == "sig", key
        assert isinstance(key["kid"], str) and key["kid"], key
        assert len(b64url_decode(key["x"])) == 32, key
        assert "d" not in key, "private key material in the JWKS"


def test_jwks_is_the_same_on_every_instance():
    docs = [jwks(base=url) for url in AUTH_URLS]
    assert all(d == docs[0] for d in docs), docs
    assert jwks(path="/.well-known/jwks.json") == docs[0]


def test_jwks_holds_the_key_of_the_key_file_and_verifies_tokens(user):
    doc = jwks()
    header, _ = jwt_parts(user.access)
    [key] = [k for k in doc["keys"] if k["kid"] == header["kid"]]
    public = nacl.signing.VerifyKey(b64url_decode(key["x"]))
    assert bytes(public) == bytes(real_signing_key().verify_key), "JWKS key != key file"
    for token in (user.access, user.refresh):
        signing_input, _, signature = token.rpartition(".")
        public.verify(signing_input.encode(), b64url_decode(signature))  # raises if bad


# ------------------------------------------------------------------------- 401 for bad tokens
def test_reminted_token_with_the_real_key_is_accepted(user):
    """The control for the tests below: the minting helper makes tokens the service accepts,
    so each 401 below is due to the one thing that test changes."""
    expect(profile(reminted(user.access)), 200)


def test_no_token():
    expect_401(api("GET", "/api/auth/profile/"))


@pytest.mark.parametrize(
    "value",
    ["Bearer", "Bearer ", "Token {t}", "Basic dXNlcjpwYXNz", "{t}", "Bearer {t} extra",
     "Bearer  {t}x", "JWT {t}"],
)
def test_malformed_authorization_header(user, value):
    resp = api("GET", "/api/auth/profile/", headers={"Authorization": value.format(t=user.access)})
    expect_401(resp)


@pytest.mark.parametrize(
    "token",
    ["garbage", "a.b.c", "a.b", "....", "eyJhbGciOiJFZERTQSJ9.e30.", "x" * 7000, "é.é.é"],
    ids=["word", "abc", "two-parts", "dots", "empty-sig", "huge", "non-ascii"],
)
def test_garbage_token(token):
    resp = api("GET", "/api/auth/profile/", headers={"Authorization": f"Bearer {token}".encode()})
    expect_401(resp)


def test_expired_token(user):
    now = int(time.time())
    expect_401(profile(reminted(user.access, iat=now - 3600, exp=now - 120)))


def test_token_without_exp(user):
    expect_401(profile(reminted(user.access, exp=None)))


def test_token_issued_in_the_future(user):
    now = int(time.time())
    expect_401(profile(reminted(user.access, iat=now + 3600, exp=now + 7200)))


@pytest.mark.parametrize("claim", ["user_id", "jti", "token_type", "iss", "iat"])
def test_token_missing_a_required_claim(user, claim):
    expect_401(profile(reminted(user.access, **{claim: None})))


def test_forged_token_signed_by_another_key(user):
    expect_401(profile(reminted(user.access, key=other_signing_key())))


def test_forged_token_with_another_keys_kid(user):
    other = other_signing_key()
    header = {"alg": "EdDSA", "typ": "JWT", "kid": "attacker-key"}
    expect_401(profile(reminted(user.access, key=other, header=header)))


def test_tampered_payload(user):
    """The real signature over other claims (user_id changed)."""
    h, p, s = user.access.split(".")
    claims = json.loads(b64url_decode(p))
    claims["user_id"] = claims["user_id"] + 1
    tampered = ".".join([h, b64url(json.dumps(claims, separators=(",", ":")).encode()), s])
    expect_401(profile(tampered))


def test_truncated_signature(user):
    expect_401(profile(user.access[:-4]))


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none(user, alg):
    header = {"alg": alg, "typ": "JWT"}
    token = reminted(user.access, header=header, alg="none")
    expect_401(profile(token))
    # ... also with the real signature left in place.
    h, p, s = user.access.split(".")
    forged_header = b64url(json.dumps(header).encode())
    expect_401(profile(f"{forged_header}.{p}.{s}"))


def test_hs256_with_the_public_key_as_secret(user):
    """The algorithm-confusion attack: HMAC keyed with the (public) verification key."""
    kid = jwt_parts(user.access)[0]["kid"]
    [key] = [k for k in jwks()["keys"] if k["kid"] == kid]
    secrets = [
        b64url_decode(key["x"]),  # raw public key bytes
        key["x"].encode(),  # its base64url text
        json.dumps(key).encode(),  # the JWK itself
    ]
    for secret in secrets:
        header = {"alg": "HS256", "typ": "JWT", "kid": kid}
        expect_401(profile(reminted(user.access, header=header, alg=("HS256", secret))))


def test_wrong_issuer(user):
    expect_401(profile(reminted(user.access, iss=JWT_ISSUER + "-evil")))


def test_refresh_token_used_as_access_token(user):
    expect_401(profile(user.refresh))


def test_unknown_token_type(user):
    expect_401(profile(reminted(user.access, token_type="id")))


def test_token_of_another_user_cannot_be_made_without_the_key(user):
    """Only the owner of the key can mint: the same claims with another key are refused on
    every instance."""
    forged = reminted(user.access, key=other_signing_key())
    for url in AUTH_URLS:
        expect_401(profile(forged, base=url))


# ------------------------------------------------------------------------ refresh/ rotation
def test_refresh_rotates(user):
    resp = refresh(user.refresh)
    data = expect(resp, 200)
    assert set(data) == {"access", "refresh"}, describe(resp)
    assert data["access"] != user.access and data["refresh"] != user.refresh
    a, r = jwt_parts(data["access"])[1], jwt_parts(data["refresh"])[1]
    old = jwt_parts(user.refresh)[1]
    assert a["token_type"] == "access" and r["token_type"] == "refresh"
    assert a["user_id"] == r["user_id"] == user.id
    assert r["sid"] == a["sid"] == old["sid"], "rotation keeps the session (family) id"
    assert r["jti"] != old["jti"]
    expect(profile(data["access"]), 200)
    # The old refresh token is single-use.
    expect_401(refresh(user.refresh))


def test_refresh_chain_across_instances(user):
    token = user.refresh
    for i in range(4):
        data = expect(refresh(token, base=AUTH_URLS[i % len(AUTH_URLS)]), 200)
        token = data["refresh"]
    expect(profile(data["access"], base=AUTH_URLS[-1]), 200)


def test_reusing_a_refresh_token_revokes_the_family(user):
    first = expect(refresh(user.refresh), 200)
    second = expect(refresh(first["refresh"]), 200)
    # Theft: the used token comes back.
    expect_401(refresh(user.refresh))
    # The whole family is dead, including its newest refresh token.
    expect_401(refresh(second["refresh"]))


def test_reuse_revokes_only_that_family(user):
    other_session = login_ok(user.email, user.password)["tokens"]
    expect(refresh(user.refresh), 200)
    expect_401(refresh(user.refresh))  # reuse: revokes the first family
    data = expect(refresh(other_session["refresh"]), 200)
    expect(profile(data["access"]), 200)


def test_concurrent_use_of_one_refresh_token_succeeds_at_most_once(user):
    from concurrent.futures import ThreadPoolExecutor

    bases = [AUTH_URLS[i % len(AUTH_URLS)] for i in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda b: refresh(user.refresh, base=b), bases))
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) <= 1, [describe(r) for r in responses]
    assert set(statuses) <= {200, 401}, [describe(r) for r in responses]


def test_access_token_is_not_a_refresh_token(user):
    expect_401(refresh(user.access))


@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
def test_refresh_with_garbage(token):
    resp = refresh(token)
    if token == "":
        assert field_errors(resp).get("refresh"), describe(resp)
    else:
        expect_401(resp)


def test_refresh_token_forged_with_another_key(user):
    expect_401(refresh(reminted(user.refresh, key=other_signing_key())))


def test_expired_refresh_token(user):
    now = int(time.time())
    expect_401(refresh(reminted(user.refresh, iat=now - 90000, exp=now - 120)))


def test_refresh_missing_field():
    errors = field_errors(api("POST", "/api/auth/refresh/", json={}))
    assert "This field is required." in errors.get("refresh", []), errors


def test_refresh_wrong_type():
    errors = field_errors(api("POST", "/api/auth/refresh/", json={"refresh": 12}))
    assert errors.get("refresh"), errors



def test_valid_token_for_a_user_that_does_not_exist(user):
    """Signed with the real key, but for no account: refused, never a 500."""
    expect_401(profile(reminted(user.access, user_id=2_000_000_000)))
