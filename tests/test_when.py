from datetime import UTC, datetime, timedelta

import pytest

from kith.errors import BadInput
from kith.when import parse_when

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday; tests run with TZ=UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", datetime(2026, 3, 1, 12, 0, tzinfo=UTC)),
        ("2026-03-01T08:15", datetime(2026, 3, 1, 8, 15, tzinfo=UTC)),
        ("2026-03-01T08:15:00+02:00", datetime(2026, 3, 1, 6, 15, tzinfo=UTC)),
        ("2026-03-01T08:15:00Z", datetime(2026, 3, 1, 8, 15, tzinfo=UTC)),
        ("yesterday", datetime(2026, 6, 14, 12, 0, tzinfo=UTC)),
        ("last friday 3pm", datetime(2026, 6, 12, 15, 0, tzinfo=UTC)),
        ("3 days ago", datetime(2026, 6, 12, 12, 0, tzinfo=UTC)),
        ("in 2 weeks", datetime(2026, 6, 29, 12, 0, tzinfo=UTC)),
    ],
)
def test_parses_iso_and_phrases(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "   ", "whenever", "the 45th of Smarch"])
def test_unreadable_dates_are_bad_input(text):
    with pytest.raises(BadInput):
        parse_when(text, NOW)


def test_past_only_refuses_the_future():
    with pytest.raises(BadInput, match="future"):
        parse_when("tomorrow", NOW, past_only=True)
    assert parse_when("tomorrow", NOW) > NOW


@pytest.mark.parametrize("text", ["2026", "1530", " 2025 "])
def test_a_number_alone_is_refused_not_read_as_a_time(text):
    with pytest.raises(BadInput, match="could be a year or a time"):
        parse_when(text, NOW, past_only=True)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2999-01-01"])
def test_years_out_of_any_relationships_range_are_typos(text):
    with pytest.raises(BadInput, match="kith keeps dates from 1900 to 2200"):
        parse_when(text, NOW)
    assert parse_when("1950-06-01", NOW).year == 1950


@pytest.mark.parametrize("text", ["9999-12-31T23:59-05:00", "0001-01-01T00:00+09:00"])
def test_times_a_zone_moves_past_the_calendars_ends_are_bad_input(text):
    with pytest.raises(BadInput, match="kith keeps dates from 1900 to 2200"):
        parse_when(text, NOW)


@pytest.mark.parametrize(
    "text", ["yesterday banana", "last fridy 3pm", "xx 2pm", "2026-06-14T25:00", "2026-13-45"]
)
def test_dates_with_words_kith_did_not_understand_are_refused(text):
    with pytest.raises(BadInput):
        parse_when(text, NOW, past_only=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", datetime(2026, 6, 12, 12, 0, tzinfo=UTC)),
        ("on tuesday at 2pm", datetime(2026, 6, 9, 14, 0, tzinfo=UTC)),
        ("June 3", datetime(2026, 6, 3, 12, 0, tzinfo=UTC)),
        ("December 25", datetime(2025, 12, 25, 12, 0, tzinfo=UTC)),
        ("2026-06-14 9am", datetime(2026, 6, 14, 9, 0, tzinfo=UTC)),
    ],
)
def test_past_dates_without_a_direction_mean_the_last_one(text, expected):
    assert parse_when(text, NOW, past_only=True) == expected


