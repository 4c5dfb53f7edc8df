"""The start of the authorization matrix: every route of a team server, asked by nobody, by a member for
another member's records, and by an admin, answers as it must (never with another member's data)."""

from __future__ import annotations

import re

import pytest
from conftest import TEAM_ADMIN, TEAM_PASSWORD
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_client import BASE_URL

from kith.settings import get_settings
from kith.team.accounts import add_member
from kith.web.app import create_app

BOB, CAROL = "bob@firm.example", "carol@firm.example"
#: what anyone may ask for on a team server: the login form (and /static, a mount, not a route)
PUBLIC = {"/login"}


def api_routes(app) -> list[APIRoute]:
    """Every page and endpoint of the app, those of its included routers too (none has a prefix)."""
    found = []
    for route in app.routes:
        included = getattr(route, "original_router", None)
        found += [
            r for r in (included.routes if included is not None else [route]) if isinstance(r, APIRoute)
        ]
    return found


def routes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, with each path parameter filled in with 1."""
    found = []
    for route in api_routes(app):
        if not isinstance(route, APIRoute) or route.path in PUBLIC:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        found += [(method, path) for method in sorted(route.methods - {"HEAD"})]
    return found


@pytest.fixture
def app(team):
    settings = get_settings()
    add_member(settings, BOB, TEAM_PASSWORD)
    add_member(settings, CAROL, TEAM_PASSWORD)
    return create_app(settings, team=True)


def client(app) -> TestClient:
    return TestClient(app, base_url=BASE_URL, raise_server_exceptions=False, follow_redirects=False)


def test_every_route_refuses_anonymous_requests(app):
    web = client(app)
    answered = routes(app)
    assert len(answered) > 100  # every page and endpoint, not a handful
    wrong = []
    for method, path in answered:
        api = web.request(method, path)
        page = web.request(method, path, headers={"Accept": "text/html"})
        if api.status_code != 401 or api.json()["status"] != 401:
            wrong.append(f"{method} {path} (API): {api.status_code}")
        bare = path.startswith("/api/") or path == "/openapi.json"
        expected = 401 if bare else 303
        if page.status_code != expected or (
            expected == 303 and not page.headers["location"].startswith("/login")
        ):
            wrong.append(f"{method} {path} (browser): {page.status_code}")
    assert not wrong, "\n".join(wrong)


def test_another_members_records_are_a_404_on_every_endpoint_that_names_one(app, kith):
    """Bob keeps one record of every kind an endpoint can name (each is #1 of its kind in his kith);
    Carol and the admin, whose kiths are empty, get a 404 for each, and never a word of Bob's."""
    web = client(app)
    bob, carol, admin = (
        {"Authorization": f"Bearer {kith('team', 'token', email).stdout.strip()}"}
        for email in (BOB, CAROL, TEAM_ADMIN)
    )
    made = [
        web.post("/api/people", json={"name": "Quentin Marsh", "company": "Acme"}, headers=bob),
        web.post("/api/people/1/notes", json={"text": "secret plans"}, headers=bob),
        web.post(
            "/api/interactions",
            json={"kind": "coffee", "names": ["Quentin Marsh"], "note": "secret plans", "promise": "send it"},
            headers=bob,
        ),
        web.post(
            "/api/favours", json={"name": "Quentin Marsh", "direction": "give", "kind": "intro"}, headers=bob
        ),
        web.post(
            "/api/help-requests", json={"text": "secret plans", "names": ["Quentin Marsh"]}, headers=bob
        ),
        web.post(
            "/api/peec",
            json={"profession": "a", "expertise": "b", "environment": "c", "call_to_action": "secret plans"},
            headers=bob,
        ),
        web.post("/api/people", json={"name": "Rita Quinn", "company": "Acme"}, headers=bob),
        web.post(
            "/api/intros",
            json={"via": "Quentin Marsh", "target": "Rita Quinn", "note": "secret plans"},
            headers=bob,
        ),
        web.post("/api/job/targets", json={"company": "Acme", "role": "secret plans"}, headers=bob),
        web.post("/api/job/steps", json={"company": "Acme", "kind": "application"}, headers=bob),
    ]
    assert [r.status_code for r in made] == [201] * len(made), [r.text for r in made]
    named = [
        re.sub(r"\{[^}]+\}", "1", route.path)
        for route in api_routes(app)
        if "GET" in route.methods and route.path.startswith("/api/") and route.path.count("{") == 1
    ]
    assert len(named) >= 9
    for path in named:
        assert web.get(path, headers=bob).status_code == 200, path
        for other in (carol, admin):
            response = web.get(path, headers=other)
            assert response.status_code == 404, (path, response.status_code)
            assert "Quentin" not in response.text and "secret" not in response.text
    for other in (carol, admin):
        assert web.get("/api/people?q=Quentin", headers=other).json()["total"] == 0
        assert web.patch("/api/people/1", json={"company": "Evil"}, headers=other).status_code == 404
        assert web.patch("/api/notes/1", json={"text": "defaced"}, headers=other).status_code == 404
    assert web.get("/api/people/1", headers=bob).json()["person"]["company"] == "Acme"
    assert web.get("/api/notes/1", headers=bob).json()["text"] == "secret plans"


def test_no_request_of_another_member_naming_a_record_succeeds_or_changes_anything(app, kith, monkeypatch):
    """Every route that names a record (any method, pages and API), asked by Carol and by the admin for
    the numbers of Bob's records, fails (404, or 400/422 for a malformed request), says nothing of Bob's, and leaves Bob's kith exactly as it
    was; Bob's own requests still find his records."""
    from kith.team.accounts import get_member
    from kith.team.workspace import export_backup

    web = client(app)
    bob, carol, admin = (
        {"Authorization": f"Bearer {kith('team', 'token', email).stdout.strip()}"}
        for email in (BOB, CAROL, TEAM_ADMIN)
    )
    assert web.post("/api/people", json={"name": "Quentin Marsh"}, headers=bob).status_code == 201
    assert web.post("/api/people/1/notes", json={"text": "secret plans"}, headers=bob).status_code == 201
    logged = web.post(
        "/api/interactions",
        json={"kind": "coffee", "names": ["Quentin Marsh"], "note": "secret plans"},
        headers=bob,
    )
    assert logged.status_code == 201
    settings = get_settings()
    schema = get_member(settings, BOB).schema

    def bobs() -> dict:
        import json

        backup = json.loads(export_backup(settings, schema))
        backup.pop("exported_at", None)
        return backup

    before = bobs()
    tried = wrong = 0
    problems = []
    for route in api_routes(app):
        if "{" not in route.path or route.path in PUBLIC:
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in sorted(route.methods - {"HEAD"}):
            for who in (carol, admin):
                for accept in ("application/json", "text/html"):
                    response = web.request(method, path, headers={**who, "Accept": accept}, json={})
                    tried += 1
                    # 404: no such record in their own kith; 400/422 only for a request malformed before
                    # any record is looked up (the empty body, a path word that is not an action)
                    if response.status_code not in (400, 404, 422) or any(
                        word in response.text for word in ("Quentin", "secret")
                    ):
                        wrong += 1
                        problems.append(f"{method} {path} ({accept}): {response.status_code}")
    assert tried > 40
    assert not problems, "\n".join(problems)
    assert bobs() == before
    assert web.get("/api/people/1", headers=bob).json()["person"]["name"] == "Quentin Marsh"
