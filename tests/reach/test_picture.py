"""The network picture (kith.reach.picture): the circles as rings, the groups of who knows whom and the
bridges into them, on a crafted network; a tie on weak evidence only is no bridge; the largest groups are
named and the others counted; and its drawing, as PNG (kith report --png) and SVG, wide and narrow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from test_evidence import gathering
from test_paths import past_role

from kith.charts import network_svg
from kith.reach.picture import LISTED_GROUPS, picture_of, picture_record
from kith.store.db import transaction
from kith.strength.service import ties

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def two_groups(kith):
    """Jane (a friend) works at Globex with Carl and Dan; Tom, Ann and Ben are at Acme, where you know
    nobody well; Jane knows Tom from college."""
    two_companies(kith)
    kith("knows", "Jane Doe", "Tom Lee", "--how", "college friends")
    return kith


def two_companies(kith) -> None:
    """The people of ``two_groups``, without Jane's tie to Acme."""
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


def test_a_tie_on_weak_evidence_only_is_listed_apart_never_offered_as_a_bridge(kith):
    two_companies(kith)
    # Jane and Tom were only ever on two email threads together: they may never have met
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="email", subject="Conference")
    gathering(("Jane Doe", "Tom Lee"), "2026-04-01", kind="email", subject="Slides")
    drawn = picture()
    record = picture_record(drawn)
    assert [g["label"] for g in record["groups"]] == ["Globex (3 people)", "Acme (3 people)"]
    assert record["bridges"] == [] and drawn["bridges"] == []
    (weak,) = record["weak_bridges"]
    assert (weak["person"]["name"], weak["via"]["name"], weak["group"], weak["weak"]) == (
        "Jane Doe",
        "Tom Lee",
        "Acme (3 people)",
        True,
    )
    assert weak["evidence"] == "weak evidence only: on 2 email threads together"
    assert "between them, 0 bridges" in network_svg(drawn)


def test_a_weaker_tie_on_real_evidence_is_offered_before_a_stronger_weak_one(kith):
    two_companies(kith)
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="email", subject="Conference")
    gathering(("Jane Doe", "Tom Lee"), "2026-04-01", kind="email", subject="Slides")
    # 2 threads weigh 1 - 0.85² = 0.28; a stated tie of 0.2 is weaker, but she said it
    kith("knows", "Jane Doe", "Ann Ash", "--how", "neighbours", "--closeness", "0.2")
    record = picture_record(picture())
    (bridge,) = record["bridges"]
    assert (bridge["person"]["name"], bridge["via"]["name"], bridge["weak"]) == ("Jane Doe", "Ann Ash", False)
    assert bridge["evidence"] == "you said they know each other, closeness 0.2: neighbours"
    # the group is reached by a bridge: its weak way in is not listed as well
    assert record["weak_bridges"] == []


def test_the_largest_groups_are_named_and_the_smaller_ones_counted(kith):
    kith("me", "--name", "Ada Lovelace")
    sizes = {"Apex": 8, "Birch": 7, "Cobalt": 6, "Dune": 6, "Elm": 5, "Fjord": 5, "Gale": 4, "Heron": 4}
    sizes |= {"Iris": 3, "Jade": 3, "Kite": 5}
    for company, size in sizes.items():
        for n in range(size):
            kith("add", f"{company} Person{n}")
            past_role(f"{company} Person{n}", company, date(2020, 1, 1), None)
    kith("add", "Lone Wolf")
    record = picture_record(picture())
    assert record["people"] == sum(sizes.values()) + 1
    assert len(record["groups"]) == LISTED_GROUPS == 8
    assert [(g["label"], g["size"]) for g in record["groups"]] == [
        ("Apex (8 people)", 8),
        ("Birch (7 people)", 7),
        ("Cobalt (6 people)", 6),
        ("Dune (6 people)", 6),
        ("Elm (5 people)", 5),
        ("Fjord (5 people)", 5),
        ("Kite (5 people)", 5),
        ("Gale (4 people)", 4),
    ]
    # Heron (4), Iris (3) and Jade (3) are counted, not named; Lone Wolf is in no group
    assert record["smaller_groups"] == {"groups": 3, "people": 10, "smallest": 3, "largest": 4}
    assert record["ungrouped"] == 1
    wide = network_svg(picture())
    assert "3 smaller groups of 3–4 people (10 in all)" in wide and "1 person in no group" in wide
    assert "Gale (4 people)" in wide and "Heron (4 people)" not in wide


def test_the_narrow_drawing_numbers_the_bridges_and_names_nobody(two_groups):
    narrow = network_svg(picture(), narrow=True)
    assert ">1<" in narrow.replace(" ", "")
    assert "Jane Doe" not in narrow and "Globex" not in narrow


def crowded(people: int = 40, bridges: int = 8) -> dict:
    """A picture whose closest people and bridges all sit on the innermost ring, side by side."""
    names = [f"Someone With A Long Name {n}" for n in range(people)]
    return {
        "people": [{"id": n, "name": names[n], "circle": "close", "group": n % 3} for n in range(people)],
        "rings": [{"circle": "close", "people": list(range(people))}],
        "groups": [{"label": f"Group {g} ({people // 3} people)", "size": people // 3} for g in range(3)],
        "ties": {"count": 0, "drawn": [], "weights": []},
        "bridges": [
            {"index": n, "via_index": n + 1, "person": {"id": n, "name": names[n], "circle": "close"}}
            for n in range(5, 5 + bridges)
        ],
        "weak_bridges": [],
        "labelled": list(range(5 + bridges)),
    }


@pytest.mark.parametrize("narrow", [False, True])
def test_no_two_names_or_numbers_on_the_picture_overlap(narrow):
    from matplotlib.text import Text

    from kith.charts import _pyplot, network_figure

    drawn = crowded()
    fig = network_figure(drawn, narrow)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    wanted = {str(n) for n in range(1, 9)} if narrow else {p["name"] for p in drawn["people"][:13]}
    # the text alone (an annotation's own extent takes in its line to the dot)
    boxes = [Text.get_window_extent(t, renderer) for t in fig.axes[0].texts if t.get_text() in wanted]
    _pyplot().close(fig)
    assert len(boxes) == len(wanted) == (8 if narrow else 13)
    overlapping = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if a.overlaps(b)]
    assert overlapping == []
