# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Undo in the web: the Undo button after a change, POST /undo, the API, and pages noticing an undo."""

from __future__ import annotations

import re

from web_client import api, csrf_from, jane, web  # noqa: F401  (fixtures)


def undo_button(html: str) -> tuple[str, str] | None:
    """The (step id, label) of the page's Undo button, None when it has none."""
    found = re.search(
        r'<form class="flash" method="post" action="/undo">.*?name="step" value="(\d+)".*?>Undo ([^<]+)</button>',
        html,
        re.S,
    )
    return (found.group(1), found.group(2)) if found else None


def test_the_log_page_offers_to_undo_what_was_just_logged(web, jane, kith):
    form = web.get("/log")
    done = web.post(
        "/log",
        data={"csrf_token": csrf_from(form.text), "kind": "lunch", "names": "Jane Doe", "when": "2026-06-12"},
        follow_redirects=True,
    )
    assert "Logged lunch with" in done.text
    step, label = undo_button(done.text)
    assert label == "log lunch with Jane Doe"
    assert undo_button(web.get("/log").text) is None  # only right after a change
    undone = web.post("/undo", data={"csrf_token": csrf_from(done.text), "step": step}, follow_redirects=True)
    assert undone.status_code == 200
    assert "Undid: log lunch with Jane Doe" in undone.text
    assert web.get(f"/api/people/{jane}").json()["person"]["interaction_count"] == 1


def test_the_person_page_offers_to_undo_an_edit(web, jane):
    page = web.get(f"/people/{jane}")
    saved = web.post(
        f"/people/{jane}/edit",
        data={"csrf_token": csrf_from(page.text), "name": "Jane Doe", "birthday": "04-12"},
        follow_redirects=True,
    )
    step, label = undo_button(saved.text)
    assert label == "edit Jane Doe"
    web.post("/undo", data={"csrf_token": csrf_from(saved.text), "step": step})
    assert web.get(f"/api/people/{jane}").json()["person"]["birthday"] is None


def test_a_favour_from_the_person_page_comes_back_with_an_undo_button(web, jane):
    page = web.get(f"/people/{jane}")
    done = web.post(
        "/ledger",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Jane Doe",
            "direction": "give",
            "kind": "intro",
            "back": f"/people/{jane}",
        },
        follow_redirects=True,
    )
    assert str(done.url).endswith(f"/people/{jane}?saved=1")
    assert undo_button(done.text)[1] == "favour give Jane Doe intro"


def test_undo_needs_a_csrf_token(web, jane):
    assert web.post("/undo", data={}).status_code == 403


def test_a_stale_undo_button_is_refused(web, jane, kith):
    kith("like", "Jane Doe")
    page = web.get("/undo")
    old = re.search(r'name="step" value="(\d+)"', page.text).group(1)
    kith("favour", "give", "Jane Doe", "intro")
    refused = web.post("/undo", data={"csrf_token": csrf_from(page.text), "step": old})
    assert refused.status_code == 409
    assert "favour give Jane Doe intro" in refused.text
    assert kith("ledger", "Jane Doe", "--json").json()["balance"]["given"] == 1


def test_the_undo_page_lists_recent_changes_and_says_when_nothing_is_left(web, kith):
    kith("add", "Jane Doe")
    page = web.get("/undo")
    assert "add Jane Doe" in page.text
    web.post("/undo", data={"csrf_token": csrf_from(page.text)})
    empty = web.post("/undo", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True)
    assert "Nothing to undo." in empty.text


def test_api_undo(api, jane):
    added = api.post("/api/people", json={"name": "Max Power", "company": "Initech"})
    assert added.status_code == 201
    history = api.get("/api/undo").json()
    assert history["last_change"]["label"] == "add Max Power"
    undone = api.post("/api/undo", json={"step": history["last_change"]["id"]})
    assert undone.status_code == 200
    assert undone.json()["undone"]["label"] == "add Max Power"
    assert undone.json()["message"] == "Undid: add Max Power"
    assert api.get("/api/people", params={"q": "max"}).json()["total"] == 0
    assert api.post("/api/undo", json={"step": history["last_change"]["id"]}).status_code == 409
    assert api.get("/api/undo").json()["history"][0]["kind"] == "undone"


def test_api_undo_with_nothing_to_undo(api):
    answer = api.post("/api/undo")
    assert answer.status_code == 200
    assert answer.json() == {"undone": None, "message": "Nothing to undo."}


def test_undo_is_in_the_openapi_document(web):
    paths = web.get("/openapi.json").json()["paths"]
    assert "post" in paths["/api/undo"] and "get" in paths["/api/undo"]
    assert "/undo" not in paths


def test_a_page_notices_an_undo_from_the_command_line(web, jane, kith):
    """Undoing a coffee with Jane then logging one with Sam gives the new interaction the same id: the
    counts a page shares between requests must still be recomputed."""
    sam = kith("people", "--search", "sam", "--json").json()[0]["id"]
    kith("log", "coffee", "Jane Doe")

    def counts():
        listed = web.get("/api/people").json()["people"]
        return {p["id"]: p["interaction_count"] for p in listed}

    assert counts()[jane] == 2
    kith("undo")
    kith("log", "coffee", "Sam Lee")
    assert counts() == {jane: 1, sam: 1}


def test_undoing_a_log_that_added_someone_says_it_removes_them_too(web, jane):
    form = web.get("/log")
    done = web.post(
        "/log",
        data={
            "csrf_token": csrf_from(form.text),
            "kind": "coffee",
            "names": "Jane Doe, Priya Raman",
            "add_people": "Priya Raman",
        },
        follow_redirects=True,
    )
    assert "Logged coffee with" in done.text
    _, label = undo_button(done.text)
    assert label == "add Priya Raman; log coffee with Jane Doe and Priya Raman"
