"""Warm paths (kith.reach): crafted networks whose best paths are known, answered with their reasons;
rejected ties never proposed; the empty and the ambiguous answers worded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import assert_user_error

from kith.people.lookup import resolve
from kith.people.roles import organisation
from kith.store.db import transaction
from kith.store.schema import Role


def past_role(name: str, company: str, started: date, ended: date | None) -> None:
    """A role with dates, as an import of a work history would store it."""
    with transaction() as session:
        person = resolve(session, name)
        org = organisation(session, company)
        session.add(
            Role(
                person_id=person.id,
                organisation_id=org.id,
                started_on=started,
                ended_on=ended,
                seen_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )


@pytest.fixture
def network(kith):
    """You know Jane well (she was at Acme with Tom, who is there now), Carl a little (he knows Dan, who
    knows Tom) and Bob barely (he knows Tom from college)."""
    kith("me", "--name", "Ada Lovelace")
    for name in ("Jane Doe", "Carl Coll", "Bob Roe", "Dan Dee"):
        kith("add", name)
    kith("add", "Tom Lee", "--company", "Acme")
    kith("add", "Lee Chen", "--company", "Globex")
    kith("add", "Mo Park", "--company", "Acme Labs")
    past_role("Jane Doe", "Acme", date(2019, 1, 7), date(2021, 6, 30))
    past_role("Tom Lee", "Acme", date(2019, 3, 1), date(2022, 1, 1))
    for when in ("2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04", "2026-06-01", "2026-06-12"):
        kith("log", "coffee", "Jane Doe", "--when", when)
    for when in ("2026-01-10", "2026-04-20"):
        kith("log", "coffee", "Carl Coll", "--when", when)
    kith("log", "call", "Bob Roe", "--when", "2024-05-01")
    kith("knows", "Carl Coll", "Dan Dee", "--how", "climbing partners")
    kith("knows", "Dan Dee", "Tom Lee")
    kith("knows", "Bob Roe", "Tom Lee", "--how", "college friends")
    return kith


def chains(answer):
    return [[p["name"] for p in path["people"]] for path in answer["paths"]]


def test_the_best_paths_to_a_company_with_their_reasons(network):
    answer = network("reach", "--company", "acme", "--json").json()
    assert answer["target"] == "Acme"
    assert [t["name"] for t in answer["targets"]] == ["Tom Lee"]
    assert chains(answer) == [
        ["Jane Doe", "Tom Lee"],
        ["Carl Coll", "Dan Dee", "Tom Lee"],
        ["Bob Roe", "Tom Lee"],
    ]
    jane, carl, bob = answer["paths"]
    assert jane["reason"].startswith("Jane Doe: ")
    assert "6 coffees, last contact 3 days ago" in jane["reason"]
    assert jane["reason"].endswith("knows Tom Lee: together at Acme 2019–2021")
    assert jane["ask"] == "Ask Jane Doe to introduce you to Tom Lee."
    assert carl["reason"].endswith(
        "knows Dan Dee: you said they know each other: climbing partners; "
        "Dan Dee knows Tom Lee: you said they know each other"
    )
    assert carl["ask"] == "Ask Carl Coll to introduce you to Dan Dee, who can introduce you to Tom Lee."
    assert "college friends" in bob["reason"]
    assert jane["score"] > carl["score"] > bob["score"]
    assert answer["message"] == "3 warm paths to Acme."


def test_the_text_shows_each_path_with_its_reason_and_the_ask(network):
    out = network("reach", "--company", "Acme").stdout
    assert out.startswith("3 warm paths to Acme.\n")
    assert "1. you → Jane Doe → Tom Lee\n   Why: Jane Doe: " in out
    assert "   Ask Jane Doe to introduce you to Tom Lee.\n" in out
    assert "2. you → Carl Coll → Dan Dee → Tom Lee" in out
    assert "Ranked: paths are ranked by your tie strength" in out


def test_a_person_as_the_target(network):
    answer = network("reach", "Tom Lee", "--json").json()
    assert answer["query"] == {"person": answer["targets"][0]["id"]}
    assert chains(answer)[0] == ["Jane Doe", "Tom Lee"]


def test_a_rejected_tie_is_never_proposed_again(network):
    network("knows", "Jane Doe", "Tom Lee", "--not")
    answer = network("reach", "--company", "Acme", "--json").json()
    assert chains(answer) == [["Carl Coll", "Dan Dee", "Tom Lee"], ["Bob Roe", "Tom Lee"]]
    # more evidence later does not bring it back
    network("log", "meeting", "Jane Doe", "Tom Lee", "--when", "2026-06-14")
    answer = network("reach", "--company", "Acme", "--json").json()
    assert ["Jane Doe", "Tom Lee"] not in chains(answer)


def test_targets_you_know_are_said_apart_and_never_routed_through(network):
    network("add", "Zoe Zed", "--company", "Globex", "--tag", "designer")
    network("add", "Kim Kay", "--tag", "designer")
    network("log", "dinner", "Jane Doe", "Zoe Zed", "--when", "2026-06-01")
    network("log", "dinner", "Jane Doe", "Zoe Zed", "--when", "2026-06-08")
    answer = network("reach", "--company", "Globex", "--json").json()
    assert [k["name"] for k in answer["known"]] == ["Zoe Zed"]
    # not Jane → Zoe → Lee: you know Zoe well enough to ask her yourself
    assert chains(answer) == [["Zoe Zed", "Lee Chen"]]
    assert answer["paths"][0]["reason"].endswith("knows Lee Chen: both at Globex now")
    assert network("reach", "--company", "Globex").stdout.splitlines()[1].startswith("You know Zoe Zed (")
    designers = network("reach", "--tag", "designer").stdout.strip()
    assert designers.startswith(
        "No warm path to people tagged designer: nobody you know is known to know them"
    )
    assert "(you know Zoe Zed (" in designers
    zoe = network("reach", "Zoe Zed", "--json").json()
    assert zoe["paths"] == [] and zoe["message"].endswith("yourself: write to them, no introduction needed.")


def test_someone_you_met_phoned_or_heard_from_is_yours_to_write_to(network):
    network("add", "Zoltan Verhoeven", "--company", "Acme")
    network("add", "Una Ung", "--company", "Acme")
    network("knows", "Jane Doe", "Zoltan Verhoeven")
    network("knows", "Jane Doe", "Una Ung")
    # a group dinner and an email you sent are not a conversation with Una
    network("log", "dinner", "Jane Doe", "Una Ung", "--when", "2026-05-01")
    network("log", "email", "Una Ung", "--when", "2026-05-02")
    network("log", "email", "Zoltan Verhoeven", "--when", "2026-05-02")
    before = network("reach", "Zoltan Verhoeven", "--json").json()
    assert ["Jane Doe", "Zoltan Verhoeven"] in chains(before)
    network("log", "call", "Zoltan Verhoeven", "--when", "2026-05-03")
    answer = network("reach", "Zoltan Verhoeven", "--json").json()
    assert answer["paths"] == [] and answer["nearest"] == []
    assert answer["known"] == [
        {"id": answer["targets"][0]["id"], "name": "Zoltan Verhoeven", "circle": "acquaintance"}
    ]
    assert answer["message"] == (
        "You know Zoltan Verhoeven (acquaintance) yourself: write to them, no introduction needed."
    )
    assert "or have met, had a call with or heard from yourself" in answer["rule"]
    # a reply from Una (inbound) counts too; the known are listed strongest first
    network("log", "email", "Una Ung", "--when", "2026-06-10", "--inbound")
    acme = network("reach", "--company", "Acme", "--json").json()
    assert [k["name"] for k in acme["known"]] == ["Una Ung", "Zoltan Verhoeven"]
    assert ["Jane Doe", "Zoltan Verhoeven"] not in chains(acme) and ["Jane Doe", "Una Ung"] not in chains(
        acme
    )


def test_people_at_your_group_interactions_know_each_other(network):
    network("add", "Zoe Zed", "--tag", "designer")
    network("log", "dinner", "Jane Doe", "Zoe Zed", "--when", "2025-06-01")
    network("log", "dinner", "Jane Doe", "Zoe Zed", "--when", "2025-06-08")
    answer = network("reach", "--tag", "designer", "--json").json()
    assert answer["known"] == []  # two dinners a year ago: not a relationship of yours
    assert chains(answer) == [["Jane Doe", "Zoe Zed"]]
    assert "together at 2 group interactions of yours (latest 2025-06-08)" in answer["paths"][0]["reason"]


def test_met_via_ties_two_people(network):
    network("add", "Kim Kay", "--tag", "designer", "--met-via", "Bob Roe")
    answer = network("reach", "--tag", "designer", "--json").json()
    assert chains(answer) == [["Bob Roe", "Kim Kay"]]
    assert answer["paths"][0]["reason"].endswith("knows Kim Kay: you met Kim Kay through Bob Roe")


def test_no_path_is_an_answer_in_words(network):
    result = network("reach", "--company", "Globex")
    assert result.stdout.splitlines() == [
        "No warm path to Globex: nobody you know is known to know them.",
        "If someone knows them, say so with: kith knows NAME NAME",  # the command's hint, not the API's
    ]
    assert "kith knows" not in network("reach", "--company", "Globex", "--json").json()["message"]
    assert network("reach", "--company", "Globex", "--json").json()["paths"] == []


def test_an_ambiguous_company_lists_the_candidates(network):
    answer = network("reach", "--company", "acm", "--json").json()
    assert answer["candidates"] == ["Acme", "Acme Labs"]
    assert answer["paths"] == []
    said = network("reach", "--company", "acm", expect=2)
    assert_user_error(said)
    assert said.stderr.strip() == "error: 'acm' could be Acme, Acme Labs; say which"


def test_a_company_nobody_is_at_is_an_answer_not_an_error(network):
    said = network("reach", "--company", "Nowhere Inc")
    assert said.stdout.strip() == "Nobody among your people is at Nowhere Inc now."
    answer = network("reach", "--company", "Nowhere Inc", "--json").json()
    assert (answer["paths"], answer["targets"], answer["message"]) == ([], [], said.stdout.strip())


def test_a_company_s_words_match_as_typed_never_as_wildcards(network):
    network("add", "Ann Ash", "--company", "A_B Corp")
    network("add", "Axel Bo", "--company", "AxB Corp")
    # "a_b" is held by one name only: its "_" is not any character
    answer = network("reach", "--company", "a_b", "--json").json()
    assert [t["name"] for t in answer["targets"]] == ["Ann Ash"] and answer["candidates"] == []
    for typed in ("%", "b%c"):  # as wildcards, both "A_B Corp" and "AxB Corp"
        answer = network("reach", "--company", typed, "--json").json()
        assert (answer["targets"], answer["candidates"]) == ([], []), typed


def test_bad_questions_are_one_line_errors(network, kith):
    assert_user_error(kith("reach", expect=2), "say whom to reach")
    assert_user_error(kith("reach", "Tom Lee", "--company", "Acme", expect=2), "one of them")
    assert_user_error(kith("reach", "--tag", "nope", expect=2), "no tag")
    assert_user_error(kith("knows", "Jane Doe", "Jane Doe", expect=2), "two different people")
    assert_user_error(kith("knows", "Jane Doe", "Tom Lee", "--not", "--how", "x", expect=2), "--not")


def test_the_reason_names_the_deepest_frequent_contact(network):
    for when in (
        "2026-06-02",
        "2026-06-03",
        "2026-06-04",
        "2026-06-05",
        "2026-06-06",
        "2026-06-07",
        "2026-06-08",
    ):
        network("log", "message", "Jane Doe", "--when", when)
    # 7 messages, 6 coffees: the coffees are frequent enough and deeper
    reason = network("reach", "Tom Lee", "--json").json()["paths"][0]["reason"]
    assert reason.startswith("Jane Doe: ") and ", 6 coffees, last contact" in reason
    network("log", "lunch", "Jane Doe", "--when", "2026-06-09")
    reason = network("reach", "Tom Lee", "--json").json()["paths"][0]["reason"]
    assert ", 7 in-person meetings, last contact" in reason
    # a single call among many messages is not frequent: the messages are named
    for when in ("2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13") * 6:
        network("log", "dm", "Carl Coll", "--when", when)
    network("log", "call", "Carl Coll", "--when", "2026-06-13")
    carl = [
        p for p in network("reach", "Tom Lee", "--json").json()["paths"] if p["first"]["name"] == "Carl Coll"
    ]
    assert ", 24 dms, last contact" in carl[0]["reason"]


def test_a_limit_shows_the_best_paths_and_says_how_many_there_are(network):
    answer = network("reach", "--company", "acme", "--limit", "1", "--json").json()
    assert chains(answer) == [["Jane Doe", "Tom Lee"]]
    assert answer["paths_found"] == 3
    assert answer["message"] == "3 warm paths to Acme (the best 1 shown)."
    assert network("reach", "--company", "acme", "--json").json()["message"] == "3 warm paths to Acme."


def test_likes_are_not_knowing_someone(network):
    """Someone who only liked and commented on the user's posts (social reactions, inbound) is still
    reached through a friend, on the reach answer and on the job board alike."""
    network("add", "Lia Likes", "--company", "Acme")
    network("knows", "Jane Doe", "Lia Likes", "--how", "old teammates")
    for when in ("2026-05-01", "2026-05-20", "2026-06-10"):
        network("log", "like", "Lia Likes", "--when", when, "--inbound")
    network("log", "comment", "Lia Likes", "--when", "2026-06-11", "--inbound")
    answer = network("reach", "Lia Likes", "--json").json()
    assert answer["known"] == []
    assert ["Jane Doe", "Lia Likes"] in chains(answer)
    assert "yourself" not in answer["message"]
    network("job", "target", "add", "Acme")
    (acme,) = network("job", "--json").json()["targets"]
    assert "Lia Likes" not in [k["name"] for k in acme["known"]]
    # nor is someone nobody can introduce you to "in touch with you yourself" for their likes
    network("add", "Lou Likes", "--company", "Hooli")
    network("log", "like", "Lou Likes", "--when", "2026-06-01", "--inbound")
    lou = network("reach", "Lou Likes", "--json").json()
    assert lou["known"] == [] and lou["paths"] == []
    assert not any("yourself" in near["reason"] + near["ask"] for near in lou["nearest"])
    assert "Write to Lou Likes yourself." not in network("reach", "Lou Likes").stdout
    # a message they sent is someone heard from: then they are yours to write to
    network("log", "message", "Lia Likes", "--when", "2026-06-12", "--inbound")
    assert [k["name"] for k in network("reach", "Lia Likes", "--json").json()["known"]] == ["Lia Likes"]
