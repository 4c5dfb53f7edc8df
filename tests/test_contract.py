# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The contract between the CLI and the API: on the same data, a command's ``--json`` and the API's JSON
for the same resource have the same fields and the same values (both read one read model)."""

from __future__ import annotations

import pytest
from web_client import api  # noqa: F401  (fixture)


@pytest.fixture
def network(kith, kith_on):
    """A small network with something of every kind: tags, notes, roles, a job change, interactions
    alone and in a group, promises both ways, favours both ways, an invitation, a like."""
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    kith_on(
        "2025-10-06", "add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--title", "CTO"
    )
    kith("edit", "Jane Doe", "--tag", "python", "--note", "moved to Berlin in May")
    kith("note", "Jane Doe", "asked for a designer", "--when", "2026-06-01")
    kith("edit", "Jane Doe", "--birthday", "1985-06-19", "--anniversary", "09-01")
    kith("add", "Sam Lee", "--company", "Initech", "--tag", "climate", "--met-via", "Jane Doe")
    kith("add", "Kim Park", "--phone", "+44 20 7946 0000")
    kith("add", "Lee Chen", "--email", "lee@globex.example")
    kith("edit", "Jane Doe", "--company", "Globex", "--title", "VP")  # the old role stays as history
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01"):
        kith("log", "coffee", "Jane Doe", "--when", when, "--duration", "45")
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-05-20", "--note", "team lunch")
    kith("log", "email", "Sam Lee", "--inbound", "--when", "2026-06-10")
    kith("log", "call", "Kim Park", "--when", "2025-01-15")
    kith("log", "like", "Lee Chen", "--when", "2026-06-12")
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-20")
    kith("promise", "Sam Lee", "the job description", "--by-them", "--due", "2026-06-01")
    kith("favour", "give", "Jane Doe", "intro", "--note", "to Sam at Acme", "--when", "2026-04-01")
    kith("favour", "get", "Jane Doe", "advice", "--when", "2026-05-01")
    kith("favour", "get", "Sam Lee", "referral", "--when", "2026-05-15")
    kith("invitations", "add", "Lee Chen", "--message", "We met at PyCon", "--when", "2026-06-12")
    kith("like", "Jane Doe")
    return {p["name"]: p["id"] for p in kith("people", "--json").json()}


def test_people(kith, api, network):
    cli = kith("people", "--json").json()
    assert api.get("/api/people", params={"per_page": 500}).json()["people"] == cli
    for options, params in (
        (["--search", "python"], {"q": "python"}),  # a tag
        (["--search", "berlin"], {"q": "berlin"}),  # a note
        (["--search", "7946"], {"q": "7946"}),  # a phone
        (["--tag", "climate"], {"tag": "climate"}),
        (["--sort", "strength"], {"sort": "strength"}),
        (["--sort", "last_contact"], {"sort": "last_contact"}),
        (["--circle", "collected"], {"circle": "collected"}),
        (["--archived"], {"archived": "true"}),
    ):
        listed = kith("people", "--json", *options).json()
        assert listed, options
        assert api.get("/api/people", params={**params, "per_page": 500}).json()["people"] == listed, options
    assert [p["name"] for p in kith("people", "--json", "--search", "python").json()] == ["Jane Doe"]


@pytest.mark.parametrize("name", ["Jane Doe", "Sam Lee", "Kim Park", "Lee Chen", "Ada Lovelace"])
def test_a_person_with_timeline_promises_and_ledger(kith, api, network, name):
    cli = kith("show", name, "--json").json()
    person_id = cli["person"]["id"]
    assert api.get(f"/api/people/{person_id}").json() == cli


def test_notes(kith, api, network):
    cli = kith("notes", "Jane Doe", "--json").json()
    assert [n["text"] for n in cli] == ["moved to Berlin in May", "asked for a designer"]
    assert api.get(f"/api/people/{network['Jane Doe']}/notes").json() == cli
    assert api.get(f"/api/people/{network['Jane Doe']}").json()["person"]["notes"] == cli
    assert kith("show", "Jane Doe", "--json").json()["person"]["birthday"]["date"] == "1985-06-19"


def test_the_ledger(kith, api, network):
    cli = kith("ledger", "--json").json()
    assert sorted(b["name"] for b in cli) == ["Jane Doe", "Sam Lee"]
    assert api.get("/api/ledger").json()["balances"] == cli
    jane = kith("ledger", "Jane Doe", "--json").json()
    assert len(jane["favours"]) == 2
    assert api.get(f"/api/people/{network['Jane Doe']}").json()["ledger"] == jane


def test_the_agenda(kith, api, network):
    cli = kith("agenda", "--all", "--json").json()
    web = api.get("/api/agenda").json()
    assert len(cli) >= 3 and {"commitment", "keep-in-touch", "birthday"} <= {item["kind"] for item in cli}
    assert web["week"] + web["rest"] == cli


def test_letting_go(kith, api, network):
    kith("archive", "Kim Park")
    assert api.get("/api/prune").json() == kith("prune", "--json").json()
    assert (
        api.get("/api/people", params={"archived": "true", "per_page": 500}).json()["people"]
        == kith("people", "--archived", "--json").json()
    )
    assert "Kim Park" not in [p["name"] for p in api.get("/api/people").json()["people"]]


def test_invitations(kith, api, network):
    cli = kith("invitations", "--json").json()
    assert [i["person"] for i in cli["invitations"]] == ["Lee Chen"]
    assert api.get("/api/invitations").json() == cli


def test_the_report(kith, api, network):
    assert api.get("/api/report").json() == kith("report", "--json").json()


def test_the_dashboard_counts_are_the_reports(kith, api, network):
    report = kith("report", "--json").json()
    counts = api.get("/api/dashboard").json()["counts"]
    for key in ("people", "connections", "in_touch", "relationships", "close", "circles", "headline"):
        assert counts[key] == report[key], key


def test_interactions_and_one_interaction(kith, api, network):
    everyone = kith("interactions", "--json", "--limit", "0").json()
    assert len(everyone) == 8
    assert api.get("/api/interactions", params={"limit": 0}).json() == everyone
    assert api.get("/api/interactions").json() == kith("interactions", "--json").json()
    jane = kith("interactions", "Jane Doe", "--json").json()
    assert len(jane) == 5
    assert api.get("/api/interactions", params={"person": network["Jane Doe"]}).json() == jane
    lunch = next(i for i in jane if i["kind"] == "lunch")
    shown_one = kith("interaction", "show", str(lunch["id"]), "--json").json()
    assert shown_one == lunch == api.get(f"/api/interactions/{lunch['id']}").json()


def test_promises_and_one_favour(kith, api, network):
    for options, params in (([], {}), (["--all"], {"all": "true"})):
        listed = kith("commitments", "--json", *options).json()
        assert {c["text"] for c in listed} == {"send the article", "the job description"}
        assert api.get("/api/commitments", params=params).json() == listed
    sam = kith("commitments", "Sam Lee", "--json").json()
    assert api.get("/api/commitments", params={"person": network["Sam Lee"]}).json() == sam
    assert api.get(f"/api/commitments/{sam[0]['id']}").json() == sam[0]
    favour = kith("ledger", "Jane Doe", "--json").json()["favours"][0]
    assert api.get(f"/api/favours/{favour['id']}").json() == favour


def test_reach(kith, api, network):
    for options, params in (
        (["--company", "Initech"], {"company": "Initech"}),
        (["--tag", "climate"], {"tag": "climate"}),
        (["Sam Lee"], {"person": network["Sam Lee"]}),
        (["--company", "Globex"], {"company": "Globex"}),
    ):
        cli = kith("reach", "--json", *options).json()
        assert api.get("/api/reach", params=params).json() == cli, options
    sam = kith("reach", "--json", "Sam Lee").json()
    assert [k["name"] for k in sam["known"]] == ["Sam Lee"]
    assert sam["message"] == "You know Sam Lee (meaningful) yourself: write to them, no introduction needed."


def test_reach_a_school_a_title_and_the_nearest(kith, api, network):
    kith("edit", "Sam Lee", "--school", "LSE", "--title", "Head of Climate")
    for options, params in (
        (["--school", "lse"], {"school": "lse"}),
        (["--title", "head climate"], {"title": "head climate"}),
        (["--school", "Nowhere"], {"school": "Nowhere"}),
        (["--company", "Acme"], {"company": "Acme"}),  # only Jane was there: the nearest
    ):
        cli = kith("reach", "--json", *options).json()
        assert api.get("/api/reach", params=params).json() == cli, options
    acme = kith("reach", "--json", "--company", "Acme").json()
    assert [n["person"]["name"] for n in acme["nearest"]] == ["Jane Doe"]


def test_a_person_with_schools_and_common_ground(kith, api, network):
    kith("edit", "me", "--school", "LSE", "--school-from", "2001", "--school-to", "2004")
    kith("edit", "Sam Lee", "--school", "lse", "--school-from", "2003", "--school-to", "2006")
    cli = kith("show", "Sam Lee", "--json").json()
    assert api.get(f"/api/people/{network['Sam Lee']}").json() == cli
    assert cli["common_ground"]["schools"][0]["words"] == "both at LSE 2003–2004"
    assert [m["name"] for m in cli["common_ground"]["mutual"]] == ["Jane Doe"]
