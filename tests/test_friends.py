"""The real-friends test: ask, answered, friends."""

from __future__ import annotations

import re

from conftest import assert_user_error


def _ask(kith, text, *names, when="2026-06-01"):
    args = ["ask", text, "--when", when]
    for name in names:
        args += ["--to", name]
    out = kith(*args).stdout
    return re.search(r"Request #(\d+)", out).group(1)


def _people(kith):
    for name in ("Jane Doe", "Sam Lee", "Kim Park", "Lou Reed"):
        kith("add", name)


def test_who_came_through_and_who_never_did(kith):
    _people(kith)
    move = _ask(kith, "help moving house", "Jane Doe", "Sam Lee", "Kim Park")
    intro = _ask(kith, "an intro at Acme", "Jane Doe", "Sam Lee", when="2026-06-05")
    kith("answered", move, "Jane Doe")
    kith("answered", intro, "Jane Doe")
    kith("answered", intro, "Sam Lee")
    out = kith("answered", move, "Lou Reed").stdout
    assert "without being asked" in out

    report = kith("friends", "--json").json()
    by_name = {p["name"]: p for p in report["people"]}
    assert by_name["Jane Doe"] == {
        "id": by_name["Jane Doe"]["id"],
        "name": "Jane Doe",
        "asked": 2,
        "answered": 2,
        "share": 1.0,
    }
    assert (by_name["Sam Lee"]["asked"], by_name["Sam Lee"]["answered"]) == (2, 1)
    assert [p["name"] for p in report["never_answered"]] == ["Kim Park"]
    assert [p["name"] for p in report["came_through"]][0] == "Jane Doe"
    first = report["requests"][0]
    assert first["text"] == "help moving house"
    assert first["answered"] == ["Jane Doe", "Lou Reed"] and first["unanswered"] == ["Kim Park", "Sam Lee"]

    text = kith("friends").stdout
    assert "Jane Doe: 2 of 2 times asked" in text
    assert "Sam Lee: 1 of 2 times asked" in text
    assert "Never came through:\n  Kim Park: asked once" in text
    assert f"#{move} 2026-06-01 help moving house: came through: Jane Doe, Lou Reed" in text


def test_answer_twice_says_already_recorded(kith):
    _people(kith)
    rid = _ask(kith, "help moving house", "Jane Doe")
    kith("answered", rid, "Jane Doe", "--when", "2026-06-03")
    out = kith("answered", f"#{rid}", "Jane Doe").stdout
    assert "Already recorded: Jane Doe came through on #1 on 2026-06-03" in out


def test_no_requests_yet(kith):
    assert "No requests for help yet" in kith("friends").stdout
    assert kith("friends", "--json").json()["requests"] == []


def test_bad_input(kith):
    _people(kith)
    assert_user_error(kith("ask", "help", expect=2), "--to")
    assert_user_error(kith("ask", "   ", "--to", "Jane Doe", expect=2), "say what you asked for")
    assert_user_error(kith("ask", "help", "--to", "Nobody Known", expect=2), "nobody called")
    assert_user_error(kith("answered", "7", "Jane Doe", expect=2), "no request #7")
    assert_user_error(kith("answered", "abc", "Jane Doe", expect=2), "request is the number")
    rid = _ask(kith, "help", "Jane Doe")
    assert_user_error(
        kith("answered", rid, "Jane Doe", "--when", "2026-05-01", expect=2), "cannot come before"
    )
    assert_user_error(
        kith("answered", rid, "Jane Doe", "--when", "whenever-ish", expect=2), "cannot read the date"
    )
    # the failed ask wrote nothing
    assert len(kith("friends", "--json").json()["requests"]) == 1
