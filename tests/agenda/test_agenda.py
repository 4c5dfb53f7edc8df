"""kith agenda: the items a user sees on crafted histories, at the fixed date 2026-06-15 (conftest)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import assert_user_error, connections_csv


def _items(kith, *args):
    return {item["id"]: item for item in kith("agenda", "--all", "--json", *args).json()}


def _by_kind(items, kind):
    return {item["person"]: item for item in items.values() if item["kind"] == kind}


@pytest.fixture
def me(kith):
    kith("me", "--name", "Ada Example")
    return kith


def test_new_connections_get_a_follow_up_and_job_changes_a_congratulation(me, tmp_path):
    kith = me
    first = [
        ["Nia", "Obi", "https://www.linkedin.com/in/niaobi", "", "Acme", "Designer", "3 Jun 2026"],
        ["Tom", "Fresh", "https://www.linkedin.com/in/tomfresh", "", "Acme", "Analyst", "12 Jun 2026"],
        ["Rae", "Met", "https://www.linkedin.com/in/raemet", "", "Acme", "Engineer", "1 Jun 2026"],
        ["Olu", "Old", "https://www.linkedin.com/in/oluold", "", "Acme", "Engineer", "1 Jan 2020"],
    ]
    kith("import", "linkedin", connections_csv(tmp_path / "a" / "Connections.csv", first, "2026-06-13"))
    kith("log", "coffee", "Rae Met", "--when", "2026-06-05")
    # the next export shows Olu at a new company
    second = [row if row[0] != "Olu" else [*row[:4], "Initech", "CTO", row[6]] for row in first]
    kith("import", "linkedin", connections_csv(tmp_path / "b" / "Connections.csv", second, "2026-06-14"))

    items = _items(kith)
    follow = _by_kind(items, "follow-up")
    assert list(follow) == ["Nia Obi"]  # Tom is too new, Rae was met since, Olu is an old connection
    nia = follow["Nia Obi"]
    assert nia["reason"].startswith("You connected on LinkedIn 12 days ago (2026-06-03)")
    assert nia["channel"] == "message" and nia["due"].startswith("2026-06-10")

    job = _by_kind(items, "job-change")
    assert list(job) == ["Olu Old"]
    assert "Engineer at Acme -> CTO at Initech" in job["Olu Old"]["reason"]
    assert job["Olu Old"]["action"] == "Congratulate them on the new role"

    # congratulating (any interaction after the change) acts on it
    kith("log", "message", "Olu Old")
    assert not _by_kind(_items(kith), "job-change")


def test_the_follow_up_delay_is_the_users_to_set(me, tmp_path):
    kith = me
    rows = [
        ["Nia", "Obi", "https://www.linkedin.com/in/niaobi", "", "Acme", "Designer", "3 Jun 2026"],
        ["Tom", "Fresh", "https://www.linkedin.com/in/tomfresh", "", "Acme", "Analyst", "12 Jun 2026"],
    ]
    kith("import", "linkedin", connections_csv(tmp_path / "Connections.csv", rows, "2026-06-13"))
    assert list(_by_kind(_items(kith), "follow-up")) == ["Nia Obi"]
    kith("agenda", "--follow-up-days", "3")
    follow = _by_kind(_items(kith), "follow-up")
    assert sorted(follow) == ["Nia Obi", "Tom Fresh"] and follow["Tom Fresh"]["due"].startswith("2026-06-15")
    kith("agenda", "--follow-up-days", "14")
    assert _by_kind(_items(kith), "follow-up") == {}
    assert_user_error(kith("agenda", "--follow-up-days", "0", expect=2), "1 to 59 days", "not 0")


def test_keep_in_touch_is_due_at_the_cadence_and_reset_by_an_interaction(me):
    kith = me
    kith("add", "Jane Doe")
    kith("edit", "Jane Doe", "--cadence", "30")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    kith("add", "Ken Recent")
    kith("edit", "Ken Recent", "--cadence", "30")
    kith("log", "call", "Ken Recent", "--when", "2026-06-01")

    items = _items(kith)
    keep = _by_kind(items, "keep-in-touch")
    assert list(keep) == ["Jane Doe"]  # Ken's is due 2026-07-01, beyond this week
    jane = keep["Jane Doe"]
    assert jane["id"].startswith("keep-in-touch:")
    assert (
        jane["reason"] == "Last in touch 6 weeks ago (2026-05-01); you asked to keep in touch every 30 days."
    )
    assert jane["channel"] == "in_person" and jane["due"].startswith("2026-05-31")

    text = kith("agenda").stdout
    assert (
        f"Jane Doe: Get in touch: coffee (in person)  [{jane['id']}, due 2026-05-31]\n"
        f"    why: {jane['reason']}\n"
        "    how: in person\n"
    ) in text

    kith("log", "video", "Jane Doe", "--when", "2026-06-14")
    assert not _by_kind(_items(kith), "keep-in-touch")


def test_circle_cadence_applies_without_an_override(me):
    kith = me
    kith("add", "Dee Dormant")
    kith("add", "Ann Acq")
    kith("log", "call", "Ann Acq", "--when", "2025-11-01")  # one call: an acquaintance, every 180 days
    kith("log", "call", "Dee Dormant", "--when", "2025-01-01")
    circles = {p["name"]: p["circle"] for p in kith("people", "--json").json()}
    keep = _by_kind(_items(kith), "keep-in-touch")
    assert circles["Ann Acq"] == "acquaintance"
    assert "Ann Acq" in keep and "every 180 days" in keep["Ann Acq"]["reason"]
    assert "acquaintance circle" in keep["Ann Acq"]["reason"]


def test_commitments_coming_due_and_done(me):
    kith = me
    kith("add", "Bob Roe")
    kith("add", "Cal Cole")
    kith(
        "log",
        "coffee",
        "Bob Roe",
        "--when",
        "2026-06-03",
        "--promise",
        "send the hiring article",
        "--due",
        "2026-06-10",
    )
    kith("promise", "Cal Cole", "share the deck", "--due", "2026-06-18")
    kith("promise", "Cal Cole", "call about the offsite", "--due", "2026-07-30")
    kith("promise", "Cal Cole", "introduce me to Kim", "--by-them", "--due", "2026-06-01")
    kith("add", "Lou Late")
    kith("promise", "Lou Late", "return the book", "--due", "2026-04-01")

    items = _by_kind(_items(kith), "commitment")
    assert set(items) == {"Bob Roe", "Cal Cole", "Lou Late"}  # only your promises due within a week
    assert items["Lou Late"]["reason"].endswith(
        "(overdue by 75 days). Long overdue: do it now, or tell them it is off."
    )
    bob, cal = items["Bob Roe"], items["Cal Cole"]
    assert bob["reason"] == "You promised on 2026-06-03: send the hiring article (overdue by 5 days)."
    assert cal["reason"] == "You promised on 2026-06-15: share the deck (due 2026-06-18)."
    assert bob["priority"] > cal["priority"]
    ranked = kith("agenda", "--json").json()
    assert [r["id"] for r in ranked[:3]] == [items["Lou Late"]["id"], bob["id"], cal["id"]]

    out = kith("done", bob["id"]).stdout
    assert f"Done: {bob['id']} (Bob Roe)" in out and "commitment marked done" in out
    listed = kith("commitments", "--json").json()
    assert [c["text"] for c in listed] == [
        "return the book",
        "introduce me to Kim",
        "share the deck",
        "call about the offsite",
    ]
    assert (
        "#3 you owe Cal Cole: call about the offsite (due 2026-07-30)"
        in kith("commitments", "Cal Cole").stdout
    )
    assert "Kim" in kith("commitments").stdout and "OVERDUE 2026-06-01" in kith("commitments").stdout
    assert bob["id"] not in _items(kith)

    # a commitment not due yet can still be completed by its id
    kith("done", "commitment:3")
    assert "done 2026-06-15" in kith("commitments", "--all").stdout


def test_dormant_valuable_ties_resurface_and_give_first(me):
    kith = me
    kith("add", "Dee Dormant")
    kith("add", "Una Useless")
    kith("add", "Bob Roe")
    kith("log", "lunch", "Dee Dormant", "--when", "2022-02-01")
    kith("log", "dinner", "Dee Dormant", "--when", "2023-03-01", "--inbound")
    kith("favour", "get", "Dee Dormant", "intro", "--when", "2022-05-01")
    kith("log", "lunch", "Una Useless", "--when", "2022-02-01")  # long ago, once, nothing exchanged
    kith("log", "dinner", "Una Useless", "--when", "2023-03-01")
    kith("favour", "get", "Bob Roe", "advice", "--when", "2026-06-01")
    kith("favour", "get", "Bob Roe", "intro", "--when", "2026-06-02")
    kith("favour", "give", "Bob Roe", "help", "--when", "2026-06-03")
    kith("log", "call", "Bob Roe", "--when", "2026-06-03")

    items = _items(kith)
    dormant = _by_kind(items, "resurface")
    assert list(dormant) == ["Dee Dormant"]
    assert dormant["Dee Dormant"]["reason"] == (
        "Dormant: last in touch 3 years ago, but you go back 4 years (2 interactions and 1 favour "
        "exchanged). You never know."
    )
    give = _by_kind(items, "give-first")
    assert list(give) == ["Bob Roe"]  # Dee's favour is years old
    assert (
        give["Bob Roe"]["reason"] == "You received 2 favours from them and gave 1: give before you ask again."
    )


def test_a_tie_only_online_gets_the_next_richer_step(me):
    kith = me
    for name in ("Ann Writer", "Cal Caller", "Mo Met"):
        kith("add", name)
    for day in ("2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"):
        kith("log", "message", "Ann Writer", "--when", day)
        kith("log", "call", "Cal Caller", "--when", day)
        kith("log", "email", "Mo Met", "--when", day)
    kith("log", "coffee", "Mo Met", "--when", "2026-01-10")
    steps = _by_kind(_items(kith), "richer-step")
    assert set(steps) == {"Ann Writer", "Cal Caller"}
    assert steps["Ann Writer"]["channel"] == "call"
    assert steps["Ann Writer"]["reason"].startswith("4 contacts in the past year, all in writing")
    assert steps["Cal Caller"]["channel"] == "in_person"
    assert steps["Cal Caller"]["action"] == "Suggest the next step: coffee (in person)"


def test_fading_tie_is_worth_saving(me):
    from datetime import timedelta

    from kith.interactions import log_interaction
    from kith.people.core import PersonFields, add_person
    from kith.store.db import transaction

    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    with transaction() as session:
        fay = add_person(session, PersonFields(name="Fay Fading"), now=now)
        gus = add_person(session, PersonFields(name="Gus Steady"), now=now)
        when = datetime(2025, 3, 1, 12, tzinfo=UTC)
        while when < now:
            people = [fay, gus] if when < datetime(2026, 2, 1, tzinfo=UTC) else [gus]
            for person in people:
                log_interaction(session, kind="coffee", people=[person], when=when)
            when += timedelta(days=14)
    items = _items(me)
    fading = _by_kind(items, "fading")
    assert list(fading) == ["Fay Fading"]
    assert "strength fell from" in fading["Fay Fading"]["reason"]
    assert fading["Fay Fading"]["channel"] == "in_person"
    # one reach-out item per person: fading replaces a keep-in-touch for Fay
    assert not [i for i in items.values() if i["person"] == "Fay Fading" and i["kind"] != "fading"]


def test_liked_people_rank_higher_and_the_week_is_capped(me):
    kith = me
    names = [f"Person {letter}" for letter in "ABCDEFGHIJ"]
    for name in names:
        kith("add", name)
        kith("edit", name, "--cadence", "30")
        kith("log", "coffee", name, "--when", "2026-05-01")
    kith("like", "Person J")
    week = kith("agenda", "--json").json()
    assert len(week) == 7
    assert week[0]["person"] == "Person J" and week[0]["liked"] is True
    assert len(kith("agenda", "--all", "--json").json()) == 10
    assert len(kith("agenda", "--limit", "3", "--json").json()) == 3
    assert "7 of 10" in kith("agenda").stdout and "3 more: kith agenda --all" in kith("agenda").stdout
    kith("unlike", "Person J")
    assert kith("agenda", "--all", "--json").json()[-1]["person"] == "Person J"
    kith("agenda", "--set-size", "4")
    assert len(kith("agenda", "--json").json()) == 4
    assert_user_error(kith("agenda", "--limit", "0", expect=2), "1 to 100")


def test_agenda_items_carry_the_fields_a_client_needs(me):
    kith = me
    kith("add", "Jane Doe")
    kith("promise", "Jane Doe", "send the article")
    item = kith("agenda", "--json").json()[0]
    assert {"id", "kind", "person", "reason", "action", "channel", "priority", "due"} <= set(item)
    assert item["due"] == "2026-06-22T12:00:00+00:00"


def test_due_times_are_whole_seconds(me, monkeypatch):
    kith = me
    monkeypatch.setenv("KITH_NOW", "2026-06-15T12:00:00.654321+00:00")
    kith("add", "Bob Roe")
    kith("favour", "get", "Bob Roe", "advice", "--when", "2026-06-01")
    (item,) = kith("agenda", "--json").json()
    assert item["kind"] == "give-first" and item["due"] == "2026-06-22T12:00:00+00:00"


def test_an_empty_agenda_says_what_to_do(kith):
    assert "Nothing on your agenda" in kith("agenda").stdout
    assert kith("agenda", "--json").json() == []


def test_without_tie_strength_the_other_rules_still_work(me, monkeypatch):
    import sys

    kith = me
    kith("add", "Jane Doe")
    kith("edit", "Jane Doe", "--cadence", "30")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    kith("promise", "Jane Doe", "send the article", "--due", "2026-06-16")
    monkeypatch.setitem(sys.modules, "kith.strength.service", None)  # as if strength were not installed
    out = kith("agenda").stdout
    assert "tie strength is unavailable" in out
    assert {i["kind"] for i in kith("agenda", "--json").json()} == {"keep-in-touch", "commitment"}


def test_agenda_reasons_say_one_day_and_one_interaction_in_the_singular(kith):
    kith("add", "Jane Doe")
    kith("edit", "Jane Doe", "--cadence", "1")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01 12:00")  # not a first meeting: no follow-up
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-13 12:00")
    items = kith("agenda", "--all", "--json").json()
    reason = next(i["reason"] for i in items if i["id"].startswith("keep-in-touch:"))
    assert "every 1 day" in reason and "1 days" not in reason
    assert "1 days" not in kith("agenda", "--all").stdout
