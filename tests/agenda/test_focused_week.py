# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""A focused week: congratulations to connections never contacted fold into one item, a first meeting is
followed up, an unanswered email becomes a reply, an accepted invitation a follow-up, and reasons to meet
or call come before what a like could do; as the CLI, its --json, the API and the agenda page show it."""

from __future__ import annotations

import pytest
from conftest import assert_user_error, connections_csv
from web_client import api, web  # noqa: F401

RELATIONSHIPS = ("intimate", "close", "friends", "meaningful")


def _all(kith) -> list[dict]:
    return kith("agenda", "--all", "--json").json()


def _of(kith, kind: str) -> dict[str, dict]:
    return {item["person"]: item for item in _all(kith) if item["kind"] == kind}


@pytest.fixture
def me(kith):
    kith("me", "--name", "Ada Example")
    return kith


@pytest.fixture
def new_roles(me, tmp_path):
    """Six connections who all start new roles in the second export: Olu (a relationship), Ann (one
    email, and liked), Lia (only a like), and Cal, Dee and Eve (never in touch); plus Kim, a coffee due."""
    kith = me
    people = [("Olu", "Old"), ("Ann", "Acq"), ("Lia", "Like"), ("Cal", "Col"), ("Dee", "Col"), ("Eve", "Col")]
    rows = [
        [first, last, f"https://www.linkedin.com/in/{first.lower()}{last.lower()}", "", "Acme", "Engineer"]
        + ["1 Jan 2020"]
        for first, last in people
    ]
    kith("import", "linkedin", connections_csv(tmp_path / "a" / "Connections.csv", rows, "2026-06-01"))
    for month in range(1, 7):
        kith("log", "coffee", "Olu Old", "--when", f"2026-{month:02d}-01")
    kith("log", "email", "Ann Acq", "--inbound", "--when", "2026-03-01")
    kith("like", "Ann Acq")
    kith("log", "like", "Lia Like", "--when", "2026-05-01")
    moved = [[*row[:4], "Initech", "Lead", row[6]] for row in rows]
    kith("import", "linkedin", connections_csv(tmp_path / "b" / "Connections.csv", moved, "2026-06-14"))
    kith("add", "Kim Coffee")
    kith("edit", "Kim Coffee", "--cadence", "30")
    kith("log", "coffee", "Kim Coffee", "--when", "2026-05-01")
    return kith


def test_congratulations_to_connections_never_contacted_are_one_item(new_roles):
    kith = new_roles
    items = _all(kith)
    (group,) = [i for i in items if i["kind"] == "new-roles"]
    assert group["id"] == "new-roles:0" and group["person_id"] is None
    assert group["person"] == "4 connections with a new role"
    assert [p["name"] for p in group["people"]] == ["Cal Col", "Dee Col", "Eve Col", "Lia Like"]
    assert group["people"][0]["news"] == "Engineer at Acme -> Lead at Initech"
    assert group["reason"].startswith(
        "Cal Col, Dee Col, Eve Col and 1 other: connections you have never been in touch with started a "
        "new role. A congratulation is a natural first message: a chance to start a relationship."
    )
    assert group["log_kind"] == "message" and group["in_person_or_call"] is False
    # the people you have been in touch with get one item each
    job = {i["person"]: i for i in items if i["kind"] == "job-change"}
    assert set(job) == {"Olu Old", "Ann Acq"}
    circles = {p["name"]: p["circle"] for p in kith("people", "--json").json()}
    assert circles["Olu Old"] in RELATIONSHIPS
    assert (job["Olu Old"]["action"], job["Olu Old"]["channel"]) == (
        "Call to congratulate them on the new role",
        "call",
    )
    assert job["Olu Old"]["log_kind"] == "call" and job["Olu Old"]["in_person_or_call"] is True
    assert (job["Ann Acq"]["action"], job["Ann Acq"]["log_kind"]) == (
        "Congratulate them on the new role",
        "message",
    )

    text = kith("agenda", "--all").stdout
    assert "4 connections with a new role: Pick the ones you would like to know" in text
    assert "    who: Cal Col, Dee Col, Eve Col, Lia Like\n" in text


def test_reasons_to_meet_or_call_come_before_what_a_like_could_do(new_roles):
    items = _all(new_roles)
    light = [
        n
        for n, i in enumerate(items)
        if i["kind"] in ("job-change", "new-roles") and not i["in_person_or_call"]
    ]
    live = [n for n, i in enumerate(items) if i["in_person_or_call"]]
    assert light and live and max(live) < min(light)
    kim = next(i for i in items if i["person"] == "Kim Coffee")
    ann = next(i for i in items if i["person"] == "Ann Acq")
    # Ann is liked and her news is fresh, so she outranks Kim's coffee on priority; the coffee still comes first
    assert ann["priority"] > kim["priority"] and items.index(kim) < items.index(ann)
    assert kim["in_person_or_call"] is True and kim["log_kind"] == "coffee"


def test_congratulating_one_takes_them_off_the_group_and_done_hides_it(new_roles):
    kith = new_roles
    kith("log", "message", "Cal Col")
    (group,) = [i for i in _all(kith) if i["kind"] == "new-roles"]
    assert [p["name"] for p in group["people"]] == ["Dee Col", "Eve Col", "Lia Like"]
    assert "Cal Col" not in {i["person"] for i in _all(kith)}
    out = kith("done", "new-roles:0").stdout
    assert "Done: new-roles:0 (3 connections with a new role)" in out
    assert "kith log message NAME" in out
    assert "new-roles:0" not in {i["id"] for i in _all(kith)}
    assert_user_error(kith("done", "new-roles:0", expect=2), "already done")


def test_the_agenda_page_lists_the_names_of_the_group_with_a_log_link_each(new_roles, web, api):
    page = web.get("/agenda?all=1").text
    agenda = api.get("/api/agenda").json()
    (group,) = [i for i in agenda["week"] + agenda["rest"] if i["kind"] == "new-roles"]
    assert "4 connections with a new role" in page and "<summary>4 people</summary>" in page
    for person in group["people"]:
        assert f'<a href="/people/{person["id"]}">{person["name"]}</a>' in page
        assert f"/log?names={person['name'].replace(' ', '%20')}&amp;kind=message" in page
    assert "/people/None" not in page and "/log?names=4%20connections" not in page


def test_a_first_meeting_is_followed_up_within_a_couple_of_days(me, monkeypatch):
    kith = me
    for name in ("Mia New", "Vic Video", "Old Friend", "Ted Thanked"):
        kith("add", name)
    kith("log", "coffee", "Mia New", "--when", "2026-06-13", "--promise", "send the deck")
    kith("log", "video", "Vic Video", "--when", "2026-06-14")
    kith("log", "coffee", "Old Friend", "--when", "2026-01-10")
    kith("log", "coffee", "Old Friend", "--when", "2026-06-12")  # met before: not a first meeting
    kith("log", "call", "Ted Thanked", "--when", "2026-06-11")
    kith("log", "email", "Ted Thanked", "--when", "2026-06-12")  # followed up already

    follow = _of(kith, "follow-up")
    assert set(follow) == {"Mia New", "Vic Video"}
    mia = follow["Mia New"]
    assert mia["reason"] == (
        "You met for the first time 2 days ago (in person, 2026-06-13). Follow up within a couple of days: "
        "thank them and send what you promised: send the deck."
    )
    assert mia["action"] == "Follow up: thank them, send what you promised, suggest a next step"
    assert (mia["due"], mia["channel"], mia["log_kind"]) == ("2026-06-15T12:00:00+00:00", "email", "email")
    assert follow["Vic Video"]["reason"].startswith(
        "You met for the first time yesterday (by video call, 2026-06-14)."
    )
    text = kith("agenda", "--all").stdout
    assert f"Mia New: {mia['action']}  [{mia['id']}, due 2026-06-15]" in text
    # the promise travels with the follow-up: one item, not two
    assert [i["kind"] for i in _all(kith) if i["person"] == "Mia New"] == ["follow-up"]

    kith("log", "email", "Mia New")  # the thank-you
    assert set(_of(kith, "follow-up")) == {"Vic Video"}
    monkeypatch.setenv("KITH_NOW", "2026-06-21T12:00:00+00:00")  # a week on, a thank-you is stale
    assert "Vic Video" not in _of(kith, "follow-up")


def test_their_message_unanswered_for_a_few_days_becomes_a_reply(me, monkeypatch):
    kith = me
    for name in ("Rita Wrote", "Max Msg", "Ann Answered", "Lou Liked"):
        kith("add", name)
    kith("log", "email", "Rita Wrote", "--inbound", "--when", "2026-06-10")
    kith("log", "message", "Max Msg", "--inbound", "--when", "2026-06-14")  # yesterday: not yet
    kith("log", "email", "Ann Answered", "--inbound", "--when", "2026-06-08")
    kith("log", "email", "Ann Answered", "--when", "2026-06-09")
    kith("log", "email", "Lou Liked", "--inbound", "--when", "2026-06-05")
    kith("log", "like", "Lou Liked", "--when", "2026-06-06")  # a like is no answer

    replies = _of(kith, "reply")
    assert set(replies) == {"Rita Wrote", "Lou Liked"}
    rita = replies["Rita Wrote"]
    assert rita["reason"] == (
        "They sent you an email 5 days ago (2026-06-10) and have no answer yet. "
        "Answering is the first rule of keeping in touch."
    )
    assert (rita["action"], rita["channel"], rita["log_kind"]) == ("Reply to their email", "email", "email")
    assert rita["id"].startswith("reply:") and rita["due"] == "2026-06-13T12:00:00+00:00"
    assert replies["Lou Liked"]["action"] == "Reply to their email; better still, call them"
    assert f"Rita Wrote: Reply to their email  [{rita['id']}, due 2026-06-13]" in kith("agenda").stdout

    kith("log", "email", "Rita Wrote")
    assert "Rita Wrote" not in _of(kith, "reply")
    monkeypatch.setenv("KITH_NOW", "2026-06-18T12:00:00+00:00")
    max_ = _of(kith, "reply")["Max Msg"]
    assert (max_["action"], max_["log_kind"]) == ("Reply to their message", "message")


def test_an_accepted_invitation_becomes_a_follow_up(me):
    kith = me
    kith("invitations", "add", "Sam Lee", "--message", "Loved your talk", "--when", "2026-06-10")
    out = kith("invitations", "accept", "Sam Lee").stdout
    assert "Accepted: Sam Lee is now a connection on linkedin" in out
    assert "next: write to them within a couple of days (kith agenda lists it)" in out
    sam = _of(kith, "follow-up")["Sam Lee"]
    assert sam["reason"] == (
        "You accepted their invitation on LinkedIn on 2026-06-15; a connection is not a relationship yet: "
        "write back within a couple of days."
    )
    assert (sam["due"], sam["log_kind"]) == ("2026-06-17T00:00:00+00:00", "message")
    kith("log", "message", "Sam Lee")
    assert "Sam Lee" not in _of(kith, "follow-up")


def test_the_new_items_log_it_link_starts_the_form_with_the_name_and_kind(me, web):
    kith = me
    kith("add", "Rita Wrote")
    kith("log", "email", "Rita Wrote", "--inbound", "--when", "2026-06-10")
    kith("add", "Mia New")
    kith("log", "call", "Mia New", "--when", "2026-06-14")
    page = web.get("/agenda").text
    assert "/log?names=Rita%20Wrote&amp;kind=email" in page
    assert "/log?names=Mia%20New&amp;kind=email" in page
    form = web.get("/log?names=Rita%20Wrote&kind=email").text
    assert '<option value="email" selected>' in form and 'value="Rita Wrote"' in form


def test_the_week_size_is_the_users_and_the_api_agrees(new_roles, api):
    kith = new_roles
    kith("agenda", "--set-size", "2")
    week = kith("agenda", "--json").json()
    assert len(week) == 2
    assert api.get("/api/agenda").json()["week"] == week
    assert "This week (2 of " in kith("agenda").stdout


def test_the_whole_list_holds_four_weeks_and_the_rest_can_wait(me, api, web):
    kith = me
    for letter in "ABCDEFGHIJ":
        kith("add", f"Person {letter}")
        kith("edit", f"Person {letter}", "--cadence", "30")
        kith("log", "coffee", f"Person {letter}", "--when", "2026-05-01")
    kith("agenda", "--set-size", "2")
    listed = _all(kith)
    assert len(listed) == 8  # 4 weeks of 2
    text = kith("agenda").stdout
    assert "This week (2 of 8):" in text and "6 more: kith agenda --all" in text
    assert "2 items of lower rank can wait: they come up as you clear the list" in text
    agenda = api.get("/api/agenda").json()
    assert agenda["later"] == 2 and agenda["week"] + agenda["rest"] == listed
    assert "2 items of lower rank can wait" in web.get("/agenda").text
    # clearing one brings the next one up
    kith("done", listed[0]["id"])
    assert len(_all(kith)) == 8 and "1 item of lower rank can wait" in kith("agenda").stdout


def test_a_single_connection_never_contacted_keeps_an_item_of_their_own(new_roles):
    kith = new_roles
    for name in ("Cal Col", "Dee Col", "Eve Col"):
        kith("log", "message", name)
    items = _all(kith)
    assert not [i for i in items if i["kind"] == "new-roles"]
    lia = next(i for i in items if i["person"] == "Lia Like")
    assert lia["kind"] == "job-change" and lia["action"] == "Congratulate them on the new role"
    assert lia["reason"].endswith(
        "You have never been in touch: a congratulation is a natural first message, a chance to start a "
        "relationship."
    )


def test_done_on_a_follow_up_keeps_the_promise_made_at_that_meeting(me):
    kith = me
    kith("add", "Mia New")
    kith("log", "coffee", "Mia New", "--when", "2026-06-13", "--promise", "send the deck")
    (item,) = _all(kith)
    out = kith("done", item["id"]).stdout
    assert f"Done: {item['id']} (Mia New)" in out
    assert 'what you promised is marked done too; log the note you sent: kith log email "Mia New"' in out
    assert kith("commitments", "--json").json() == []
    assert "done 2026-06-15" in kith("commitments", "--all").stdout
    assert _all(kith) == []
    assert kith("undo").stdout.strip() == f"Undid: mark {item['id']} done"
    assert [c["text"] for c in kith("commitments", "--json").json()] == ["send the deck"]


def test_a_third_of_the_week_is_reasons_to_meet_or_call_when_there_are_any(me, api):
    """Five promises due outrank two coffees that are due: a week of 6 holds two reasons to meet, the
    second taking the place of the last promise, which heads the rest; a third of a week of 2 is none."""
    kith = me
    kith("add", "Cal Cole")
    for n in range(5):
        kith("promise", "Cal Cole", f"send draft {n}", "--due", f"2026-06-1{n}")
    for name in ("Kim Coffee", "Lou Lunch"):
        kith("add", name)
        kith("edit", name, "--cadence", "30")
        kith("log", "coffee", name, "--when", "2026-04-01")
    ranked = [item["id"] for item in _all(kith)]
    kith("agenda", "--set-size", "6")
    week = kith("agenda", "--json").json()
    assert [item["in_person_or_call"] for item in week] == [False] * 4 + [True] * 2
    assert [item["kind"] for item in week[:4]] == ["commitment"] * 4
    listed = _all(kith)
    assert listed[:6] == week and sorted(i["id"] for i in listed) == sorted(ranked)
    assert [i["kind"] for i in listed[6:]] == ["commitment"]  # the one that made room
    assert api.get("/api/agenda").json()["week"] == week
    kith("agenda", "--set-size", "2")
    assert [item["kind"] for item in kith("agenda", "--json").json()] == ["commitment", "commitment"]


def test_a_friend_with_a_new_role_is_one_call_to_congratulate_not_also_a_coffee_due(me, kith_on):
    kith = me
    kith_on("2026-01-10", "add", "Kim Coffee", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Kim Coffee", "--cadence", "30")
    for day in ("2026-02-01", "2026-03-01"):
        kith("log", "coffee", "Kim Coffee", "--when", day)
    assert [i["kind"] for i in _all(kith)] == ["keep-in-touch"]  # a coffee due since April
    kith("edit", "Kim Coffee", "--company", "Initech")
    kith("log", "email", "Kim Coffee", "--inbound", "--when", "2026-06-10")  # before the change, unanswered
    assert sorted(i["kind"] for i in _all(kith)) == ["job-change", "reply"]
