"""Calendars as Exchange 2010, Google Calendar and Outlook write them (tests/importers/fixtures/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shown

FIXTURES = Path(__file__).parent / "fixtures"
EXCHANGE = FIXTURES / "exchange" / "calendar.ics"
GOOGLE = FIXTURES / "google-calendar" / "calendar.ics"
OUTLOOK = FIXTURES / "outlook-calendar" / "calendar.ics"


def meetings(kith, name: str) -> list[dict]:
    return shown(kith, name)["timeline"]


def test_exchange_2010_blank_time_zone_is_read_as_local_time_and_said(kith, monkeypatch):
    summary = kith("import", "calendar", str(EXCHANGE), "--me", "kwame@initech.example", "--json").json()
    assert summary["by_kind"]["interactions"]["added"] == 1
    (notice,) = summary["notices"]
    assert notice["what"] == "events with a blank time zone (TZID=), read as local time"
    assert notice["count"] == 2 and notice["first"].endswith("calendar.ics:26")
    (planning,) = meetings(kith, "Priya Raman")
    assert planning["when"] == "2010-05-05T10:00:00+00:00"  # the tests' local zone is UTC
    assert planning["duration_s"] == 3600


def test_exchange_times_follow_the_local_zone(kith, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    kith("import", "calendar", str(EXCHANGE), "--me", "kwame@initech.example")
    (planning,) = meetings(kith, "Priya Raman")
    assert planning["when"] == "2010-05-05T04:30:00+00:00"


def test_non_participants_are_not_counted_as_met(kith):
    summary = kith("import", "calendar", str(EXCHANGE), "--me", "kwame@initech.example", "--json").json()
    (planning,) = meetings(kith, "Priya Raman")
    assert sorted(planning["people"]) == ["Priya Raman", "Tomasz Nowak"]  # not Lena, copied for information
    assert "Lena Fischer" not in {p["name"] for p in kith("people", "--json").json()}
    reasons = {s["reason"] for s in summary["skipped"]}
    assert "event without attendees besides you" in reasons  # the one only Lena was copied on


def test_google_calendar_recurrence_zone_and_all_day_lunch(kith):
    summary = kith("import", "calendar", str(GOOGLE), "--json").json()  # the calendar's name says who is you
    assert summary["by_kind"]["interactions"]["added"] == 4 and summary["notices"] == []
    weekly = sorted(m["when"] for m in meetings(kith, "Mei Chen"))
    # Mondays 09:30 Berlin (08:30 UTC), the 19th left out by EXDATE
    assert weekly == ["2026-01-05T08:30:00+00:00", "2026-01-12T08:30:00+00:00", "2026-01-26T08:30:00+00:00"]
    assert {m["channel"] for m in meetings(kith, "Mei Chen")} == {"video"}
    (lunch,) = meetings(kith, "Lars Berg")
    assert (lunch["channel"], lunch["direction"]) == ("in_person", "inbound")


@pytest.mark.parametrize("again", [False, True])
def test_outlook_windows_zone_names_teams_and_rooms(kith, again):
    kith("import", "calendar", str(OUTLOOK), "--me", "ada@example.com")
    if again:
        assert (
            kith("import", "calendar", str(OUTLOOK), "--me", "ada@example.com", "--json").json()["added"] == 0
        )
    (review,) = meetings(kith, "Jonas Weber")
    assert review["when"] == "2026-03-10T13:00:00+00:00"  # 14:00 W. Europe Standard Time
    assert (review["channel"], review["duration_s"]) == ("video", 3600)
    assert sorted(review["people"]) == ["Jonas Weber", "Lena Fischer"]  # not the room
