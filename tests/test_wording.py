# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""One way of saying times and counts: the same phrase on every page and in every command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from web_client import web  # noqa: F401  (fixture)

from kith.wording import ago, count, span

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0.5, "today"),
        (1.5, "yesterday"),
        (4.8, "5 days ago"),  # the 10th at 16:48, seen on the 15th: calendar days
        (13.9, "2 weeks ago"),  # the 1st, seen on the 15th
        (20, "2 weeks ago"),
        (59, "8 weeks ago"),
        (61, "2 months ago"),
        (729, "23 months ago"),
        (2.6 * 365.25, "2 years ago"),  # not "3 years"
    ],
)
def test_ago_rounds_down_in_one_set_of_steps(days, said):
    assert ago(NOW - timedelta(days=days), NOW) == said


@pytest.mark.parametrize(
    ("when", "said"),
    [
        ("2026-06-14T12:00", "yesterday"),  # logged with --when yesterday (noon), read the next morning
        ("2026-06-12T12:00", "3 days ago"),  # --when "3 days ago"
        ("2026-06-15T00:30", "today"),
        ("2026-06-14T23:30", "yesterday"),  # an hour before, but on another day
    ],
)
def test_ago_counts_calendar_days_as_people_do(when, said):
    morning = datetime(2026, 6, 15, 6, 30, tzinfo=UTC)  # the tests' local zone is UTC
    assert ago(datetime.fromisoformat(when).replace(tzinfo=UTC), morning) == said


def test_what_was_logged_yesterday_reads_yesterday_the_next_morning(kith, monkeypatch):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    monkeypatch.setenv("KITH_NOW", "2026-06-15T06:30:00+00:00")
    kith("log", "email", "Jane Doe", "--when", "yesterday")
    kith("log", "call", "Jane Doe", "--when", "3 days ago")
    shown = kith("show", "Jane Doe").stdout
    assert "2 interactions, last yesterday" in shown and "today" not in shown
    assert "over 2 days, last yesterday" in shown  # the explanation says the same


def test_spans_and_counts():
    assert span(2.6 * 365.25) == "2 years" and span(1) == "1 day" and span(0.2) == "less than a day"
    assert count(1, "person") == "1 person" and count(1546, "person") == "1,546 people"
    assert count(1, "connection") == "1 connection" and count(0, "interaction") == "0 interactions"
    said = [count(4, noun) for noun in ("lunch", "reply", "company", "day", "coffee", "drinks", "address")]
    assert said == [
        "4 lunches",
        "4 replies",
        "4 companies",
        "4 days",
        "4 coffees",
        "4 drinks",
        "4 addresses",
    ]
    assert count(1, "lunch") == "1 lunch"


def test_the_person_page_and_kith_show_say_the_same_time(kith, web):  # noqa: F811
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    # 2.6 years of contact, the last 4 days and 20 hours before now (KITH_NOW in the tests): 5 days on
    # the calendar
    kith("log", "coffee", "Jane Doe", "--when", "2023-11-09T12:00")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-10T16:00")
    shown = kith("show", "Jane Doe").stdout
    assert "last 5 days ago" in shown and "4 days ago" not in shown
    assert "over 2 years" in shown and "over 3 years" not in shown
    person_id = kith("show", "Jane Doe", "--json").json()["person"]["id"]
    page = web.get(f"/people/{person_id}").text
    assert "5 days ago" in page and "4 days ago" not in page
    assert "over 2 years" in page and "over 3 years" not in page


def test_the_years_of_a_role_or_a_school():
    from datetime import date

    from kith.wording import years

    assert years(date(2019, 3, 1), date(2021, 6, 30)) == "2019–2021"
    assert years(date(2020, 1, 1), date(2020, 12, 31)) == "in 2020"
    assert years(date(2019, 3, 1), None) == "since 2019"
    assert years(None, date(2021, 6, 30)) == "until 2021"
    assert years(None, None) == ""
