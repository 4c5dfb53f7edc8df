"""Correcting and deleting interactions from the CLI: kith interactions, kith interaction edit|delete,
and every figure derived from them afterwards (counts, last contact, the agenda, strength)."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, shown


@pytest.fixture
def ada(kith):
    """Ada (the user), Jane Doe (a coffee on 2026-06-01, a call on 2026-06-10) and Sam Lee (nothing)."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("add", "Sam Lee")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01", "--note", "her move to Berlin")
    kith("log", "call", "Jane Doe", "--when", "2026-06-10")
    return kith


def _person(kith, name):
    (found,) = [p for p in kith("people", "--json").json() if p["name"] == name]
    return found


def _number(kith, kind):
    """The number of the (one) interaction of ``kind``, as kith interactions lists it."""
    (found,) = [i["id"] for i in kith("interactions", "--json", "--limit", "0").json() if i["kind"] == kind]
    return str(found)


def test_interactions_are_listed_with_their_numbers_newest_first(ada):
    kith = ada
    kith("log", "email", "Sam Lee", "--when", "2026-06-05")
    listed = kith("interactions", "--json").json()
    assert [(i["id"], i["kind"]) for i in listed] == [(2, "call"), (3, "email"), (1, "coffee")]
    # one person's, in the record shape of their timeline
    assert kith("interactions", "Jane Doe", "--json").json() == shown(kith, "Jane Doe")["timeline"]
    assert [i["kind"] for i in kith("interactions", "--limit", "1", "--json").json()] == ["call"]
    text = kith("interactions", "jane").stdout.splitlines()
    assert text[0].startswith("#2 ") and "call" in text[0] and "Jane Doe" in text[0]
    assert text[1].startswith("#1 ") and "Jane Doe: her move to Berlin" in text[1]
    assert "kith interaction edit NUMBER" in text[-1]
    assert [i["kind"] for i in kith("interactions", "Sam Lee", "--limit", "0", "--json").json()] == ["email"]
    kith("add", "Kim Park")
    assert kith("interactions", "Kim Park").stdout.startswith("Nothing logged yet")


def test_moving_the_latest_interaction_back_moves_last_contact_and_the_timeline(ada):
    kith = ada
    assert _person(kith, "Jane Doe")["last_interaction"] == "2026-06-10T12:00:00+00:00"
    out = kith("interaction", "edit", "2", "--when", "2026-05-20 09:30", "--kind", "email").stdout
    assert out.startswith("Updated #2 ") and "2026-05-20 09:30" in out
    jane = _person(kith, "Jane Doe")
    assert jane["last_interaction"] == "2026-06-01T12:00:00+00:00"
    assert jane["interaction_count"] == 2
    timeline = shown(kith, "Jane Doe")["timeline"]
    assert [(i["kind"], i["channel"], i["when"]) for i in timeline] == [
        ("coffee", "in_person", "2026-06-01T12:00:00+00:00"),
        ("email", "email", "2026-05-20T09:30:00+00:00"),
    ]


def test_a_corrected_time_moves_the_keep_in_touch_item(ada):
    kith = ada
    kith("edit", "Jane Doe", "--cadence", "30")

    def keep_in_touch():
        items = kith("agenda", "--all", "--json").json()
        return [i["due"][:10] for i in items if i["kind"] == "keep-in-touch" and i["person"] == "Jane Doe"]

    assert keep_in_touch() == []  # last in touch 2026-06-10: due 2026-07-10
    kith("interaction", "edit", "2", "--when", "2026-05-01")
    kith("interaction", "edit", "1", "--when", "2026-04-20")
    assert keep_in_touch() == ["2026-05-31"]  # 30 days after the call, now on 2026-05-01
    kith("interaction", "delete", "2", "--yes")
    assert keep_in_touch() == ["2026-05-20"]  # only the coffee of 2026-04-20 is left


def test_a_corrected_kind_changes_the_strength_of_the_tie(ada):
    kith = ada
    kith("log", "like", "Sam Lee", "--when", "2026-06-12")
    before = shown(kith, "Sam Lee")["strength"]  # scored (and its sums kept) before the correction
    kith("interaction", "edit", "3", "--kind", "dinner", "--duration", "120", "--mutual")
    after = shown(kith, "Sam Lee")
    assert after["strength"] > before
    assert after["timeline"][0]["channel"] == "in_person"
    kith("interaction", "edit", "3", "--kind", "like", "--no-duration", "--outbound")
    assert shown(kith, "Sam Lee")["strength"] == before


def test_people_are_added_and_removed(ada):
    kith = ada
    kith("interaction", "edit", "1", "--with", "Sam Lee")
    assert shown(kith, "Sam Lee")["timeline"][0]["people"] == ["Jane Doe", "Sam Lee"]
    assert _person(kith, "Sam Lee")["last_interaction"] == "2026-06-01T12:00:00+00:00"
    kith("interaction", "edit", "1", "--without", "jane@acme.example")
    assert [i["id"] for i in shown(kith, "Jane Doe")["timeline"]] == [2]
    assert _person(kith, "Jane Doe")["interaction_count"] == 1
    assert shown(kith, "Sam Lee")["timeline"][0]["participants"] == [{"id": 3, "name": "Sam Lee"}]


