"""Promises from the CLI: kith promise NAME TEXT, and correcting, keeping, reopening and cancelling one
by its number; the agenda follows each change."""

from __future__ import annotations

import pytest
from conftest import assert_user_error


@pytest.fixture
def ada(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("promise", "Jane Doe", "send the article", "--due", "2026-07-30")  # #1, yours, not due this week
    kith("promise", "Jane Doe", "introduce me to Kim", "--by-them", "--due", "2026-06-20")  # #2, hers
    return kith


def _commitments(kith, *args):
    return {c["id"]: c for c in kith("commitments", "--all", "--json", *args).json()}


def _agenda_promises(kith):
    return {i["id"]: i for i in kith("agenda", "--all", "--json").json() if i["kind"] == "commitment"}


def test_a_corrected_due_date_brings_the_promise_onto_the_agenda(ada):
    kith = ada
    assert _agenda_promises(kith) == {}
    out = kith("promise", "edit", "#1", "--due", "2026-06-17", "--text", "send the article and the slides")
    assert out.stdout.strip() == (
        "Updated promise #1 to Jane Doe: send the article and the slides (due 2026-06-17)"
    )
    assert _commitments(kith)[1]["due_at"] == "2026-06-17T12:00:00+00:00"
    (item,) = _agenda_promises(kith).values()
    assert item["id"] == "commitment:1" and item["action"] == "send the article and the slides"
    kith("promise", "edit", "1", "--due", "2026-08-01")
    assert _agenda_promises(kith) == {}


def test_a_promise_made_to_you_is_kept_and_reopened(ada):
    kith = ada
    assert (
        "Kept: promise #2 from Jane Doe: introduce me to Kim (kept 2026-06-15)"
        in kith("promise", "kept", "2").stdout
    )
    assert _commitments(kith)[2]["done_at"] == "2026-06-15T12:00:00+00:00"
    assert [c["id"] for c in kith("commitments", "--json").json()] == [1]
    assert_user_error(kith("promise", "kept", "2", expect=2), "was kept already", "kith promise reopen 2")
    kith("promise", "reopen", "2")
    assert _commitments(kith)[2]["done_at"] is None
    assert_user_error(kith("promise", "reopen", "2", expect=2), "is open already")


def test_reopening_a_promise_done_from_the_agenda_puts_it_back(ada):
    kith = ada
    kith("promise", "edit", "1", "--due", "2026-06-16")
    kith("done", "commitment:1")
    assert _agenda_promises(kith) == {}
    kith("promise", "reopen", "1")
    assert list(_agenda_promises(kith)) == ["commitment:1"]


def test_a_cancelled_promise_is_gone_and_its_number_starts_afresh(ada):
    kith = ada
    kith("promise", "edit", "2", "--due", "2026-06-01")
    kith("promise", "Jane Doe", "book the table", "--due", "2026-06-16")  # #3, on the agenda
    kith("done", "commitment:3")
    assert_user_error(
        kith("promise", "cancel", "3", expect=2),
        "cancelling promise #3 to Jane Doe: book the table (kept 2026-06-15) needs confirming",
        "add --yes",
    )
    out = kith("promise", "cancel", "3", "--yes").stdout
    assert out.strip() == "Cancelled promise #3 to Jane Doe: book the table (kept 2026-06-15)"
    assert sorted(_commitments(kith)) == [1, 2]
    # SQLite numbers the next promise 3 again (PostgreSQL never reuses a number): the agenda's mark on
    # the cancelled one is gone with it
    kith("promise", "Jane Doe", "return the book", "--due", "2026-06-16")
    (new,) = set(_commitments(kith)) - {1, 2}
    assert list(_agenda_promises(kith)) == [f"commitment:{new}"]
    assert_user_error(kith("promise", "cancel", "9", "--yes", expect=2), "no commitment #9")


def test_cancel_asks_at_a_terminal(ada, monkeypatch):
    kith = ada
    monkeypatch.setattr("kith.cli.output.can_ask", lambda: True)
    result = kith("promise", "cancel", "1", input="n\n", expect=1)
    assert "Cancel promise #1 to Jane Doe: send the article (due 2026-07-30)? It is deleted." in result.stdout
    assert sorted(_commitments(kith)) == [1, 2]
    kith("promise", "cancel", "1", input="y\n")
    assert sorted(_commitments(kith)) == [2]


def test_promise_records_one_with_or_without_the_word_add(ada):
    kith = ada
    kith("promise", "add", "Jane Doe", "call her back")
    kith("promise", "--by-them", "Jane Doe", "send the deck")
    texts = {c["text"]: c["owed_by"] for c in _commitments(kith).values()}
    assert texts["call her back"] == "me" and texts["send the deck"] == "them"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["edit", "1", "--text", "  "], ["say what was promised"]),
        (["edit", "1", "--text", "x" * 501], ["at most 500 characters"]),
        (["edit", "1", "--due", "blursday"], ["date"]),
        (["edit", "1"], ["nothing to change"]),
        (["edit", "first", "--text", "x"], ["a commitment is named by its number"]),
        (["kept", "7"], ["no commitment #7"]),
    ],
)
def test_a_bad_promise_correction_changes_nothing(ada, args, fragments):
    kith = ada
    before = kith("export", "json").stdout
    assert_user_error(kith("promise", *args, expect=2), *fragments)
    assert kith("export", "json").stdout == before
