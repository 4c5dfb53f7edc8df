"""Invitations and the acceptance policy: advice with the reason a user reads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import assert_user_error, shown

from kith.policy import count_conversations, says_you_met


def _advice(kith):
    return {item["person"]: item for item in kith("invitations", "--json").json()["invitations"]}


def _setup(kith):
    kith("add", "Ann Met")
    kith("log", "coffee", "Ann Met", "--when", "2026-03-02")
    kith("invitations", "add", "Ann Met", "--when", "2026-06-01", "--message", "great coffee")
    kith("add", "Bob Writer")
    kith("log", "email", "Bob Writer", "--when", "2026-05-01")
    kith("log", "email", "Bob Writer", "--inbound", "--when", "2026-05-03")
    kith("invitations", "add", "Bob Writer", "--when", "2026-06-02")


def test_met_in_person_is_accepted_with_the_date(kith):
    _setup(kith)
    ann = _advice(kith)["Ann Met"]
    assert ann["advice"] == "accept"
    assert ann["reason"] == "you met in person on 2026-03-02"
    assert ann["message"] == "great coffee"
    out = kith("invitations").stdout
    assert "ACCEPT  Ann Met (linkedin, sent 2026-06-01): you met in person on 2026-03-02" in out
    assert "message: great coffee" in out


def test_one_exchange_is_not_enough_under_the_default_policy(kith):
    _setup(kith)
    bob = _advice(kith)["Bob Writer"]
    assert bob["advice"] == "not yet"
    assert bob["conversations"] == 1
    assert bob["reason"] == "only 1 two-way conversation; your policy asks for 2 or a meeting in person"


def test_lowering_the_policy_turns_the_advice(kith):
    _setup(kith)
    assert "at least 1 two-way conversation" in kith("policy", "--conversations", "1").stdout
    bob = _advice(kith)["Bob Writer"]
    assert bob["advice"] == "accept"
    assert bob["reason"] == "1 two-way conversation; your policy asks for 1"
    assert kith("policy", "--json").json() == {"met_in_person": True, "conversations": 1}


def test_any_policy_counts_a_meeting_as_one_conversation(kith):
    _setup(kith)
    kith("policy", "--any")
    ann = _advice(kith)["Ann Met"]
    assert ann["advice"] == "not yet"
    assert ann["reason"] == "only 1 two-way conversation; your policy asks for 2"
    kith("log", "call", "Ann Met", "--inbound", "--when", "2026-04-01")
    assert _advice(kith)["Ann Met"]["advice"] == "accept"


def test_stranger_added_by_invitation_only_likes_do_not_count(kith):
    out = kith("invitations", "add", "Zed Stranger").stdout
    assert out.startswith("Recorded an invitation from Zed Stranger (#") and out.endswith(
        ", added as a new person)\n"
    )
    kith("log", "like", "Zed Stranger", "--inbound", "--when", "2026-06-10")
    kith("log", "comment", "Zed Stranger", "--when", "2026-06-11")
    zed = _advice(kith)["Zed Stranger"]
    assert zed["advice"] == "not yet"
    assert zed["reason"] == (
        "no two-way conversation yet (2 social reactions do not count); "
        "your policy asks for 2 or a meeting in person"
    )
    kith("invitations", "add", "Lia Liker")
    kith("log", "like", "Lia Liker", "--inbound", "--when", "2026-06-10")
    assert "(1 social reaction does not count)" in _advice(kith)["Lia Liker"]["reason"]


def test_accept_records_the_connection_and_leaves_the_list(kith):
    _setup(kith)
    out = kith("invitations", "accept", "Ann Met").stdout
    assert "Accepted: Ann Met is now a connection on linkedin" in out
    kith("invitations", "decline", "Bob Writer")
    assert kith("invitations", "--json").json()["invitations"] == []
    assert "No pending invitations." in kith("invitations").stdout
    show = shown(kith, "Ann Met")
    assert show["connections"][0]["platform"] == "linkedin"
    assert show["connections"][0]["connected_on"] == "2026-06-15"


def test_bad_input(kith):
    _setup(kith)
    kith("invitations", "accept", "Ann Met")
    assert_user_error(
        kith("invitations", "accept", "Ann Met", expect=2),
        "no pending invitation from Ann Met: you already accepted it",
    )
    kith("invitations", "decline", "Bob Writer")
    assert_user_error(kith("invitations", "decline", "Bob Writer", expect=2), "you already declined it")
    kith("add", "Dee Never")
    assert_user_error(
        kith("invitations", "accept", "Dee Never", expect=2), "no pending invitation from Dee Never"
    )
    kith("invitations", "add", "Bob Writer")
    assert_user_error(kith("invitations", "add", "Bob Writer", expect=2), "already has a pending invitation")
    assert_user_error(
        kith("invitations", "add", "Carl", "--when", "someday maybe", expect=2), "cannot read the date"
    )
    assert_user_error(kith("policy", "--conversations", "0", expect=2), "between 1 and 100")
    assert_user_error(kith("invitations", "decline", "Nobody Here", expect=2), "nobody called")
    # nothing was half-written by the failed add
    assert "Carl" not in {p["name"] for p in kith("people", "--json").json()}


def _t(day: int) -> datetime:
    return datetime(2026, 1, day, 12, tzinfo=UTC)


def test_two_way_conversation_definition():
    out, inn = "outbound", "inbound"
    # five unanswered emails are no conversation
    assert count_conversations([(_t(d), "email", out) for d in range(1, 6)]) == 0
    # ping-pong of four messages is two exchanges
    assert (
        count_conversations(
            [(_t(1), "email", out), (_t(2), "email", inn), (_t(3), "message", out), (_t(4), "message", inn)]
        )
        == 2
    )
    # an answer more than 14 days later does not close the exchange
    assert count_conversations([(_t(1), "email", out), (_t(20), "email", inn)]) == 0
    # a live call counts whoever started it; social reactions never count; copied-together mail does not
    assert (
        count_conversations([(_t(1), "call", inn), (_t(2), "social", out), (_t(3), "email", "mutual")]) == 1
    )


def test_invitations_from_a_linkedin_export_get_advice(kith, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Lou Ng,Ada Example,"6/1/26, 9:05 AM",Loved your talk,INCOMING,'
        "https://www.linkedin.com/in/loung,https://www.linkedin.com/in/ada-example\n"
    )
    kith("import", "linkedin", str(folder))
    kith("log", "meeting", "Lou Ng", "--when", "2026-06-05")
    [lou] = kith("invitations", "--json").json()["invitations"]
    assert (lou["person"], lou["platform"], lou["sent_at"][:10]) == ("Lou Ng", "linkedin", "2026-06-01")
    assert lou["message"] == "Loved your talk"
    assert (lou["advice"], lou["reason"]) == ("accept", "you met in person on 2026-06-05")


def test_an_invitation_is_corrected(kith):
    _setup(kith)
    out = kith(
        "invitations", "edit", "Ann Met", "--message", "we met at PyCon", "--when", "2026-06-03"
    ).stdout
    assert out.strip() == "Updated the invitation from Ann Met (linkedin)"
    ann = _advice(kith)["Ann Met"]
    assert (ann["message"], ann["sent_at"][:10]) == ("we met at PyCon", "2026-06-03")
    kith("invitations", "edit", "Ann Met", "--message", "")
    assert _advice(kith)["Ann Met"]["message"] is None
    assert_user_error(kith("invitations", "edit", "Ann Met", expect=2), "nothing to change")
    kith("invitations", "accept", "Ann Met")
    assert_user_error(
        kith("invitations", "edit", "Ann Met", "--message", "x", expect=2), "you already accepted it"
    )


def test_an_invitation_is_deleted_with_yes_and_the_person_stays(kith):
    _setup(kith)
    assert_user_error(kith("invitations", "delete", "Bob Writer", expect=2), "add --yes")
    assert set(_advice(kith)) == {"Ann Met", "Bob Writer"}
    out = kith("invitations", "delete", "Bob Writer", "--yes").stdout
    assert out.strip() == "Deleted the invitation from Bob Writer (linkedin)"
    assert set(_advice(kith)) == {"Ann Met"}
    assert shown(kith, "Bob Writer")["name"] == "Bob Writer"
    assert_user_error(kith("invitations", "delete", "Bob Writer", "--yes", expect=2), "no pending invitation")


def test_several_pending_invitations_need_the_platform(kith):
    _setup(kith)
    kith("invitations", "add", "Ann Met", "--platform", "xing")
    assert_user_error(kith("invitations", "delete", "Ann Met", "--yes", expect=2), "linkedin and xing")
    kith("invitations", "delete", "Ann Met", "--platform", "xing", "--yes")
    kith("invitations", "accept", "Ann Met")
    assert set(_advice(kith)) == {"Bob Writer"}


def test_the_advice_is_accept_or_not_yet_as_the_readme_says(kith):
    _setup(kith)
    out = kith("invitations").stdout
    assert "ACCEPT  Ann Met (linkedin, sent 2026-06-01): you met in person on 2026-03-02" in out
    assert (
        "NOT YET Bob Writer (linkedin, sent 2026-06-02): only 1 two-way conversation; "
        "your policy asks for 2 or a meeting in person"
    ) in out
    assert "DECLINE" not in out and "2 invitations pending" in out
    assert {i["advice"] for i in kith("invitations", "--json").json()["invitations"]} == {"accept", "not yet"}
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "*accept* when your policy is met, and *not yet* otherwise" in readme


@pytest.mark.parametrize(
    "message",
    [
        "Hi! We met briefly at the meetup last week, would be great to stay in touch.",
        "Great meeting you at PyData Berlin!",
        "we met at the meetup",
        "Nice to have met you yesterday",
        "We've met at a couple of events, let's connect",
        "Met at PyCon, loved your talk",
        "Thanks for the chat at the recruiting breakfast",
        "WE JUST MET at the conference",
    ],
)
def test_messages_that_say_you_met(message):
    assert says_you_met(message)


@pytest.mark.parametrize(
    "message",
    [
        None,
        "",
        "Loved your talk, would like to connect.",
        "Looking forward to meeting you at the next meetup",
        "We haven't met yet, but I liked your post",
        "I know we have not met, but...",
        "We've never met at an event, sadly",
        "Would love to meet you for coffee",
        "great coffee",
    ],
)
def test_messages_that_do_not_say_you_met(message):
    assert not says_you_met(message)


def _met_invitation(kith):
    kith("add", "Sam Lee")
    kith("invitations", "add", "Sam Lee", "--when", "2026-06-10", "--message", "Great meeting you at PyCon!")
    kith("invitations", "add", "Zed Stranger", "--message", "Loved your talk")


def test_an_invitation_saying_you_met_offers_to_log_the_meeting_and_accept(kith):
    _met_invitation(kith)
    advice = _advice(kith)
    assert (advice["Sam Lee"]["advice"], advice["Sam Lee"]["offer_log_meeting"]) == ("not yet", True)
    assert advice["Zed Stranger"]["offer_log_meeting"] is False
    out = kith("invitations").stdout
    assert '        the message says you met: kith invitations accept "Sam Lee" --log-meeting\n' in out
    assert out.count("--log-meeting") == 1


def test_log_the_meeting_and_accept_is_one_step_undone_as_one(kith):
    _met_invitation(kith)
    out = kith("invitations", "accept", "Sam Lee", "--log-meeting").stdout
    assert out.startswith(
        "Logged the meeting on 2026-06-10 with Sam Lee and accepted: now a connection on linkedin\n"
    )
    assert "kith undo takes back both" in out
    sam = shown(kith, "Sam Lee")
    (meeting,) = sam["timeline"]
    assert (meeting["kind"], meeting["channel"], meeting["when"][:10]) == (
        "meeting",
        "in_person",
        "2026-06-10",
    )
    assert sam["connections"][0]["connected_on"] == "2026-06-15"
    assert set(_advice(kith)) == {"Zed Stranger"}
    # the agenda says to follow up after the (first) meeting
    (follow,) = [i for i in kith("agenda", "--all", "--json").json() if i["person"] == "Sam Lee"]
    assert follow["kind"] == "follow-up" and follow["reason"].startswith(
        "You met for the first time 5 days ago"
    )

    assert kith("undo").stdout.strip() == "Undid: log the meeting with Sam Lee and accept their invitation"
    assert shown(kith, "Sam Lee")["timeline"] == [] and shown(kith, "Sam Lee")["connections"] == []
    assert _advice(kith)["Sam Lee"]["offer_log_meeting"] is True


def test_log_the_meeting_with_a_time_and_kind_and_bad_input(kith):
    _met_invitation(kith)
    assert_user_error(
        kith("invitations", "accept", "Sam Lee", "--when", "yesterday", expect=2), "--log-meeting"
    )
    assert_user_error(
        kith("invitations", "accept", "Sam Lee", "--log-meeting", "--when", "next friday", expect=2), "future"
    )
    assert_user_error(
        kith("invitations", "accept", "Sam Lee", "--log-meeting", "--kind", "teleport", expect=2),
        "unknown kind",
    )
    assert shown(kith, "Sam Lee")["timeline"] == [] and "Sam Lee" in _advice(kith)  # nothing half-written
    out = kith(
        "invitations", "accept", "Sam Lee", "--log-meeting", "--kind", "coffee", "--when", "2026-06-09"
    ).stdout
    assert "Logged the coffee on 2026-06-09 with Sam Lee" in out
    assert_user_error(
        kith("invitations", "accept", "Sam Lee", "--log-meeting", expect=2), "you already accepted it"
    )
