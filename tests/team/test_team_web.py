"""``kith serve --team``: every page and API call belongs to a logged-in member, who sees only their own
kith. Browsers log in at /login (a server-side session in an HttpOnly cookie); scripts send a bearer token."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import NOW, TEAM_ADMIN, TEAM_PASSWORD
from fastapi.testclient import TestClient
from web_client import BASE_URL, csrf_from

from kith.settings import get_settings
from kith.team.accounts import add_member
from kith.web.app import create_app

BOB, CAROL = "bob@firm.example", "carol@firm.example"
HTML = {"Accept": "text/html"}
SAME_SITE = {"Origin": BASE_URL}


def at(**delta) -> str:
    return (datetime.fromisoformat(NOW) + timedelta(**delta)).isoformat()


@pytest.fixture
def members(team):
    """Bob and Carol, two members of the team (besides its admin)."""
    settings = get_settings()
    add_member(settings, BOB, TEAM_PASSWORD)
    add_member(settings, CAROL, TEAM_PASSWORD)
    return team


def browser(base_url: str = BASE_URL) -> TestClient:
    app = create_app(get_settings(), team=True)
    return TestClient(app, base_url=base_url, raise_server_exceptions=False, follow_redirects=False)


def logged_in(email: str) -> TestClient:
    web = browser()
    response = web.post(
        "/login", data={"email": email, "password": TEAM_PASSWORD, "next": "/"}, headers=SAME_SITE
    )
    assert response.status_code == 303, response.text
    return web


def bearer(kith, email: str) -> dict:
    return {"Authorization": f"Bearer {kith('team', 'token', email).stdout.strip()}"}


def test_anonymous_requests_get_a_401_or_the_login_page(members):
    web = browser()
    for path in ("/api/people", "/api/people/1", "/openapi.json", "/api/me"):
        response = web.get(path)
        assert response.status_code == 401, path
        assert response.json()["status"] == 401 and response.headers["www-authenticate"].startswith("Bearer")
    assert web.post("/api/people", json={"name": "Mallory"}).status_code == 401
    page = web.get("/people?q=jane", headers=HTML)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fpeople%3Fq%3Djane"
    login = web.get("/login?next=/people", headers=HTML)
    assert login.status_code == 200 and 'name="password"' in login.text and 'value="/people"' in login.text
    assert web.get("/static/kith.css").status_code == 200


def test_a_member_logs_in_with_a_lax_httponly_session_cookie_and_logs_out(members):
    web = browser()
    response = web.post(
        "/login",
        data={"email": "BOB@firm.example", "password": TEAM_PASSWORD, "next": "/people"},
        headers=SAME_SITE,
    )
    assert response.status_code == 303 and response.headers["location"] == "/people"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=1209600" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over HTTPS it is Secure (below)
    assert web.get("/api/me").json() == {"email": BOB, "role": "member"}
    people = web.get("/people", headers=HTML)
    assert people.status_code == 200 and BOB in people.text and "Log out" in people.text
    # the login page, asked while logged in, goes where they were going
    again = web.get("/login?next=/agenda", headers=HTML)
    assert again.status_code == 303 and again.headers["location"] == "/agenda"
    session_id = web.cookies["kith_team"]
    assert web.post("/logout", headers=HTML).status_code == 403  # no CSRF token
    out = web.post("/logout", data={"csrf_token": csrf_from(people.text)}, headers={**HTML, **SAME_SITE})
    assert out.status_code == 303 and out.headers["location"] == "/login?out=1"
    assert "Max-Age=0" in out.headers["set-cookie"]
    assert "You are logged out." in browser().get(out.headers["location"], headers=HTML).text
    # the session ended on the server: the old cookie no longer logs anyone in
    again = browser()
    again.cookies.set("kith_team", session_id)
    assert again.get("/api/me").status_code == 401


def test_over_https_the_session_cookie_is_secure(members):
    web = browser("https://127.0.0.1:8765")
    response = web.post(
        "/login",
        data={"email": BOB, "password": TEAM_PASSWORD},
        headers={"Origin": "https://127.0.0.1:8765"},
    )
    assert response.status_code == 303 and "; Secure" in response.headers["set-cookie"]


def test_a_wrong_password_is_refused_and_failures_are_bounded(members, monkeypatch):
    web = browser()
    for _ in range(5):
        wrong = web.post("/login", data={"email": BOB, "password": "not the password!"}, headers=SAME_SITE)
        assert wrong.status_code == 401 and "wrong" in wrong.text and "set-cookie" not in wrong.headers
    blocked = web.post("/login", data={"email": BOB, "password": TEAM_PASSWORD}, headers=SAME_SITE)
    assert blocked.status_code == 429 and 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert "set-cookie" not in blocked.headers
    # Carol is not held up by attempts at Bob's account
    assert (
        web.post("/login", data={"email": CAROL, "password": TEAM_PASSWORD}, headers=SAME_SITE).status_code
        == 303
    )
    monkeypatch.setenv("KITH_NOW", at(minutes=16))
    assert (
        web.post("/login", data={"email": BOB, "password": TEAM_PASSWORD}, headers=SAME_SITE).status_code
        == 303
    )


def test_an_admins_password_reset_lifts_a_lockout(members, kith):
    web = browser()
    for _ in range(6):
        web.post("/login", data={"email": BOB, "password": "not the password!"}, headers=SAME_SITE)
    new = "a brand new password"
    assert web.post("/login", data={"email": BOB, "password": new}, headers=SAME_SITE).status_code == 429
    said = kith("team", "reset-password", BOB, "--password-stdin", input=new + "\n").stdout
    assert "lockout after failed logins is lifted" in said
    assert web.post("/login", data={"email": BOB, "password": new}, headers=SAME_SITE).status_code == 303


def test_a_member_downloads_the_agenda_for_a_calendar(members):
    web = logged_in(BOB)
    page = web.get("/agenda", headers=HTML).text
    # a calendar app cannot log in to subscribe: the page offers the file instead, which the session gets
    assert '<a href="/agenda.ics" download>download kith-agenda.ics</a>' in page and "Subscribe" not in page
    feed = web.get("/agenda.ics")
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
    assert browser().get("/agenda.ics").status_code == 401


def test_an_unknown_email_is_refused_like_a_wrong_password(members):
    web = browser()
    response = web.post(
        "/login", data={"email": "eve@firm.example", "password": TEAM_PASSWORD}, headers=SAME_SITE
    )
    assert response.status_code == 401 and "The email or the password is wrong." in response.text


def test_a_login_from_another_site_is_refused(members):
    response = browser().post(
        "/login", data={"email": BOB, "password": TEAM_PASSWORD}, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_a_session_expires_unless_used(members, monkeypatch):
    web = logged_in(BOB)
    monkeypatch.setenv("KITH_NOW", at(days=10))
    assert web.get("/api/me").status_code == 200  # used: its 14 days start again
    monkeypatch.setenv("KITH_NOW", at(days=23))
    assert web.get("/api/me").status_code == 200
    monkeypatch.setenv("KITH_NOW", at(days=38))
    assert web.get("/api/me").status_code == 401
    assert web.get("/people", headers=HTML).headers["location"].startswith("/login")


def test_bearer_tokens_valid_revoked_and_wrong(members, kith):
    web = browser()
    token = bearer(kith, BOB)
    assert web.get("/api/me", headers=token).json()["email"] == BOB
    assert (
        web.post("/api/people", json={"name": "Jane Doe"}, headers=token).status_code == 201
    )  # no CSRF needed
    assert web.get("/api/me", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert web.get("/api/me", headers={"Authorization": "Basic Ym9iOnB3"}).status_code == 401
    [listed] = kith("team", "tokens", BOB, "--json").json()
    kith("team", "revoke-token", str(listed["id"]))
    refused = web.get("/api/people", headers=token)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_a_members_data_is_invisible_to_another(members, kith):
    web = browser()
    bob, carol = bearer(kith, BOB), bearer(kith, CAROL)
    created = web.post("/api/people", json={"name": "Quentin Marsh", "company": "Acme"}, headers=bob)
    assert created.status_code == 201
    jane = created.json()["person"]["id"]
    assert web.get(f"/api/people/{jane}", headers=bob).status_code == 200
    assert web.get(f"/api/people/{jane}", headers=carol).status_code == 404
    assert web.get("/api/people", headers=carol).json()["total"] == 0
    assert [p["name"] for p in web.get("/api/people", headers=bob).json()["people"]] == ["Quentin Marsh"]
    carol_browser = logged_in(CAROL)
    assert carol_browser.get(f"/people/{jane}", headers=HTML).status_code == 404
    assert "Quentin Marsh" not in carol_browser.get("/people", headers=HTML).text
    assert "Quentin Marsh" not in carol_browser.get("/", headers=HTML).text


def test_a_removed_members_session_and_tokens_end(members, kith):
    web = logged_in(CAROL)
    token = bearer(kith, CAROL)
    kith("team", "remove-user", CAROL, "--yes")
    assert web.get("/api/me").status_code == 401
    assert browser().get("/api/me", headers=token).status_code == 401


def test_a_team_server_prepares_its_members_figures_as_it_starts(members, kith):
    """As it starts (after publishing the directory), a team's server computes each member's shared
    figures in the background, the most recently active member first; a page then uses them."""
    from conftest import eventually

    from kith.team.accounts import list_members
    from kith.web.pages import FIGURES

    names = [*FIGURES, "agenda"]
    schemas = [member.schema for member in list_members(get_settings())]
    token = bearer(kith, CAROL)
    with TestClient(create_app(get_settings(), team=True), base_url=BASE_URL) as carol:
        assert carol.get("/api/people", headers=token).status_code == 200  # Carol is the last to ask
    app = create_app(get_settings(), team=True, background=True)
    with TestClient(app, base_url=BASE_URL) as client:  # runs the start-up
        workspaces = app.state.workspaces

        def prepared() -> bool:  # (asking ``of`` would make a workspace)
            made = dict(workspaces._made)
            return all(schema in made and made[schema].snapshot.has(n) for schema in schemas for n in names)

        eventually(prepared, "preparing every member's figures")
        assert list(workspaces._made)[0] == schemas[2]  # Carol's, the member who asked last
        kept = workspaces.of(schemas[2]).snapshot._values["ties"]
        assert client.get("/api/people?sort=strength", headers=token).status_code == 200
        assert workspaces.of(schemas[2]).snapshot._values["ties"] is kept  # used, not computed again


def test_members_by_last_use(members, kith):
    """Whom a server prepares first: the newest session or (live) token use first, then the others in
    the order they were added."""
    from kith.team.accounts import list_members, schemas_by_last_use
    from kith.team.sessions import log_in
    from kith.team.tokens import issue_token, revoke_token, token_member

    settings = get_settings()
    ada, bob, carol = (member.schema for member in list_members(settings))
    assert schemas_by_last_use(settings, 10) == [ada, bob, carol]  # nobody has used the server yet
    now = datetime.fromisoformat(NOW)
    log_in(settings, BOB, TEAM_PASSWORD, now - timedelta(days=2))
    carols, secret = issue_token(settings, CAROL, "script", now)
    token_member(settings, secret, now - timedelta(days=1))
    adas, other = issue_token(settings, TEAM_ADMIN, "old script", now)
    token_member(settings, other, now)
    revoke_token(settings, adas.id)  # a revoked token's use does not count
    assert schemas_by_last_use(settings, 10) == [carol, bob, ada]
    assert schemas_by_last_use(settings, 2) == [carol, bob]
