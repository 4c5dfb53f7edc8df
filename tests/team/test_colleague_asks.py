# pytest fixtures imported from another test module are named as test parameters:
# ruff: noqa: F811
"""Asking a colleague for an introduction: each sees only their own requests, and answers them."""

from __future__ import annotations

from conftest import TEAM_ADMIN as ADMIN
from conftest import assert_user_error, run_cli
from test_team_reach import BOB, CAROL, firm  # noqa: F401  (fixture)
from test_team_web import HTML, logged_in
from web_client import csrf_from


def tom_id(kith) -> int:
    team = kith("reach", "--company", "Acme", "--json").json()["team"]
    bob = next(c for c in team["colleagues"] if c["email"] == BOB)
    return bob["knows"][0]["id"]


def test_ask_answer_and_see_only_your_own(firm, monkeypatch):
    person = tom_id(firm)
    asked = firm("team", "ask", BOB, str(person), "--note", "their data platform").stdout
    assert asked.startswith(f"Asked {BOB} to introduce you to Tom Lee (request ")
    [mine] = firm("team", "asks", "--json").json()["from_me"]
    assert (mine["to"], mine["person"], mine["note"], mine["state"]) == (
        BOB,
        "Tom Lee",
        "their data platform",
        "asked",
    )
    # asking again while it is open is refused
    assert_user_error(firm("team", "ask", BOB, str(person), expect=2), "already asked")
    # Carol sees none of it, and cannot answer it
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    assert firm("team", "asks", "--json").json() == {"to_me": [], "from_me": []}
    assert_user_error(firm("team", "accept", str(mine["id"]), expect=2), f"no request {mine['id']}")
    # Bob sees it, under his own name for Tom, and accepts it
    monkeypatch.setenv("KITH_MEMBER", BOB)
    [theirs] = firm("team", "asks", "--json").json()["to_me"]
    assert (theirs["from"], theirs["person"]) == (ADMIN, "Tom Lee")
    out = firm("team", "accept", str(theirs["id"]), "--note", "writing to Tom today").stdout
    # accepting is a promise of his own to Tom: on his agenda until he keeps it
    [promise] = firm("commitments", "--json").json()
    assert (promise["person"], promise["owed_by"], promise["text"]) == (
        "Tom Lee",
        "me",
        f"introduce {ADMIN} to Tom Lee (their request {theirs['id']})",
    )
    assert out.splitlines() == [
        f"Request {theirs['id']} from {ADMIN}: accepted",
        f"Promise #{promise['id']} noted: {promise['text']} (due 2026-06-22; kith commitments lists it)",
    ]
    assert_user_error(firm("team", "decline", str(theirs["id"]), expect=2), "accepted already")
    monkeypatch.setenv("KITH_MEMBER", ADMIN)
    [done] = firm("team", "asks", "--json").json()["from_me"]
    assert (done["state"], done["answer"]) == ("accepted", "writing to Tom today")
    assert_user_error(firm("team", "withdraw", str(done["id"]), expect=2), "accepted already")
    # nor asked again once accepted: Bob is already on it
    assert_user_error(firm("team", "ask", BOB, str(person), expect=2), "they accepted")


def test_a_colleague_who_does_not_know_them_or_yourself_is_refused(firm):
    person = tom_id(firm)
    assert_user_error(firm("team", "ask", ADMIN, str(person), expect=2), "yourself")
    assert_user_error(firm("team", "ask", "zed@firm.example", str(person), expect=2), "zed@firm.example")
    assert_user_error(firm("team", "ask", BOB, "999999", expect=2), "does not know the person #999999")
    assert_user_error(firm("team", "ask", BOB, "Uma Nobody", expect=2), "does not know 'Uma Nobody'")
    # Bob knows Uma Roy only as a connection: team reach does not offer her, nor can she be asked for
    uma = firm("reach", "--company", "Acme", "--json").json()["team"]
    assert "Uma Roy" not in str(uma)
    assert_user_error(firm("team", "ask", BOB, "Uma Roy", expect=2), "does not know 'Uma Roy'")
    assert_user_error(firm("team", "ask", BOB, str(person), "--note", "x" * 2001, expect=2), "too long")


def test_ask_by_the_name_the_team_knows_them_by(firm):
    assert firm("team", "ask", BOB, "tom lee").stdout.startswith(f"Asked {BOB} to introduce you to Tom Lee")
    team = firm("reach", "--company", "Acme", "--json").json()["team"]
    bob = next(c for c in team["colleagues"] if c["email"] == BOB)
    assert bob["asked"]["state"] == "asked"  # the reach answer says so instead of offering to ask again
    said = firm("reach", "--company", "Acme").stdout
    assert "You asked on " in said and f"kith team ask {BOB}" not in said


