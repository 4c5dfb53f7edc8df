"""The give/get ledger: favour give|get and ledger, each style label on a crafted history."""

from __future__ import annotations

import pytest
from conftest import assert_user_error
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture
def people(kith):
    kith("me", "--name", "Ada Lovelace")
    for name in ("Jane Doe", "Sam Lee", "Kim Park", "Lou Reed", "Max Roe", "Eve Stone"):
        kith("add", name)


def _favours(kith, name, *steps):
    """Record favours with name in order, one a day from 2026-01-01: 'give:intro', 'get:advice'..."""
    for day, step in enumerate(steps, start=1):
        direction, kind = step.split(":")
        kith("favour", direction, name, kind, "--when", f"2026-01-{day:02d}")


def _styles(kith):
    return {row["name"]: row for row in kith("ledger", "--json").json()}


def test_show_says_the_balance_in_one_phrase(kith, people):
    _favours(kith, "Jane Doe", "give:intro", "get:referral", "give:advice", "give:help")
    _favours(kith, "Sam Lee", "get:advice", "give:intro", "get:help")
    _favours(kith, "Max Roe", "give:intro")
    jane = [line for line in kith("show", "Jane Doe").stdout.splitlines() if "give/get" in line]
    assert jane == ["  give/get: you gave first and it came back: 3 to 1"]
    sam = [line for line in kith("show", "Sam Lee").stdout.splitlines() if "give/get" in line]
    assert sam == ["  give/get: both give, and they gave first: 1 to 2; you owe them one"]
    max_ = [line for line in kith("show", "Max Roe").stdout.splitlines() if "give/get" in line]
    assert max_ == ["  give/get: too new to tell: 1 to 0"]


def test_each_style_on_a_crafted_history(kith, people):
    # you gave first, and it came back
    _favours(kith, "Jane Doe", "give:intro", "get:referral", "give:advice")
    # you only take
    _favours(kith, "Sam Lee", "get:advice", "get:intro")
    # they only ask
    _favours(kith, "Kim Park", "give:help", "give:information", "give:endorsement")
    # they gave first, you gave back
    _favours(kith, "Lou Reed", "get:recommendation", "give:help")
    # one favour is no pattern
    _favours(kith, "Max Roe", "give:intro")
    # you took over three times what you gave: still taking
    _favours(kith, "Eve Stone", "give:intro", "get:advice", "get:help", "get:intro", "get:referral")

    rows = _styles(kith)
    assert {name: row["style"] for name, row in rows.items()} == {
        "Jane Doe": "give-to-get",
        "Sam Lee": "get-to-get",
        "Kim Park": "get-to-give",
        "Lou Reed": "balanced",
        "Max Roe": "too new to tell",
        "Eve Stone": "get-to-get",
    }
    jane = rows["Jane Doe"]
    assert (jane["given"], jane["received"], jane["balance"], jane["first_by"]) == (2, 1, 1, "me")
    assert jane["rule"] == "you gave first and it came back (you gave 2, received 1)"
    assert rows["Sam Lee"]["rule"] == "you take: you gave nothing back (you gave 0, received 2)"
    assert rows["Kim Park"]["rule"] == "they only ask: nothing came back (you gave 3, received 0)"
    assert "they gave first" in rows["Lou Reed"]["rule"]
    assert "over 3 times" in rows["Eve Stone"]["rule"]
    assert rows["Max Roe"]["rule"].startswith("fewer than 2 favours")

    assert rows["Kim Park"]["label"] == "you give, they have not given back: 3 to 0"
    assert rows["Sam Lee"]["label"] == "they give, you have not given back: 0 to 2"
    assert rows["Eve Stone"]["label"] == "you get far more than you give: 1 to 4"
    assert rows["Jane Doe"]["label"] == "you gave first and it came back: 2 to 1"
    assert rows["Lou Reed"]["label"] == "both give, and they gave first: 1 to 1"
    assert rows["Max Roe"]["label"] == "too new to tell: 1 to 0"

    text = kith("ledger").stdout
    assert "Jane Doe: you gave first and it came back: 2 to 1\n" in text
    assert "    give-to-get (you gave first and it came back)\n" in text
    assert "Kim Park: you give, they have not given back: 3 to 0\n" in text
    assert "+0" not in text and "-> " not in text


def test_the_most_one_sided_come_first(kith, people):
    _favours(kith, "Jane Doe", "give:intro", "get:referral", "give:advice")  # 2 to 1
    _favours(kith, "Sam Lee", "get:advice", "get:intro")  # 0 to 2
    _favours(kith, "Kim Park", "give:help", "give:information", "give:endorsement")  # 3 to 0
    _favours(kith, "Lou Reed", "get:recommendation", "give:help")  # 1 to 1
    _favours(kith, "Max Roe", "give:intro")  # 1 to 0: too new to tell, last
    _favours(kith, "Eve Stone", "give:intro", "get:advice", "get:help", "get:intro", "get:referral")  # 1 to 4
    order = [row["name"] for row in kith("ledger", "--json").json()]
    assert order == ["Kim Park", "Sam Lee", "Eve Stone", "Jane Doe", "Lou Reed", "Max Roe"]
    names_in_text = [
        line.split(":")[0] for line in kith("ledger").stdout.splitlines() if not line.startswith(" ")
    ]
    assert names_in_text == order


