# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""An interview booked ahead: recorded with a date after now, listed as upcoming with its date on the
board (``kith job``, ``/job``, ``GET /api/job``), on the agenda as something to prepare for, counted as
the interview stage reached but in no weekly balance; every other step is refused a date ahead."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, run_cli
from web_client import api, csrf_from, web  # noqa: F401

NEXT_THURSDAY = "2026-06-18T10:00:00+00:00"  # the fixed clock is Monday 15 June 2026, noon


@pytest.fixture
def searching(kith):
    """Ada targets Acme, where Tom Lee works; she applied online today (step #1)."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Tom Lee", "--company", "Acme")
    kith("job", "target", "add", "Acme")
    kith("job", "apply", "Acme")
    return kith


def acme(kith) -> dict:
    [target] = kith("job", "--json").json()["targets"]
    return target


def test_an_interview_booked_ahead_is_upcoming_with_its_date(searching):
    said = searching("job", "interview", "Acme", "--when", "next thursday 10am").stdout
    assert said.strip() == (
        "Recorded an interview at Acme on Thu 18 Jun 2026 at 10:00 UTC: upcoming (kith agenda will say to prepare)."
    )
    target = acme(searching)
    assert [(s["id"], s["occurred_at"]) for s in target["upcoming"]] == [(2, NEXT_THURSDAY)]
    assert target["interviews"] == []  # none held yet
    assert target["stage"] == "interview"  # the company asked to meet
    assert target["next_step"] == "Interview at Acme on Thu 18 Jun: prepare"
    assert target["next_step_why"] == "an interview booked for 2026-06-18 10:00 UTC"
    board = searching("job").stdout
    assert "  Upcoming: #2 2026-06-18 10:00 an interview\n" in board
    assert "  Next: Interview at Acme on Thu 18 Jun: prepare\n" in board


def test_the_agenda_says_to_prepare_until_the_interview_then_to_follow_up(searching, monkeypatch):
    searching("job", "interview", "Acme", "--when", "2026-06-18 10:00")
    items = searching("agenda", "--json").json()
    [interview] = [i for i in items if i["kind"] == "job-interview"]
    assert interview["id"] == "job-interview:2"
    assert interview["action"] == "Interview at Acme on Thu 18 Jun: prepare"
    assert interview["due"].startswith("2026-06-18T10:00")
    assert not [i for i in items if i["kind"] == "job-step"]  # one item for one thing to do
    monkeypatch.setenv("KITH_NOW", "2026-06-19T12:00:00+00:00")
    target = acme(searching)
    assert (target["upcoming"], [s["id"] for s in target["interviews"]]) == ([], [2])
    assert target["next_step"] == "Follow up on your interview at Acme"
    kinds = [i["kind"] for i in searching("agenda", "--json").json()]
    assert "job-step" in kinds and "job-interview" not in kinds


def test_the_funnel_counts_a_booked_interview_and_the_balance_only_what_happened(searching):
    searching("job", "interview", "Acme", "--when", "2026-06-18 10:00")
    report = searching("job", "report", "--json").json()
    assert {f["stage"]: f["count"] for f in report["funnel"]}["interview"] == 1
    assert "an interview booked counts as the interview stage" in report["funnel_rule"]
    assert (report["week"]["applications"], report["week"]["conversations"]) == (1, 0)
    assert report["week"]["advice"] is not None  # an interview ahead is no conversation had


def test_a_bare_weekday_still_means_the_last_one(searching):
    searching("job", "interview", "Acme", "--when", "thursday")
    target = acme(searching)
    assert [s["occurred_at"][:10] for s in target["interviews"]] == ["2026-06-11"]
    assert target["upcoming"] == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("apply", "Acme"), "an application is recorded once it has happened"),
        (("offer", "Acme"), "an offer is recorded once it has happened"),
        (("rejection", "Acme"), "a rejection is recorded once it has happened"),
        (("referral", "Acme", "--via", "Tom Lee"), "a referral asked is recorded once it has happened"),
    ],
)
def test_steps_that_must_have_happened_are_refused_a_date_ahead(searching, args, words):
    before = acme(searching)
    result = run_cli("job", *args, "--when", "2026-06-18")
    assert_user_error(result, words, "2026-06-18 is in the future", "only an interview can be booked ahead")
    assert acme(searching) == before


def test_a_correction_keeps_an_upcoming_interview_an_interview(searching):
    searching("job", "interview", "Acme", "--when", "2026-06-18 10:00")
    assert_user_error(run_cli("job", "step", "edit", "2", "--step", "offer"), "an offer is recorded once")
    assert_user_error(
        run_cli("job", "step", "edit", "1", "--when", "2026-06-20"), "an application is recorded"
    )
    searching("job", "step", "edit", "2", "--when", "2026-06-19 09:30")
    assert [s["occurred_at"] for s in acme(searching)["upcoming"]] == ["2026-06-19T09:30:00+00:00"]


def test_the_api_and_the_page_book_an_interview_ahead(searching, api, web):
    booked = api.post(
        "/api/job/steps", json={"company": "Acme", "kind": "interview", "when": "2026-06-18 10:00"}
    )
    assert booked.status_code in (200, 201), booked.text
    [target] = api.get("/api/job").json()["targets"]
    assert [s["occurred_at"] for s in target["upcoming"]] == [NEXT_THURSDAY]
    refused = api.post("/api/job/steps", json={"company": "Acme", "kind": "offer", "when": "2026-06-18"})
    assert refused.status_code == 400 and "only an interview can be booked ahead" in refused.json()["detail"]
    page = web.get("/job").text
    assert "Upcoming:" in page and "Thu 18 Jun 2026 10:00 interview" in page
    assert "Interview at Acme on Thu 18 Jun: prepare" in page
    form = web.post(
        "/job/steps",
        data={
            "csrf_token": csrf_from(page),
            "company": "Acme",
            "kind": "interview",
            "when": "2026-06-22 14:00",
        },
        follow_redirects=True,
    )
    assert form.status_code == 200 and "Mon 22 Jun 2026 14:00 interview" in form.text