def test_a_declined_request_is_said_on_reach_and_can_be_asked_again(firm, monkeypatch):
    firm("team", "ask", BOB, "tom lee")
    [mine] = firm("team", "asks", "--json").json()["from_me"]
    monkeypatch.setenv("KITH_MEMBER", BOB)
    firm("team", "decline", str(mine["id"]), "--note", "not this month")
    monkeypatch.setenv("KITH_MEMBER", ADMIN)
    bob = next(
        c
        for c in firm("reach", "--company", "Acme", "--json").json()["team"]["colleagues"]
        if c["email"] == BOB
    )
    assert bob["asked"]["state"] == "declined"
    said = firm("reach", "--company", "Acme").stdout
    assert ": declined" in said and f"kith team ask {BOB}" in said
    assert firm("team", "ask", BOB, "tom lee").stdout.startswith(f"Asked {BOB}")
    bob = next(
        c
        for c in firm("reach", "--company", "Acme", "--json").json()["team"]["colleagues"]
        if c["email"] == BOB
    )
    assert bob["asked"]["state"] == "asked"  # the latest request


def test_withdraw_an_open_request(firm, monkeypatch):
    person = tom_id(firm)
    firm("team", "ask", BOB, str(person))
    [mine] = firm("team", "asks", "--json").json()["from_me"]
    assert (
        firm("team", "withdraw", str(mine["id"])).stdout.strip()
        == f"Request {mine['id']} to {BOB}: withdrawn"
    )
    monkeypatch.setenv("KITH_MEMBER", BOB)
    [theirs] = firm("team", "asks", "--json").json()["to_me"]
    assert theirs["state"] == "withdrawn"
    assert_user_error(
        firm("team", "withdraw", str(mine["id"]), expect=2), f"no request {mine['id']} of yours"
    )


def test_a_request_is_on_the_colleagues_agenda_until_answered(firm, monkeypatch):
    firm("team", "ask", BOB, str(tom_id(firm)), "--note", "their data platform")
    monkeypatch.setenv("KITH_MEMBER", BOB)
    [item] = [i for i in firm("agenda", "--json").json() if i["kind"] == "colleague-ask"]
    assert item["person"] == "Tom Lee" and item["channel"] == "email"
    assert item["reason"].startswith(f"{ADMIN} asked you on ") and item["reason"].endswith(
        " to introduce them to Tom Lee: their data platform."
    )
    assert item["action"] == f"Introduce {ADMIN} to Tom Lee, or answer the request on the Team tab"
    [request] = firm("team", "asks", "--json").json()["to_me"]
    # done or dismissed would leave the colleague waiting: only an answer ends it (a snooze is fine)
    for state in ("done", "dismiss"):
        assert_user_error(firm(state, item["id"], expect=2), f"kith team accept {request['id']}")
    assert [i["id"] for i in firm("agenda", "--json").json() if i["kind"] == "colleague-ask"] == [item["id"]]
    bob = logged_in(BOB)
    page = bob.get("/agenda", headers=HTML).text
    row = page[page.index(f"/agenda/{item['id']}/snooze") - 2000 : page.index(f"/agenda/{item['id']}/snooze")]
    assert 'href="/team/asks">Answer on the Team tab' in row and f"/agenda/{item['id']}/done" not in page
    firm("team", "decline", str(request["id"]))
    assert not [i for i in firm("agenda", "--json").json() if i["kind"] == "colleague-ask"]
    assert firm("commitments", "--json").json() == []  # declining promises nothing
    # nobody else's agenda has it
    monkeypatch.setenv("KITH_MEMBER", CAROL)
    firm("team", "ask", BOB, str(tom_id(firm)))
    monkeypatch.setenv("KITH_MEMBER", ADMIN)
    assert not [i for i in firm("agenda", "--json").json() if i["kind"] == "colleague-ask"]


def test_removing_a_member_says_what_goes_with_them(firm, monkeypatch):
    firm("team", "ask", BOB, str(tom_id(firm)))
    monkeypatch.setenv("KITH_MEMBER", BOB)
    firm("note", "Tom Lee", "hiring in Berlin")
    [note] = firm("notes", "Tom Lee", "--json").json()
    firm("team", "share", "note", str(note["id"]))
    monkeypatch.delenv("KITH_MEMBER")
    monkeypatch.setattr("kith.cli.output.can_ask", lambda: True)
    asked = run_cli("team", "remove-user", BOB, input="n\n")
    assert asked.exit_code == 1  # answered no: nothing removed
    assert (
        f"Remove {BOB} and delete everything of theirs: 3 people, 4 interactions and 1 note in their kith;"
        " 1 request for introductions between them and colleagues; 1 shared item the team reads"
        " (keep it with --export FILE)?"
    ) in asked.stdout
    assert BOB in [u["email"] for u in firm("team", "users", "--json").json()]


def test_accepting_on_the_team_tab_says_the_promise_is_noted(firm, monkeypatch):
    firm("team", "ask", BOB, str(tom_id(firm)))
    bob = logged_in(BOB)
    page = bob.get("/team/asks", headers=HTML).text
    assert "· waiting for an answer" in page
    [request] = [r for r in bob.get("/api/team/asks").json()["to_me"]]
    done = bob.post(
        f"/team/asks/{request['id']}",
        data={"action": "accept", "note": "writing today", "csrf_token": csrf_from(page)},
        headers=HTML,
    )
    assert done.status_code == 303
    shown = bob.get(done.headers["location"], headers=HTML).text
    monkeypatch.setenv("KITH_MEMBER", BOB)
    [promise] = firm("commitments", "--json").json()
    assert f"Request {request['id']} accepted. Your promise to make the introduction is noted" in shown
    assert f'<a href="/commitments/{promise["id"]}/edit">promise #{promise["id"]}</a>' in shown
