"""Team reach: colleagues' ties to people at a company, from the shared directory, and nothing private."""

from __future__ import annotations

import pytest
from conftest import TEAM_ADMIN as ADMIN
from conftest import TEAM_PASSWORD as PASSWORD
from conftest import assert_user_error
from sqlalchemy import create_engine, text

BOB = "bob@firm.example"
CAROL = "carol@firm.example"


@pytest.fixture
def firm(team, kith, monkeypatch):
    """Bob has had three coffees with Tom Lee (VP Engineering at Acme) and knows Uma there only as a
    connection; Carol wrote once to "Thomas Lee", the same email as Bob's Tom, with a private note. Both
    know a "Dana" by name alone."""
    for email in (BOB, CAROL):
        kith("team", "add-user", email, "--role", "member", "--password-stdin", input=PASSWORD + "\n")

    def as_member(email):
        monkeypatch.setenv("KITH_MEMBER", email)

    as_member(BOB)
    kith("me", "--name", "Bob Ray")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "VP Engineering", "--email", "tom@acme.example")
    kith("add", "Uma Roy", "--company", "Acme")
    kith("add", "Dana")
    for when in ("2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Tom Lee", "--when", when)
    kith("log", "call", "Dana", "--when", "2026-06-10")
    as_member(CAROL)
    kith("me", "--name", "Carol Cho")
    kith("add", "Thomas Lee", "--company", "Acme", "--email", "TOM@acme.example")
    kith("add", "Dana")
    kith("add", "Liz Ng", "--company", "Acme Labs")
    kith("log", "email", "Thomas Lee", "--when", "2026-03-01", "--note", "secret plan for the merger")
    kith("log", "email", "Liz Ng", "--when", "2026-03-01")
    kith("log", "call", "Dana", "--when", "2026-06-10")
    as_member(ADMIN)
    kith("me", "--name", "Ada Lovelace")
    return kith


def test_colleagues_who_know_someone_there_strongest_first(firm):
    answer = firm("reach", "--company", "acme", "--json").json()
    team = answer["team"]
    assert team["company"] == "Acme" and team["candidates"] == []
    assert [c["email"] for c in team["colleagues"]] == [BOB, CAROL]
    bob, carol = team["colleagues"]
    assert [p["name"] for p in bob["knows"]] == ["Tom Lee"]  # Uma: a connection only, no way in
    assert bob["reason"].startswith(f"{BOB} knows Tom Lee, VP Engineering: ")
    assert bob["reason"].endswith(", last contact this month")  # the month only, never the day
    assert bob["knows"][0]["last_contact"].startswith("2026-06-01T00:00:00")
    assert bob["ask"] == f"Ask {BOB} to introduce you to Tom Lee."
    assert bob["knows"][0]["strength"] > carol["knows"][0]["strength"] > 0
    # one shared record for one person, whatever each member calls them
    assert bob["knows"][0]["id"] == carol["knows"][0]["id"]
    assert team["message"] == "2 of your colleagues know someone at Acme."
    out = firm("reach", "--company", "Acme").stdout
    assert "\nThrough your team: 2 of your colleagues know someone at Acme.\n" in out
    tom = bob["knows"][0]["id"]
    assert f"\n  Ask {BOB} to introduce you to Tom Lee. (kith team ask {BOB} {tom})\n" in out


def test_nothing_private_crosses_over(firm, team):
    answer = firm("reach", "--company", "Acme", "--json").stdout
    assert "secret plan" not in answer and "merger" not in answer
    assert firm("people", "--json").json() == []  # Ada's own kith has nobody of Bob's or Carol's
    engine = create_engine(team)
    with engine.connect() as conn:
        shared = " ".join(
            str(r) for r in conn.execute(text("SELECT * FROM kith_team.directory_person")).all()
        )
        danas = conn.execute(
            text("SELECT count(*) FROM kith_team.directory_person WHERE name = 'Dana'")
        ).scalar()
    engine.dispose()
    assert "secret" not in shared
    assert danas == 2  # two members' bare "Dana" are not assumed to be one person


