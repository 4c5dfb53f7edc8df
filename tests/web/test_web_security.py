# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The web's defences against other sites: a strict Host check, the Origin check on every write, and CSRF
tokens tied to the browser session that got them, expiring after a day."""

from __future__ import annotations

import time

import pytest
from web_client import BASE_URL, api, api_client, client, csrf_from, jane, web  # noqa: F401

from kith.web.security import make_token, parse_host


@pytest.mark.parametrize(
    "header",
    [
        "localhost:80@evil.example",
        "evil.example@localhost",
        "localhost:abc",
        "localhost:99999",
        "localhost:",
        "local host",
        "localhost/x",
        "[::1",
        "[::g]:80",
        "127.0.0.1:80:80",
        "",
    ],
)
def test_a_host_header_that_is_not_a_name_with_a_port_is_refused(web, header):
    response = web.get("/", headers={"Host": header})
    assert response.status_code == 400 and "Your network" not in response.text


def test_host_names_and_ip_literals_with_a_port_are_understood(web):
    assert parse_host("LOCALHOST:8765") == ("localhost", 8765)
    assert parse_host("[0:0:0:0:0:0:0:1]:80") == ("[::1]", 80)
    assert parse_host("localhost:80@evil.example") is None
    for header in ("localhost", "localhost.", "127.0.0.1:8765", "[::1]:8765", "LocalHost:1"):
        assert web.get("/", headers={"Host": header}).status_code == 200, header


def test_a_write_from_another_site_is_refused_even_with_a_valid_token(api):
    headers = [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:9999"},  # another local app
        {"Origin": "http://127.0.0.1.evil.example:8765"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": BASE_URL, "Sec-Fetch-Site": "cross-site"},
    ]
    for extra in headers:
        response = api.post("/api/people", json={"name": "Mallory"}, headers=extra)
        assert response.status_code == 403 and "refused" in response.json()["detail"], extra
    assert api.get("/api/people").json()["total"] == 0
    for extra in ({"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin"}, {}):
        assert api.post("/api/people", json={"name": f"Jane {len(extra)}"}, headers=extra).status_code == 201


def test_a_page_form_from_another_site_is_refused(web, jane):
    page = web.get(f"/people/{jane}")
    data = {"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Evil Corp"}
    forged = web.post(f"/people/{jane}/edit", data=data, headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403 and "refused" in forged.text
    same = web.post(f"/people/{jane}/edit", data={**data, "company": "Acme"}, headers={"Origin": BASE_URL})
    assert same.status_code in (200, 303)
    assert web.get(f"/api/people/{jane}").json()["person"]["company"] == "Acme"


def test_a_csrf_token_works_only_with_the_session_cookie_it_was_given_with(jane):
    alice, mallory = client(), client()
    token = alice.get("/api/csrf").json()["token"]
    assert alice.cookies.get("kith_session")
    payload = {"name": "Sam Example"}
    assert mallory.post("/api/people", json=payload, headers={"X-CSRF-Token": token}).status_code == 403
    cookieless = client()
    cookieless.cookies.clear()
    assert cookieless.post("/api/people", json=payload, headers={"X-CSRF-Token": token}).status_code == 403
    assert alice.post("/api/people", json=payload, headers={"X-CSRF-Token": token}).status_code == 201
    # a page's form token belongs to the session of the page
    form_token = csrf_from(alice.get("/log").text)
    refused = mallory.post("/log", data={"csrf_token": form_token, "kind": "coffee", "names": "Jane Doe"})
    assert refused.status_code == 403


def test_a_csrf_token_expires_after_a_day(web, jane):
    web.get("/")
    session = web.cookies["kith_session"]
    secret = web.app.state.csrf_secret
    old = make_token(secret, session, issued=time.time() - 25 * 3600)
    response = web.post("/api/people", json={"name": "Late"}, headers={"X-CSRF-Token": old})
    assert response.status_code == 403 and "reload" in response.json()["detail"]
    fresh = make_token(secret, session, issued=time.time() - 3600)
    assert web.post("/api/people", json={"name": "Late"}, headers={"X-CSRF-Token": fresh}).status_code == 201


def test_the_session_cookie_is_httponly_and_samesite_strict(web):
    cookie = web.get("/").headers["set-cookie"]
    assert cookie.startswith("kith_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "set-cookie" not in web.get("/people").headers  # set once, then sent back