def test_direction_duration_and_notes_are_corrected(ada):
    kith = ada
    kith("interaction", "edit", "1", "--inbound", "--duration", "45", "--summary", "catch-up", "--note", "")
    (record,) = [i for i in shown(kith, "Jane Doe")["timeline"] if i["id"] == 1]
    assert (record["direction"], record["duration_s"], record["summary"], record["notes"]) == (
        "inbound",
        45 * 60,
        "catch-up",
        None,
    )
    assert record["kind"] == "coffee" and record["when"] == "2026-06-01T12:00:00+00:00"  # as it was
    kith("interaction", "edit", "1", "--no-duration")
    assert kith("interaction", "show", "1", "--json").json()["duration_s"] is None


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["1", "--without", "Jane Doe"], ["at least one person besides you"]),
        (["1", "--without", "Sam Lee"], ["Sam Lee was not in interaction #1"]),
        (["1", "--with", "me"], ["you are part of every interaction"]),
        (["1", "--with", "Sam Lee", "--without", "Sam Lee"], ["both added to and removed"]),
        (["1", "--with", "Nobody Known"], ["nobody called"]),
        (["1", "--when", "tomorrow"], ["in the future"]),
        (["1", "--when", "2026-07-01"], ["in the future"]),
        (["1", "--kind", "telepathy"], ["unknown kind"]),
        (["1", "--inbound", "--mutual"], ["one of --inbound, --outbound and --mutual"]),
        (["1", "--duration", "10", "--no-duration"], ["cannot both be given"]),
        (["1"], ["nothing to change"]),
        (["99", "--note", "x"], ["no interaction #99", "kith interactions"]),
        (["first", "--note", "x"], ["named by its number"]),
    ],
)
def test_a_bad_correction_is_one_error_line_and_changes_nothing(ada, args, fragments):
    kith = ada
    before = kith("export", "json").stdout
    assert_user_error(kith("interaction", "edit", *args, expect=2), *fragments)
    assert kith("export", "json").stdout == before


def test_a_refused_correction_leaves_the_earlier_parts_undone(ada):
    kith = ada
    # the people and the kind are read before the bad time is refused: none of it is kept
    assert_user_error(
        kith(
            "interaction",
            "edit",
            "1",
            "--kind",
            "lunch",
            "--with",
            "Sam Lee",
            "--when",
            "2027-01-01",
            expect=2,
        ),
        "in the future",
    )
    assert kith("interaction", "show", "1", "--json").json()["people"] == ["Jane Doe"]


def test_an_interaction_s_note_is_at_most_as_long_as_a_note(ada):
    kith = ada
    longest = "n" * 20_000
    kith("log", "email", "Sam Lee", "--when", "2026-06-11", "--note", longest)
    assert kith("interaction", "show", "3", "--json").json()["notes"] == longest
    too_long = longest + "n"
    assert_user_error(kith("log", "email", "Sam Lee", "--note", too_long, expect=2), "at most 20,000")
    assert_user_error(kith("interaction", "edit", "1", "--note", too_long, expect=2), "at most 20,000")
    assert kith("interaction", "show", "1", "--json").json()["notes"] == "her move to Berlin"
    assert len(kith("interactions", "--json", "--limit", "0").json()) == 3


def test_delete_needs_yes_without_a_terminal(ada):
    kith = ada
    assert_user_error(
        kith("interaction", "delete", "1", expect=2),
        "deleting interaction #1 (coffee with Jane Doe on 2026-06-01 12:00) needs confirming",
        "add --yes",
    )
    assert _person(kith, "Jane Doe")["interaction_count"] == 2
    assert_user_error(kith("interaction", "delete", "7", "--yes", expect=2), "no interaction #7")


def test_delete_asks_at_a_terminal(ada, monkeypatch):
    kith = ada
    monkeypatch.setattr("kith.cli.output.can_ask", lambda: True)
    result = kith("interaction", "delete", "2", input="n\n", expect=1)
    assert "Delete interaction #2 (call with Jane Doe on 2026-06-10 12:00)?" in result.stdout
    assert _person(kith, "Jane Doe")["interaction_count"] == 2
    kith("interaction", "delete", "2", input="y\n")
    assert _person(kith, "Jane Doe")["interaction_count"] == 1


def test_deleting_an_interaction_moves_last_contact_and_keeps_its_promise(ada):
    kith = ada
    kith("log", "lunch", "Jane Doe", "Sam Lee", "--when", "2026-06-12", "--promise", "send the menu")
    out = kith("interaction", "delete", "3", "--yes").stdout
    assert out.strip() == "Deleted interaction #3 (lunch with Jane Doe, Sam Lee on 2026-06-12 12:00)"
    jane, sam = _person(kith, "Jane Doe"), _person(kith, "Sam Lee")
    assert (jane["interaction_count"], jane["last_interaction"]) == (2, "2026-06-10T12:00:00+00:00")
    assert (sam["interaction_count"], sam["last_interaction"]) == (0, None)
    assert [c["text"] for c in kith("commitments", "--json").json()] == ["send the menu"]
    assert [i["id"] for i in kith("interactions", "--json").json()] == [2, 1]
