# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""The job search's report (kith.job.report): the week's conversations against applications with the
advice when applications outnumber them, the last eight weeks, the funnel; the same JSON from the CLI
and the API; the charts as PNGs; the job items on the agenda; and the /job page."""

from __future__ import annotations

import os

import pytest
from conftest import assert_user_error
from test_job_board import past_role
from web_client import api, csrf_from, web  # noqa: F401

THURSDAY = "2026-06-18T12:00:00+00:00"


@pytest.fixture
def search(kith, monkeypatch):
    """On Thursday 18 June 2026: Acme (Tom Lee there, Jane knows him; Kim Park was there), Hooli (nobody
    known), Initech (Jane is there, known well); applications on Monday, Tuesday and Wednesday, and one
    the week before."""
    monkeypatch.setenv("KITH_NOW", THURSDAY)
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "CTO")
    kith("add", "Kim Park", "--company", "Globex")
    past_role("Kim Park", "Acme")
    for when in ("2026-03-02", "2026-04-06", "2026-05-04"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("knows", "Jane Doe", "Tom Lee", "--how", "worked together")
    for company in ("Acme", "Hooli", "Initech"):
        kith("job", "target", "add", company)
    for when in ("2026-06-10", "2026-06-15", "2026-06-16", "2026-06-17"):
        kith("job", "apply", "Hooli", "--when", when)
    return kith


def report(kith) -> dict:
    return kith("job", "report", "--json").json()


def agenda(kith) -> dict[str, dict]:
    return {item["id"]: item for item in kith("agenda", "--all", "--json").json()}


def test_applications_without_conversations_get_the_advice_until_conversations_catch_up(search):
    week = report(search)["week"]
    assert week == {
        "week": "2026-06-15",
        "conversations": 0,
        "applications": 3,
        "advice": "3 applications, 0 conversations this week: call someone at a target company",
    }
    assert (
        "3 applications, 0 conversations this week: call someone at a target company"
        in search("job", "report").stdout
    )
    search("log", "call", "Tom Lee", "--when", "2026-06-16")
    assert report(search)["week"]["advice"] == (
        "3 applications, 1 conversation this week: call someone at a target company"
    )
    search("log", "coffee", "Kim Park", "--when", "2026-06-17")  # she was at Acme
    search("log", "lunch", "Tom Lee", "Kim Park", "--when", "2026-06-18")  # one conversation, two people
    week = report(search)["week"]
    assert (week["conversations"], week["advice"]) == (3, None)
    assert "Good balance" in search("job", "report").stdout


def test_the_last_eight_weeks_and_the_funnel(search):
    search("log", "call", "Tom Lee", "--when", "2026-06-09")
    search("job", "referral", "Acme", "--via", "Tom Lee", "--received")
    answer = report(search)
    assert [(w["week"], w["conversations"], w["applications"]) for w in answer["weeks"]] == [
        ("2026-04-27", 0, 0),
        ("2026-05-04", 0, 0),
        ("2026-05-11", 0, 0),
        ("2026-05-18", 0, 0),
        ("2026-05-25", 0, 0),
        ("2026-06-01", 0, 0),
        ("2026-06-08", 1, 1),
        ("2026-06-15", 0, 3),
    ]
    assert [(s["stage"], s["count"]) for s in answer["funnel"]] == [
        ("target", 3),
        ("warm path", 2),  # Acme (a path) and Initech (Jane, known)
        ("conversation", 1),
        ("referral", 1),
        ("interview", 0),
        ("offer", 0),
    ]


def test_a_referral_asked_counts_in_the_funnel_and_a_skipped_stage_counts_as_passed(search):
    search("job", "referral", "Initech", "--via", "Jane Doe")  # asked, not received (yet)
    search("job", "interview", "Hooli", "--when", "2026-06-12")  # from an application: no referral
    stages = {s["stage"]: s["count"] for s in report(search)["funnel"]}
    # Initech: asked; Hooli: an interview, so it passed the conversation and the referral stages too
    assert (stages["conversation"], stages["referral"], stages["interview"]) == (2, 2, 1)
    assert "a referral asked or received" in report(search)["funnel_rule"]


def test_the_command_and_the_api_give_the_same_board_and_report(search, api):
    search("log", "call", "Tom Lee", "--when", "2026-06-16")
    assert api.get("/api/job").json() == search("job", "--json").json()
    assert api.get("/api/job/report").json() == search("job", "report", "--json").json()


def test_the_report_writes_the_funnel_and_the_weekly_balance_as_pngs(search, tmp_path):
    said = search("job", "report", "--png", str(tmp_path / "charts")).stdout
    for name in ("job-funnel.png", "job-balance.png"):
        path = tmp_path / "charts" / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"Wrote {path}" in said


def test_charts_that_cannot_be_written_are_a_one_line_error(search, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    assert_user_error(search("job", "report", "--png", str(a_file), expect=2), "needs a folder")
    (tmp_path / "locked").mkdir(mode=0o500)
    blocked = tmp_path / "locked" / "below" / "charts"
    if os.geteuid() != 0:  # root writes anywhere: the refusal is then only seen for a file
        assert_user_error(search("job", "report", "--png", str(blocked), expect=2), "cannot write charts")
    assert_user_error(
        search("job", "report", "--png", str(a_file / "charts"), expect=2), "cannot write charts"
    )


def test_each_target_s_next_step_and_the_advice_join_the_agenda_and_can_be_marked(search, monkeypatch):
    items = agenda(search)
    assert items["job-balance:202625"]["action"] == (
        "3 applications, 0 conversations this week: call someone at a target company"
    )
    steps = {i["action"]: i for i in items.values() if i["kind"] == "job-step"}
    # each shown after its person's name ("Jane Doe: Ask for an intro to Tom Lee"), not naming them twice
    assert sorted(steps) == [
        "Ask for an intro to Tom Lee",
        "Call them about Initech: they are there now",
        "Find someone who knows someone at Hooli",
    ]
    assert {steps[a]["person"] for a in steps} == {"Jane Doe", "Hooli"}
    hooli = steps["Find someone who knows someone at Hooli"]
    assert (hooli["person"], hooli["person_id"]) == ("Hooli", None)
    assert hooli["reason"] == "Your job search at Hooli: nobody you know is known to know someone there."
    search("done", hooli["id"])
    assert hooli["id"] not in agenda(search)
    monkeypatch.setenv("KITH_NOW", "2026-06-19T12:00:00+00:00")
    search("job", "apply", "Hooli")  # something new at Hooli the next day: its next step is back
    assert agenda(search)[hooli["id"]]["action"] == hooli["action"]
    search("job", "target", "close", "Hooli")
    assert hooli["id"] not in agenda(search)
    week = [item["id"] for item in search("agenda", "--json").json()]
    assert "job-balance:202625" in week and "job-step:1" in week  # in the focused week, not only the list


def test_the_agenda_page_shows_a_job_item_without_a_person_and_links_the_board(search, web):
    html = web.get("/agenda").text
    start = html.index("Find someone who knows someone at Hooli")
    item = html[html.rindex("<li", 0, start) : html.index("</li>", start)]
    assert "Hooli: Find someone who knows someone at Hooli" in item
    assert "/people/None" not in item and '<details class="who">' not in item
    assert '<a href="/job">the job search</a>' in item


def test_the_job_page_shows_the_board_the_advice_and_the_funnel_and_its_forms_work(search, web):
    page = web.get("/job")
    assert page.status_code == 200
    html = page.text
    assert html.count('class="figure job-target"') == 3
    assert "Ask Jane Doe for an intro to Tom Lee" in html
    assert "3 applications, 0 conversations this week: call someone at a target company" in html
    assert "<svg" in html and "From target to offer" in html
    # the funnel in words too, readable where the drawing is small (a phone)
    words = html.split('<ol class="funnel-words">', 1)[1].split("</ol>", 1)[0]
    assert words.startswith("<li>target: 3</li><li>warm path: ") and "<li>offer: 0</li>" in words
    assert '<a href="/job"' in html  # in the navigation
    token = csrf_from(html)
    added = web.post("/job/targets", data={"csrf_token": token, "company": "Globex", "role": "<b>Lead</b>"})
    assert added.status_code == 200 and "Target added." in added.text
    assert "&lt;b&gt;Lead&lt;/b&gt;" in added.text
    assert 'name="note"' in added.text  # the step form takes a note, as kith job apply --note does
    web.post(
        "/job/steps",
        data={"csrf_token": token, "company": "Globex", "kind": "application", "note": "through their site"},
    )
    globex = next(t for t in search("job", "--json").json()["targets"] if t["company"] == "Globex")
    assert [(a["role"], a["note"]) for a in globex["applications"]] == [("<b>Lead</b>", "through their site")]
    asked = web.get("/job/remove", params={"company": "Globex"})
    assert "Remove Globex from your job search?" in asked.text
    assert len(search("job", "--json").json()["targets"]) == 4  # nothing removed by asking
    web.post("/job/remove", data={"csrf_token": token, "company": "Globex"})
    assert len(search("job", "--json").json()["targets"]) == 3
