"""Turn what a user types for a date ("yesterday", "last friday 3pm", "2026-03-01") into a UTC time.

ISO 8601 is read directly; anything else goes to parsedatetime (imported only then, to keep
``kith log`` quick). Times without a zone are in the user's local zone; results are aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kith.errors import BadInput


def _local_tz():
    return datetime.now().astimezone().tzinfo


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_iso(text: str) -> datetime | None:
    """Parse an ISO 8601 date or timestamp (naive = local time); None if it is not ISO."""
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
    return value.astimezone(UTC)


def parse_when(text: str, now: datetime, *, past_only: bool = False) -> datetime:
    """Parse a date phrase relative to ``now``; BadInput when it cannot be understood."""
    if not text or not text.strip():
        raise BadInput("empty date; try 'yesterday', 'last friday 3pm' or 2026-03-01")
    value = parse_iso(text)
    if value is None:
        import parsedatetime

        calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
        local_now = now.astimezone(_local_tz()).replace(tzinfo=None)
        parsed, context = calendar.parseDT(text, sourceTime=local_now)
        if not context.hasDateOrTime:
            raise BadInput(f"cannot read the date {text!r}; try 'yesterday', 'last friday 3pm' or 2026-03-01")
        if context.hasDate and not context.hasTime:
            parsed = datetime.combine(parsed.date(), time(12, 0))
        value = parsed.replace(tzinfo=_local_tz()).astimezone(UTC)
    if past_only and value > now + timedelta(minutes=5):
        raise BadInput(f"{text!r} is in the future ({value:%Y-%m-%d %H:%M} UTC); say e.g. 'last friday'")
    return value
