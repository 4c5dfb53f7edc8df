# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The web's defences, swept over everything it serves (tests/web/test_web_security.py has the rules one case
at a time): every form of every page and every API write refuses a missing or foreign CSRF token and a
request from another site, and changes nothing; every page and API answer refuses a Host that is not this
machine (DNS rebinding); every response carries the security headers; a 405 names what the path answers."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from web_client import BASE_URL, client, csrf_from, jane  # noqa: F401

from kith.web.security import SECURITY_HEADERS

PAGES = [
    "/",
    "/people",
    "/agenda",
    "/ledger",
    "/invitations",
    "/peec",
    "/network",
    "/report",
    "/settings",
    "/log",
    "/import",
]


class Forms(HTMLParser):
    """The (method, action, fields) of every form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(((a.get("method") or "get").lower(), a.get("action") or "", {}))
        elif tag in ("input", "select", "textarea") and self.forms and a.get("name"):
            self.forms[-1][2][a["name"]] = a.get("value") or "x"


@pytest.fixture
def network(kith, jane):
    kith("invitations", "add", "Sam Lee", "--message", "We met at PyCon")
    kith("log", "call", "Jane Doe", "--when", "2026-06-02", "--promise", "send notes", "--due", "2026-06-05")
    kith(
        "peec",
        "--event",
        "PyData",
        "--profession",
        "engineer",
        "--expertise",
        "data",
        "--environment",
        "teams",
        "--call-to-action",
        "hire me",
    )
    return jane


def every_form(web, person: int) -> list[tuple[str, str, dict[str, str]]]:
    found: dict[str, tuple[str, str, dict[str, str]]] = {}
    for path in [*PAGES, f"/people/{person}", "/agenda?all=1"]:
        parser = Forms()
        parser.feed(web.get(path).text)
        for method, action, fields in parser.forms:
            if method == "post":
                found.setdefault(action, (method, action, fields))
    return list(found.values())


def api_writes(web) -> list[tuple[str, str]]:
    document = web.get("/openapi.json").json()
    writes = []
    for path, operations in document["paths"].items():
        for method in operations:
            if method in ("post", "put", "patch", "delete"):
                writes.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return writes


def test_every_form_refuses_a_missing_or_foreign_token_and_another_site(kith, network):
    web, other = client(), client()
    before = kith("export", "json").stdout
    forms = every_form(web, network)
    actions = {action.split("/")[1] for _, action, _ in forms}
    assert actions >= {"log", "people", "agenda", "ledger", "invitations", "peec", "settings", "import"}, (
        actions
    )
    foreign = csrf_from(other.get("/log").text)  # a token of another browser session
    for _, action, fields in forms:
        token = fields.get("csrf_token")
        assert token, f"the form posting to {action} carries no CSRF token"
        data = {k: v for k, v in fields.items() if k != "csrf_token"}
        files = (
            {"file": ("contacts.vcf", b"BEGIN:VCARD\r\nFN:Mallory\r\nEND:VCARD\r\n")}
            if action == "/import"
            else None
        )
        for sent, headers in (
            (data, {}),
            ({**data, "csrf_token": foreign}, {}),
            ({**data, "csrf_token": "0" * 40}, {}),
            ({**data, "csrf_token": token}, {"Origin": "http://evil.example"}),
            ({**data, "csrf_token": token}, {"Sec-Fetch-Site": "cross-site"}),
            ({**data, "csrf_token": token}, {"Origin": "null"}),
        ):
            response = web.post(action, data=sent, files=files, headers=headers, follow_redirects=False)
            assert response.status_code == 403, (action, headers, response.status_code)
    assert kith("export", "json").stdout == before


def test_every_api_write_refuses_a_missing_token_and_another_site(kith, network):
    web = client()
    before = kith("export", "json").stdout
    writes = api_writes(web)
    assert len(writes) >= 9, writes
    token = web.get("/api/csrf").json()["token"]
    for method, path in writes:
        for headers in (
            {},
            {"X-CSRF-Token": "forged"},
            {"X-CSRF-Token": token, "Origin": "http://evil.example"},
            {"X-CSRF-Token": token, "Sec-Fetch-Site": "cross-site"},
            {"X-CSRF-Token": token, "Origin": "http://localhost.evil.example:8765"},
        ):
            response = web.request(method, path, json={"name": "Mallory"}, headers=headers)
            assert response.status_code == 403, (method, path, headers, response.status_code)
            assert "Mallory" not in response.text
    assert kith("export", "json").stdout == before


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io:8765", "10.0.0.5:8765"]
)
def test_every_page_and_api_answer_refuses_another_host(kith, network, host):
    web = client()
    for path in [
        *PAGES,
        f"/people/{network}",
        "/api/people",
        f"/api/people/{network}",
        "/api/csrf",
        "/openapi.json",
        "/agenda.ics",
    ]:
        response = web.get(path, headers={"Host": host})
        assert response.status_code == 400, (path, host)
        assert "Jane" not in response.text and "Acme" not in response.text
    assert web.post("/api/people", json={"name": "Mallory"}, headers={"Host": host}).status_code == 400
    assert "Mallory" not in kith("people", "--json").stdout


def test_every_response_carries_the_security_headers(network):
    web = client()
    for path in [*PAGES, f"/people/{network}", "/api/people", "/agenda.ics", "/nowhere", "/static/kith.css"]:
        response = web.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)


def test_a_method_a_path_does_not_answer_is_a_405_naming_those_it_does(network):
    web = client()
    for method, path, allowed in (
        ("DELETE", "/api/people", "GET, POST"),
        ("PUT", f"/api/people/{network}", "GET, PATCH, DELETE"),
        ("POST", "/api/csrf", "GET"),
        ("DELETE", "/people", "GET, POST"),
    ):
        response = web.request(method, path, headers={"X-CSRF-Token": "any"})
        assert response.status_code == 405 and response.headers["allow"] == allowed, (method, path)
    assert web.request("DELETE", "/api/people").json() == {"detail": "Method Not Allowed", "status": 405}


def test_a_limit_beyond_the_databases_integers_is_refused_not_crashed_on(jane):  # noqa: F811
    web = client()
    answer = web.get("/api/interactions", params={"limit": str(2**63)})
    assert answer.status_code == 422, answer.text
    # a page far past the end is an empty page, not an error (tests/web/test_web.py)
    assert web.get(f"/api/people/{jane}", params={"page": str(2**63)}).status_code == 200


def test_opening_an_address_that_only_takes_a_form_says_where_the_form_is(network):
    web = client()
    for path, form_on in (("/job/steps", "/job"), ("/job/targets/role", "/job")):
        response = web.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 405 and response.headers["allow"] == "POST", path
        said = html.unescape(response.text)
        assert f"{path} is where a form sends what it records; it has no page of its own." in said
        assert f"The form is on {form_on}." in said
    # the API and other methods are answered as before
    assert (
        web.get("/job/steps", headers={"Accept": "application/json"}).json()["detail"] == "Method Not Allowed"
    )
