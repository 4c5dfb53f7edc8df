"""The network picture (kith.reach.picture): the circles as rings, the groups of who knows whom and the
bridges into them, on a crafted network; and its drawing, as PNG (kith report --png) and SVG."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from test_paths import past_role

from kith.charts import network_svg
from kith.reach.picture import picture_of, picture_record
from kith.store.db import transaction
from kith.strength.service import ties

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def two_groups(kith):
    """Jane (a friend) works at Globex with Carl and Dan; Tom, Ann and Ben are at Acme, where you know
    nobody well; Jane knows Tom from college."""
    kith("me", "--name", "Ada Lovelace")
    for name in ("Jane Doe", "Carl Coll", "Dan Dee", "Tom Lee", "Ann Ash", "Ben Bo"):
        kith("add", name)
    for name in ("Jane Doe", "Carl Coll", "Dan Dee"):
        past_role(name, "Globex", date(2020, 1, 1), None)
    for name in ("Tom Lee", "Ann Ash", "Ben Bo"):
        past_role(name, "Acme", date(2021, 1, 1), None)
    for when in ("2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("log", "call", "Tom Lee", "--when", "2025-01-10")
    kith("knows", "Jane Doe", "Tom Lee", "--how", "college friends")
    return kith


def picture() -> dict:
    with transaction(write=False) as session:
        return picture_of(session, NOW)


def test_the_groups_and_the_bridge_into_the_one_you_do_not_reach(two_groups):
    drawn = picture()
    record = picture_record(drawn)
    assert record["people"] == 6
    assert record["ties"] == 7  # three at Globex, three at Acme, and college
    assert [g["label"] for g in record["groups"]] == ["Globex (3 people)", "Acme (3 people)"]
    (bridge,) = record["bridges"]
    assert (bridge["person"]["name"], bridge["via"]["name"], bridge["group"]) == (
        "Jane Doe",
        "Tom Lee",
        "Acme (3 people)",
    )
    assert bridge["reason"] == (
        "Jane Doe knows Tom Lee (you said they know each other: college friends) in Acme (3 people);"
        " you know nobody there well"
    )
    with transaction(write=False) as session:
        jane = ties(session, NOW)[bridge["person"]["id"]]
    assert jane.circle in ("intimate", "close", "friends", "meaningful")
    assert bridge["value"] == pytest.approx(jane.strength * 0.9, abs=1e-4)
    rings = {r["circle"]: r["people"] for r in record["rings"]}
    assert sum(rings.values()) == 6
    # Jane and Tom are named on the picture: the closest people and the bridges are labelled
    names = [drawn["people"][i]["name"] for i in drawn["labelled"]]
    assert "Jane Doe" in names


def test_knowing_someone_there_well_yourself_leaves_no_bridge(two_groups):
    for when in ("2026-02-03", "2026-03-03", "2026-04-07", "2026-05-05", "2026-06-02", "2026-06-13"):
        two_groups("log", "lunch", "Ann Ash", "--when", when)
    assert picture_record(picture())["bridges"] == []


def test_the_png_and_the_svg(two_groups, tmp_path):
    listed = two_groups("report", "--json", "--png", str(tmp_path)).json()["charts"]
    assert listed[-1] == str(tmp_path / "network.png")
    assert (tmp_path / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = network_svg(picture())
    assert "Jane Doe" in svg and "bridge to another group" in svg and "Acme (3 people)" in svg
