# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Reach beyond a person or a company: a school, a title; the give/get balance in the ranking; and the
nearest people when no path leads to the target. Crafted networks with known answers."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assert_user_error
from test_paths import chains, past_role
from web_client import web  # noqa: F401  (fixture)


@pytest.fixture
def schools(kith):
    """Jane (six coffees) knows Tom, who went to École Polytechnique; Kim went to Polytechnique
    Montréal; Mo, an engineer, is known to nobody."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "VP Engineering")
    kith("add", "Kim Kay", "--title", "VP Sales")
    kith("edit", "Kim Kay", "--title", "Advisor")  # VP Sales no more
    kith("add", "Mo Park", "--company", "Globex", "--title", "Ingénieur logiciel")
    kith("edit", "Tom Lee", "--school", "École Polytechnique", "--school-from", "2005", "--school-to", "2009")
    kith("edit", "Kim Kay", "--school", "Polytechnique Montréal")
    for when in ("2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("knows", "Jane Doe", "Tom Lee")
    return kith


def test_a_school_by_its_name_whatever_the_accents(schools):
    answer = schools("reach", "--school", "ecole polytechnique", "--json").json()
    assert answer["query"] == {"school": "ecole polytechnique"}
    assert answer["target"] == "École Polytechnique"
    assert [t["name"] for t in answer["targets"]] == ["Tom Lee"]
    assert chains(answer) == [["Jane Doe", "Tom Lee"]]
    assert answer["message"] == "1 warm path to people who went to École Polytechnique."


def test_an_ambiguous_school_lists_the_candidates(schools):
    answer = schools("reach", "--school", "polytechnique", "--json").json()
    assert answer["candidates"] == ["Polytechnique Montréal", "École Polytechnique"]
    assert answer["paths"] == [] and answer["nearest"] == []
    # the command says it as it says an ambiguous NAME: one line, exit 2
    said = schools("reach", "--school", "polytechnique", expect=2)
    assert_user_error(said)
    assert said.stderr.strip() == (
        "error: 'polytechnique' could be Polytechnique Montréal, École Polytechnique; say which"
    )


def test_a_school_nobody_went_to_is_an_answer(schools):
    said = schools("reach", "--school", "Nowhere University").stdout.strip()
    assert said == "Nobody among your people went to Nowhere University."


def test_a_title_holds_every_word_in_any_case_and_accents(schools):
    answer = schools("reach", "--title", "vp ENGINEERING", "--json").json()
    assert answer["target"] == "VP Engineering"  # as stored
    assert [t["name"] for t in answer["targets"]] == ["Tom Lee"]
    assert chains(answer) == [["Jane Doe", "Tom Lee"]]
    engineers = schools("reach", "--title", "ingenieur", "--json").json()
    assert [t["name"] for t in engineers["targets"]] == ["Mo Park"]
    # Kim was a VP of Sales; her title now is another
    said = schools("reach", "--title", "vp sales").stdout.strip()
    assert said == "Nobody among your people is titled vp sales now."


def test_headings_say_whom_the_paths_lead_to_as_stored(schools):
    schools("edit", "Tom Lee", "--tag", "Fintech")
    said = {
        options: schools("reach", *options).stdout.splitlines()[0]
        for options in (
            ("--title", "vp engineering"),
            ("--tag", "fintech"),
            ("--school", "ecole polytechnique"),
        )
    }
    assert said == {
        ("--title", "vp engineering"): "1 warm path to people titled VP Engineering.",
        ("--tag", "fintech"): "1 warm path to people tagged fintech.",  # tags are kept in lower case
        ("--school", "ecole polytechnique"): "1 warm path to people who went to École Polytechnique.",
    }


def test_each_person_found_says_why(schools, web):
    schools("edit", "Tom Lee", "--tag", "fintech")
    for options, why in (
        (("--school", "ecole polytechnique"), "went to École Polytechnique 2005–2009"),
        (("--title", "vp engineering"), "titled VP Engineering"),
        (("--tag", "fintech"), "tagged fintech"),
    ):
        answer = schools("reach", *options, "--json").json()
        assert [(t["name"], t["why"]) for t in answer["targets"]] == [("Tom Lee", why)], options
        assert answer["paths"][0]["matched"] == why
        assert f"\n   Tom Lee: {why}\n" in schools("reach", *options).stdout
    page = web.get("/reach", params={"q": "ecole polytechnique", "kind": "school"}).text
    assert "Tom Lee: went to École Polytechnique 2005–2009</p>" in page
    assert "matched" not in schools("reach", "--company", "Acme").stdout


def test_a_title_matches_whole_words_only(schools):
    schools("add", "Sal Dee", "--title", "Sales Director")
    schools("add", "Cy Toh", "--title", "CTO")
    found = schools("reach", "--title", "cto", "--json").json()
    assert [t["name"] for t in found["targets"]] == ["Cy Toh"]
    # "a" is no word of any title here; part of a word ("eng", "direct") finds nobody
    for words in ("a", "vp eng", "direct"):
        assert schools("reach", "--title", words, "--json").json()["targets"] == [], words
    assert [t["name"] for t in schools("reach", "--title", "director SALES", "--json").json()["targets"]] == [
        "Sal Dee"
    ]


def test_bad_school_and_title_questions_are_one_line_errors(schools):
    assert_user_error(schools("reach", "--school", " ", expect=2), "a school cannot be empty")
    assert_user_error(
        schools("reach", "--title", "vp", "--limit", "0", expect=2), "--limit must be at least 1"
    )


def test_reach_is_not_about_you(schools):
    for who in ("me", "#1"):
        assert_user_error(
            schools("reach", who, expect=2), "reach is about someone you want to meet, not about you"
        )
    assert_user_error(schools("reach", "--title", "VP", "--school", "MIT", expect=2), "one of them")


@pytest.fixture
def balanced(kith):
    """Amy and Ben: the same coffees with you, both known to know Tom. You owe Amy (she gave 3, you 1);
    Ben owes you (you gave 3, he 1)."""
    kith("me", "--name", "Ada Lovelace")
    for name in ("Amy Ash", "Ben Bay", "Tom Lee"):
        kith("add", name)
    for when in ("2026-03-02", "2026-05-04", "2026-06-01"):
        kith("log", "coffee", "Amy Ash", "--when", when)
        kith("log", "coffee", "Ben Bay", "--when", when)
    kith("knows", "Amy Ash", "Tom Lee")
    kith("knows", "Ben Bay", "Tom Lee")
    for kind in ("advice", "intro", "help"):
        kith("favour", "give", "Ben Bay", kind)
        kith("favour", "get", "Amy Ash", kind)
    kith("favour", "get", "Ben Bay", "advice")
    kith("favour", "give", "Amy Ash", "advice")
    return kith


def test_the_give_get_balance_decides_between_equal_friends(balanced):
    answer = balanced("reach", "Tom Lee", "--json").json()
    assert chains(answer) == [["Ben Bay", "Tom Lee"], ["Amy Ash", "Tom Lee"]]
    ben, amy = answer["paths"]
    # Amy's favours make her tie the stronger: only the balance puts Ben first
    assert amy["first"]["strength"] > ben["first"]["strength"]
    recency = 0.5 ** (14 / 180)
    assert ben["score"] == pytest.approx(ben["first"]["strength"] * 0.9 * recency * 1.1, abs=1e-3)
    assert amy["score"] == pytest.approx(amy["first"]["strength"] * 0.9 * recency * 0.9, abs=1e-3)
    assert ben["first"]["give_get"] == {
        "given": 3,
        "received": 1,
        "label": "you gave first and it came back: 3 to 1",
    }
    out = balanced("reach", "Tom Lee").stdout
    assert "   Give/get with Amy Ash: both give, and they gave first: 1 to 3; you owe them one\n" in out
    assert "   Give/get with Ben Bay: you gave first and it came back: 3 to 1\n" in out
    assert "times your give/get balance with the first person" in answer["rule"]


@pytest.fixture
def left(kith):
    """Nobody you can reach is at Initrode now: Zed is, and you wrote to him once, two years ago. Bob
    (yours) was there 2012–2014; Tom, whom Jane knows, 2015–2018."""
    kith("me", "--name", "Ada Lovelace")
    for name in ("Jane Doe", "Bob Roe", "Tom Lee"):
        kith("add", name)
    kith("add", "Zed Zu", "--company", "Initrode")
    for when in ("2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Bob Roe", "--when", when)
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("log", "email", "Zed Zu", "--when", "2024-05-01")
    past_role("Tom Lee", "Initrode", date(2015, 3, 1), date(2018, 6, 30))
    past_role("Bob Roe", "Initrode", date(2012, 1, 1), date(2014, 12, 31))
    kith("knows", "Jane Doe", "Tom Lee", "--how", "old colleagues")
    return kith


def test_no_path_offers_the_nearest_with_their_reasons(left):
    answer = left("reach", "--company", "Initrode", "--json").json()
    assert answer["paths"] == []
    near = answer["nearest"]
    assert [n["person"]["name"] for n in near] == ["Zed Zu", "Bob Roe", "Jane Doe"]
    assert near[0]["reason"].startswith("You have been in touch with Zed Zu yourself (")
    assert near[0]["reason"].endswith(", last contact 2 years ago)")
    assert near[0]["ask"] == "Write to Zed Zu yourself."
    assert near[1]["reason"].startswith("Bob Roe was at Initrode 2012–2014; you know them yourself (")
    assert near[1]["ask"] == "Ask Bob Roe about Initrode and who they know there now."
    assert near[2]["reason"].endswith(
        "knows Tom Lee: you said they know each other: old colleagues; Tom Lee was at Initrode 2015–2018"
    )
    assert near[2]["ask"] == (
        "Ask Jane Doe to introduce you to Tom Lee, who was at Initrode 2015–2018 and may know who is there now."
    )
    assert [p["name"] for p in near[2]["path"]["people"]] == ["Jane Doe", "Tom Lee"]
    assert answer["message"] == (
        "No warm path to Initrode: nobody you know is known to know them. The nearest: 3 people."
    )
    out = left("reach", "--company", "Initrode").stdout
    assert "\n- Bob Roe was at Initrode 2012–2014; you know them yourself (" in out
    assert "\n  Ask Jane Doe to introduce you to Tom Lee, who was at Initrode 2015–2018" in out


def test_a_company_only_former_staff_knew_is_still_near(left):
    left("forget", "Zed Zu", "--yes")
    answer = left("reach", "--company", "initrode", "--json").json()
    assert answer["targets"] == []
    assert [n["person"]["name"] for n in answer["nearest"]] == ["Bob Roe", "Jane Doe"]
    assert answer["message"] == "Nobody among your people is at Initrode now. The nearest: 2 people."


def test_people_at_organisations_that_share_staff_with_the_company_are_near(left):
    """Bob and Tom, who were both at Initrode, were both at Hooli before Sue, whom you know, joined it:
    Hooli is like Initrode, and Sue may know someone there. Only Tom also passed through Vandelay: one
    career is not enough, so Kim, there now, is not offered."""
    left("add", "Sue Sun")
    left("add", "Kim Kay")
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-06-12"):
        left("log", "coffee", "Sue Sun", "--when", when)
        left("log", "coffee", "Kim Kay", "--when", when)
    past_role("Sue Sun", "Hooli", date(2024, 1, 1), None)
    past_role("Kim Kay", "Vandelay", date(2024, 1, 1), None)
    past_role("Bob Roe", "Hooli", date(2010, 1, 1), date(2011, 12, 31))
    past_role("Tom Lee", "Hooli", date(2019, 1, 1), date(2020, 12, 31))
    past_role("Tom Lee", "Vandelay", date(2021, 1, 1), date(2022, 12, 31))
    answer = left("reach", "--company", "Initrode", "--json").json()
    near = {n["person"]["name"]: n for n in answer["nearest"]}
    assert "Kim Kay" not in near
    sue = near["Sue Sun"]
    assert sue["reason"].startswith(
        "Sue Sun is at Hooli now, and 2 people have worked at both Hooli and Initrode; you know them yourself ("
    )
    assert sue["ask"] == "Ask Sue Sun who they know at Initrode."
    assert sue["path"] is None
    # those who were at Initrode themselves come first
    assert [n["person"]["name"] for n in answer["nearest"]] == ["Zed Zu", "Bob Roe", "Jane Doe", "Sue Sun"]
    assert (
        "\n- Sue Sun is at Hooli now, and 2 people have worked at both Hooli and Initrode"
        in left("reach", "--company", "Initrode").stdout
    )


def test_a_former_employee_you_have_talked_to_is_near_yourself_not_through_others(left):
    """Ray was at Initrode; you had one coffee with him three days ago (real two-way contact, though not
    yet a relationship circle): he is offered himself, as reach's "you know them" says, never a path to
    him through someone else."""
    left("add", "Ray Former")
    past_role("Ray Former", "Initrode", date(2020, 1, 1), date(2023, 12, 31))
    left("log", "coffee", "Ray Former", "--when", "2026-06-12")
    left("knows", "Jane Doe", "Ray Former", "--how", "neighbours")
    near = left("reach", "--company", "Initrode", "--json").json()["nearest"]
    rays = [
        n
        for n in near
        if "Ray Former" in (n["person"]["name"], (n["path"] or {"people": [{}]})["people"][-1].get("name"))
    ]
    assert len(rays) == 1 and rays[0]["person"]["name"] == "Ray Former" and rays[0]["path"] is None
    assert rays[0]["reason"].startswith("Ray Former was at Initrode 2020–2023; you know them yourself (")


def test_a_misspelt_company_school_or_tag_gets_the_close_name_and_nothing_far(schools, web):
    schools("add", "Una Fathom", "--company", "Fathom AI", "--tag", "hiring")
    for typed in ("Fathim", "Fatom AI"):
        said = schools("reach", "--company", typed).stdout
        assert f"Nobody among your people is at {typed} now." in said
        assert "Did you mean Fathom AI (a company)?" in said
    said = schools("reach", "--school", "Polytechniqe Montreal").stdout
    assert "Did you mean Polytechnique Montréal?" in said
    assert_user_error(schools("reach", "--tag", "hirin", expect=2), "no tag 'hirin'; did you mean hiring?")
    refused = web.get("/api/reach", params={"tag": "hirin"})
    assert refused.status_code == 404
    assert refused.json()["suggestions"] == [{"value": "hiring", "label": "hiring"}]
    # nothing close: no guess
    assert "Did you mean" not in schools("reach", "--company", "Zanzibar Ltd").stdout
    assert_user_error(schools("reach", "--tag", "zzz", expect=2), "no tag 'zzz'")
    assert "did you mean" not in schools("reach", "--tag", "zzz", expect=2).stderr


def test_the_reach_page_offers_a_misspelt_tag_s_close_name_as_a_link(schools, web):
    schools("edit", "Tom Lee", "--tag", "hiring")
    page = web.get("/reach", params={"q": "hirin", "kind": "tag"})
    assert "no tag &#39;hirin&#39;" in page.text
    assert page.status_code == 422
    assert '<a class="suggestion" href="/reach?q=hiring&amp;kind=tag">hiring</a>' in page.text
