"""The practice commands (agenda, ledger, invitations, friends, likes, PEEC, brief, report) at their edges:
an empty home, names that match nobody or several people. Each says what to do; none shows a traceback."""

from __future__ import annotations

import pytest
from conftest import assert_user_error


def test_an_empty_home_gives_each_listing_a_next_step(kith, tmp_path):
    assert "Nothing on your agenda" in kith("agenda").stdout
    assert kith("agenda", "--all", "--json").json() == []
    feed = tmp_path / "agenda.ics"
    assert f"Wrote 0 items to {feed}" in kith("agenda", "--ics", str(feed)).stdout
    assert feed.read_text().startswith("BEGIN:VCALENDAR") and "VEVENT" not in feed.read_text()
    assert "kith favour give NAME" in kith("ledger").stdout
    assert kith("ledger", "--json").json() == []
    assert "No pending invitations" in kith("invitations").stdout
    assert "at least 2 two-way conversations" in kith("policy").stdout
    assert "kith ask" in kith("friends").stdout
    assert kith("friends", "--json").json()["requests"] == []
    assert "0 statements" in kith("peec", "--list").stdout
    assert_user_error(kith("peec", "--show", expect=2), "no PEEC statement yet", "kith peec")
    assert "kith promise NAME" in kith("commitments").stdout
    report = kith("report").stdout
    assert (
        "0 people: 0 connections on a platform, 0 relationships, 0 close" in report
        and "kith like NAME" in report
    )
    assert kith("report", "--json").json()["liked"]["time_share"] is None


#: commands that take a NAME, each with that NAME as "Jane"
NAMED = [
    ("favour", "give", "Jane", "intro"),
    ("ledger", "Jane"),
    ("brief", "Jane"),
    ("like", "Jane"),
    ("unlike", "Jane"),
    ("ask", "help moving house", "--to", "Jane"),
    ("promise", "Jane", "send the article"),
    ("commitments", "Jane"),
    ("invitations", "accept", "Jane"),
]


@pytest.mark.parametrize("args", NAMED)
def test_a_name_nobody_has_is_refused(kith, args):
    assert_user_error(kith(*args, expect=2), "nobody called 'Jane'")


# a new name in invitations add is a new person, so only an ambiguous one is refused
@pytest.mark.parametrize("args", [*NAMED, ("invitations", "add", "Jane")])
def test_an_ambiguous_name_lists_who_it_could_be_and_writes_nothing(kith, args):
    kith("add", "Jane Doe", "--company", "Acme")
    kith("add", "Jane Smith", "--email", "jane@initech.example")
    assert_user_error(kith(*args, expect=2), "could be", "Jane Doe (Acme", "jane@initech.example", "#id")
    assert kith("ledger", "--json").json() == []
    assert kith("commitments", "--json").json() == []
    assert kith("invitations", "--json").json()["invitations"] == []
    assert kith("friends", "--json").json()["requests"] == []
    assert all(p["liked"] is None for p in kith("people", "--json").json())


def test_a_name_many_people_share_says_how_many_more_and_where_to_look(kith):
    for n in range(12):
        kith("add", f"Omar Example{n:02d}")
    result = kith("favour", "give", "Omar", "intro", expect=2)
    assert_user_error(result, "'Omar' could be", "and 4 more", "kith people --search 'Omar'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "commitment:99999999999999999999999"), "no commitment #99999999999999999999999"),
        (("answered", "99999999999999999999999", "Jane Doe"), "no request #99999999999999999999999"),
        (("peec", "--show", "99999999999999999999999"), "no PEEC statement #99999999999999999999999"),
        (("done", "commitment:0"), "no commitment #0"),
    ],
)
def test_a_number_too_large_for_any_record_is_not_found(kith, args, message):
    kith("add", "Jane Doe")
    assert_user_error(kith(*args, expect=2), message)
