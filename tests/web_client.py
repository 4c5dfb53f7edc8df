"""Helpers for the web tests: an in-process client on a loopback Host, and CSRF tokens from pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from kith.web.app import create_app

BASE_URL = "http://127.0.0.1:8765"


def client(**options) -> TestClient:
    return TestClient(create_app(**options), base_url=BASE_URL, raise_server_exceptions=False)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def api_client(**options) -> TestClient:
    """A client that sends an X-CSRF-Token header, as an API script would."""
    web = client(**options)
    web.headers["X-CSRF-Token"] = web.get("/api/csrf").json()["token"]
    return web
