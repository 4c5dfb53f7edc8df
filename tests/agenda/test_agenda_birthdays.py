"""Birthdays and anniversaries on the agenda: a few days ahead, with the day said in words, in the
calendar feed on their day, and marked done for this year only. The tests run on Monday 15 June 2026."""

from __future__ import annotations

import pytest
from web_client import client


def _yearly(kith) -> dict[str, dict]:
    return {
        i["id"]: i
        for i in kith("agenda", "--all", "--json").json()
        if i["kind"] in ("birthday", "anniversary")
    }


@pytest.fixture
def people(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--birthday", "1985-06-19")  # Friday: 41
    kith("add", "Sam Lee", "--birthday", "06-15", "--anniversary", "2016-06-16")  # today; tomorrow, 10 years
    kith("add", "Kim Park", "--birthday", "06-22")  # a week away: not yet
    kith("add", "Lee Chen", "--birthday", "2000-02-29")  # months away
    return {p["name"]: p["id"] for p in kith("people", "--json").json()}


def test_birthdays_and_anniversaries_come_a_few_days_ahead(kith, people):
    items = _yearly(kith)
    assert set(items) == {
        f"birthday:{people['Jane Doe']}",
        f"birthday:{people['Sam Lee']}",
        f"anniversary:{people['Sam Lee']}",
    }
    jane = items[f"birthday:{people['Jane Doe']}"]
    assert jane["reason"] == "Jane Doe's birthday is on Friday (19 June): send a note or call. They turn 41."
    assert jane["action"] == "Wish them a happy birthday"
    assert (jane["channel"], jane["due"]) == ("message", "2026-06-19T12:00:00+00:00")
    sam = items[f"birthday:{people['Sam Lee']}"]
    assert sam["reason"] == "Sam Lee's birthday is today (15 June): send a note or call."
    married = items[f"anniversary:{people['Sam Lee']}"]
    assert married["reason"] == "Sam Lee's anniversary is tomorrow (16 June): send a note or call. 10 years."
    assert married["action"] == "Wish them a happy anniversary"
    # on the day and the day before they come first
    assert sam["priority"] > jane["priority"] and married["priority"] > jane["priority"]


def test_the_agenda_says_it_in_words(kith, people):
    out = kith("agenda", "--all").stdout
    assert f"Jane Doe: Wish them a happy birthday  [birthday:{people['Jane Doe']}, due 2026-06-19]" in out
    assert "why: Jane Doe's birthday is on Friday (19 June): send a note or call. They turn 41." in out


def test_29_february_comes_on_the_28th_in_a_year_without_one(kith, monkeypatch):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Lee Chen", "--birthday", "2000-02-29")
    monkeypatch.setenv("KITH_NOW", "2027-02-25T12:00:00+00:00")  # a Thursday; 2027 has no 29 February
    (item,) = _yearly(kith).values()
    assert item["reason"] == (
        "Lee Chen's birthday is on Sunday (28 February), as 2027 has no 29 February: send a note or call. "
        "They turn 27."
    )
    monkeypatch.setenv("KITH_NOW", "2028-02-25T12:00:00+00:00")  # a leap year: the day itself
    (item,) = _yearly(kith).values()
    assert (
        item["reason"]
        == "Lee Chen's birthday is on Tuesday (29 February): send a note or call. They turn 28."
    )


def test_done_hides_this_years_birthday_and_next_year_it_is_back(kith, people, monkeypatch):
    key = f"birthday:{people['Jane Doe']}"
    assert kith("done", key).stdout.startswith(f"Done: {key} (Jane Doe)")
    assert key not in _yearly(kith)
    monkeypatch.setenv("KITH_NOW", "2027-06-16T12:00:00+00:00")
    assert _yearly(kith)[key]["reason"].startswith("Jane Doe's birthday is on Saturday (19 June)")


def test_the_calendar_feed_has_each_on_its_day(kith, people):
    feed = client().get("/agenda.ics").text.replace("\r\n ", "")
    events = feed.split("BEGIN:VEVENT")[1:]
    jane = next(e for e in events if f"UID:birthday:{people['Jane Doe']}@kith" in e)
    assert "DTSTART;VALUE=DATE:20260619" in jane
    assert "SUMMARY:Jane Doe: Wish them a happy birthday" in jane
    assert "CATEGORIES:birthday" in jane
    sam = next(e for e in events if f"UID:anniversary:{people['Sam Lee']}@kith" in e)
    assert "DTSTART;VALUE=DATE:20260616" in sam


def test_a_close_friends_birthday_comes_before_a_stranger_s(kith, people):
    """An address book brings in many birthdays: the tie's strength ranks them, so that the birthday of
    someone you never see does not crowd out the week."""
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-06-08"):
        kith("log", "coffee", "Kim Park", "--when", when)
    kith("edit", "Kim Park", "--birthday", "06-20")
    items = _yearly(kith)
    kim, jane = items[f"birthday:{people['Kim Park']}"], items[f"birthday:{people['Jane Doe']}"]
    assert kim["priority"] > jane["priority"]
    kith("log", "coffee", "Lee Chen", "--when", "2026-03-01")
    kith("edit", "Lee Chen", "--cadence", "30")  # overdue: keeping in touch with him comes first
    (lee,) = [i for i in kith("agenda", "--all", "--json").json() if i["kind"] == "keep-in-touch"]
    assert lee["person"] == "Lee Chen" and lee["priority"] > jane["priority"]