def test_a_change_in_a_colleagues_kith_is_seen_at_the_next_question(firm, monkeypatch):
    before = firm("reach", "--company", "Acme", "--json").json()["team"]["colleagues"]
    assert [c["email"] for c in before] == [BOB, CAROL]
    monkeypatch.setenv("KITH_MEMBER", BOB)
    firm("forget", "Tom Lee", "--yes")
    monkeypatch.setenv("KITH_MEMBER", ADMIN)
    team = firm("reach", "--company", "Acme", "--json").json()["team"]
    assert [c["email"] for c in team["colleagues"]] == [CAROL]
    # Bob's name for him went with Bob's record; the shared record keeps its id
    [carols] = team["colleagues"][0]["knows"]
    assert carols["name"] == "Thomas Lee" and carols["id"] == before[1]["knows"][0]["id"]


def test_a_server_that_found_nothing_changed_sees_the_next_change(firm, monkeypatch):
    from test_team_web import bearer, browser

    from kith.team import directory

    web, headers = browser(), bearer(firm, ADMIN)

    def colleagues() -> list[str]:
        answer = web.get("/api/reach", params={"company": "Acme"}, headers=headers)
        assert answer.status_code == 200, answer.text
        return [c["email"] for c in answer.json()["team"]["colleagues"]]

    for _ in range(3):  # published at the first; then current, and nothing written since
        assert colleagues() == [BOB, CAROL]
    assert directory._CURRENT, "the server remembers that it found every publication current"
    monkeypatch.setenv("KITH_MEMBER", BOB)
    firm("forget", "Tom Lee", "--yes")  # another process writes in Bob's kith
    assert colleagues() == [CAROL]


def test_no_colleague_is_asked_to_introduce_someone_you_know_yourself(firm, monkeypatch):
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    before = firm("reach", "--company", "Acme", "--json").json()
    assert [c["email"] for c in before["team"]["colleagues"]] == [BOB]  # Bob knows Tom: ask him
    firm("log", "coffee", "Thomas Lee", "--when", "2026-06-13")  # now Carol knows Tom herself
    answer = firm("reach", "--company", "Acme", "--json").json()
    assert [k["name"] for k in answer["known"]] == ["Thomas Lee"]
    assert answer["team"]["colleagues"] == []
    assert answer["team"]["message"] == "Your colleagues know nobody at Acme that you do not know yourself."
    said = firm("reach", "--company", "Acme").stdout
    assert "Ask bob@firm.example" not in said


def test_an_ambiguous_or_unknown_company_says_so(firm):
    team = firm("reach", "--company", "acm", "--json").json()["team"]
    assert team["candidates"] == ["Acme", "Acme Labs"] and team["colleagues"] == []
    assert team["message"] == "'acm' could be Acme, Acme Labs; say which"
    nobody = firm("reach", "--company", "Initech", "--json").json()["team"]
    assert nobody["message"] == "Nobody the team knows is at Initech now."
    # the words typed are matched as they are: "%" is not every company
    wild = firm("reach", "--company", "%", "--json").json()["team"]
    assert (wild["candidates"], wild["colleagues"]) == ([], [])
    # your own colleagues are never your way in to yourself
    monkeypatch_free = firm("reach", "--company", "Acme Labs", "--json").json()["team"]
    assert [c["email"] for c in monkeypatch_free["colleagues"]] == [CAROL]


def test_an_unknown_member_is_a_clear_error(firm, monkeypatch):
    monkeypatch.setenv("KITH_MEMBER", "nobody@firm.example")
    assert_user_error(firm("people", expect=2), "nobody@firm.example")


def test_a_team_question_publishes_only_the_members_whose_kith_changed(firm, monkeypatch):
    from datetime import datetime

    from conftest import NOW

    from kith.settings import get_settings
    from kith.store.db import transaction
    from kith.store.fingerprint import fingerprint, fingerprints
    from kith.team.accounts import get_member
    from kith.team.directory import refresh
    from kith.team.store import team_transaction
    from kith.team.workspace import member_settings

    settings, as_of = get_settings(), datetime.fromisoformat(NOW)
    assert refresh(settings, as_of) == 3  # the admin, Bob and Carol: never published yet
    assert refresh(settings, as_of) == 0
    schemas = [get_member(settings, email).schema for email in (ADMIN, BOB, CAROL)]
    with team_transaction(settings) as conn:
        together = fingerprints(conn, schemas)
    for schema in schemas:  # read in one go, each is what the member's own kith says
        with transaction(member_settings(settings, schema), write=False) as session:
            assert together[schema] == fingerprint(session, team=False)  # the requests aside
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    firm("log", "call", "Liz Ng", "--when", "2026-06-14")
    assert refresh(settings, as_of) == 1
    assert refresh(settings, as_of) == 0
