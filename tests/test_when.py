from datetime import UTC, datetime

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
