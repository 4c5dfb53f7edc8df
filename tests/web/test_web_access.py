"""`kith serve --token-file`: without the access token kith answers nothing but a login page; API clients
send it as a Bearer token, a browser logs in once and keeps an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

import os
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from web_client import BASE_URL

from kith.web.app import create_app

TOKEN = "Zr3-" + "k" * 28 + "_q9"


@pytest.fixture
def guarded() -> TestClient:
    """A client of a kith app that needs TOKEN, with no credentials yet."""
    return TestClient(create_app(access_token=TOKEN), base_url=BASE_URL, raise_server_exceptions=False)


def test_no_token_or_a_wrong_one_is_a_401_and_the_right_one_a_200(guarded):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {TOKEN}x"}):
        response = guarded.get("/api/people", headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["status"] == 401 and response.headers["www-authenticate"].startswith("Bearer")
    response = guarded.get("/api/people", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["total"] == 0


def test_a_page_without_the_token_is_a_login_form_that_shows_nothing_else(guarded, kith):
    kith("add", "Jane Doe")
    for path in ("/", "/people", "/api/docs", "/openapi.json"):
        response = guarded.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 401, path
        assert "Jane" not in response.text and "/api/people" not in response.text
    login = guarded.get("/people", headers={"Accept": "text/html"})
    assert (
        '<form method="post" action="/login">' in login.text and 'name="next" value="/people"' in login.text
    )
    assert "content-security-policy" in login.headers  # refusals get kith's security headers too
    assert guarded.get("/static/kith.css").status_code == 200  # the login page's style sheet


def test_an_api_client_with_the_token_needs_no_csrf_token_but_another_site_is_still_refused(guarded):
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.post("/api/people", json={"name": "Jane Doe"}, headers=bearer).status_code == 201
    cross = guarded.post(
        "/api/people", json={"name": "Mallory"}, headers={**bearer, "Origin": "http://evil.example"}
    )
    assert cross.status_code == 403


def test_a_browser_logs_in_once_with_the_form_and_keeps_a_strict_httponly_cookie(guarded):
    wrong = guarded.post("/login", data={"token": "not it", "next": "/people"}, headers={"Origin": BASE_URL})
    assert (
        wrong.status_code == 401
        and "not the access token" in wrong.text
        and "set-cookie" not in wrong.headers
    )
    response = guarded.post(
        "/login",
        data={"token": TOKEN, "next": "/people"},
        headers={"Origin": BASE_URL},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/people"
    cookie = response.headers["set-cookie"]
    assert (
        cookie.startswith("kith_auth=")
        and "httponly" in cookie.lower()
        and "samesite=strict" in cookie.lower()
    )
    assert TOKEN not in cookie  # the cookie holds a value derived from the token, not the token
    page = guarded.get("/people")
    assert page.status_code == 200 and "People" in page.text
    # the forms work as without a token: CSRF tokens from the pages, tied to the session
    from web_client import csrf_from

    form = guarded.get("/log")
    assert (
        guarded.post(
            "/api/people", json={"name": "Sam"}, headers={"X-CSRF-Token": csrf_from(form.text)}
        ).status_code
        == 201
    )


def test_a_login_from_another_site_or_to_another_site_is_refused(guarded):
    cross = guarded.post("/login", data={"token": TOKEN}, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403 and "set-cookie" not in cross.headers
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = guarded.post(
            "/login",
            data={"token": TOKEN, "next": target},
            headers={"Origin": BASE_URL},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/", target


def test_a_link_with_the_token_logs_in_and_drops_the_token_from_the_address(guarded):
    assert guarded.get("/people?token=wrong", headers={"Accept": "text/html"}).status_code == 401
    response = guarded.get(f"/people?q=jane&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/people?q=jane"
    assert guarded.get("/people?q=jane").status_code == 200


def test_tokens_and_cookies_are_compared_in_constant_time(guarded, monkeypatch):
    import hmac

    import kith.web.access

    compared = []

    def spy(a, b):
        compared.append((a, b))
        return hmac.compare_digest(a, b)

    monkeypatch.setattr(kith.web.access.hmac, "compare_digest", spy)
    guarded.get("/api/people", headers={"Authorization": "Bearer guess"})
    guarded.get("/api/people", headers={"Cookie": "kith_auth=guess"})
    assert [compared[0][0], compared[1][0]] == [b"guess", b"guess"]


def test_a_real_server_on_a_free_port_answers_only_with_the_token(kith_home):
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(
            create_app(access_token=TOKEN), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(base + "/api/people").status_code == 401
        assert httpx.get(base + "/api/people", headers={"Authorization": "Bearer nope"}).status_code == 401
        # another machine could claim to be localhost: that is no way in either
        assert httpx.get(base + "/api/people", headers={"Host": "localhost"}).status_code == 401
        assert (
            httpx.get(base + "/api/people", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_each_server_process_reads_the_token_from_the_file_not_the_environment(tmp_path, monkeypatch):
    from kith.web.server import TOKEN_FILE_ENV, app_from_environment

    path = tmp_path / "token"
    path.write_text(TOKEN)
    path.chmod(0o600)
    monkeypatch.setenv(TOKEN_FILE_ENV, str(path))
    worker = TestClient(app_from_environment(), base_url=BASE_URL)
    assert worker.get("/api/people").status_code == 401
    assert worker.get("/api/people", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert TOKEN not in "".join(os.environ.values())
