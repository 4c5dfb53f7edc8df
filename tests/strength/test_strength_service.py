"""The user's tie strength in the app: kith.strength.service and `kith people --json`."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from kith.store.db import transaction
from kith.strength.service import CIRCLES, tie, ties

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def network(kith):
    kith("me", "--name", "Ada Example")
    for name in ("Jane Doe", "Bob Roe", "Carl Coll", "Dee Dormant", "Eve Group"):
        kith("add", name)
    for when in ("2026-01-10", "2026-03-02", "2026-04-20", "2026-05-28", "2026-06-10"):
        kith("log", "coffee", "Jane Doe", "--when", when, *(["--inbound"] if when < "2026-04" else []))
    kith("log", "call", "Jane Doe", "--when", "2026-06-01", "--inbound")
    kith("log", "like", "Bob Roe", "--when", "2026-06-12")
    kith("log", "comment", "Bob Roe", "--when", "2026-06-13")
    kith("log", "lunch", "Dee Dormant", "--when", "2023-02-01")
    kith("log", "dinner", "Dee Dormant", "--when", "2023-03-01", "--inbound")
    kith("log", "meeting", "Jane Doe", "Eve Group", "--when", "2026-06-05", "--mutual")
    return kith


def by_name(records):
    return {r["name"]: r for r in records}


def test_people_json_has_strength_and_circle(network):
    people = by_name(network("people", "--json").json())
    assert set(people) == {"Jane Doe", "Bob Roe", "Carl Coll", "Dee Dormant", "Eve Group"}
    for record in people.values():
        assert 0.0 <= record["strength"] <= 1.0
        assert record["circle"] in CIRCLES
    assert people["Jane Doe"]["strength"] > people["Eve Group"]["strength"] > people["Bob Roe"]["strength"]
    assert people["Jane Doe"]["circle"] in {"intimate", "close", "friends"}
    # likes and comments only: a connection, not a relationship
    assert people["Bob Roe"]["circle"] == "collected"
    assert people["Carl Coll"]["circle"] == "collected"
    assert people["Carl Coll"]["strength"] == 0.0
    assert people["Dee Dormant"]["circle"] == "dormant"


def test_ties_explain_in_a_sentence(network):
    with transaction() as session:
        found = ties(session, NOW)
        jane_id = next(pid for pid, t in found.items() if t.explanation.startswith(("strong", "medium")))
        jane = tie(session, jane_id, NOW)
    assert "6 meetings in person" in jane.explanation
    assert "1 mutual close contact" in jane.explanation  # Eve was at the meeting too
    assert "1 phone call" in jane.explanation
    assert "you both reach out" in jane.explanation
    assert jane.last_contact == datetime(2026, 6, 10, 12, tzinfo=UTC)
    assert set(jane.components) >= {"intensity", "recency", "reciprocity", "embeddedness"}


def test_closeness_override_and_liking(network):
    before = by_name(network("people", "--json").json())
    network("edit", "Carl Coll", "--closeness", "0.9")
    after = by_name(network("people", "--json").json())
    assert after["Carl Coll"]["strength"] == pytest.approx(0.9)
    assert after["Carl Coll"]["circle"] == "intimate"
    assert after["Jane Doe"]["strength"] == before["Jane Doe"]["strength"]


def test_strength_falls_as_time_passes(network):
    with transaction() as session:
        now_ties = ties(session, NOW)
        later = ties(session, datetime(2027, 6, 15, tzinfo=UTC))
    jane = max(now_ties, key=lambda pid: now_ties[pid].strength)
    assert later[jane].strength < now_ties[jane].strength


def test_no_people_no_ties(kith):
    with transaction() as session:
        assert ties(session, NOW) == {}


def _snapshot(session, when=NOW):
    return {pid: (round(t.strength, 9), t.circle, t.explanation) for pid, t in ties(session, when).items()}


def test_logging_updates_the_cache_in_place_and_matches_a_full_recompute(network):
    from kith.store.schema import StrengthCache, TieCache
    from kith.strength import aggregates

    with transaction() as session:
        ties(session, NOW)  # builds the cache
    network("log", "lunch", "Eve Group", "--when", "2026-06-14", "--duration", "90")
    network("log", "video", "Jane Doe", "Eve Group", "--when", "2026-06-13", "--inbound")
    with transaction() as session:
        # the hook kept the cache in step: no rebuild is needed
        assert aggregates.cache_state(session)["watermark"] == aggregates.watermark(session)
        rows = session.query(TieCache).count()
        incremental = _snapshot(session)
    with transaction() as session:
        session.delete(session.get(StrengthCache, aggregates.CACHE_KEY))
    with transaction() as session:
        recomputed = _snapshot(session)
        assert session.query(TieCache).count() == rows
    assert incremental == recomputed


def test_a_past_date_ignores_later_interactions(network):
    with transaction() as session:
        early = ties(session, datetime(2026, 2, 1, tzinfo=UTC))
        people = {t.person_id: t for t in early.values()}
    eve = [t for t in people.values() if t.circle == "collected"]
    # before February only Jane (one coffee) and Dee had been met
    assert sum(t.circle != "collected" for t in people.values()) == 2
    assert len(eve) == 3


def test_merging_people_rescores_their_combined_history(network):
    network("add", "J. Doe", "--allow-duplicate")
    network("log", "dinner", "J. Doe", "--when", "2026-06-14")
    before = by_name(network("people", "--json").json())
    network(
        "merge", "Jane Doe", "J. Doe", *(["--yes"] if "--yes" in network("merge", "--help").stdout else [])
    )
    after = by_name(network("people", "--json").json())
    assert "J. Doe" not in after
    assert after["Jane Doe"]["strength"] > before["Jane Doe"]["strength"]
    text = network("explain", "Jane Doe").stdout
    assert "7 meetings in person" in text


def test_interactions_added_outside_kith_log_are_picked_up(network):
    from kith.store.schema import Interaction, InteractionParticipant, Person

    with transaction() as session:
        ties(session, NOW)  # cache built
        carl = session.query(Person).filter_by(name="Carl Coll").one()
        imported = Interaction(
            occurred_at=datetime(2026, 6, 1, tzinfo=UTC), channel="in_person", kind="lunch"
        )
        session.add(imported)
        session.flush()
        session.add(
            InteractionParticipant(
                interaction_id=imported.id,
                person_id=carl.id,
                occurred_at=imported.occurred_at,
                channel=imported.channel,
            )
        )
    people = by_name(network("people", "--json").json())
    assert people["Carl Coll"]["circle"] != "collected" and people["Carl Coll"]["strength"] > 0


def test_a_meeting_planned_ahead_does_not_count_yet(network):
    from kith.interactions import log_interaction
    from kith.people.lookup import resolve

    with transaction() as session:
        before = _snapshot(session)
        log_interaction(
            session,
            kind="lunch",
            people=[resolve(session, "Carl Coll")],
            when=datetime(2026, 7, 1, tzinfo=UTC),
        )
    with transaction() as session:
        assert _snapshot(session) == before
        later = ties(session, datetime(2026, 7, 2, tzinfo=UTC))
        carl = resolve(session, "Carl Coll").id
    assert later[carl].circle != "collected"


def _from_rows(session, when):
    """Ties at ``when`` from the interaction rows alone (the cache forgotten, so it is rebuilt)."""
    from kith.strength import aggregates

    aggregates.invalidate(session)
    session.flush()
    return _snapshot(session, when)


def test_strength_at_a_kept_past_date_agrees_with_a_full_recompute(network):
    """The agenda's lookback: sums kept at a past cutoff, brought forward with the rows since, give the
    same ties as recomputing every pair from its rows, also after late logging on both sides of it."""
    from datetime import timedelta

    from kith.interactions import log_interaction
    from kith.people.lookup import resolve
    from kith.strength import aggregates

    cutoff = datetime(2026, 4, 1, tzinfo=UTC)
    with transaction() as session:
        kept = _snapshot(session, cutoff)
        assert ties(session, cutoff, keep_past=True).keys() == kept.keys()
        assert aggregates.cache_state(session)["past"] == cutoff.timestamp()
    with transaction() as session:
        jane, eve, carl = (resolve(session, name) for name in ("Jane Doe", "Eve Group", "Carl Coll"))
        # before the cutoff (folded into the kept sums), between it and the dates asked, and after them
        for kind, people, when in (
            ("dinner", [jane, carl], datetime(2026, 3, 20, tzinfo=UTC)),
            ("like", [carl], datetime(2026, 3, 31, 23, tzinfo=UTC)),
            ("call", [eve], datetime(2026, 4, 5, tzinfo=UTC)),
            ("lunch", [jane, eve, carl], datetime(2026, 4, 9, tzinfo=UTC)),
            ("email", [carl], datetime(2026, 6, 1, tzinfo=UTC)),
        ):
            log_interaction(session, kind=kind, people=people, when=when)
    dates = (cutoff, cutoff + timedelta(days=3), cutoff + timedelta(days=12))
    with transaction() as session:
        fast = {when: _snapshot(session, when) for when in dates}
        assert aggregates.cache_state(session)["past"] == cutoff.timestamp()
    for when in dates:
        with transaction() as session:
            assert _from_rows(session, when) == fast[when]
    # a date well after the cutoff moves it up, with the same result
    later = cutoff + timedelta(days=20)
    with transaction() as session:
        ties(session, cutoff, keep_past=True)
        moved = {
            pid: (round(t.strength, 9), t.circle, t.explanation)
            for pid, t in ties(session, later, keep_past=True).items()
        }
        assert aggregates.cache_state(session)["past"] == later.timestamp()
        assert _snapshot(session, later) == moved
    with transaction() as session:
        assert _from_rows(session, later) == moved


def test_a_shared_employer_counts_by_its_size_and_whether_you_were_there_together(kith):
    from datetime import date

    from sqlalchemy import select

    from kith.interactions import log_interaction
    from kith.people.core import PersonFields, add_person
    from kith.people.roles import organisation
    from kith.store.schema import Person, Role

    kith("me", "--name", "Ada Example")
    with transaction() as session:
        me = session.scalar(select(Person).where(Person.is_me.is_(True)))
        small, big = organisation(session, "Small Studio"), organisation(session, "Big Bank")

        def worked(person, org, start, end):
            person.roles.append(
                Role(organisation=org, started_on=date(start, 1, 1), ended_on=date(end, 1, 1))
            )

        worked(me, small, 2020, 2023)
        worked(me, big, 2012, 2019)
        people = {
            name: add_person(session, PersonFields(name=name), now=NOW) for name in ("Pat", "Quinn", "Rui")
        }
        worked(people["Pat"], small, 2021, 2022)  # the small studio, at the same time
        worked(people["Quinn"], small, 2008, 2010)  # the small studio, years before
        worked(people["Rui"], big, 2014, 2016)  # the bank, at the same time, with 30 others
        for i in range(30):
            worked(add_person(session, PersonFields(name=f"Banker {i}"), now=NOW), big, 2010, 2020)
        for person in people.values():
            log_interaction(session, kind="coffee", people=[person], when=datetime(2026, 6, 1, 9, tzinfo=UTC))
        session.flush()
        found = {t.person_id: t for t in ties(session, NOW).values()}
        shared = {name: found[p.id].components["shared_context"] for name, p in people.items()}
        explained = {name: found[p.id].explanation for name, p in people.items()}
    assert shared["Pat"] > shared["Rui"] > 0  # a studio of three says more than a bank of thirty-two
    assert shared["Quinn"] < shared["Pat"]  # the same studio, but never there together: half the weight
    # one shared context alone says what it weighs: 1 / ln(people there), half if never there together
    assert shared["Pat"] == pytest.approx(1 / math.log(3)) and shared["Quinn"] == pytest.approx(
        0.5 / math.log(3)
    )
    assert shared["Rui"] == pytest.approx(1 / math.log(32))
    assert all("1 shared context" in text for text in explained.values())
