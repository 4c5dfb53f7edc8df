# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Common ground with a person (kith.reach.common): employers and schools with the years both were
there, tags, who else knows them with your own tie to each, and how you met; in ``kith show``, its
JSON, the person page, the API and the brief."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import counted_pipelines
from test_paths import past_role
from web_client import api, web  # noqa: F401  (fixtures)


@pytest.fixture
def ground(kith):
    """You and Jane: both at Acme (you 2018–2021, she 2019–2022), both at Globex but years apart, both at
    MIT (you 2004–2008, she 2006–2010) and at Stanford (her years unknown), both tagged python. Tom (your
    friend) knows her from college; Carl was at a dinner with you both; you met her through Bob."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Bob Roe")
    kith("add", "Jane Doe", "--tag", "python", "--tag", "climate", "--met-via", "Bob Roe")
    kith("edit", "Jane Doe", "--how-met", "at PyCon", "--company", "Initech")
    kith("edit", "me", "--tag", "python", "--company", "Globex")
    past_role("me", "Acme", date(2018, 1, 1), date(2021, 12, 31))
    past_role("Jane Doe", "Acme", date(2019, 3, 1), date(2022, 6, 30))
    past_role("Jane Doe", "Globex", date(2015, 1, 1), date(2016, 6, 30))
    kith("edit", "me", "--school", "MIT", "--school-from", "2004", "--school-to", "2008")
    kith("edit", "me", "--school", "Stanford", "--school-from", "2010", "--school-to", "2011")
    kith(
        "edit",
        "Jane Doe",
        "--school",
        "mit",
        "--degree",
        "BSc",
        "--school-from",
        "2006",
        "--school-to",
        "2010",
    )
    kith("edit", "Jane Doe", "--school", "Stanford")
    for name in ("Tom Lee", "Carl Coll"):
        kith("add", name)
    for when in ("2026-04-06", "2026-05-04", "2026-06-01"):
        kith("log", "coffee", "Tom Lee", "--when", when)
    kith("log", "dinner", "Jane Doe", "Carl Coll", "--when", "2026-05-01")
    kith("knows", "Tom Lee", "Jane Doe", "--how", "college friends")
    return kith


def test_the_common_ground_with_exact_years_and_evidence(ground):
    shown = ground("show", "Jane Doe", "--json").json()
    common = shown["common_ground"]
    assert [e["words"] for e in common["employers"]] == ["both at Acme 2019–2021", "both worked at Globex"]
    assert common["employers"][0] == {
        "name": "Acme",
        "from": 2019,
        "to": 2021,
        "words": "both at Acme 2019–2021",
    }
    assert [e["words"] for e in common["schools"]] == ["both at MIT 2006–2008", "both went to Stanford"]
    assert common["tags"] == ["python"]
    assert common["how_met"] == "at PyCon"
    assert common["met_via"]["name"] == "Bob Roe"
    mutual = [(m["name"], m["evidence"]) for m in common["mutual"]]
    assert mutual == [
        ("Tom Lee", "you said they know each other: college friends"),
        ("Carl Coll", "together at 1 group interaction of yours (latest 2026-05-01)"),
        ("Bob Roe", "you met Jane Doe through Bob Roe"),
    ]
    tom, carl, bob = common["mutual"]
    assert tom["strength"] > carl["strength"] > bob["strength"] == 0
    assert tom["circle"] is not None and tom["weight"] == 0.9
    assert common["summary"] == (
        "both at Acme 2019–2021; both worked at Globex; both at MIT 2006–2008; both went to Stanford; "
        "both tagged python; 3 mutual contacts (Tom Lee, Carl Coll, Bob Roe)"
    )
    assert shown["person"]["education"] == [
        {
            "school": "mit",
            "degree": "BSc",
            "from": 2006,
            "to": 2010,
            "years": "2006–2010",
            "source": "manual",
        },
        {"school": "Stanford", "degree": None, "from": None, "to": None, "years": "", "source": "manual"},
    ]
    assert ground("show", "me", "--json").json()["common_ground"] is None


def test_show_says_what_you_share_and_who_else_knows_them(ground):
    out = ground("show", "Jane Doe").stdout
    assert "  school   mit, BSc, 2006–2010\n" in out
    assert (
        "  in common: both at Acme 2019–2021; both worked at Globex; both at MIT 2006–2008; "
        "both went to Stanford; both tagged python\n"
    ) in out
    assert "Who else knows them:\n  Tom Lee (yours: " in out
    assert "): you said they know each other: college friends\n" in out
    assert "  Bob Roe (yours: collected): you met Jane Doe through Bob Roe\n" in out


def test_the_person_page_and_the_api_show_the_same(ground, api, web):
    shown = ground("show", "Jane Doe", "--json").json()
    jane = shown["person"]["id"]
    assert api.get(f"/api/people/{jane}").json() == shown
    html = web.get(f"/people/{jane}").text
    section = html.split('class="common-ground"', 1)[1].split("</section>", 1)[0]
    assert (
        "<h2>How you know them</h2>" in section and '<h3 id="who-knows">Who else knows them</h3>' in section
    )
    assert "<li>both at Acme 2019–2021</li>" in section
    assert "<li>both went to Stanford</li>" in section
    assert f'<a href="/people/{shown["common_ground"]["mutual"][0]["id"]}">Tom Lee</a>' in section
    assert "you said they know each other: college friends" in section
    assert "<h2>Schools</h2>" in html and "mit, BSc" in html


def test_nobody_known_to_know_them_offers_reach(ground, web):
    kim = ground("add", "Kim Kay") and ground("show", "Kim Kay", "--json").json()["person"]["id"]
    section = web.get(f"/people/{kim}").text.split('class="common-ground"', 1)[1].split("</section>", 1)[0]
    assert "Nothing in common recorded yet." in section
    assert f'<a href="/reach?q=%23{kim}">Who can introduce you?</a>' in section
    ground("log", "call", "Kim Kay", "--when", "2026-06-01")
    ground("log", "email", "Kim Kay", "--when", "2026-06-02")
    section = web.get(f"/people/{kim}").text.split('class="common-ground"', 1)[1].split("</section>", 1)[0]
    assert "You have 2 interactions logged; nothing else in common recorded." in section
    assert "Nothing in common recorded yet." not in section


def test_the_brief_says_the_common_ground_in_a_line(ground, api, web):
    lines = ground("brief", "Jane Doe").stdout.splitlines()
    assert (
        "Common ground: both at Acme 2019–2021; both worked at Globex; both at MIT 2006–2008; both went to "
        "Stanford; both tagged python"
    ) in lines
    assert not [line for line in lines if line.startswith(("Shared:", "In common"))]  # said once
    # the brief's mutual contacts, then whom the graph adds (Tom: you said they know each other)
    assert (
        "Mutual contacts: Bob Roe (introduced you to Jane Doe); Carl Coll (met with you both once); "
        "Tom Lee (you said they know each other: college friends)"
    ) in lines
    brief = ground("brief", "Jane Doe", "--json").json()
    assert api.get(f"/api/people/{brief['id']}/brief").json() == brief
    page = web.get(f"/people/{brief['id']}/brief").text
    assert (
        '<p class="common-ground">both at Acme 2019–2021; both worked at Globex; both at MIT 2006–2008;'
        in page
    )
    assert "<h3>In common</h3>" not in page


def test_more_than_ten_mutual_contacts_are_counted_truly(ground, api, web):
    for k in range(11):
        ground("add", f"Friend {k:02d}")
        ground("knows", f"Friend {k:02d}", "Jane Doe")
    shown = ground("show", "Jane Doe", "--json").json()
    common = shown["common_ground"]
    # Tom, Carl, Bob and eleven friends: 14 in all, the first 10 shown
    assert (len(common["mutual"]), common["mutual_count"], common["mutual_more"]) == (10, 14, 4)
    assert common["summary"].endswith("; 14 mutual contacts (Tom Lee, Carl Coll, Friend 00, ...)")
    assert "\n  and 4 more (all of them: kith show 'Jane Doe' --all)\n" in ground("show", "Jane Doe").stdout
    pid = shown["person"]["id"]
    assert api.get(f"/api/people/{pid}").json()["common_ground"] == common
    assert (
        f'<li class="muted"><a href="/people/{pid}?all=1#who-knows">and 4 more</a></li>'
        in web.get(f"/people/{pid}").text
    )


def test_every_mutual_contact_is_listed_on_asking(ground, api, web):
    for k in range(11):
        ground("add", f"Friend {k:02d}")
        ground("knows", f"Friend {k:02d}", "Jane Doe")
    every = ground("show", "Jane Doe", "--all", "--json").json()["common_ground"]
    assert (len(every["mutual"]), every["mutual_count"], every["mutual_more"]) == (14, 14, 0)
    said = ground("show", "Jane Doe", "--all").stdout
    assert all(f"  Friend {k:02d}" in said for k in range(11)) and "more" not in said.split("Timeline")[0]
    pid = ground("show", "Jane Doe", "--json").json()["person"]["id"]
    assert api.get(f"/api/people/{pid}", params={"all": "true"}).json()["common_ground"] == every
    page = web.get(f"/people/{pid}", params={"all": "1"}).text
    assert all(f">Friend {k:02d}</a>" in page for k in range(11)) and "more</a></li>" not in page


def test_the_reads_of_a_person_and_of_their_mutual_contacts_ties_each_take_one_round_trip(
    ground, monkeypatch
):
    """On PostgreSQL the person's details (8 reads) go together, and so do the 6 reads of the evidence of
    their ties with the mutual contacts: two round trips (psycopg's pipeline mode) for 14 statements."""
    from kith.settings import get_settings

    pipelines = counted_pipelines(monkeypatch)
    mutual = ground("show", "Jane Doe", "--json").json()["common_ground"]["mutual"]
    assert [m["name"] for m in mutual] == ["Tom Lee", "Carl Coll", "Bob Roe"]
    assert len(pipelines) == (2 if get_settings().database_url.startswith("postgresql") else 0)
