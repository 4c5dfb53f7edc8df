"""Birthdays and anniversaries on a person: set with kith add and kith edit (with or without a year,
cleared with an empty value), shown by kith show and its --json, in the brief; bad dates refused in
one line, changing nothing. The tests run on Monday 15 June 2026."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, shown


@pytest.fixture
def jane(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")


def test_a_birthday_with_a_year_is_shown_with_the_age_it_comes_to(kith, jane):
    kith("edit", "Jane Doe", "--birthday", "1985-06-19")
    birthday = shown(kith, "Jane Doe")["birthday"]
    assert birthday == {
        "date": "1985-06-19",
        "month": 6,
        "day": 19,
        "year": 1985,
        "next": "2026-06-19",
        "in_days": 4,
        "years": 41,
        "text": "19 June 1985; next on Friday (19 June), 41 years",
    }
    assert "  birthday    19 June 1985; next on Friday (19 June), 41 years" in kith("show", "Jane Doe").stdout


@pytest.mark.parametrize("typed", ["04-12", "--04-12", "--0412"])
def test_a_birthday_without_a_year_is_whole(kith, jane, typed):
    kith("edit", "Jane Doe", "--birthday", typed)
    birthday = shown(kith, "Jane Doe")["birthday"]
    assert (birthday["date"], birthday["year"], birthday["years"], birthday["next"]) == (
        "--04-12",
        None,
        None,
        "2027-04-12",
    )
    assert birthday["text"] == "12 April; next on Monday 12 April 2027 (in 301 days)"


def test_today_and_tomorrow_are_said_so(kith, jane):
    kith("edit", "Jane Doe", "--birthday", "06-15", "--anniversary", "2016-06-16")
    person = shown(kith, "Jane Doe")
    assert person["birthday"]["text"] == "15 June; today"
    assert person["anniversary"]["text"] == "16 June 2016; tomorrow, 10 years"


def test_29_february_falls_on_the_28th_in_a_year_without_one_and_says_so(kith, jane):
    kith("edit", "Jane Doe", "--birthday", "1996-02-29")
    birthday = shown(kith, "Jane Doe")["birthday"]
    assert (birthday["next"], birthday["years"]) == ("2027-02-28", 31)
    assert birthday["text"] == (
        "29 February 1996; next on Sunday 28 February 2027 (in 258 days), 31 years, "
        "as 2027 has no 29 February"
    )


def test_add_takes_both_dates_and_an_empty_value_clears_one(kith):
    kith("add", "Sam Lee", "--birthday", "1990-01-31", "--anniversary", "09-01")
    sam = shown(kith, "Sam Lee")
    assert (sam["birthday"]["date"], sam["anniversary"]["date"]) == ("1990-01-31", "--09-01")
    kith("edit", "Sam Lee", "--anniversary", "")
    sam = shown(kith, "Sam Lee")
    assert (sam["birthday"]["date"], sam["anniversary"]) == ("1990-01-31", None)
    assert "anniversary" not in kith("show", "Sam Lee").stdout


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("12 April", "birthday '12 April' is not a date"),
        ("1985-13-01", "no day of the year"),
        ("04-31", "no day of the year"),
        ("1985-02-29", "1985 has no 29 February"),
        ("1850-04-12", "a year from 1900 on"),
        ("2030-04-12", "in the future"),
    ],
)
def test_a_date_that_is_no_birthday_is_refused_and_changes_nothing(kith, jane, typed, fragment):
    kith("edit", "Jane Doe", "--birthday", "1985-06-19")
    before = kith("export", "json").stdout
    assert_user_error(kith("edit", "Jane Doe", "--birthday", typed, "--title", "CTO", expect=2), fragment)
    assert kith("export", "json").stdout == before


def test_the_brief_shows_the_dates_and_suggests_wishing_them_well_when_close(kith, jane):
    kith("edit", "Jane Doe", "--birthday", "1985-06-19", "--anniversary", "2010-11-02")
    brief = kith("brief", "Jane Doe", "--json").json()
    assert brief["birthday"]["date"] == "1985-06-19" and brief["anniversary"]["date"] == "2010-11-02"
    talk = [s["text"] for s in brief["ask_or_offer"] if s["kind"] == "talk"]
    assert "wish them a happy birthday: it is on Friday (19 June)" in talk
    assert not any("anniversary" in t for t in talk)  # months away
    out = kith("brief", "Jane Doe").stdout
    assert "Birthday: 19 June 1985; next on Friday (19 June), 41 years" in out
    assert "Anniversary: 2 November 2010;" in out
    assert "talk: wish them a happy birthday: it is on Friday (19 June)" in out


def test_the_help_says_how_to_write_a_birthday(kith):
    out = " ".join(kith("edit", "--help").stdout.split())  # as one line, however the help is wrapped
    assert "--birthday" in out and "--anniversary" in out and "04-12 without a year ('' clears it)" in out
