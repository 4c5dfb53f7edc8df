# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The web UI and JSON API through an in-process client: pages, actions and the local-app defences."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_client import api, api_client, client, csrf_from, jane, web  # noqa: F401

from kith.web.app import create_app


def test_dashboard_shows_counts_and_recent_interactions(web, jane):
    page = web.get("/")
    assert page.status_code == 200
    assert "her move to Berlin" in page.text and "Jane Doe" in page.text
    counts = web.get("/api/dashboard").json()["counts"]
    assert counts["people"] == 2 and counts["in_touch"] == 1 and counts["interactions"] == 1


def test_people_list_searches_and_filters_by_tag(web, jane):
    assert [p["name"] for p in web.get("/api/people").json()["people"]] == ["Jane Doe", "Sam Lee"]
    assert [p["name"] for p in web.get("/api/people", params={"q": "initech"}).json()["people"]] == [
        "Sam Lee"
    ]
    assert [p["name"] for p in web.get("/api/people", params={"tag": "python"}).json()["people"]] == [
        "Jane Doe"
    ]
    page = web.get("/people", params={"q": "acme"})
    assert page.status_code == 200 and "Jane Doe" in page.text and "Sam Lee" not in page.text


def test_people_list_paginates(web, kith):
    for i in range(7):
        kith("add", f"Person {i:02d}")
    first = web.get("/api/people", params={"per_page": 3}).json()
    third = web.get("/api/people", params={"per_page": 3, "page": 3}).json()
    assert first["total"] == 7 and first["pages"] == 3
    assert [p["name"] for p in first["people"]] == ["Person 00", "Person 01", "Person 02"]
    assert [p["name"] for p in third["people"]] == ["Person 06"]
    # the page past the end of the list goes to the last one, keeping the rest of the query
    past = web.get("/people", params={"q": "person", "page": 9}, follow_redirects=False)
    assert past.status_code == 303 and past.headers["location"] == "/people?q=person&page=1"
    assert (
        web.get("/people", params={"q": "nobody at all", "page": 2}, follow_redirects=False).status_code
        == 303
    )
    assert web.get("/people", params={"page": 1}).status_code == 200


def test_person_page_shows_timeline(web, jane):
    page = web.get(f"/people/{jane}")
    assert page.status_code == 200
    assert "Jane Doe" in page.text and "her move to Berlin" in page.text and "Acme" in page.text


