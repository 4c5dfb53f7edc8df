"""The job board (kith.job.board): per target company, the people there now and before, the best warm
path, the conversations (calls or deeper, with someone who is or was there, since the target was added or
two weeks before), every step recorded, and the next step, rule by rule; refusals worded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import assert_user_error, run_cli

from kith.people.lookup import resolve
from kith.people.roles import organisation
from kith.store.db import transaction
from kith.store.schema import Role


def past_role(name: str, company: str) -> None:
    """A role that ended, as an import of a work history would store it."""
    with transaction() as session:
        person = resolve(session, name)
        session.add(
            Role(
                person_id=person.id,
                organisation_id=organisation(session, company).id,
                started_on=date(2019, 1, 7),
                ended_on=date(2022, 6, 30),
                seen_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )


@pytest.fixture
def network(kith):
    """Ada knows Jane well (at Initech); Jane knows Tom Lee, CTO at Acme; Kim Park was at Acme; Hooli is
    a company nobody Ada knows is at."""
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Initech")
    kith("add", "Tom Lee", "--company", "Acme", "--title", "CTO")
    kith("add", "Kim Park", "--company", "Globex")
    past_role("Kim Park", "Acme")
    for when in ("2026-03-02", "2026-04-06", "2026-05-04", "2026-05-25"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    kith("knows", "Jane Doe", "Tom Lee", "--how", "worked together")
    kith("job", "target", "add", "acme", "--role", "Data engineer")  # stored as the organisation is: Acme
    return kith


def target(kith, company: str) -> dict:
    return next(t for t in kith("job", "--json").json()["targets"] if t["company"].lower() == company.lower())


def test_a_target_shows_who_is_there_who_was_and_the_best_way_in(network):
    acme = target(network, "acme")
    assert (acme["company"], acme["role"], acme["state"], acme["stage"]) == (
        "Acme",
        "Data engineer",
        "active",
        "warm path",
    )
    assert [(p["name"], p["title"]) for p in acme["people_now"]] == [("Tom Lee", "CTO")]
    assert [p["name"] for p in acme["people_before"]] == ["Kim Park"]
    assert [p["name"] for p in acme["best_path"]["people"]] == ["Jane Doe", "Tom Lee"]
    assert acme["next_step"] == "Ask Jane Doe for an intro to Tom Lee"
    assert acme["next_step_why"] == acme["best_path"]["reason"]
    assert acme["next_step_why"].startswith("Jane Doe: ") and "knows Tom Lee" in acme["next_step_why"]
    assert acme["next_person"]["name"] == "Jane Doe"
    text = network("job").stdout
    assert "There now: Tom Lee (CTO)" in text and "Were there: Kim Park" in text
    assert "Best way in: you → Jane Doe → Tom Lee" in text
    assert "Next: Ask Jane Doe for an intro to Tom Lee" in text


def test_the_people_there_now_come_role_first_then_those_you_know_best(network):
    """The target is for a data engineer: the data people first, then whom you know best, then by name."""
    network("add", "Abe Ames", "--company", "Acme", "--title", "Sales lead")
    network("add", "Zoe Zhu", "--company", "Acme", "--title", "Senior Data Engineer")
    network("add", "Bea Bell", "--company", "Acme", "--title", "Designer")
    for when in ("2026-05-04", "2026-06-01"):
        network("log", "coffee", "Bea Bell", "--when", when)
    names = [p["name"] for p in target(network, "acme")["people_now"]]
    assert names == ["Zoe Zhu", "Bea Bell", "Abe Ames", "Tom Lee"]
    assert "There now: Zoe Zhu (Senior Data Engineer), Bea Bell (Designer)" in network("job").stdout


def test_conversations_are_calls_or_deeper_with_people_there_since_the_target_or_just_before(network):
    network("log", "call", "Tom Lee", "--when", "2026-05-01")  # weeks before the target: not counted
    network("log", "email", "Tom Lee", "--when", "2026-06-14")  # not a conversation
    network("log", "video", "Kim Park", "--when", "2026-06-05")  # she was there; 10 days before: counted
    network("log", "coffee", "Jane Doe", "--when", "2026-06-14")  # not at Acme
    acme = target(network, "acme")
    assert [(c["kind"], [p["name"] for p in c["people"]]) for c in acme["conversations"]] == [
        ("video", ["Kim Park"])
    ]
    assert acme["stage"] == "conversation"
    # she has left: a referral comes from someone there now, and she can say who
    assert acme["next_step"] == "Ask Kim Park who at Acme could refer you"
    assert acme["next_step_why"] == "a video with Kim Park on 2026-06-05; they have left Acme"


def test_the_next_step_follows_each_stage_to_the_offer_and_the_close(network):
    network("log", "call", "Tom Lee", "--when", "2026-06-14")
    steps = []
    for command in (
        ("job", "referral", "Acme", "--via", "Tom Lee"),
        ("job", "referral", "Acme", "--via", "Tom Lee", "--received"),
        ("job", "interview", "Acme", "--when", "2026-06-15"),
        ("job", "offer", "Acme"),
        ("job", "target", "close", "Acme"),
    ):
        network(*command)
        acme = target(network, "acme")
        steps.append((acme["stage"], acme["next_step"], acme["next_step_why"]))
    assert steps == [
        (
            "referral",  # a referral asked counts as the referral stage
            "Follow up with Tom Lee on the referral you asked for at Acme",
            "you asked Tom Lee for a referral on 2026-06-15",
        ),
        (
            "referral",
            "Tell Tom Lee how the referral at Acme went and thank them",
            "Tom Lee referred you on 2026-06-15",
        ),
        ("interview", "Follow up on your interview at Acme", "an interview on 2026-06-15"),
        ("offer", "Answer the offer from Acme", "an offer on 2026-06-15"),
        ("offer", "Nothing: you closed Acme", "you closed it"),
    ]
    acme = target(network, "acme")
    assert [(r["kind"], r["person"]["name"]) for r in acme["referrals_asked"] + acme["referrals"]] == [
        ("referral_asked", "Tom Lee"),
        ("referral", "Tom Lee"),
    ]
    assert [len(acme[k]) for k in ("interviews", "offers", "applications")] == [1, 1, 0]


def test_introductions_and_people_you_know_come_before_a_path(network):
    network("intro", "ask", "Jane Doe", "Tom Lee")
    acme = target(network, "acme")
    assert acme["next_step"] == "Follow up with Jane Doe on the introduction to Tom Lee"
    assert acme["next_step_why"] == "you asked Jane Doe for an introduction to Tom Lee on 2026-06-15"
    network("intro", "made", "Jane Doe", "Tom Lee")
    assert (
        target(network, "acme")["next_step"]
        == "Have a first conversation with Tom Lee (Jane Doe introduced you)"
    )
    network("job", "target", "add", "Initech")
    initech = target(network, "initech")
    assert initech["known"][0]["name"] == "Jane Doe" and initech["stage"] == "warm path"
    assert initech["next_step"] == "Call Jane Doe, whom you know, about Initech"
    assert (
        initech["next_step_why"]
        == f"Jane Doe ({initech['known'][0]['circle']}) is there now, no conversation there yet"
    )


def test_a_company_with_nobody_known_says_how_to_find_a_way_in(network):
    network("job", "target", "add", "Hooli Labs")
    hooli = target(network, "hooli labs")
    assert hooli["people_now"] == [] and hooli["best_path"] is None and hooli["stage"] == "target"
    assert hooli["next_step"] == "Find someone who knows someone at Hooli Labs"  # the same on every edge
    assert "Who can introduce you: kith reach --company 'Hooli Labs'" in network("job").stdout


def test_applications_are_recorded_with_their_role_and_refusals_are_worded(network):
    said = network("job", "apply", "Acme", "--when", "2026-06-12", "--note", "careers page").stdout
    assert said.strip() == "Recorded an application at Acme on 2026-06-12."
    network("job", "apply", "ACME", "--role", "Platform engineer")
    [first, second] = target(network, "acme")["applications"]
    assert (first["role"], first["note"], first["occurred_at"]) == (
        "Data engineer",
        "careers page",
        "2026-06-12T12:00:00+00:00",
    )
    assert second["role"] == "Platform engineer"
    assert_user_error(run_cli("job", "apply", "Globex"), "not one of your target companies")
    assert_user_error(run_cli("job", "referral", "Acme", "--via", "me"), "not yourself")
    assert_user_error(run_cli("job", "target", "add", "Acme"), "is a target already")
    assert_user_error(run_cli("job", "target", "remove", "Acme"), "needs --yes")
    network("job", "target", "close", "Acme")
    assert_user_error(run_cli("job", "apply", "Acme"), "acme is closed")
    network("job", "target", "add", "Acme")  # opened again, its history kept
    assert len(target(network, "acme")["applications"]) == 2
    said = network("job", "target", "remove", "Acme", "--yes").stdout
    assert said.strip() == "Removed Acme and 2 steps."
    assert network("job", "--json").json() == {"targets": []}
    assert "No target companies yet" in network("job").stdout


def test_a_referral_is_asked_of_someone_there_now_and_a_rejection_says_what_next(network):
    network("log", "call", "Kim Park", "--when", "2026-06-13")  # she left Acme in 2022
    acme = target(network, "acme")
    assert (acme["next_step"], acme["next_step_why"]) == (
        "Ask Kim Park who at Acme could refer you",
        "a call with Kim Park on 2026-06-13; they have left Acme",
    )
    network("log", "call", "Tom Lee", "--when", "2026-06-14")
    assert target(network, "acme")["next_step"] == "Ask Tom Lee for a referral at Acme"
    network("job", "interview", "Acme", "--when", "2026-06-14")
    said = network("job", "rejection", "Acme", "--note", "an internal candidate").stdout
    assert said == "Recorded a rejection at Acme on 2026-06-15.\n"
    acme = target(network, "acme")
    assert [(r["kind"], r["note"]) for r in acme["rejections"]] == [("rejection", "an internal candidate")]
    assert (acme["next_step"], acme["next_step_why"]) == (
        "Thank those who helped at Acme, ask for feedback, and keep in touch for the next opening",
        "Acme said no on 2026-06-15",
    )
    assert (acme["stage"], acme["said_no_on"]) == ("interview", "2026-06-15")  # how far it got, and the no
    assert "Acme (Data engineer): interview, then said no on 2026-06-15\n" in network("job").stdout
    network("job", "interview", "Acme", "--when", "2026-06-15")  # a second chance after the no
    acme = target(network, "acme")
    assert acme["next_step"] == "Follow up on your interview at Acme" and acme["said_no_on"] is None


def test_the_board_and_reach_agree_on_whom_you_know_at_a_company(network):
    """One definition (kith.reach.contact.already_known): a relationship, or real two-way contact."""
    network("add", "Lu Chen", "--company", "Acme")
    network("add", "Bo Diaz", "--company", "Acme")
    network("add", "Al Roe", "--company", "Acme")
    network("log", "email", "Lu Chen", "--inbound", "--when", "2026-06-01")  # she wrote: two-way
    network("log", "email", "Bo Diaz", "--when", "2026-06-01")  # only written to: not known
    network("log", "call", "Al Roe", "Bo Diaz", "--when", "2026-06-02")  # a group call: not known
    board_known = [p["name"] for p in target(network, "acme")["known"]]
    reach_known = [p["name"] for p in network("reach", "--company", "Acme", "--json").json()["known"]]
    assert board_known == reach_known == ["Lu Chen"]
    assert "You know there: Lu Chen" in network("job").stdout
