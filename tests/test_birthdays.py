"""Reading birthdays and anniversaries (``kith.birthdays``) in every form people and address books write,
and the next day one falls on, 29 February included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kith.birthdays import YearlyDate, parse_yearly
from kith.errors import BadInput


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1985-04-12", "1985-04-12"),
        ("19850412", "1985-04-12"),
        ("04-12", "--04-12"),
        ("--04-12", "--04-12"),
        ("--0412", "--04-12"),
        (" --04-12 ", "--04-12"),
        ("1985-04-12T00:00:00Z", "1985-04-12"),
        ("0000-04-12", "--04-12"),
        ("02-29", "--02-29"),
        ("2000-02-29", "2000-02-29"),
    ],
)
def test_every_written_form_is_read(typed, stored):
    assert parse_yearly(typed).stored() == stored


@pytest.mark.parametrize("typed", ["", "April 12", "1985", "1985-04", "13-01", "1985-02-29", "1899-01-01"])
def test_what_is_no_day_of_a_year_is_refused(typed):
    with pytest.raises(BadInput):
        parse_yearly(typed)


@given(
    month_day=st.dates(date(2000, 1, 1), date(2000, 12, 31)),
    today=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
)
def test_the_next_day_is_within_a_year_and_on_the_day_or_the_28th_for_29_february(month_day, today):
    value = YearlyDate(month_day.month, month_day.day)
    upcoming = value.next_on(today)
    assert today <= upcoming < today + timedelta(days=366)
    if (value.month, value.day) == (2, 29) and upcoming.day == 28:
        assert value.moved(upcoming) and upcoming.month == 2
    else:
        assert (upcoming.month, upcoming.day) == (value.month, value.day)
