"""The gateway serving the web app's build (frontend/dist): the app at every non-API path (SPA
fallback), hashed assets cached for a year, index.html revalidated, gzip, and the
Content-Security-Policy the app is tested against in the browser (tests/e2e)."""

import os
import re
from pathlib import Path

import pytest

from support.config import GATEWAY_URL, REPO_ROOT
from support.http import describe, expect_error, request

DIST = Path(os.environ.get("TASKFLOW_FRONTEND_DIST", str(REPO_ROOT / "frontend" / "dist")))

pytestmark = pytest.mark.skipif(
    not (DIST / "index.html").is_file(), reason=f"the web app is not built ({DIST}): make frontend"
)


def get_app(path, **kwargs):
    """GET a web app path from the gateway: the app's files are not the HTTP API, so the response
    is not checked against docs/openapi.yaml."""
    return request("GET", GATEWAY_URL + path, check_contract=False, **kwargs)


def index_asset(kind):
    """The hashed /assets/ file index.html loads (kind: 'js' or 'css')."""
    html = (DIST / "index.html").read_text()
    found = re.search(r'(/assets/[\w.-]+\.' + kind + ')"', html)
    assert found, html
    return found.group(1)


@pytest.mark.parametrize("path", ["/", "/login", "/tasks/123", "/profile?x=1"])
def test_app_routes_answer_index_html(path):
    resp = get_app(path)
    assert resp.status_code == 200, describe(resp)
    assert resp.headers["Content-Type"].startswith("text/html"), describe(resp)
    assert '<div id="root">' in resp.text, describe(resp)
    assert resp.headers.get("Cache-Control") == "no-cache", describe(resp)


def test_app_policy_headers():
    resp = get_app("/")
    csp = resp.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives.get("script-src") == "'self'", csp  # no inline scripts
    assert directives.get("default-src") == "'self'", csp
    assert directives.get("frame-ancestors") == "'none'", csp
    assert "ws:" in directives.get("connect-src", ""), csp
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    # The build itself has no inline script for the policy to block.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", resp.text), resp.text


@pytest.mark.parametrize("kind, mime", [("js", "application/javascript"), ("css", "text/css")])
def test_hashed_assets_are_immutable_and_gzipped(kind, mime):
    path = index_asset(kind)
    resp = get_app(path, headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200, describe(resp)
    assert resp.headers["Content-Type"].startswith(mime), describe(resp)
    assert resp.headers.get("Cache-Control") == "public, max-age=31536000, immutable", describe(resp)
    assert resp.headers.get("Content-Encoding") == "gzip", describe(resp)
    assert resp.content == (DIST / path.lstrip("/")).read_bytes()


def test_missing_asset_is_404_not_the_app():
    resp = get_app("/assets/index-nothere.js")
    expect_error(resp, 404)
    assert "Cache-Control" not in resp.headers, describe(resp)


def test_api_responses_get_no_app_cache_header():
    resp = request("GET", GATEWAY_URL + "/api/tasks/")
    assert resp.status_code == 401, describe(resp)
    assert "immutable" not in resp.headers.get("Cache-Control", ""), describe(resp)
