"""Logging interactions through the CLI."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, shown


@pytest.fixture
def jane(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("add", "Sam Lee")
    return "Jane Doe"


@pytest.mark.parametrize(
    ("kind", "channel"),
    [
        ("coffee", "in_person"),
        ("lunch", "in_person"),
        ("event", "in_person"),
        ("video", "video"),
        ("call", "call"),
        ("email", "email"),
        ("message", "message"),
        ("like", "social"),
        ("comment", "social"),
        ("endorse", "social"),
        ("Coffee", "in_person"),
    ],
)
def test_kind_maps_to_its_channel(kith, jane, kind, channel):
    kith("log", kind, jane, "--when", "2026-06-01")
    entry = shown(kith, jane)["timeline"][0]
    assert (entry["kind"], entry["channel"]) == (kind.lower(), channel)


def test_direction_defaults_to_outbound(kith, jane):
    kith("log", "email", jane, "--when", "2026-06-01")
    kith("log", "email", jane, "--when", "2026-06-02", "--inbound")
    kith("log", "event", jane, "--when", "2026-06-03", "--mutual")
    timeline = shown(kith, jane)["timeline"]
    assert [e["direction"] for e in timeline] == ["mutual", "inbound", "outbound"]


def test_when_accepts_phrases_relative_to_now(kith, jane):
    # KITH_NOW is Monday 2026-06-15 12:00 UTC (TZ=UTC in tests)
    kith("log", "call", jane, "--when", "yesterday")
    kith("log", "coffee", jane, "--when", "last friday 3pm")
    kith("log", "email", jane)
    when = [e["when"] for e in shown(kith, jane)["timeline"]]
    assert when == ["2026-06-15T12:00:00+00:00", "2026-06-14T12:00:00+00:00", "2026-06-12T15:00:00+00:00"]


def test_group_interaction_has_every_participant(kith, jane):
    kith("log", "lunch", jane, "Sam Lee", "--when", "2026-06-01", "--duration", "90", "--note", "team lunch")
    entry = shown(kith, "Sam Lee")["timeline"][0]
    assert entry["people"] == ["Jane Doe", "Sam Lee"]
    assert entry["duration_s"] == 90 * 60
    assert entry["notes"] == "team lunch"
    assert shown(kith, jane)["interaction_count"] == 1


def test_promise_becomes_a_commitment(kith, jane):
    kith("log", "coffee", jane, "--when", "2026-06-10", "--promise", "send the article")
    kith("log", "call", jane, "--when", "2026-06-11", "--promise", "intro to Sam", "--due", "2026-06-20")
    commitments = shown(kith, jane)["commitments"]
    assert [(c["text"], c["due_at"][:10], c["owed_by"], c["done_at"]) for c in commitments] == [
        ("send the article", "2026-06-17", "me", None),
        ("intro to Sam", "2026-06-20", "me", None),
    ]


def test_one_unknown_name_among_several_logs_nothing(kith, jane):
    assert_user_error(kith("log", "lunch", jane, "Nobody Known", expect=2), "nobody called")
    assert shown(kith, jane)["interaction_count"] == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["tea", "Jane Doe"], "unknown kind"),
        (["coffee", "Jane Doe", "--when", "the other day maybe"], "cannot read the date"),
        (["coffee", "Jane Doe", "--when", "2026-07-01"], "in the future"),
        (["coffee", "Jane Doe", "--due", "friday"], "a due date needs a promise"),
        (["coffee", "Jane Doe", "--inbound", "--mutual"], "cannot both"),
        (["coffee", "Jane Doe", "--duration", "-5"], "--duration"),
        (["coffee", "Jane Doe", "--promise", "  "], "promise cannot be empty"),
        (["coffee", "me"], "part of every interaction"),
        (["coffee"], "missing argument"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(kith, jane, args, fragment):
    assert_user_error(kith("log", *args, expect=2), fragment)
    jane_record = shown(kith, jane)
    assert jane_record["interaction_count"] == 0
    assert jane_record["commitments"] == []


def test_last_contact_follows_the_rows(kith, jane):
    """Derived values come from the interactions themselves: forgetting one changes them."""
    kith("log", "coffee", jane, "--when", "2026-06-01")
    kith("log", "lunch", jane, "Sam Lee", "--when", "2026-06-05")
    before = {p["name"]: p for p in kith("people", "--json").json()}
    assert before["Jane Doe"]["last_interaction"].startswith("2026-06-05")
    kith("forget", "Sam Lee", "--yes")
    after = shown(kith, jane)
    assert after["interaction_count"] == 2
    assert after["last_interaction"].startswith("2026-06-05")
