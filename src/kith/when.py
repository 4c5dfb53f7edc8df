"""Turn what a user types for a date ("yesterday", "last friday 3pm", "2026-03-01") into a UTC time.

ISO 8601 is read directly; anything else goes to parsedatetime (imported only then, to keep
``kith log`` quick). Times without a zone are in the user's local zone; results are aware UTC datetimes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from kith.errors import BadInput


def _local_tz():
    return datetime.now().astimezone().tzinfo


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
    if value.tzinfo is None:
        value = value.replace(tzinfo=_local_tz())
    try:
        return value.astimezone(UTC)
    except OverflowError:  # the first or last day datetime can hold, moved past it by the zone
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


def parse_when(text: str, now: datetime, *, past_only: bool = False) -> datetime:
    """Parse a date phrase relative to ``now``; BadInput when it cannot be understood.

    Every word must be part of the date: "yesterday banana" or a misspelt "last fridy 3pm" is refused
    rather than read as "yesterday" or "today 3pm". With ``past_only`` (when something happened) a bare
    weekday or a day without a year means the latest one that has passed.
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
        value = _parse_phrase(text, now, past_only)
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise BadInput(
            f"{text!r} is in the year {value.year}; kith keeps dates from {EARLIEST_YEAR} to {LATEST_YEAR}"
        )
    if past_only and value > now + LEEWAY:
        raise BadInput(f"{text!r} is in the future ({value:%Y-%m-%d %H:%M} UTC); say e.g. 'last friday'")
    return value


def _parse_phrase(text: str, now: datetime, past_only: bool) -> datetime:
    import parsedatetime

    constants = parsedatetime.Constants()
    if past_only:
        constants.DOWParseStyle = -1  # "friday" is the last one
        constants.YearParseStyle = 0  # "june 3" is this year's
    calendar = parsedatetime.Calendar(constants, version=parsedatetime.VERSION_CONTEXT_STYLE)
    local_now = now.astimezone(_local_tz()).replace(tzinfo=None)
    unreadable = f"cannot read the date {text!r}; try 'yesterday', 'last friday 3pm' or 2026-03-01"
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
    return parsed.replace(tzinfo=_local_tz()).astimezone(UTC)
