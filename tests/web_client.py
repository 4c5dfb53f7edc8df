"""Helpers for the web tests: an in-process client on a loopback Host, and CSRF tokens from pages."""

from __future__ import annotations

import re

import pytest
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


@pytest.fixture
def web():
    return client()


@pytest.fixture
def api():
    return api_client()


@pytest.fixture
def jane(kith):
    """Ada (the user), Jane Doe at Acme with one coffee logged, and Sam Lee; returns Jane's id."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--tag", "python")
    kith("add", "Sam Lee", "--company", "Initech")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01", "--note", "her move to Berlin")
    return kith("people", "--search", "jane", "--json").json()[0]["id"]
