"""How kith says times and counts in words, the same on every page and in every command.

Lengths of time are rounded down, in one set of steps: days up to two weeks, then weeks up to two
months, then months up to two years, then years. So 2.6 years is "2 years" (a span: "over 2 years").
How long ago something was counts calendar days, in local time, as people do: a coffee yesterday at
noon is "yesterday" this morning (not "today"), one on Wednesday evening is "5 days ago" on Monday
noon, whether the CLI, a page, an explanation or an agenda reason says it.
Counts get thousands separators and the right plural: "1 person", "1,546 people", "4 lunches", "2 replies".
"""

from __future__ import annotations

from datetime import date, datetime

DAY = 86400.0

#: nouns whose plural the rules below would get wrong (the kinds already plural, or said as letters)
IRREGULAR = {"person": "people", "child": "children", "drinks": "drinks", "sms": "sms", "news": "news"}


def number(n: int | float) -> str:
    """A count with thousands separators: 1546 -> "1,546"."""
    return f"{int(n):,}"


def plural(noun: str, n: int | float) -> str:
    """``noun`` for a count of ``n``: "person" for 1, "people" otherwise."""
    if int(n) == 1:
        return noun
    if noun in IRREGULAR:
        return IRREGULAR[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):  # lunch, address, box
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):  # reply, company
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int | float, noun: str) -> str:
    """A count and its noun: "1 person", "1,546 people", "0 interactions"."""
    return f"{number(n)} {plural(noun, n)}"


def span(days: float) -> str:
    """A length of time in words, rounded down: "3 days", "2 weeks", "5 months", "2 years"."""
    if days < 1:
        return "less than a day"
    if days < 14:
        return count(int(days), "day")
    if days < 60:
        return count(int(days // 7), "week")
    if days < 730:
        return count(int(days // 30.44), "month")
    return count(int(days // 365.25), "year")


def days_ago(days: float) -> str:
    """How long ago, from a number of days: "today", "yesterday", "4 days ago", "2 years ago"."""
    if days < 0:
        return "in the future"
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    return span(days) + " ago"


def calendar_days(when: datetime, now: datetime) -> int:
    """Days from ``when``'s date to ``now``'s on the calendar, in local time: 1 for anything yesterday,
    whatever the hour (what people mean by "yesterday" or "3 days ago")."""
    return (now.astimezone().date() - when.astimezone().date()).days


def ago(when: datetime | None, now: datetime) -> str:
    """How long before ``now`` ``when`` was, counted in calendar days: "yesterday" for yesterday noon
    seen this morning, "3 days ago", "2 months ago"; "never" for None."""
    if when is None:
        return "never"
    if when > now:
        return "in the future"
    return days_ago(calendar_days(when, now))


def years(start: date | None, end: date | None) -> str:
    """The years a role or a school took: "2019–2021", "in 2020", "since 2019", "until 2021", or "" when
    neither end is known."""
    if start and end:
        return f"in {start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    if start:
        return f"since {start.year}"
    return f"until {end.year}" if end else ""
