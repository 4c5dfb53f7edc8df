# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The network page and GET /api/network: the picture inline, the bridges listed beside it."""

from __future__ import annotations

from test_picture import picture, two_groups  # noqa: F401  (fixture)
from web_client import api, web  # noqa: F401  (fixtures)

from kith.reach.picture import picture_record


def test_the_page_shows_the_picture_and_lists_the_bridges(two_groups, web):
    html = web.get("/network").text
    main = html.split("<main", 1)[-1]
    assert "<svg" in main and "<script" not in main
    assert main.count('class="bridge"') == 1
    assert '<a href="/people/' in main and "Jane Doe</a> (" in main and "into Acme (3 people): knows" in main
    assert "Globex (3 people)" in main
    assert '<a href="/network"' in web.get("/").text


def test_the_api_gives_the_rings_groups_and_bridges(two_groups, api):
    answer = api.get("/api/network").json()
    assert answer == picture_record(picture())
    assert [b["person"]["name"] for b in answer["bridges"]] == ["Jane Doe"]


def test_an_empty_network_says_there_are_no_bridges(kith, web):
    kith("me", "--name", "Ada Lovelace")
    html = web.get("/network").text
    assert "No bridges yet" in html
