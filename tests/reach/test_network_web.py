# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The network page and GET /api/network: the picture inline (wide and narrow), and under it the same
bridges, groups and rings in words, as the API gives them."""

from __future__ import annotations

import html
import re

from test_evidence import gathering
from test_picture import picture, two_companies, two_groups  # noqa: F401  (fixture)
from web_client import api, web  # noqa: F401  (fixtures)

from kith.reach.picture import picture_record, smaller_groups_words

_LINK = r'<a href="/people/(\d+)">([^<]+)</a>'


def stated(page: str) -> dict:
    """What the page's text says: the bridges, the weak ways in, the groups named and the ones counted."""
    main = page.split("<main", 1)[-1]

    def bridges(css: str) -> list[tuple]:
        found = re.findall(
            rf'<li class="{css}">{_LINK} \((\w+)\) into <span class="group-name">([^<]+)</span>: knows {_LINK}',
            main,
        )
        return [
            (int(p), html.unescape(n), c, html.unescape(g), int(v), html.unescape(w))
            for p, n, c, g, v, w in found
        ]

    smaller = re.search(r'<li class="smaller-groups">.*?</span>and ([^<]+), in grey</li>', main)
    ungrouped = re.search(r'<li class="ungrouped">.*?</span>([\d,]+) (?:person|people) in no group', main)
    return {
        "bridges": bridges("bridge"),
        "weak_bridges": bridges("weak-bridge"),
        "groups": [html.unescape(g) for g in re.findall(r'<li class="group">.*?</span>([^<]+)</li>', main)],
        "smaller": smaller.group(1) if smaller else None,
        "ungrouped": int(ungrouped.group(1).replace(",", "")) if ungrouped else 0,
        "rings": re.findall(r'<tr><td>(\w+)</td><td class="num">([\d,]+)</td></tr>', main),
    }


def said_by(record: dict) -> dict:
    """The same, from GET /api/network's answer."""

    def bridges(listed: list[dict]) -> list[tuple]:
        return [
            (
                b["person"]["id"],
                b["person"]["name"],
                b["person"]["circle"],
                b["group"],
                b["via"]["id"],
                b["via"]["name"],
            )
            for b in listed
        ]

    small = record["smaller_groups"]
    return {
        "bridges": bridges(record["bridges"]),
        "weak_bridges": bridges(record["weak_bridges"]),
        "groups": [g["label"] for g in record["groups"]],
        "smaller": smaller_groups_words(small) if small["groups"] else None,
        "ungrouped": record["ungrouped"],
        "rings": [(r["circle"], f"{r['people']:,}") for r in record["rings"]],
    }


def test_the_page_shows_the_picture_and_lists_the_bridges(two_groups, web):
    page = web.get("/network").text
    main = page.split("<main", 1)[-1]
    # two drawings (a wide one with names, a narrow one with the bridges numbered), no script
    assert main.count("<svg") == 2 and '<div class="narrow">' in main and "<script" not in main
    assert main.count('class="bridge"') == 1
    assert "Jane Doe</a> (" in main and 'into <span class="group-name">Acme (3 people)</span>: knows' in main
    assert "Globex (3 people)" in main
    assert '<a href="/network"' in web.get("/").text


def test_a_bridge_says_each_thing_once(two_groups, web):
    main = web.get("/network").text.split("<main", 1)[-1]
    (line,) = re.findall(r'<li class="bridge">.*?</li>', main)
    said = html.unescape(re.sub(r"<[^>]+>", "", line))
    assert said == (
        "Jane Doe (meaningful) into Acme (3 people): knows Tom Lee "
        "(you said they know each other: college friends); you know nobody there well."
    )


def test_the_api_gives_the_rings_groups_and_bridges(two_groups, api):
    answer = api.get("/api/network").json()
    assert answer == picture_record(picture())
    assert [b["person"]["name"] for b in answer["bridges"]] == ["Jane Doe"]


def test_the_page_and_the_api_state_the_same_groups_and_bridges(two_groups, web, api):
    two_groups("add", "Lone Wolf")
    on_page, answer = stated(web.get("/network").text), api.get("/api/network").json()
    assert on_page == said_by(answer)
    assert [b[1] for b in on_page["bridges"]] == ["Jane Doe"]
    assert on_page["groups"] == ["Globex (3 people)", "Acme (3 people)"] and on_page["ungrouped"] == 1


def test_a_weak_way_in_is_listed_apart_on_the_page_and_in_the_api(kith, web, api):
    two_companies(kith)
    gathering(("Jane Doe", "Tom Lee"), "2026-03-01", kind="email", subject="Conference")
    gathering(("Jane Doe", "Tom Lee"), "2026-04-01", kind="email", subject="Slides")
    page, answer = web.get("/network").text, api.get("/api/network").json()
    on_page = stated(page)
    assert on_page == said_by(answer)
    assert on_page["bridges"] == [] and "No bridges yet" in page
    assert [(b[1], b[3], b[5]) for b in on_page["weak_bridges"]] == [
        ("Jane Doe", "Acme (3 people)", "Tom Lee")
    ]
    assert "Not offered as bridges: weak evidence only" in page
    assert "weak evidence only: on 2 email threads together" in page


def test_an_empty_network_says_there_are_no_bridges(kith, web):
    kith("me", "--name", "Ada Lovelace")
    page = web.get("/network").text
    assert "No bridges yet" in page
