"""Calendar files (iCalendar .ics) to meetings.

An event with 1 to 20 attendees besides the user becomes one meeting with every other attendee as a
participant (and the organiser, who is there too). Its channel: ``in_person`` when the location is a
place, ``video`` when a video-call link appears (location, description, URL or conference properties),
``call`` when only a phone number does; with neither, a meeting (in person). Cancelled events, events
the user declined, events without other attendees or with too many, and events after ``now`` (not
happened yet) are skipped and counted. Attendees marked ``ROLE=NON-PARTICIPANT`` (copied for their
information) and rooms or resources did not take part. Recurring events (RRULE/RDATE minus EXDATE, with
moved or changed instances honoured) are expanded from their start up to ``now``; each instance gets a
stable external id (UID + the instance's original start).

A calendar is read whole (exceptions to a recurring event may come anywhere after it), so a file over
``MAX_CALENDAR_BYTES`` is refused rather than risk the memory it would take.

Times without a zone ("floating") are local time, as RFC 5545 says: the machine's zone. Exchange 2010
writes some times with a blank zone (``DTSTART;TZID=:20100505T100000``); those are read as local time too,
and the summary says how many events were. All-day events are taken at noon UTC.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from kith.errors import BadInput
from kith.importers.records import ImportOptions, InteractionRecord, Notice, PersonRef, Record, Skipped
from kith.importers.textfile import text_lines
from kith.people.identities import normalize_email

#: more attendees than this (besides the user) is an all-hands, not a relationship
MAX_ATTENDEES = 20
#: a recurring event is expanded to at most this many instances (a hostile FREQ=SECONDLY stops here)
MAX_INSTANCES = 5000
#: the largest calendar file kith reads: the whole calendar is parsed at once (recurrences and their
#: exceptions can be anywhere in it), at about 30 times its size in memory (11 MB took 354 MB)
MAX_CALENDAR_BYTES = 50 << 20

_VIDEO = re.compile(
    r"zoom\.us/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/|webex\.com/|whereby\.com/"
    r"|meet\.jit\.si/|gotomeeting\.com/|bluejeans\.com/|chime\.aws/|join\.skype\.com/|facetime",
    re.IGNORECASE,
)
#: a location that names a video service rather than a place ("Microsoft Teams Meeting", as Outlook writes)
_VIDEO_PLACE = re.compile(
    r"\b(microsoft teams|teams meeting|zoom meeting|google meet|webex|skype meeting|skype for business)\b",
    re.IGNORECASE,
)
_CONFERENCE_PROPS = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "URL")
_PHONE = re.compile(r"^(tel:)?\+?[\d\s().-]{7,}$", re.IGNORECASE)
#: a blank time zone parameter (Exchange 2010): ``;TZID=`` or ``;TZID=""`` before ``:`` or ``;``
_BLANK_TZID = re.compile(r';TZID=(?:"")?(?=[:;])', re.IGNORECASE)


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one InteractionRecord per meeting (or meeting instance) in the calendar at ``path``."""
    from icalendar import Calendar

    size = path.stat().st_size if path.is_file() else 0
    if size > MAX_CALENDAR_BYTES:
        raise BadInput(
            f"{path}: {size >> 20} MB; kith reads calendars of up to {MAX_CALENDAR_BYTES >> 20} MB "
            "(export a shorter range, or one calendar at a time)"
        )
    lines: list[str] = []
    blank_zones: list[int] = []  # the lines of the events' starts with a blank zone
    zone: list[str] | None = None  # a VTIMEZONE being read: one with a blank TZID is left out
    for number, line in text_lines(path, "calendar (.ics)", options.progress):
        if not lines and not line.strip():
            continue
        if not lines and line.strip().upper() != "BEGIN:VCALENDAR":
            raise BadInput(f"{path}:{number}: not a calendar file (expected BEGIN:VCALENDAR)")
        upper = line.strip().upper()
        if upper == "BEGIN:VTIMEZONE":
            zone = []
        if zone is not None:
            zone.append(line)
            if upper == "END:VTIMEZONE":
                if any(z[:5].upper() == "TZID:" and z[5:].strip() for z in zone):
                    lines += zone
                zone = None
            continue
        if ";TZID=" in line.upper() and _BLANK_TZID.search(line.split(":", 1)[0] + ":"):
            line = _BLANK_TZID.sub("", line, count=1)  # a blank zone: a floating (local) time
            if line[:7].upper() == "DTSTART":
                blank_zones.append(number)
        lines.append(line)
    if not lines:
        raise BadInput(f"{path}:1: empty file; expected a calendar (BEGIN:VCALENDAR)")
    last = next((line for line in reversed(lines) if line.strip()), "")
    if last.strip().upper() != "END:VCALENDAR":
        raise BadInput(f"{path}:{len(lines)}: the calendar is cut off (no END:VCALENDAR at the end)")
    try:
        calendars = Calendar.from_ical("\r\n".join(lines) + "\r\n", multiple=True)
    except Exception as exc:  # icalendar raises ValueError and friends on malformed content
        raise BadInput(f"{path}: not a valid calendar file ({' '.join(str(exc).split())[:200]})") from None
    me = set(options.me_emails)
    for cal in calendars:
        owner = str(cal.get("X-WR-CALNAME", ""))
        if not me and "@" in owner:
            owner_email = _email(owner)
            me = {owner_email} if owner_email else set()
    if not me:
        raise BadInput(f"{path}: say which attendee is you with --me EMAIL")
    horizon = options.now or datetime.now(UTC)
    for number in blank_zones:
        yield Notice("events with a blank time zone (TZID=), read as local time", f"{path}:{number}")
    reader = _Reader(path, me, horizon)
    for cal in calendars:
        yield from reader.events(cal)


