"""Archiving a person: hidden from the people list, its search, the agenda and the counts, nothing
deleted; their page says so and offers to unarchive; the CLI, the API and the pages agree."""

# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811

from __future__ import annotations

import pytest
from conftest import assert_user_error
from web_client import api, csrf_from, web  # noqa: F401  (fixtures)


@pytest.fixture
def network(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Acme", "--tag", "python")
    kith("add", "Sam Lee", "--company", "Initech")
    kith("log", "coffee", "Jane Doe", "--when", "2025-01-10")
    kith("log", "call", "Sam Lee", "--when", "2026-06-01")
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-10")
    return kith


def names(kith, *options) -> list[str]:
    return [p["name"] for p in kith("people", "--json", *options).json()]


def test_an_archived_person_leaves_the_lists_and_comes_back(network):
    kith = network
    out = kith("archive", "Jane Doe").stdout
    assert out.startswith("Archived Jane Doe (#")
    assert names(kith) == ["Sam Lee"]
    assert names(kith, "--search", "python") == []
    assert names(kith, "--search", "python", "--archived") == ["Jane Doe"]
    listed = kith("people", "--archived", "--json").json()
    assert [(p["name"], p["archived_at"] is not None) for p in listed] == [
        ("Jane Doe", True),
        ("Sam Lee", False),
    ]
    assert "Jane Doe (archived)" in kith("people", "--archived").stdout
    assert "1 person\n" in kith("people").stdout

    shown = kith("show", "Jane Doe").stdout
    assert "archived on 2026-06-15" in shown and "kith unarchive" in shown
    assert kith("show", "Jane Doe", "--json").json()["person"]["archived_at"].startswith("2026-06-15")
    assert "Already archived: Jane Doe" in kith("archive", "Jane Doe").stdout

    assert kith("unarchive", "Jane Doe").stdout.startswith("Unarchived Jane Doe (#")
    assert names(kith) == ["Jane Doe", "Sam Lee"]
    assert "Not archived: Jane Doe" in kith("unarchive", "Jane Doe").stdout


def test_archiving_deletes_nothing_and_is_undone(network):
    kith = network
    before = kith("show", "Jane Doe", "--json").json()
    kith("archive", "Jane Doe")
    after = kith("show", "Jane Doe", "--json").json()
    assert after["timeline"] == before["timeline"] and after["commitments"] == before["commitments"]
    assert kith("undo").stdout.strip() == "Undid: archive Jane Doe"
    assert kith("show", "Jane Doe", "--json").json() == before


def test_the_archived_leave_the_agenda_and_the_counts(network):
    kith = network
    agenda = kith("agenda", "--all", "--json").json()
    assert "Jane Doe" in {item["person"] for item in agenda}
    report = kith("report", "--json").json()
    assert report["people"] == 2
    kith("archive", "Jane Doe")
    assert "Jane Doe" not in {item["person"] for item in kith("agenda", "--all", "--json").json()}
    report = kith("report", "--json").json()
    assert report["people"] == 1
    assert sum(report["circles"].values()) == 1
    assert report["headline"].startswith("1 person: 0 connections on a platform")


def test_you_cannot_archive_yourself_or_nobody(network):
    assert_user_error(network("archive", "me", expect=2), "cannot archive yourself")
    assert_user_error(network("archive", "Nobody Known", expect=2))
    assert names(network) == ["Jane Doe", "Sam Lee"]


def test_the_api_archives_and_unarchives(network, api):
    kith = network
    jane = kith("show", "Jane Doe", "--json").json()["person"]["id"]
    archived = api.put(f"/api/people/{jane}/archive")
    assert archived.status_code == 200 and archived.json()["person"]["archived_at"].startswith("2026-06-15")
    assert [p["name"] for p in api.get("/api/people").json()["people"]] == ["Sam Lee"]
    assert [p["name"] for p in api.get("/api/people", params={"archived": "true"}).json()["people"]] == [
        "Jane Doe",
        "Sam Lee",
    ]
    assert api.get("/api/people", params={"q": "acme"}).json()["people"] == []
    assert api.get(f"/api/people/{jane}").json() == kith("show", "Jane Doe", "--json").json()
    assert api.delete(f"/api/people/{jane}/archive").json()["person"]["archived_at"] is None
    assert names(kith) == ["Jane Doe", "Sam Lee"]
    paths = api.get("/openapi.json").json()["paths"]
    assert {"put", "delete"} <= set(paths["/api/people/{person_id}/archive"])


def test_the_person_page_says_archived_and_unarchives(network, web):
    kith = network
    jane = kith("show", "Jane Doe", "--json").json()["person"]["id"]
    page = web.get(f"/people/{jane}")
    assert f'action="/people/{jane}/archive"' in page.text and ">archived<" not in page.text
    done = web.post(
        f"/people/{jane}/archive", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True
    )
    assert done.status_code == 200
    assert ">archived</span>" in done.text
    assert "Archived: hidden from your lists, the agenda and the counts" in done.text
    assert f'action="/people/{jane}/unarchive"' in done.text and ">Unarchive</button>" in done.text
    people = web.get("/people")
    assert f'href="/people/{jane}"' not in people.text and "archived people are hidden" in people.text
    assert 'Jane Doe</a> <span class="muted">(archived)</span>' in web.get("/people?archived=true").text
    back = web.post(
        f"/people/{jane}/unarchive", data={"csrf_token": csrf_from(done.text)}, follow_redirects=True
    )
    assert "Unarchived: back in your lists" in back.text
    assert f'href="/people/{jane}">Jane Doe</a>' in web.get("/people").text


def test_unarchiving_is_undone(network):
    kith = network
    kith("archive", "Jane Doe")
    kith("unarchive", "Jane Doe")
    assert kith("undo").stdout.strip() == "Undid: unarchive Jane Doe"
    assert names(kith) == ["Sam Lee"]
