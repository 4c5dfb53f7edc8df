# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""One way of saying times and counts: the same phrase on every page and in every command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from web_client import web  # noqa: F401  (fixture)

from kith.wording import ago, count, span

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0.5, "today"),
        (1.5, "yesterday"),
        (4.8, "4 days ago"),  # rounded down, never up to 5
        (13.9, "13 days ago"),
        (20, "2 weeks ago"),
        (59, "8 weeks ago"),
        (61, "2 months ago"),
        (729, "23 months ago"),
        (2.6 * 365.25, "2 years ago"),  # not "3 years"
    ],
)
def test_ago_rounds_down_in_one_set_of_steps(days, said):
    assert ago(NOW - timedelta(days=days), NOW) == said


def test_spans_and_counts():
    assert span(2.6 * 365.25) == "2 years" and span(1) == "1 day" and span(0.2) == "less than a day"
    assert count(1, "person") == "1 person" and count(1546, "person") == "1,546 people"
    assert count(1, "connection") == "1 connection" and count(0, "interaction") == "0 interactions"


def test_the_person_page_and_kith_show_say_the_same_time(kith, web):  # noqa: F811
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    # 2.6 years of contact, the last 4 days and 20 hours before now (KITH_NOW in the tests)
    kith("log", "coffee", "Jane Doe", "--when", "2023-11-09T12:00")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-10T16:00")
    shown = kith("show", "Jane Doe").stdout
    assert "last 4 days ago" in shown and "5 days ago" not in shown
    assert "over 2 years" in shown and "over 3 years" not in shown
    person_id = kith("show", "Jane Doe", "--json").json()["person"]["id"]
    page = web.get(f"/people/{person_id}").text
    assert "4 days ago" in page and "5 days ago" not in page
    assert "over 2 years" in page and "over 3 years" not in page
