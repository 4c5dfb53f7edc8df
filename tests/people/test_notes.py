"""Dated notes: kith note adds one (and kith edit --note adds one rather than replacing), kith notes lists
them newest first with their numbers, kith note edit and delete correct one; the search looks in every
note, a merge keeps both people's, and each change is undone like any other."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, shown


@pytest.fixture
def jane(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--note", "met at PyCon")
    kith("add", "Sam Lee")


def texts(kith, name: str = "Jane Doe") -> list[str]:
    return [n["text"] for n in kith("notes", name, "--json").json()]


def test_edit_note_adds_a_dated_note_and_nothing_written_is_lost(kith, jane):
    kith("edit", "Jane Doe", "--note", "moving to Berlin in May")
    kith("note", "Jane Doe", "asked me for a designer", "--when", "2026-06-10")
    notes = kith("notes", "Jane Doe", "--json").json()
    # newest first: today's (the add and the edit), then the one dated 10 June
    assert [(n["text"], n["when"][:10]) for n in notes] == [
        ("moving to Berlin in May", "2026-06-15"),
        ("met at PyCon", "2026-06-15"),
        ("asked me for a designer", "2026-06-10"),
    ]
    assert notes[0]["person"] == "Jane Doe" and notes[0]["id"] == 2
    assert shown(kith, "Jane Doe")["notes"] == notes


def test_kith_notes_lists_them_with_their_numbers(kith, jane):
    kith("note", "Jane Doe", "first line\nsecond line", "--when", "yesterday")
    out = kith("notes", "Jane Doe").stdout.splitlines()
    assert out[0] == "Notes on Jane Doe, newest first:"
    assert out[1] == "  #1     2026-06-15  met at PyCon"
    assert out[2] == "  #2     2026-06-14  first line"
    assert out[3].strip() == "second line"
    assert out[-1] == "Then: kith note edit NUMBER --text ... | kith note delete NUMBER"
    assert kith("notes", "Sam Lee").stdout.strip() == "No notes on Sam Lee yet: kith note 'Sam Lee' TEXT"
    assert "Notes (2, newest first):" in kith("show", "Jane Doe").stdout


def test_note_edit_and_delete_by_number(kith, jane):
    kith("note", "Jane Doe", "moving to Berlin in May")
    out = kith("note", "edit", "2", "--text", "moving to Berlin in June", "--when", "2026-06-01").stdout
    assert out.strip() == "Updated note #2 on Jane Doe (2026-06-01: moving to Berlin in June)"
    assert texts(kith) == ["met at PyCon", "moving to Berlin in June"]  # now the older one
    assert kith("note", "delete", "1", "--yes").stdout.strip() == (
        "Deleted note #1 on Jane Doe (2026-06-15: met at PyCon)"
    )
    assert texts(kith) == ["moving to Berlin in June"]
    assert kith("undo").stdout.strip() == "Undid: delete note #1"
    assert texts(kith) == ["met at PyCon", "moving to Berlin in June"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("note", "Jane Doe", "   "), "a note cannot be empty"),
        (("note", "Jane Doe", "x", "--when", "tomorrow"), "in the future"),
        (("note", "Nobody Here", "x"), "nobody called"),
        (("note", "edit", "9", "--text", "x"), "no note #9 (kith notes NAME lists them"),
        (("note", "edit", "1"), "nothing to change"),
        (("note", "edit", "1", "--text", ""), "a note cannot be empty"),
        (("note", "delete", "x", "--yes"), "a note is named by its number"),
        (("edit", "Jane Doe", "--note", ""), "a note cannot be empty"),
    ],
)
def test_bad_notes_are_refused_in_one_line_and_change_nothing(kith, jane, args, fragment):
    before = kith("export", "json").stdout
    assert_user_error(kith(*args, expect=2), fragment)
    assert kith("export", "json").stdout == before


def test_delete_without_yes_asks_and_refuses_without_a_terminal(kith, jane):
    assert_user_error(kith("note", "delete", "1", expect=2), "needs confirming; add --yes")
    assert texts(kith) == ["met at PyCon"]


def test_the_search_looks_in_every_note_not_only_the_latest(kith, jane):
    kith("note", "Jane Doe", "plays the cello", "--when", "2026-01-01")
    kith("note", "Jane Doe", "new job at Initech")
    for query in ("cello", "pycon", "INITECH"):
        assert [p["name"] for p in kith("people", "--search", query, "--json").json()] == ["Jane Doe"]
    kith("note", "delete", "2", "--yes")
    assert kith("people", "--search", "cello", "--json").json() == []


def test_a_merge_keeps_both_peoples_notes_with_their_dates(kith, jane):
    kith("note", "Sam Lee", "likes jazz", "--when", "2026-03-01")
    kith("merge", "Jane Doe", "Sam Lee")
    assert [(n["text"], n["when"][:10]) for n in kith("notes", "Jane Doe", "--json").json()] == [
        ("met at PyCon", "2026-06-15"),
        ("likes jazz", "2026-03-01"),
    ]


def test_forget_deletes_their_notes(kith, jane):
    kith("note", "Sam Lee", "likes jazz")
    kith("note", "Jane Doe", "asked for a designer")
    assert kith("forget", "Jane Doe", "--yes").stdout.strip().endswith("(2 notes)")
    tables = kith("export", "json").json()["tables"]
    assert [row[3] for row in tables["note"]["rows"]] == ["likes jazz"]


def test_the_help_says_edit_note_adds_one(kith):
    edit = " ".join(kith("edit", "--help").stdout.split())  # as one line, however the help is wrapped
    assert "Add a dated note (earlier notes stay" in edit and "--note adds a dated note rather than" in edit
    assert "kith note NAME TEXT" in " ".join(kith("note", "--help").stdout.split())
