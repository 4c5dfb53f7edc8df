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
        "unasked": 0,
        "share": 1.0,
    }
    assert (by_name["Sam Lee"]["asked"], by_name["Sam Lee"]["answered"]) == (2, 1)
    assert [p["name"] for p in report["never_answered"]] == ["Kim Park"]
    assert [p["name"] for p in report["came_through"]][0] == "Jane Doe"
    first = report["requests"][0]
    assert first["text"] == "help moving house"
    assert first["answered"] == ["Jane Doe"] and first["unanswered"] == ["Kim Park", "Sam Lee"]
    assert first["unasked"] == ["Lou Reed"]

    text = kith("friends").stdout
    assert "Jane Doe: 2 of 2 times asked" in text
    assert "Sam Lee: 1 of 2 times asked" in text
    assert "Never came through:\n  Kim Park: asked once" in text
    assert f"#{move} 2026-06-01 help moving house: came through: Jane Doe, Lou Reed (unasked)" in text


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


def test_someone_who_came_through_unasked_is_counted_as_unasked(kith):
    _people(kith)
    rid = _ask(kith, "help moving house", "Jane Doe")
    kith("add", "Maria Costa")
    assert "without being asked" in kith("answered", rid, "Maria Costa").stdout
    report = kith("friends", "--json").json()
    maria = next(p for p in report["people"] if p["name"] == "Maria Costa")
    assert (maria["asked"], maria["answered"], maria["unasked"], maria["share"]) == (0, 0, 1, None)
    assert [p["name"] for p in report["came_through"]] == ["Maria Costa"]
    assert [p["name"] for p in report["never_answered"]] == ["Jane Doe"]
    text = kith("friends").stdout
    assert "Maria Costa: once without being asked" in text
    assert "times asked" not in text.split("Never came through:")[0]
    # asked on one request and unasked on another: both counted, each as what it was
    other = _ask(kith, "an intro at Acme", "Maria Costa", when="2026-06-05")
    kith("answered", other, "Maria Costa")
    assert "Maria Costa: 1 of 1 time asked, and once without being asked" in kith("friends").stdout


def test_a_request_is_corrected_and_deleted(kith):
    _people(kith)
    rid = _ask(kith, "help moving", "Jane Doe", "Sam Lee")
    kith("answered", rid, "Jane Doe", "--when", "2026-06-03")
    out = kith("ask", "edit", rid, "--text", "help moving house", "--when", "2026-06-02").stdout
    assert out.strip() == f"Request #{rid} is now: help moving house (asked 2026-06-02)"
    (request,) = kith("friends", "--json").json()["requests"]
    assert (request["text"], request["asked_at"][:10]) == ("help moving house", "2026-06-02")
    assert_user_error(kith("ask", "edit", rid, "--when", "2026-06-04", expect=2), "answer on 2026-06-03")
    assert_user_error(kith("ask", "edit", rid, expect=2), "nothing to change")
    assert_user_error(kith("ask", "edit", "9", "--text", "x", expect=2), "no request #9")

    assert_user_error(kith("ask", "delete", rid, expect=2), "--yes")
    assert len(kith("friends", "--json").json()["requests"]) == 1
    assert kith("ask", "delete", rid, "--yes").stdout.strip() == f"Deleted request #{rid} (help moving house)"
    assert kith("friends", "--json").json() == {
        "people": [],
        "came_through": [],
        "never_answered": [],
        "requests": [],
    }


def test_an_answer_is_corrected_and_taken_back(kith):
    _people(kith)
    rid = _ask(kith, "help moving", "Jane Doe")
    kith("answered", rid, "Jane Doe", "--when", "2026-06-03")
    kith("answered", rid, "Lou Reed", "--when", "2026-06-04")
    out = kith("answered", "edit", rid, "Jane Doe", "--when", "2026-06-05").stdout
    assert out.strip() == f"Corrected: Jane Doe came through on #{rid} on 2026-06-05"
    people = kith("friends", "--json").json()["requests"][0]["people"]
    assert [(p["name"], p["asked"], p["answered_at"][:10]) for p in people] == [
        ("Jane Doe", True, "2026-06-05"),
        ("Lou Reed", False, "2026-06-04"),
    ]
    assert_user_error(
        kith("answered", "edit", rid, "Jane Doe", "--when", "2026-05-01", expect=2), "cannot come before"
    )
    assert_user_error(
        kith("answered", "edit", rid, "Sam Lee", "--when", "2026-06-05", expect=2), "has not come through"
    )

    assert_user_error(kith("answered", "delete", rid, "Jane Doe", expect=2), "--yes")
    out = kith("answered", "delete", rid, "Jane Doe", "--yes").stdout
    assert out.strip() == f"Taken back: Jane Doe on #{rid} (no answer yet)"
    kith("answered", "delete", rid, "Lou Reed", "--yes")
    (request,) = kith("friends", "--json").json()["requests"]
    # Jane was asked: she stays asked, without an answer; Lou was not: he leaves the request
    assert (request["answered"], request["unanswered"], request["unasked"]) == ([], ["Jane Doe"], [])
    assert_user_error(kith("answered", "delete", rid, "Jane Doe", "--yes", expect=2), "has not come through")