def test_one_person_shows_the_history(kith, people):
    kith("favour", "give", "jane", "intro", "--note", "to Sam at Acme", "--when", "2026-05-01")
    out = kith("favour", "get", "Jane Doe", "advice", "--when", "2026-05-10").stdout
    assert "Recorded: you got advice from Jane Doe on 2026-05-10" in out
    assert "Ledger with Jane Doe: you gave first and it came back: 1 to 1 (give-to-get)\n" in out
    out = kith("favour", "give", "Sam Lee", "intro", "--when", "2026-05-11").stdout
    assert "Recorded: you gave Sam Lee intro on 2026-05-11" in out
    assert "Ledger with Sam Lee: too new to tell: 1 to 0\n" in out
    data = kith("ledger", "Jane Doe", "--json").json()
    assert data["balance"]["style"] == "give-to-get"
    assert [(f["direction"], f["kind"], f["note"]) for f in data["favours"]] == [  # newest first
        ("received", "advice", None),
        ("given", "intro", "to Sam at Acme"),
    ]
    text = kith("ledger", "Jane Doe").stdout
    assert "2026-05-01 you gave intro: to Sam at Acme" in text
    assert "2026-05-10 you got advice" in text


def test_a_person_without_favours_is_too_new_to_tell(kith, people):
    data = kith("ledger", "Sam Lee", "--json").json()
    balance = data["balance"]
    assert (balance["given"], balance["received"], balance["style"]) == (0, 0, "too new to tell")
    assert data["favours"] == []
    assert "No favours recorded yet" in kith("ledger").stdout


def test_balance_counts_only_favours_up_to_as_of(kith, people):
    from kith.ledger import balance
    from kith.people.lookup import resolve
    from kith.store.db import transaction
    from kith.when import parse_iso

    _favours(kith, "Jane Doe", "give:intro", "get:advice", "get:help")
    with transaction() as session:
        jane = resolve(session, "Jane Doe")
        early = balance(session, jane, parse_iso("2026-01-01T18:00:00Z"))
        later = balance(session, jane.id, parse_iso("2026-02-01"))
    assert (early.given, early.received, early.style) == (1, 0, "too new to tell")
    assert (later.given, later.received, later.style) == (1, 2, "give-to-get")


def test_one_relationship_in_one_query_agrees_with_balance_and_favours(kith, people):
    """``ledger.relationship`` (the person page's one query) gives what ``balance`` and ``favours`` give,
    for every person and at every cut-off, the user included."""
    from sqlalchemy import select

    from kith.ledger import balance, relationship
    from kith.store.db import transaction
    from kith.store.schema import Favour, Person
    from kith.when import parse_iso

    def favours(session, person, as_of):
        """The ORM query the ledger used before ``relationship``: the oracle."""
        me = session.scalar(select(Person).where(Person.is_me.is_(True)))
        mine = (Favour.giver_id == me.id) & (Favour.receiver_id == person.id)
        theirs = (Favour.giver_id == person.id) & (Favour.receiver_id == me.id)
        return list(
            session.scalars(
                select(Favour)
                .where(mine | theirs, Favour.occurred_at <= as_of)
                .order_by(Favour.occurred_at, Favour.id)
            )
        )

    _favours(kith, "Jane Doe", "give:intro", "get:referral", "give:advice")
    _favours(kith, "Sam Lee", "get:advice", "get:intro")
    _favours(kith, "Eve Stone", "give:intro", "get:advice", "get:help", "get:intro", "get:referral")
    with transaction() as session:
        everyone = list(session.scalars(select(Person)))
        assert len(everyone) == 7 and any(p.is_me for p in everyone)
        for as_of in ("2026-01-01T12:00:00Z", "2026-01-03T12:00:00Z", "2027-01-01"):
            when = parse_iso(as_of)
            for person in everyone:
                found_balance, rows = relationship(session, person.id, person.name, when)
                assert found_balance == balance(session, person, when)
                expected = [] if person.is_me else favours(session, person, when)
                assert [(r.giver_id, r.receiver_id, r.kind, r.occurred_at, r.note) for r in rows] == [
                    (f.giver_id, f.receiver_id, f.kind, f.occurred_at, f.note) for f in expected
                ]


def test_every_favour_kind_is_recorded(kith, people):
    kinds = ["intro", "referral", "advice", "help", "information", "endorsement", "recommendation", "other"]
    for kind in kinds:
        kith("favour", "give", "Jane Doe", kind.upper() if kind == "other" else kind, "--when", "2026-01-01")
    history = kith("ledger", "Jane Doe", "--json").json()["favours"]
    assert sorted(f["kind"] for f in history) == sorted(kinds)
    assert "  2026-01-01 you gave other" in kith("ledger", "Jane Doe").stdout