def _email(value) -> str | None:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    try:
        return normalize_email(text)
    except BadInput:
        return None


def _local():
    from dateutil.tz import tzlocal

    return tzlocal()


def _utc(value) -> datetime:
    """An aware UTC datetime for an iCalendar DTSTART-like value (dates at noon, floating as local)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=_local())).astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12), UTC)
    raise ValueError(f"not a date: {value!r}")


def _values(component, name: str) -> list:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _Reader:
    def __init__(self, path: Path, me: set[str], horizon: datetime) -> None:
        self.path, self.me, self.horizon = path, me, horizon

    def events(self, cal) -> Iterator[Record]:
        masters, overrides = [], {}
        for index, event in enumerate(cal.walk("VEVENT"), start=1):
            where = f"{self.path}: event {index} ({str(event.get('SUMMARY', '')).strip()[:60]!r})"
            if "RECURRENCE-ID" in event:
                try:
                    key = (str(event.get("UID", "")), _utc(event.decoded("RECURRENCE-ID")))
                except Exception:
                    yield Skipped("unreadable RECURRENCE-ID", where)
                    continue
                overrides[key] = (event, where)
            else:
                masters.append((event, where))
        for event, where in masters:
            yield from self._expand(event, where, overrides)
        for (uid, original), (event, where) in overrides.items():
            yield self._meeting(event, where, f"{uid}#{original.isoformat()}")

    def _expand(self, event, where: str, overrides: dict) -> Iterator[Record]:
        uid = str(event.get("UID", "")).strip()
        try:
            start = event.decoded("DTSTART")
        except Exception:
            yield Skipped("event without a start time", where)
            return
        if "RRULE" not in event and "RDATE" not in event:
            yield self._meeting(event, where, uid or None)
            return
        try:
            rules = _recurrence(event, start)
            instances: list[datetime] = []
            for instance in rules:  # in order; stop at the horizon or the cap
                if instance > self.horizon or len(instances) > MAX_INSTANCES:
                    break
                instances.append(instance)
        except Exception as exc:  # dateutil and icalendar raise assorted errors on broken rules
            yield Skipped(f"unreadable recurrence rule ({exc.__class__.__name__})", where)
            return
        if len(instances) > MAX_INSTANCES:
            yield Skipped(f"recurring event with more than {MAX_INSTANCES} instances; kept the first", where)
            del instances[MAX_INSTANCES:]
        duration = _duration(event)
        for instance in instances:
            original = _utc(instance)
            if (uid, original) in overrides:
                continue  # the changed instance is yielded from its own component
            yield self._meeting(
                event, where, f"{uid}#{original.isoformat()}", start=original, duration=duration
            )

    def _meeting(self, event, where: str, external_id: str | None, *, start=None, duration=None) -> Record:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            return Skipped("cancelled event", where)
        try:
            when = start or _utc(event.decoded("DTSTART"))
        except Exception:
            return Skipped("event without a start time", where)
        if when > self.horizon:
            return Skipped("event in the future (not happened yet)", where)
        others: dict[str, PersonRef] = {}
        for attendee in _values(event, "ATTENDEE"):
            email = _email(attendee)
            params = getattr(attendee, "params", {})
            declined = str(params.get("PARTSTAT", "")).upper() == "DECLINED"
            informed = str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT"
            if email in self.me:
                if declined:
                    return Skipped("event you declined", where)
            elif (
                email
                and not declined
                and not informed
                and str(params.get("CUTYPE", "")).upper() not in ("RESOURCE", "ROOM")
            ):
                others.setdefault(email, PersonRef(name=_cn(params), emails=[email]))
        organiser = _email(event.get("ORGANIZER"))
        if organiser and organiser not in self.me:
            params = getattr(event.get("ORGANIZER"), "params", {})
            others.setdefault(organiser, PersonRef(name=_cn(params), emails=[organiser]))
        if not others:
            return Skipped("event without attendees besides you", where)
        if len(others) > MAX_ATTENDEES:
            return Skipped(f"event with more than {MAX_ATTENDEES} attendees", where)
        if duration is None:
            duration = _duration(event)
        channel = _channel(event)
        kind = {"in_person": "meeting", "video": "video", "call": "call"}[channel]
        if organiser in self.me:
            direction = "outbound"
        elif organiser:
            direction = "inbound"
        else:
            direction = "mutual"
        summary = " ".join(str(event.get("SUMMARY", "")).split()) or None
        if not external_id:
            external_id = hashlib.sha1(f"{summary}|{when.isoformat()}".encode()).hexdigest()
        return InteractionRecord(
            occurred_at=when,
            channel=channel,
            kind=kind,
            participants=list(others.values()),
            direction=direction,
            duration_s=int(duration.total_seconds()) if duration and duration.total_seconds() > 0 else None,
            summary=summary,
            external_id=external_id,
            where=where,
        )


def _cn(params) -> str | None:
    name = " ".join(str(params.get("CN", "")).strip().strip('"').split())
    return name if name and "@" not in name else None


def _duration(event) -> timedelta | None:
    try:
        if "DTEND" in event:
            end, start = event.decoded("DTEND"), event.decoded("DTSTART")
            return _utc(end) - _utc(start)
        if "DURATION" in event:
            return event.decoded("DURATION")
    except Exception:
        return None
    return None


def _channel(event) -> str:
    location = " ".join(str(event.get("LOCATION", "")).split())
    texts = [location, str(event.get("DESCRIPTION", ""))]
    texts += [str(v) for prop in _CONFERENCE_PROPS for v in _values(event, prop)]
    physical = (
        bool(location)
        and not _VIDEO.search(location)
        and not _VIDEO_PLACE.search(location)
        and "://" not in location
    )
    if physical and _PHONE.match(location):
        return "call"
    if physical:
        return "in_person"
    if any(_VIDEO.search(t) for t in texts) or _VIDEO_PLACE.search(location):
        return "video"
    if any(t.strip().lower().startswith("tel:") for t in texts):
        return "call"
    return "in_person"


def _recurrence(event, start):
    """The recurrence set (a dateutil ``rruleset``) of an event: RRULE and RDATE minus EXDATE."""
    from dateutil.rrule import rruleset, rrulestr

    if not isinstance(start, datetime):
        start = datetime.combine(start, time(12), UTC)
    if start.tzinfo is None:
        start = start.replace(tzinfo=_local())
    rules = rruleset()
    for recur in _values(event, "RRULE"):
        recur = recur.copy()
        if "UNTIL" in recur:
            recur["UNTIL"] = [_until(u, start) for u in recur["UNTIL"]]
        rules.rrule(rrulestr(recur.to_ical().decode(), dtstart=start))
    for prop, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        for dates in _values(event, prop):
            for value in getattr(dates, "dts", []):
                dt = value.dt
                if isinstance(dt, tuple):  # a PERIOD: its start
                    dt = dt[0]
                if isinstance(dt, datetime | date):
                    add(_utc(dt) if isinstance(dt, datetime) and dt.tzinfo else _as_start(dt, start))
    return rules


def _until(value, start: datetime) -> datetime:
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=start.tzinfo)
        return value.astimezone(UTC)
    return datetime.combine(value, time(23, 59, 59), start.tzinfo).astimezone(UTC)


def _as_start(value, start: datetime) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=start.tzinfo)
    return datetime.combine(value, start.timetz())