def test_due_dates_still_look_ahead():
    assert parse_when("friday", NOW) == datetime(2026, 6, 19, 12, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- weekdays, as a calendar reads them

# A week whose Monday is 2026-06-08: each day of it as "today", at 10:00 UTC (the tests' local zone)
WEEK = [datetime(2026, 6, 8 + d, 10, 0, tzinfo=UTC) for d in range(7)]


def _day(value: datetime) -> str:
    return value.strftime("%a %Y-%m-%d")


@pytest.mark.parametrize("today", WEEK, ids=[_day(d) for d in WEEK])
def test_last_weekday_is_the_most_recent_before_today(today):
    for target in range(7):
        name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[target]
        found = parse_when(f"last {name}", today, past_only=True)
        back = (today.weekday() - target) % 7 or 7  # GNU date -d "last friday": a week ago on a friday
        assert found.date() == (today - timedelta(days=back)).date(), name
        assert found.weekday() == target and 1 <= (today.date() - found.date()).days <= 7


@pytest.mark.parametrize("today", WEEK, ids=[_day(d) for d in WEEK])
def test_the_readme_phrases_on_every_day_of_the_week(today):
    # --when "last friday 3pm" (kith log, the README's first example): never eight days back
    friday = parse_when("last friday 3pm", today, past_only=True)
    assert friday.weekday() == 4 and friday.hour == 15 and 1 <= (today - friday).days + 1 <= 7
    monday = parse_when("last monday 9am", today, past_only=True)
    assert monday.weekday() == 0 and (monday.hour, monday.minute) == (9, 0)
    assert 1 <= (today.date() - monday.date()).days <= 7
    # --due friday / --until "next monday": the coming one
    due = parse_when("friday", today)
    assert due.weekday() == 4 and timedelta(0) <= due.date() - today.date() < timedelta(days=7)
    until = parse_when("next monday", today)
    assert until.weekday() == 0 and timedelta(0) < until.date() - today.date() <= timedelta(days=7)
    assert parse_when("monday", today).date() - today.date() < timedelta(days=7)
    # what happened "friday" is the latest friday up to today, never in the future
    happened = parse_when("friday", today, past_only=True)
    assert happened.weekday() == 4 and happened <= today
    assert parse_when("yesterday", today, past_only=True).date() == (today - timedelta(days=1)).date()
    assert parse_when("3 days ago", today, past_only=True).date() == (today - timedelta(days=3)).date()


def test_a_promise_made_last_friday_seen_on_saturday_is_not_overdue(kith, monkeypatch):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    # on Saturday 2026-06-13, "last friday" is the day before (not eight days earlier)
    monkeypatch.setenv("KITH_NOW", "2026-06-13T10:00:00+00:00")
    kith("log", "coffee", "Jane Doe", "--when", "last friday 3pm", "--promise", "send the article")
    shown = kith("show", "Jane Doe", "--json").json()
    assert shown["timeline"][0]["when"] == "2026-06-12T15:00:00+00:00"
    promise = shown["commitments"][0]
    assert promise["due_at"].startswith("2026-06-19") and not promise["overdue"]


def _in_zone(zone: str, code: str) -> str:
    """Run ``code`` in a Python whose local time zone is ``zone``; what it prints."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TZ": zone}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_local_times_around_midnight_and_across_daylight_saving():
    code = """
from datetime import datetime, UTC
from kith.when import parse_when
# Berlin: summer time ends on Sunday 2026-10-25 (03:00 CEST -> 02:00 CET)
monday = datetime(2026, 10, 26, 10, 0, tzinfo=UTC)
print(parse_when("last friday 3pm", monday, past_only=True).isoformat())  # 15:00 CEST = 13:00 UTC
print(parse_when("yesterday 23:30", monday, past_only=True).isoformat())  # 23:30 CET = 22:30 UTC
print(parse_when("next monday 9am", monday).isoformat())                  # 09:00 CET = 08:00 UTC
# 00:30 local on a Tuesday is still Monday in UTC: "last monday" is the Monday before, local
tuesday_night = datetime(2026, 10, 26, 23, 30, tzinfo=UTC)
print(parse_when("last monday", tuesday_night, past_only=True).isoformat())
print(parse_when("2026-03-29T12:00", monday).isoformat())                 # a naive time on summer time's first day
"""
    lines = _in_zone("Europe/Berlin", code).split()
    assert lines == [
        "2026-10-23T13:00:00+00:00",
        "2026-10-25T22:30:00+00:00",
        "2026-11-02T08:00:00+00:00",
        "2026-10-26T11:00:00+00:00",
        "2026-03-29T10:00:00+00:00",
    ]


def test_an_unreadable_date_suggests_examples_that_fit_the_question():
    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    with pytest.raises(BadInput, match="try 'yesterday', 'last friday 3pm' or 2026-03-01"):
        parse_when("blue moon", now, past_only=True)
    with pytest.raises(BadInput, match="try 'next monday', 'in 2 weeks' or 2026-03-01"):
        parse_when("blue moon", now)
    assert parse_when("in 2 weeks", now).date().isoformat() == "2026-06-29"
