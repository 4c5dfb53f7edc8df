"""kith import calendar: meetings from .ics files, channels, skips, recurrence, and hostile files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import assert_user_error, shown

from kith.importers.calendar import parse
from kith.importers.records import ImportOptions, InteractionRecord, Skipped

ME = "me@example.com"
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def event(uid: str, start: str, *lines: str, attendees=("jane@example.com",), end: str | None = None) -> str:
    body = [f"UID:{uid}", f"DTSTART:{start}"]
    if end:
        body.append(f"DTEND:{end}")
    body += [f"ATTENDEE;CN=Person {i}:mailto:{a}" for i, a in enumerate(attendees)]
    body.append(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}")
    return "\r\n".join(["BEGIN:VEVENT", *body, *lines, "END:VEVENT"])


def calendar(*events: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example//Test//EN"]
    return "\r\n".join([*head, *events, "END:VCALENDAR"]) + "\r\n"


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "calendar.ics"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def read(tmp_path: Path, content: str) -> list:
    return list(parse(write(tmp_path, content), ImportOptions(me_emails=[ME], now=NOW)))


def test_channels_people_direction_and_duration(tmp_path):
    records = read(
        tmp_path,
        calendar(
            event("a", "20260301T150000Z", "LOCATION:Blue Bottle, 1 Main St", f"ORGANIZER:mailto:{ME}",
                  end="20260301T160000Z"),
            event("b", "20260302T150000Z", "DESCRIPTION:Join: https://meet.google.com/abc-defg-hij",
                  "ORGANIZER;CN=Bob Roe:mailto:bob@example.org", attendees=("bob@example.org", "c@example.com")),
            event("c", "20260303T150000Z", "LOCATION:https://example.zoom.us/j/123"),
            event("d", "20260304T150000Z", "X-GOOGLE-CONFERENCE:https://meet.google.com/xyz"),
        ),
    )  # fmt: skip
    a, b, c, d = records
    assert all(isinstance(r, InteractionRecord) for r in records)
    assert (a.channel, a.kind, a.direction, a.duration_s) == ("in_person", "meeting", "outbound", 3600)
    assert [p.emails for p in a.participants] == [["jane@example.com"]]
    assert a.participants[0].name == "Person 0" and a.summary is None and a.external_id == "a"
    assert (b.channel, b.direction) == ("video", "inbound")
    assert sorted(p.emails[0] for p in b.participants) == ["bob@example.org", "c@example.com"]
    assert c.channel == "video" and d.channel == "video"


def test_skips_cancelled_declined_lonely_crowded_and_future_events(tmp_path):
    crowd = tuple(f"p{i}@example.com" for i in range(21))
    records = read(
        tmp_path,
        calendar(
            event("cancelled", "20260301T150000Z", "STATUS:CANCELLED"),
            event("lonely", "20260301T150000Z", attendees=()),
            event("crowd", "20260301T150000Z", attendees=crowd),
            event("twenty", "20260301T150000Z", attendees=crowd[:20]),
            event("future", "20260701T150000Z"),
            "BEGIN:VEVENT\r\nUID:declined\r\nDTSTART:20260301T150000Z\r\nATTENDEE:mailto:x@example.com\r\n"
            f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}\r\nEND:VEVENT",
        ),
    )
    reasons = [r.reason for r in records if isinstance(r, Skipped)]
    assert reasons == [
        "cancelled event",
        "event without attendees besides you",
        "event with more than 20 attendees",
        "event in the future (not happened yet)",
        "event you declined",
    ]
    (kept,) = [r for r in records if isinstance(r, InteractionRecord)]
    assert kept.external_id == "twenty" and len(kept.participants) == 20


def test_recurring_events_expand_with_exceptions_and_stable_ids(tmp_path):
    weekly = (
        event(
            "weekly@example.com",
            "20260105T100000",
            "RRULE:FREQ=WEEKLY;UNTIL=20260202T000000Z",
            "EXDATE;TZID=Europe/Berlin:20260112T100000",
            "LOCATION:Room 4, Example HQ",
            end="20260105T103000",
        )
        .replace("DTSTART:", "DTSTART;TZID=Europe/Berlin:")
        .replace("DTEND:", "DTEND;TZID=Europe/Berlin:")
    )
    moved = event(
        "weekly@example.com",
        "20260120T110000Z",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260119T100000",
        "DESCRIPTION:https://teams.microsoft.com/l/meetup-join/x",
    )
    cancelled_instance = event(
        "weekly@example.com", "20260126T090000Z", "RECURRENCE-ID:20260126T090000Z", "STATUS:CANCELLED"
    )
    forever = event("daily@example.com", "20260610T090000Z", "RRULE:FREQ=DAILY")
    records = read(tmp_path, calendar(weekly, moved, cancelled_instance, forever))
    meetings = [r for r in records if isinstance(r, InteractionRecord)]
    weekly_ids = sorted(r.external_id for r in meetings if r.external_id.startswith("weekly"))
    # Jan 5 and Jan 19 (moved) remain; Jan 12 excluded, Jan 26 cancelled; 10:00 Berlin is 09:00 UTC
    assert weekly_ids == [
        "weekly@example.com#2026-01-05T09:00:00+00:00",
        "weekly@example.com#2026-01-19T09:00:00+00:00",
    ]
    moved_record = next(r for r in meetings if r.external_id.endswith("01-19T09:00:00+00:00"))
    assert (
        moved_record.occurred_at == datetime(2026, 1, 20, 11, tzinfo=UTC) and moved_record.channel == "video"
    )
    daily = [r for r in meetings if r.external_id.startswith("daily")]
    assert len(daily) == 6  # June 10 to June 15 (now), nothing after
    assert {r.reason for r in records if isinstance(r, Skipped)} == {"cancelled event"}


def test_import_calendar_is_idempotent_and_resolves_attendees(kith, tmp_path):
    kith("add", "Jane Doe", "--email", "jane@example.com")
    path = write(
        tmp_path, calendar(event("x1", "20260301T150000Z", "RRULE:FREQ=WEEKLY;COUNT=3", "LOCATION:Cafe"))
    )
    summary = kith("import", "calendar", str(path), "--me", ME, "--json").json()
    assert summary["by_kind"]["interactions"]["added"] == 3
    again = kith("import", "calendar", str(path), "--me", ME, "--json").json()
    assert again["by_kind"]["interactions"]["added"] == 0
    jane = shown(kith, "Jane Doe")
    assert len(jane["timeline"]) == 3 and {i["channel"] for i in jane["timeline"]} == {"in_person"}
    assert len(kith("people", "--json").json()) == 1


@pytest.mark.parametrize(
    "content, fragments",
    [
        ("BEGIN:VCARD\r\nFN:Jane\r\nEND:VCARD\r\n", ["calendar.ics:1", "not a calendar"]),
        (b"\x00\x01\x02\x03junk" * 100, ["calendar.ics:1", "binary"]),
        ("BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n".encode("latin-1"), ["calendar.ics:2", "utf-8"]),
        (b"BEGIN:VCALENDAR\r\nX:" + b"y" * (3 << 20), ["calendar.ics:2", "longer than"]),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", ["calendar.ics:2", "cut off"]),
        ("BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n", ["not a valid calendar", "no colon here"]),
        (calendar(event("a", "20260301T150000Z")), []),  # fine, but without --me
    ],
)
def test_hostile_files_fail_in_one_line_and_write_nothing(kith, tmp_path, content, fragments):
    path = write(tmp_path, content)
    result = kith("import", "calendar", str(path), expect=2)
    assert_user_error(result, *(fragments or ["--me"]))
    assert kith("people", "--json").json() == []


def test_a_google_export_names_its_owner(tmp_path):
    content = calendar(event("g1", "20260301T150000Z")).replace(
        "PRODID:-//Example//Test//EN",
        f"PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nX-WR-CALNAME:{ME}",
    )
    (record,) = parse(write(tmp_path, content), ImportOptions(now=NOW))  # no --me given
    assert [p.emails for p in record.participants] == [["jane@example.com"]]


def test_broken_and_runaway_recurrences_are_skipped_not_fatal(tmp_path):
    records = read(
        tmp_path,
        calendar(
            event("bad", "20260301T150000Z", "RRULE:FREQ=SOMETIMES;INTERVAL=banana"),
            event("runaway", "20260601T000000Z", "RRULE:FREQ=MINUTELY"),
            event("fine", "20260301T150000Z"),
        ),
    )
    reasons = [r.reason for r in records if isinstance(r, Skipped)]
    assert any(r.startswith("unreadable recurrence rule") for r in reasons)
    assert "recurring event with more than 5000 instances; kept the first" in reasons
    meetings = [r for r in records if isinstance(r, InteractionRecord)]
    assert len([m for m in meetings if m.external_id.startswith("runaway")]) == 5000
    assert any(m.external_id == "fine" for m in meetings)
