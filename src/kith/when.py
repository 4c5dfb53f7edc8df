"""Turn what a user types for a date ("yesterday", "last friday 3pm", "2026-03-01") into a UTC time.

ISO 8601 is read directly; anything else goes to parsedatetime (imported only then, to keep
``kith log`` quick). Times without a zone are in the user's local zone; results are aware UTC datetimes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from kith.errors import BadInput


def _from_local(naive: datetime) -> datetime:
    """A naive local wall-clock time as an aware UTC time, with the zone's offset on that day (a time
    across a daylight-saving change gets that day's offset, not today's)."""
    return naive.astimezone().astimezone(UTC)


def _to_local(value: datetime) -> datetime:
    """An aware time as the naive local wall-clock time."""
    return value.astimezone().replace(tzinfo=None)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


#: month abbreviations as file formats write them (lower-cased): "jan" 1 ... "dec" 12
MONTH_NUMBERS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def parse_iso(text: str) -> datetime | None:
    """Parse an ISO 8601 date or timestamp (naive = local time); None if it is not ISO, BadInput for one
    that cannot be a time in UTC."""
    text = text.strip()
    try:
        # a bare date means that day, at noon (like a date phrase), so it never slips a day across zones
        value = datetime.combine(date.fromisoformat(text), time(12, 0))
    except ValueError:
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    try:
        if value.tzinfo is None:
            return _from_local(value)
        return value.astimezone(UTC)
    except (OverflowError, ValueError):  # the first or last day datetime can hold, moved past it by the zone
        raise BadInput(
            f"{text!r} is out of range; kith keeps dates from {EARLIEST_YEAR} to {LATEST_YEAR}"
        ) from None


#: words a date phrase may carry that parsedatetime does not claim ("on monday", "at 3pm")
_FILLER = {"at", "on", "in", "the", "around", "about", "of", "and", ","}
#: a number alone ("2026", "1530"): a year to one reader, a time to another (parsedatetime reads 20:26)
_BARE_NUMBER = re.compile(r"^\d{3,4}$")
#: the range of years a relationship's dates can fall in: anything else is a typo
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
#: text shaped like an ISO 8601 date or time, which must then be a valid one
_ISO_LIKE = re.compile(r"^\d{4}-\d\d?-\d\d?([T ]\d\d?:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$")
#: how far past the clock a time that has happened may be (clocks disagree a little)
LEEWAY = timedelta(minutes=5)


def parse_when(text: str, now: datetime, *, past_only: bool = False, ahead_ok: bool = False) -> datetime:
    """Parse a date phrase relative to ``now``; BadInput when it cannot be understood.

    Every word must be part of the date: "yesterday banana" or a misspelt "last fridy 3pm" is refused
    rather than read as "yesterday" or "today 3pm". With ``past_only`` (when something happened) a bare
    weekday or a day without a year means the latest one that has passed; ``ahead_ok`` reads so too but
    lets a time after now through ("next thursday", a date), for what may be booked ahead (an interview).
    """
    if not text or not text.strip():
        raise BadInput("empty date; try 'yesterday', 'last friday 3pm' or 2026-03-01")
    if _BARE_NUMBER.match(text.strip()):
        raise BadInput(
            f"{text.strip()!r} alone could be a year or a time; say 2026-03-01, '3pm' or 'today 15:30'"
        )
    value = parse_iso(text)
    if value is None and _ISO_LIKE.match(text.strip()):
        raise BadInput(f"{text!r} is not a valid date or time; try 2026-03-01 or 2026-03-01T15:30")
    if value is None:
        value = _parse_weekday(text, now, past_only)
    if value is None:
        value = _parse_phrase(text, now, past_only)
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise BadInput(
            f"{text!r} is in the year {value.year}; kith keeps dates from {EARLIEST_YEAR} to {LATEST_YEAR}"
        )
    if past_only and not ahead_ok and value > now + LEEWAY:
        raise BadInput(f"{text!r} is in the future ({value:%Y-%m-%d %H:%M} UTC); say e.g. 'last friday'")
    return value


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = {**{d: i for i, d in enumerate(WEEKDAYS)}, **{d[:3]: i for i, d in enumerate(WEEKDAYS)}}
#: "last friday", "next monday 9am", "friday at 15:30", "this thu 3:30pm"
_WEEKDAY_PHRASE = re.compile(
    r"^(?:(?P<which>last|next|this|on)\s+)?(?P<day>[a-z]+)\.?"
    r"(?:\s+(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d\d))?\s*(?P<half>am|pm)?)?$"
)


def _parse_weekday(text: str, now: datetime, past_only: bool) -> datetime | None:
    """A weekday phrase, read as a calendar does (GNU ``date -d`` reads "last friday" so too):

    - "last friday": the most recent Friday before today (a week ago when today is Friday);
    - "next friday": the coming Friday after today (a week on when today is Friday);
    - "friday" or "this friday": for when something happened (``past_only``), the latest Friday up to
      today; for a due date, the coming one from today on.

    A time may follow ("3pm", "9:30am", "at 15:30"); without one, noon (or now, for today's, if noon is
    yet to come). None when ``text`` is not such a
    phrase (parsedatetime reads the rest)."""
    match = _WEEKDAY_PHRASE.match(" ".join(text.strip().lower().split()))
    if not match or match["day"] not in _WEEKDAY_NAMES:
        return None
    target = _WEEKDAY_NAMES[match["day"]]
    today = _to_local(now).date()
    behind = (today.weekday() - target) % 7  # days back to the latest such day, today included
    which = match["which"]
    if which == "last":
        day = today - timedelta(days=behind or 7)
    elif which == "next":
        day = today + timedelta(days=(target - today.weekday()) % 7 or 7)
    elif past_only:
        day = today - timedelta(days=behind)
    else:
        day = today + timedelta(days=(target - today.weekday()) % 7)
    if match["hour"] is None:
        if past_only and day == today:
            return min(now, _from_local(datetime.combine(day, time(12, 0))))  # "friday", said on a friday
        return _from_local(datetime.combine(day, time(12, 0)))
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise BadInput(f"cannot read the time in {text!r}: {hour}{match['half']}")
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise BadInput(f"cannot read the time in {text!r}")
    return _from_local(datetime.combine(day, time(hour, minute)))


def _parse_phrase(text: str, now: datetime, past_only: bool) -> datetime:
    import parsedatetime

    constants = parsedatetime.Constants()
    if past_only:
        constants.DOWParseStyle = -1  # "friday" is the last one
        constants.YearParseStyle = 0  # "june 3" is this year's
    calendar = parsedatetime.Calendar(constants, version=parsedatetime.VERSION_CONTEXT_STYLE)
    local_now = _to_local(now)
    # examples that fit the question: when something happened, or a time that may be ahead (a snooze)
    examples = "'yesterday', 'last friday 3pm'" if past_only else "'next monday', 'in 2 weeks'"
    unreadable = f"cannot read the date {text!r}; try {examples} or 2026-03-01"
    if len(text) > 200:
        raise BadInput(f"cannot read the date {text[:40]!r}...: too long for a date")
    parsed, context = calendar.parseDT(text, sourceTime=local_now)
    if not context.hasDateOrTime:
        raise BadInput(unreadable)
    found = calendar.nlp(text, sourceTime=local_now) or ()
    if found:
        rest = list(text)
        for _, _, start, end, _ in found:
            rest[start:end] = " " * (end - start)
        extra = [w for w in "".join(rest).replace(",", " , ").split() if w.lower() not in _FILLER]
        if extra:
            raise BadInput(f"cannot read the date {text!r} (what is {' '.join(extra)!r}?)")
    if context.hasDate and not context.hasTime:
        parsed = datetime.combine(parsed.date(), time(12, 0))
    if (
        past_only
        and parsed > local_now
        and context.accuracy & context.ACU_MONTH
        and not context.accuracy & context.ACU_YEAR
    ):
        try:
            parsed = parsed.replace(year=parsed.year - 1)  # "december 25" said in June: last year's
        except ValueError:  # february 29th
            parsed = parsed.replace(year=parsed.year - 1, day=28)
    return _from_local(parsed)
