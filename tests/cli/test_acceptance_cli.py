"""Edge cases a demanding user hits in the everyday commands (acceptance audit of the foundation).

Each test is a defect that was found by trying to break the CLI: bad input must end in one ``error:``
line with status 2 and leave the data as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import assert_user_error, small_network

from kith.errors import BadInput
from kith.store.db import dispose_engines

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday, as in conftest


# --- merge and the user ---------------------------------------------------------------------------


@pytest.mark.parametrize("pair", [("Sam Lee", "me"), ("me", "Sam Lee")])
def test_merging_someone_with_the_user_is_refused_and_changes_nothing(kith, pair):
    before = small_network(kith)
    assert_user_error(kith("merge", *pair, expect=2), "with you")
    assert kith("export", "json").stdout == before
    assert [p["name"] for p in kith("people", "--json").json()] == ["Jane Doe", "Sam Lee"]


# --- database settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "fragment"), [("garbage", "not a database URL"), ("mysql://x/y", "no driver")]
)
def test_a_bad_database_url_is_a_user_error(kith, monkeypatch, url, fragment):
    monkeypatch.setenv("KITH_DATABASE_URL", url)
    dispose_engines()
    assert_user_error(kith("people", expect=2), "KITH_DATABASE_URL", fragment)


@pytest.mark.sqlite_only  # a damaged kith.db file
def test_a_file_that_is_not_a_database_says_why(kith, kith_home):
    kith_home.mkdir(parents=True, exist_ok=True, mode=0o700)  # private, as kith makes it: no notice
    (kith_home / "kith.db").write_bytes(b"\x01junk" * 2000)
    (kith_home / "kith.db").chmod(0o600)
    assert_user_error(kith("people", expect=2), "not a database")


# --- numbers out of range -------------------------------------------------------------------------


def test_absurd_durations_and_ids_are_user_errors(kith):
    before = small_network(kith)
    assert_user_error(kith("log", "coffee", "Jane Doe", "--duration", "99999999999999999999", expect=2))
    assert_user_error(kith("log", "coffee", "Jane Doe", "--duration", "20000", expect=2), "duration")
    assert_user_error(kith("log", "coffee", "#99999999999999999999999", expect=2), "no person")
    assert_user_error(kith("show", "#99999999999999999999999", expect=2), "no person")
    assert kith("export", "json").stdout == before


def test_core_refuses_a_duration_longer_than_a_week():
    from kith.interactions import log_interaction
    from kith.people.core import PersonFields, add_person
    from kith.store.db import transaction

    with pytest.raises(BadInput, match="week"), transaction() as session:
        person = add_person(session, PersonFields(name="Jane Doe"), now=NOW)
        log_interaction(session, kind="coffee", people=[person], when=NOW, duration_s=10**12)


@pytest.mark.sqlite_only  # stores a duration only SQLite's 64-bit column can hold
def test_ics_export_survives_a_stored_duration_past_the_calendar(kith):
    from sqlalchemy import update

    from kith.store.db import transaction
    from kith.store.schema import Interaction

    small_network(kith)
    with transaction() as session:
        session.execute(update(Interaction).values(duration_s=10**15))
    assert "BEGIN:VEVENT" in kith("export", "ics").stdout


def test_logging_the_same_person_twice_names_them_once(kith):
    small_network(kith)
    out = kith("log", "coffee", "Jane Doe", "jane@acme.example").stdout
    assert out.count("Jane Doe") == 1


# --- search ---------------------------------------------------------------------------------------


def test_a_very_long_search_is_a_user_error(kith):
    small_network(kith)
    assert_user_error(kith("people", "--search", "q" * 100_000, expect=2), "search")


@pytest.mark.parametrize("query", ["%", "_", "\\"])
def test_search_wildcards_are_literal(kith, query):
    small_network(kith)
    assert kith("people", "--search", query, "--json").json() == []


# --- dates ----------------------------------------------------------------------------------------


def test_an_empty_when_is_an_error_not_now(kith):
    before = small_network(kith)
    assert_user_error(kith("log", "coffee", "Jane Doe", "--when", "", expect=2), "empty date")
    assert_user_error(
        kith("log", "coffee", "Jane Doe", "--promise", "x", "--due", "", expect=2), "empty date"
    )
    # every other command with a date option reads an empty one the same way
    for args in (
        ("favour", "give", "Jane Doe", "intro", "--when", ""),
        ("invitations", "add", "Jane Doe", "--when", ""),
        ("ask", "help moving", "--to", "Jane Doe", "--when", ""),
        ("promise", "Jane Doe", "send the deck", "--due", ""),
        ("snooze", "keep-in-touch:2", "--until", ""),
    ):
        assert_user_error(kith(*args, expect=2), "empty date")
    assert kith("export", "json").stdout == before