def test_bad_input_is_refused_and_nothing_is_written(kith, people):
    assert_user_error(kith("favour", "give", "Jane Doe", "bribe", expect=2), "unknown favour kind", "intro")
    assert_user_error(kith("favour", "lend", "Jane Doe", "intro", expect=2), "unknown direction")
    assert_user_error(kith("favour", "give", "Jane Doe", "intro", "--when", "blursday", expect=2), "date")
    assert_user_error(kith("favour", "give", "Nobody Known", "intro", expect=2), "nobody called")
    assert_user_error(kith("ledger", "Nobody Known", expect=2), "nobody called")
    assert kith("ledger", "--json").json() == []


@given(
    given_=st.integers(min_value=0, max_value=50),
    received=st.integers(min_value=0, max_value=50),
    first_by=st.sampled_from(["me", "them"]),
)
def test_styles_mirror_when_the_roles_swap(given_, received, first_by):
    """Taking is the mirror of being asked: swap who gave what and the one-sided labels swap too."""
    from kith.ledger import STYLES, style_of

    style, rule = style_of(given_, received, first_by)
    mirror, _ = style_of(received, given_, "them" if first_by == "me" else "me")
    assert style in STYLES and f"you gave {given_}, received {received}" in rule
    swapped = {"get-to-get": "get-to-give", "get-to-give": "get-to-get", "give-to-get": "balanced"}
    swapped.update({v: k for k, v in swapped.items()})
    assert mirror == swapped.get(style, style)


def test_favours_are_listed_with_their_numbers(kith, people):
    kith("favour", "give", "Jane Doe", "intro", "--when", "2026-05-01")
    out = kith("favour", "get", "Jane Doe", "advice", "--when", "2026-05-10").stdout
    assert "(favour #2)" in out
    lines = kith("ledger", "Jane Doe").stdout.splitlines()
    assert lines[-2:] == ["  #1    2026-05-01 you gave intro", "  #2    2026-05-10 you got advice"]
    assert [f["id"] for f in kith("ledger", "Jane Doe", "--json").json()["favours"]] == [2, 1]


def test_a_favour_is_corrected_and_the_balance_follows(kith, people):
    _favours(kith, "Jane Doe", "give:intro", "get:referral")  # favours #1 and #2
    assert _styles(kith)["Jane Doe"]["style"] == "give-to-get"
    out = kith(
        "favour", "edit", "1", "--get", "--kind", "advice", "--when", "2026-02-01", "--note", "on Berlin"
    )
    assert "Updated favour #1 (you got advice from Jane Doe on 2026-02-01)" in out.stdout
    assert "Ledger with Jane Doe: they give, you have not given back: 0 to 2 (get-to-get)" in out.stdout
    history = kith("ledger", "Jane Doe", "--json").json()["favours"]
    assert history[0] == {
        "id": 1,
        "person_id": 2,
        "person": "Jane Doe",
        "direction": "received",
        "kind": "advice",
        "when": "2026-02-01T12:00:00+00:00",
        "note": "on Berlin",
    }
    kith("favour", "edit", "1", "--note", "", "--give")
    assert kith("ledger", "Jane Doe", "--json").json()["favours"][0]["note"] is None
    assert _styles(kith)["Jane Doe"]["first_by"] == "them"  # the referral of 2026-01-02 came first now


def test_a_deleted_favour_leaves_the_balance(kith, people):
    _favours(kith, "Jane Doe", "give:intro", "get:referral", "give:advice")
    assert_user_error(kith("favour", "delete", "2", expect=2), "deleting favour #2", "add --yes")
    out = kith("favour", "delete", "2", "--yes").stdout
    assert out.startswith("Deleted favour #2 (you got referral from Jane Doe on 2026-01-02)")
    assert "you give, they have not given back: 2 to 0 (get-to-give)" in out
    assert [f["id"] for f in kith("ledger", "Jane Doe", "--json").json()["favours"]] == [3, 1]
    assert_user_error(kith("favour", "delete", "2", "--yes", expect=2), "no favour #2", "kith ledger NAME")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["1", "--kind", "bribe"], ["unknown favour kind"]),
        (["1", "--when", "next week"], ["in the future"]),
        (["1", "--give", "--get"], ["one of --give and --get"]),
        (["1"], ["nothing to change"]),
        (["9", "--note", "x"], ["no favour #9"]),
        (["x", "--note", "x"], ["a favour is named by its number"]),
    ],
)
def test_a_bad_favour_correction_changes_nothing(kith, people, args, fragments):
    _favours(kith, "Jane Doe", "give:intro")
    before = kith("export", "json").stdout
    assert_user_error(kith("favour", "edit", *args, expect=2), *fragments)
    assert kith("export", "json").stdout == before
