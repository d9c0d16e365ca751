"""JWTs made by the tests: tokens signed with the auth service's real Ed25519 key (read from its
data folder) or with a key it has never seen, unsigned and HS256 forgeries, and decoding."""

import base64
import hashlib
import hmac
import json
import time
import uuid

import nacl.signing

from support.config import JWT_ISSUER, TASKFLOW_HOME
from support.http import api, expect

KEY_FILE = TASKFLOW_HOME / "data" / "auth" / "jwt-ed25519.key"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token):
    """(header, claims) of a compact JWT, without verifying it."""
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def real_signing_key():
    """The auth service's own Ed25519 key, from $DATA_DIR/jwt-ed25519.key."""
    assert KEY_FILE.exists(), f"no key file at {KEY_FILE} (is TASKFLOW_HOME right?)"
    seed = b64url_decode(KEY_FILE.read_text().strip())
    assert len(seed) == 32, f"{KEY_FILE}: expected a 32-byte seed, got {len(seed)} bytes"
    return nacl.signing.SigningKey(seed)


def other_signing_key():
    """A fresh Ed25519 key the service has never seen."""
    return nacl.signing.SigningKey.generate()


def jwks(base=None, path="/api/auth/jwks/"):
    return expect(api("GET", path, base=base), 200)


def service_kid():
    return jwks()["keys"][0]["kid"]


def mint_token(claims, key=None, header=None, alg="EdDSA"):
    """A compact JWT with these claims, signed with `key` (an nacl SigningKey; default the
    service's real key). `alg`: "EdDSA" (signed with key), "none" (no signature), or
    ("HS256", secret bytes)."""
    if header is None:
        header = {"alg": alg if isinstance(alg, str) else alg[0], "typ": "JWT", "kid": service_kid()}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(claims, separators=(",", ":")).encode())
    )
    if alg == "EdDSA":
        key = key or real_signing_key()
        signature = key.sign(signing_input.encode()).signature
    elif alg == "none" or (isinstance(alg, str) and alg.lower() == "none"):
        signature = b""
    elif isinstance(alg, tuple) and alg[0] == "HS256":
        signature = hmac.new(alg[1], signing_input.encode(), hashlib.sha256).digest()
    else:
        raise ValueError(f"unsupported alg {alg!r}")
    return signing_input + "." + b64url(signature)


def access_claims(user_id, **overrides):
    """Claims of a plausible access token (fresh jti and sid)."""
    now = int(time.time())
    claims = {
        "user_id": user_id,
        "exp": now + 600,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "token_type": "access",
        "iss": JWT_ISSUER,
        "sid": uuid.uuid4().hex,
    }
    claims.update(overrides)
    return claims
