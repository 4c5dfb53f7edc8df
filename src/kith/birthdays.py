"""Birthdays and anniversaries: dates that come back every year, with or without a year.

A ``YearlyDate`` is a month and a day, and the year when it is known: a birthday without a year is a
whole birthday (many address books keep only the day). It is stored as text in the form vCard 4 and
ISO 8601 use, ``1985-04-12`` with a year and ``--04-12`` without, and read from what people type and
what address books write:

- ``1985-04-12`` and ``19850412`` (a year); ``04-12``, ``--04-12`` and ``--0412`` (no year);
- a timestamp whose date is one of these (``1985-04-12T00:00:00Z``: some vCard 3 writers add a time);
- year ``0000`` means no year (some phones write it so); any other year is from ``EARLIEST_YEAR`` on.

29 February: in a year without one, the day is kept on 28 February (still February, and before the
day has passed), and every place that shows the date says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from kith.errors import BadInput
from kith.wording import count

#: the earliest year a birthday or anniversary can have (anything earlier is a typo)
EARLIEST_YEAR = 1900
#: the two yearly dates kith keeps about a person, and how each is said
KINDS = ("birthday", "anniversary")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_WITH_YEAR = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_NO_YEAR = re.compile(r"^(?:--)?(\d{2})-?(\d{2})$")


@dataclass(frozen=True)
class YearlyDate:
    """A birthday or an anniversary: ``month`` and ``day``, and ``year`` when known (None otherwise)."""

    month: int
    day: int
    year: int | None = None

    def stored(self) -> str:
        """The stored form: ``1985-04-12``, or ``--04-12`` without a year."""
        head = f"{self.year:04d}" if self.year is not None else "-"
        return f"{head}-{self.month:02d}-{self.day:02d}"

    def spoken(self) -> str:
        """In words: "12 April 1985", or "12 April" without a year."""
        words = f"{self.day} {MONTHS[self.month - 1]}"
        return f"{words} {self.year}" if self.year is not None else words

    def in_year(self, year: int) -> date:
        """The day it falls on in ``year``: 29 February on 28 February when ``year`` has none."""
        if (self.month, self.day) == (2, 29) and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def next_on(self, today: date) -> date:
        """The next day it falls on, ``today`` included."""
        this_year = self.in_year(today.year)
        return this_year if this_year >= today else self.in_year(today.year + 1)

    def years_on(self, day: date) -> int | None:
        """How many years it is on ``day`` (the age turned, the years married); None without a year."""
        return day.year - self.year if self.year is not None else None

    def moved(self, day: date) -> bool:
        """Whether ``day`` is 28 February standing in for a 29 February that year lacks."""
        return (self.month, self.day) == (2, 29) and (day.month, day.day) == (2, 28)


def local_day(moment: datetime) -> date:
    """The user's calendar day at ``moment`` (a birthday is "today" by the user's clock, not UTC's)."""
    return moment.astimezone().date()


def parse_yearly(text: str, what: str = "birthday", *, today: date | None = None) -> YearlyDate:
    """Read a birthday or anniversary as typed or as a file holds it; BadInput (naming ``what``) when it
    is no date. With ``today``, a date with a year after it is refused too."""
    raw = (text or "").strip()
    value = raw.split("T", 1)[0] if "T" in raw[4:] else raw  # a timestamp's date
    found = _WITH_YEAR.match(value)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _NO_YEAR.match(value)
        if not found:
            raise BadInput(
                f"{what} {raw!r} is not a date; write 1985-04-12, or 04-12 for a day without a year"
            )
        year, month, day = 0, *(int(g) for g in found.groups())
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        if year and (month, day) == (2, 29):
            raise BadInput(f"{what} {raw!r}: {year} has no 29 February")
        raise BadInput(f"{what} {raw!r} is no day of the year (month 1 to 12, then the day)")
    if year and year < EARLIEST_YEAR:
        raise BadInput(f"{what} {raw!r}: a year from {EARLIEST_YEAR} on, or none (04-12)")
    found_date = YearlyDate(month, day, year or None)
    if today is not None and year and found_date.in_year(year) > today:
        raise BadInput(f"{what} {raw!r} is in the future; the day it happened, or 04-12 without a year")
    return found_date


def stored_yearly(text: str | None) -> YearlyDate | None:
    """A stored birthday or anniversary (None for none)."""
    return parse_yearly(text) if text else None


def when_words(day: date, today: date) -> str:
    """When ``day`` comes, from ``today``: "today (15 June)", "tomorrow (16 June)", "on Friday (19 June)"
    within the week, else "on Monday 12 April 2027 (in 301 days)"."""
    days = (day - today).days
    short = f"{day.day} {MONTHS[day.month - 1]}"
    if days == 0:
        return f"today ({short})"
    if days == 1:
        return f"tomorrow ({short})"
    if 1 < days < 7:
        return f"on {WEEKDAYS[day.weekday()]} ({short})"
    return f"on {WEEKDAYS[day.weekday()]} {short} {day.year} (in {count(days, 'day')})"


def yearly_record(stored: str | None, today: date) -> dict | None:
    """The one shape of a birthday or anniversary (None when not known): the date as stored, its
    parts, the next day it falls on (from ``today``), in how many days, how many years it will be then
    (None without a year), and all that in words."""
    value = stored_yearly(stored)
    if value is None:
        return None
    upcoming = value.next_on(today)
    return {
        "date": value.stored(),
        "month": value.month,
        "day": value.day,
        "year": value.year,
        "next": upcoming.isoformat(),
        "in_days": (upcoming - today).days,
        "years": value.years_on(upcoming),
        "text": describe(value, upcoming, today),
    }


def describe(value: YearlyDate, upcoming: date, today: date) -> str:
    """A yearly date in words with its next day: "19 June 1985; next on Friday (19 June), 41 years";
    "15 June; today"; "29 February; next on Sunday 28 February 2027 (in 258 days), as 2027 has no 29
    February"."""
    years = value.years_on(upcoming)
    days = (upcoming - today).days
    when = ("today", "tomorrow")[days] if days <= 1 else f"next {when_words(upcoming, today)}"
    text = f"{value.spoken()}; {when}"
    if years is not None:
        text += f", {count(years, 'year')}"
    return text + leap_note(value, upcoming)


def leap_note(value: YearlyDate, day: date) -> str:
    """ ", as 2027 has no 29 February" when ``day`` stands in for a 29 February; "" otherwise."""
    return f", as {day.year} has no 29 February" if value.moved(day) else ""