def test_logging_through_the_form_shows_on_the_person_page(web, jane):
    form = web.get("/log")
    response = web.post(
        "/log",
        data={
            "csrf_token": csrf_from(form.text),
            "kind": "lunch",
            "names": "Jane Doe, Sam Lee",
            "when": "2026-06-10",
            "direction": "inbound",
            "note": "talked about <b>hiring</b>",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Logged lunch with" in response.text
    person = web.get(f"/people/{jane}").text
    assert "talked about &lt;b&gt;hiring&lt;/b&gt;" in person
    timeline = web.get(f"/api/people/{jane}").json()["timeline"]
    assert timeline[0]["kind"] == "lunch" and timeline[0]["direction"] == "inbound"


def test_log_form_error_keeps_what_was_typed(web, jane):
    form = web.get("/log")
    response = web.post(
        "/log",
        data={
            "csrf_token": csrf_from(form.text),
            "kind": "coffee",
            "names": "Jane Doe",
            "when": "whenever-ish",
            "note": "kept note",
        },
    )
    assert response.status_code == 400
    assert "cannot read the date" in response.text and "kept note" in response.text
    assert web.get("/api/dashboard").json()["counts"]["interactions"] == 1


def test_an_unknown_name_in_the_log_form_is_offered_as_a_new_person(web, jane):
    form = web.get("/log")
    typed = {
        "csrf_token": csrf_from(form.text),
        "kind": "lunch",
        "names": "Jane Doe, Maria Costa, Lou Reed",
        "note": "kept note",
    }
    offer = web.post("/log", data=typed)
    assert offer.status_code == 400 and "kept note" in offer.text
    assert "Nobody called Maria Costa or Lou Reed yet" in offer.text
    assert 'name="add_people" value="Maria Costa" checked' in offer.text
    assert "Add Maria Costa, Lou Reed and log" in offer.text
    assert "kith add" not in offer.text  # no command-line advice on a page
    assert web.get("/api/dashboard").json()["counts"]["people"] == 2  # nothing written yet

    # confirming one of the two still writes nothing: every unknown name must be confirmed
    partial = web.post("/log", data={**typed, "add_people": ["Maria Costa"]})
    assert partial.status_code == 400 and "Nobody called Maria Costa or Lou Reed yet" in partial.text
    assert web.get("/api/dashboard").json()["counts"]["people"] == 2

    done = web.post("/log", data={**typed, "add_people": ["Maria Costa", "Lou Reed"]}, follow_redirects=True)
    assert done.status_code == 200 and "Logged lunch with" in done.text
    assert [p["name"] for p in web.get("/api/people").json()["people"]] == [
        "Jane Doe",
        "Lou Reed",
        "Maria Costa",
        "Sam Lee",
    ]
    timeline = web.get(f"/api/people/{jane}").json()["timeline"]
    assert sorted(timeline[0]["people"]) == ["Jane Doe", "Lou Reed", "Maria Costa"]


def test_the_api_logs_with_new_people_only_when_told_to(api, jane):
    unknown = api.post("/api/interactions", json={"kind": "call", "names": ["Maria Costa"]})
    assert unknown.status_code == 404 and "nobody called 'Maria Costa'" in unknown.json()["detail"]
    added = api.post(
        "/api/interactions", json={"kind": "call", "names": ["Maria Costa"], "add_people": ["Maria Costa"]}
    )
    assert added.status_code == 201
    maria = api.get("/api/people", params={"q": "maria"}).json()["people"][0]
    assert (maria["name"], maria["interaction_count"]) == ("Maria Costa", 1)
    # a name to add that someone already has is that person: nobody is added twice
    api.post(
        "/api/interactions", json={"kind": "call", "names": ["Maria Costa"], "add_people": ["Maria Costa"]}
    )
    assert api.get("/api/people", params={"q": "maria"}).json()["total"] == 1


def test_api_logs_an_interaction(api, jane):
    response = api.post(
        "/api/interactions", json={"kind": "call", "names": ["jane@acme.example"], "when": "yesterday"}
    )
    assert response.status_code == 201 and response.json()["channel"] == "call"
    assert api.get(f"/api/people/{jane}").json()["person"]["interaction_count"] == 2


def test_api_errors_are_json_with_the_right_status(api, jane):
    assert api.get("/api/people/9999").json() == {"detail": "no person #9999", "status": 404}
    unknown = api.post("/api/interactions", json={"kind": "coffee", "names": ["Nobody Known"]})
    assert unknown.status_code == 404 and "nobody called" in unknown.json()["detail"]
    bad_kind = api.post("/api/interactions", json={"kind": "teleport", "names": ["Jane Doe"]})
    assert bad_kind.status_code == 400 and "unknown kind" in bad_kind.json()["detail"]
    missing = api.post("/api/interactions", json={"kind": "coffee"})
    assert missing.status_code == 422 and "names" in missing.json()["detail"]
    api.post("/api/people", json={"name": "Jo Bloggs"})
    duplicate = api.post("/api/people", json={"name": "Jo Bloggs"})
    assert duplicate.status_code == 409 and "already exists" in duplicate.json()["detail"]


def test_edit_form_changes_a_person(web, kith_on):
    kith_on("2026-01-05", "add", "Jane Doe", "--company", "Acme")  # a role of months ago
    jane = kith_on("2026-01-05", "people", "--json").json()[0]["id"]
    page = web.get(f"/people/{jane}")
    response = web.post(
        f"/people/{jane}/edit",
        data={"csrf_token": csrf_from(page.text), "name": "Jane Doe", "company": "Globex", "title": "CTO"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Saved." in response.text
    record = web.get(f"/api/people/{jane}").json()["person"]
    assert (record["company"], record["title"]) == ("Globex", "CTO")
    assert any(r["company"] == "Acme" and r["ended_on"] for r in record["roles"])


def test_openapi_describes_the_api(web):
    paths = web.get("/openapi.json").json()["paths"]
    assert {"/api/people", "/api/people/{person_id}", "/api/interactions", "/api/dashboard"} <= set(paths)
    assert "/people" not in paths


# ------------------------------------------------------------------------------------------- security


def test_state_changing_request_without_csrf_token_is_refused(web, jane):
    assert web.post("/log", data={"kind": "coffee", "names": "Jane Doe"}).status_code == 403
    assert web.post("/api/interactions", json={"kind": "coffee", "names": ["Jane Doe"]}).status_code == 403
    forged = web.post(
        "/api/interactions", json={"kind": "coffee", "names": ["Jane Doe"]}, headers={"X-CSRF-Token": "1.2.3"}
    )
    assert forged.status_code == 403
    assert web.get("/api/dashboard").json()["counts"]["interactions"] == 1


def test_token_from_another_install_is_refused(web, jane, tmp_path):
    from kith.web.security import make_token

    web.get("/")  # a session of this browser, so that only the secret is foreign
    foreign = make_token(b"another install's secret", web.cookies["kith_session"])
    response = web.post(
        "/api/interactions", json={"kind": "coffee", "names": ["Jane Doe"]}, headers={"X-CSRF-Token": foreign}
    )
    assert response.status_code == 403


def test_foreign_host_header_is_refused(jane):
    app = create_app()
    for base in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        assert TestClient(app, base_url=base).get("/").status_code == 200, base
    rebinding = TestClient(app, base_url="http://attacker.example:8765").get("/api/people")
    assert rebinding.status_code == 400 and "Jane" not in rebinding.text
    allowed = TestClient(create_app(allowed_hosts=["kith.lan"]), base_url="http://kith.lan:8765")
    assert allowed.get("/").status_code == 200


def test_a_name_with_markup_renders_as_text(api):
    person = api.post("/api/people", json={"name": "<script>alert(1)</script>"}).json()["person"]
    api.post(
        "/api/interactions",
        json={"kind": "coffee", "names": [f"#{person['id']}"], "note": "<img src=x onerror=alert(2)>"},
    )
    for path in ("/", "/people", f"/people/{person['id']}"):
        html = api.get(path).text
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_oversize_upload_is_refused(jane):
    client = TestClient(create_app(max_upload_bytes=1024), base_url="http://127.0.0.1:8765")
    token = client.get("/api/csrf").json()["token"]
    response = client.post(
        "/api/interactions",
        content=b"x" * 5000,
        headers={"X-CSRF-Token": token, "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_unknown_person_is_a_404_page(web):
    response = web.get("/people/4242")
    assert response.status_code == 404 and "no person #4242" in response.text
    assert "<nav" in response.text and "Traceback" not in response.text
    assert web.get("/nowhere").status_code == 404


def test_unexpected_error_is_a_plain_500_page(web, monkeypatch):
    import kith.reports as reports

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(reports, "network_counts", broken)
    for path in ("/", "/api/dashboard"):
        response = web.get(path)
        assert response.status_code == 500
        assert "secret internals" not in response.text and "Traceback" not in response.text


def test_pages_send_a_strict_content_security_policy(web):
    policy = web.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_no_browser_keeps_a_copy_of_what_a_page_or_the_api_shows(web, jane):
    pages = ("/", f"/people/{jane}", "/people/999999", "/agenda.ics")
    for path in (*pages, f"/api/people/{jane}", "/api/people"):
        assert web.get(path).headers.get("cache-control") == "no-store", path
    # the style sheet, the script and the icon are the same for everyone: those may be cached
    for path in ("/static/kith.css", "/static/kith.js", "/static/favicon.svg"):
        answer = web.get(path)
        assert answer.status_code == 200 and "no-store" not in answer.headers.get("cache-control", ""), path


def test_navigation_has_no_dead_links(web):
    html = web.get("/").text
    nav = html[html.index("<nav") : html.index("</nav>")]
    links = re.findall(r'href="([^"]+)"', nav)
    assert "/people" in links and "/log" in links
    for link in links:
        assert web.get(link).status_code == 200, link


def test_people_list_rows_agree_with_person_records(api, kith, jane):
    kith("edit", "Jane Doe", "--company", "Globex", "--title", "VP", "--phone", "+44 20 7946 0000")
    kith("edit", "Jane Doe", "--tag", "climate", "--email", "jd@globex.example")
    fields = (
        "id",
        "name",
        "emails",
        "phone",
        "linkedin",
        "company",
        "title",
        "tags",
        "liked",
        "closeness",
        "interaction_count",
        "last_interaction",
    )
    for row in api.get("/api/people").json()["people"]:
        detail = api.get(f"/api/people/{row['id']}").json()["person"]
        assert {k: row[k] for k in fields} == {k: detail[k] for k in fields}
    jane_row = api.get("/api/people", params={"q": "jane"}).json()["people"][0]
    assert (jane_row["company"], jane_row["title"], jane_row["tags"]) == (
        "Globex",
        "VP",
        ["climate", "python"],
    )


def test_api_adds_and_edits_people(api, jane):
    added = api.post(
        "/api/people", json={"name": "Kim Park", "emails": ["kim@example.com"], "tags": ["design"]}
    )
    assert added.status_code == 201
    kim = added.json()["person"]
    changed = api.patch(f"/api/people/{kim['id']}", json={"company": "Acme", "how_met": "PyCon"})
    assert changed.status_code == 200
    assert (changed.json()["person"]["company"], changed.json()["person"]["how_met"]) == ("Acme", "PyCon")
    taken = api.patch(f"/api/people/{kim['id']}", json={"emails": ["jane@acme.example"]})
    assert taken.status_code == 409 and "already belongs" in taken.json()["detail"]
    assert api.post("/api/people", json={"name": "  "}).status_code == 400


def test_person_timeline_is_the_latest_newest_first_ties_by_id(api, jane, kith):
    from sqlalchemy import select

    from kith.people.lookup import get_person
    from kith.store.schema import Interaction
    from kith.timeline import interaction_record

    for day in range(2, 9):
        kith("log", "email", "Jane Doe", "--when", f"2026-06-0{day}")
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-05T13:00")
    kith("log", "call", "Jane Doe", "--when", "2026-06-05T13:00")  # the same moment: the later id first
    kith("log", "coffee", "Sam Lee", "--when", "2026-06-14")  # not hers
    usual = api.get(f"/api/people/{jane}").json()["timeline"]
    assert len(usual) == 10
    assert [(t["when"], t["id"]) for t in usual] == sorted(
        ((t["when"], t["id"]) for t in usual), reverse=True
    )
    assert [t["kind"] for t in usual[3:5]] == ["call", "lunch"]
    from kith.store.db import transaction

    with transaction() as session:  # her interactions loaded as objects, ordered here
        hers = [
            i for i in session.scalars(select(Interaction)) if get_person(session, jane) in i.participants
        ]
        shown = [
            interaction_record(i) for i in sorted(hers, key=lambda i: (i.occurred_at, i.id), reverse=True)
        ]
    assert usual == shown[:10]
    assert usual[3]["participants"] == [{"id": jane, "name": "Jane Doe"}]
    assert [p["name"] for p in usual[4]["participants"]] == ["Jane Doe", "Sam Lee"]


def test_a_long_timeline_comes_in_pages_newest_first(api, web, jane):
    from datetime import UTC, datetime, timedelta

    from kith.interactions import log_interaction
    from kith.people.lookup import get_person
    from kith.store.db import transaction

    with transaction() as session:
        person = get_person(session, jane)
        for day in range(44):  # 45 in all with the fixture's coffee on 2026-06-01
            when = datetime(2026, 4, 1, 9, 0, tzinfo=UTC) + timedelta(days=day)
            log_interaction(session, kind="email", people=[person], when=when, notes=f"email {day}")
    first = api.get(f"/api/people/{jane}").json()
    assert (first["timeline_page"], first["timeline_pages"]) == (1, 3)
    assert len(first["timeline"]) == 20 and first["timeline"][0]["kind"] == "coffee"
    last = api.get(f"/api/people/{jane}?page=3").json()["timeline"]
    assert [t["notes"] for t in last] == [f"email {day}" for day in range(4, -1, -1)]
    middle = api.get(f"/api/people/{jane}?page=2").json()["timeline"]
    everything = first["timeline"] + middle + last
    assert len({t["id"] for t in everything}) == 45  # no interaction twice, none left out
    html = web.get(f"/people/{jane}?page=2").text
    assert "page 2 of 3 (45 interactions)" in html
    assert f'href="/people/{jane}?page=1"' in html and f'href="/people/{jane}?page=3"' in html
    assert api.get(f"/api/people/{jane}?page=0").status_code == 422


def test_streamed_upload_is_cut_off_at_the_limit(jane):
    small = api_client(max_upload_bytes=4096)
    chunks = (b"x" * 1024 for _ in range(64))  # no Content-Length: the body arrives in chunks
    response = small.post("/api/interactions", content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_the_people_list_finds_what_the_search_rule_says(kith):
    """The people list (web, API and ``kith people``) searches a per-snapshot index in memory; it finds
    what the search rule, written out plainly, finds: names, identities, current role, tags, notes."""
    from search_oracle import matches
    from sqlalchemy import select

    from kith.people import directory, search
    from kith.store.db import transaction
    from kith.store.schema import Person

    def from_rule(session, q, tag):
        people = session.scalars(select(Person).where(~Person.is_me).order_by(Person.name_key, Person.id))
        return [p.id for p in people if matches(p, q) and (not tag or tag in [t.name for t in p.tags])]

    kith("me", "--name", "Ada Lovelace")
    kith("add", "José Díaz", "--email", "jose@initech.example", "--company", "Initech", "--title", "CTO")
    kith("add", "Jane Doe", "--email", "JANE@acme.example", "--company", "Acme Corp", "--tag", "python")
    kith("add", "Sam Lee", "--company", "Acme", "--title", "Head of Sales")
    kith("add", "Li Wei", "--phone", "+44 20 7946 0000", "--tag", "python", "--note", "moved to Berlin")
    kith("edit", "Sam Lee", "--company", "Globex", "--title", "VP")  # Acme and Head of Sales are past
    with transaction() as session:
        index = search.SearchIndex(session)
        for q, tag in (
            ("jose", None), ("DÍAZ", None), ("initech", None), ("acme", None), ("sales", None),
            ("vp", None), ("globex", None), ("jane@acme", None), ("  doe ", None), ("7946", None),
            ("e", None), ("e", "python"), ("BERLIN", None), ("pyth", None), ("général", None), (None, "python"), ("nobody", None), (None, None),
        ):  # fmt: skip
            query = directory.PeopleQuery(q=q, tag=tag, per_page=500)
            with_index = directory.people_list(session, query, {}, index=index)
            assert [p["id"] for p in with_index["people"]] == from_rule(session, q, tag), (q, tag)
            assert with_index["total"] == len(with_index["people"])
        assert [
            p["name"]
            for p in directory.people_list(session, directory.PeopleQuery(q="acme"), {}, index=index)[
                "people"
            ]
        ] == ["Jane Doe"]


def test_templates_read_a_dicts_fields_as_stock_jinja_does():
    """The pages' environment looks a dict's key up first (faster); what it finds must not change."""
    from types import SimpleNamespace

    from jinja2 import Environment

    from kith.web.pages import _environment

    source = (
        "{{ d.name }}|{{ d.items()|list|length }}|{{ d.get('name') }}|{{ d.missing is defined }}|"
        "{{ d.items is callable }}|{{ o.name }}|{{ o.absent is defined }}|{{ d['items'] }}"
    )
    values = {"d": {"name": "<Jane>", "items": "a key"}, "o": SimpleNamespace(name="Sam")}
    ours = _environment().from_string(source).render(values)
    assert ours == Environment(autoescape=True).from_string(source).render(values)
    assert ours == "&lt;Jane&gt;|2|&lt;Jane&gt;|False|True|Sam|False|a key"


def test_pages_of_people_never_in_an_interaction(web, kith):
    """The user's own page, and anyone's, show before anything is logged (no count to read is zero)."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Sam Lee")
    ids = [row["id"] for row in web.get("/api/people").json()["people"]] + [1]
    assert len(ids) == 2 and web.get("/api/people/1").json()["person"]["is_me"]
    for pid in ids:
        page = web.get(f"/people/{pid}")
        assert page.status_code == 200
        assert "Nothing logged yet." in page.text
    assert "circle <strong>None" not in web.get("/people/1").text  # the user has no tie to themselves


def test_ids_and_pages_no_database_row_can_have_are_not_found_not_errors(api, jane):
    huge = "99999999999999999999"
    for path in (f"/people/{huge}", f"/api/people/{huge}", f"/api/people/{huge}/brief"):
        response = api.get(path)
        assert response.status_code == 404, path
    far = api.get(f"/api/people/{jane}", params={"page": huge})
    assert far.status_code == 200 and far.json()["timeline"] == []
    assert api.get(f"/people/{jane}", params={"page": huge}).status_code == 200


def test_a_search_too_long_for_the_cli_is_refused_by_the_web_too(api, jane):
    response = api.get("/api/people", params={"q": "x" * 301})
    assert response.status_code == 400 and "longer than 300" in response.json()["detail"]
    assert api.get("/api/people", params={"q": "x" * 300}).status_code == 200


def test_people_of_equal_strength_keep_name_order_with_or_without_a_filter(api, kith):
    kith("me", "--name", "Ada Lovelace")
    for name in ("Zoe Zed", "Mia Moss", "Abe Arch"):  # added out of name order: ids differ from it
        kith("add", name, "--tag", "all")
    kith("log", "coffee", "Mia Moss", "--when", "2026-06-01")
    for sort in ("strength", "last_contact"):
        everyone = [p["name"] for p in api.get("/api/people", params={"sort": sort}).json()["people"]]
        tagged = [
            p["name"] for p in api.get("/api/people", params={"sort": sort, "tag": "all"}).json()["people"]
        ]
        assert everyone == tagged == ["Mia Moss", "Abe Arch", "Zoe Zed"], sort


def test_an_empty_home_shows_the_first_steps_not_empty_charts(web, kith):
    page = web.get("/").text
    assert (
        "Say who you are" in page
        and "Import your LinkedIn export" in page
        and "Get a copy of your data" in page
    )
    assert "Log your first coffee" in page
    assert "<svg" not in page and "Nothing to do this week" not in page and "0 people" not in page
    kith("me", "--name", "Ada Lovelace")
    assert '<li class="done"><a href="/settings">Say who you are</a>' in web.get("/").text
    kith("add", "Jane Doe")
    page = web.get("/").text
    assert "Log your first coffee" not in page and "1 person" in page and "<svg" in page


def test_an_empty_week_is_a_sentence_not_a_numbered_item(web, kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    page = web.get("/agenda").text
    assert "Nothing to do this week." in page
    assert '<li class="muted">Nothing to do this week.</li>' not in page


def test_log_it_opens_the_form_with_the_name_and_the_suggested_kind(web, kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("log", "email", "Jane Doe", "--when", "2025-06-01")  # only ever written: the next step is a call
    agenda = kith("agenda", "--all", "--json").json()
    item = next(i for i in agenda if i["person"] == "Jane Doe")
    assert item["log_kind"] in ("call", "coffee", "email", "message", "video")
    page = web.get("/agenda?all=1").text
    link = f"/log?names=Jane%20Doe&amp;kind={item['log_kind']}"
    assert link in page and "%23" not in page
    form = web.get(f"/log?names=Jane%20Doe&kind={item['log_kind']}").text
    assert f'<option value="{item["log_kind"]}" selected>' in form and 'value="Jane Doe"' in form


def test_the_log_form_says_the_promise_it_noted(kith):
    from web_client import client, csrf_from

    kith("add", "Jane Doe")
    web = client()
    form = web.get("/log").text
    done = web.post(
        "/log",
        data={
            "csrf_token": csrf_from(form),
            "kind": "coffee",
            "names": "Jane Doe",
            "direction": "outbound",
            "promise": "send the article",
        },
        follow_redirects=True,
    )
    assert "Logged coffee with" in done.text and "Promise noted: send the article." in done.text
