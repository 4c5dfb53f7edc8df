"""Plurals and numbers as a reader sees them: on a home with exactly one of each thing (one person, one
connection, one interaction, one favour, one promise, one request for help...), no page and no command
says "1 people", "1 connections", "1 interactions", "1 days" or the like."""

# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811

from __future__ import annotations

import csv
import html
import re

import pytest
from web_client import web  # noqa: F401  (fixture)

#: a count of one followed by a plural noun
WRONG = re.compile(
    r"\b1 (people|persons|connections|interactions|relationships|days|weeks|months|years|favours|promises"
    r"|requests|invitations|items|times|pairs|replies|phone numbers|job changes|possible duplicates"
    r"|social reactions|open promises)\b"
)


@pytest.fixture
def one_of_each(kith, tmp_path):
    kith("me", "--name", "Ada Lovelace")
    path = tmp_path / "Connections.csv"
    with path.open("w", newline="") as out:
        csv.writer(out).writerows(
            [
                ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
                ["Jane", "Doe", "https://www.linkedin.com/in/jane-doe", "", "Acme", "CTO", "12 Mar 2019"],
            ]
        )
    kith("import", "linkedin", str(path))
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-14", "--duration", "60", "--note", "a coffee")
    kith("favour", "give", "Jane Doe", "intro", "--when", "2026-06-10")
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-20")
    kith("ask", "an intro to a designer", "--to", "Jane Doe", "--when", "2026-06-01")
    kith("like", "Jane Doe")
    kith("edit", "Jane Doe", "--tag", "python")
    kith("agenda", "--follow-up-days", "1")
    return kith("show", "Jane Doe", "--json").json()["person"]["id"]


def text_of(page: str) -> str:
    """What a reader sees of a page: the text without tags, spaces collapsed. Charts are left out: their
    tick labels and axis titles are separate words that only run together once the tags are gone."""
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_no_page_says_one_of_a_plural(one_of_each, web):
    jane = one_of_each
    pages = (
        "/",
        "/people",
        f"/people/{jane}",
        f"/people/{jane}/brief",
        "/agenda",
        "/ledger",
        "/invitations",
        "/friends",
        "/report",
        "/settings",
        "/prune",
        "/log",
        "/undo",
    )
    for path in pages:
        page = web.get(path)
        assert page.status_code == 200, path
        seen = text_of(page.text)
        assert not WRONG.search(seen), (path, WRONG.search(seen))
    assert "1 person" in text_of(web.get("/").text)
    assert "1 connection on a platform" in text_of(web.get("/report").text)
    assert "1 interaction logged" in text_of(web.get("/").text)


def test_no_command_says_one_of_a_plural(one_of_each, kith):
    commands = (
        ("people",),
        ("show", "Jane Doe"),
        ("brief", "Jane Doe"),
        ("report",),
        ("ledger",),
        ("ledger", "Jane Doe"),
        ("agenda", "--all"),
        ("friends",),
        ("prune",),
        ("commitments",),
        ("interactions",),
        ("invitations",),
    )
    for command in commands:
        out = " ".join(kith(*command).stdout.split())
        assert not WRONG.search(out), (command, WRONG.search(out))
    assert kith("people").stdout.rstrip().endswith("1 person")
    assert "1 person: 1 connection on a platform" in kith("report").stdout


def test_thousands_are_separated_the_same_in_cards_and_charts():
    from kith.charts import circles_figure

    report = {
        "circles": {"collected": 1546, "friends": 3},
        "headline": "1,549 people: 1,546 connections on a platform, 3 relationships, 0 close",
    }
    figure = circles_figure(report)
    figure.canvas.draw()
    axes = figure.axes[0]
    assert "1,546" in [t.get_text() for t in axes.texts]  # the bar's label
    ticks = [t.get_text() for t in axes.get_yticklabels()]
    # the axis as the cards write it: "1,500", never "1500" (nor "1500.0")
    assert any(re.fullmatch(r"1,\d{3}", t) for t in ticks), ticks
    assert not any(re.fullmatch(r"\d{4,}(\.\d+)?", t) for t in ticks), ticks
