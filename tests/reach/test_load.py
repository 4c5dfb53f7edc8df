"""The loaded who-knows-whom graph (kith.reach.load) against the plain gathering (kith.reach.graph): on
random crafted stores, the same ties with the same weights, and each pair's words read alone equal to
the ones read with everyone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kith.people.identities import name_key
from kith.reach.graph import acquaintances, evidence_between, evidence_with
from kith.reach.load import load_graph
from kith.store.schema import (
    Base,
    Education,
    Interaction,
    InteractionParticipant,
    Organisation,
    Person,
    Role,
    StatedTie,
)

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
#: (kind, channel, source) of a gathering: logged, a calendar event, mail, a reaction
GATHERINGS = [
    ("lunch", "in_person", "manual"),
    ("video", "video", "manual"),
    ("meeting", "in_person", "calendar"),
    ("email", "email", "mbox"),
    ("message", "message", "manual"),
    ("like", "social", "manual"),
]
SUBJECTS = [None, "", "Plans", "Re: plans", "FWD: Plans", "Budget"]
day = st.one_of(st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 6, 15)))
person_count = 9

stores = st.fixed_dictionaries(
    {
        "archived": st.sets(st.integers(1, person_count - 1), max_size=2),
        "met_via": st.lists(
            st.tuples(st.integers(0, person_count - 1), st.integers(0, person_count - 1)), max_size=3
        ),
        "gatherings": st.lists(
            st.tuples(
                st.sampled_from(range(len(GATHERINGS))),
                st.sets(st.integers(0, person_count - 1), min_size=1, max_size=6),
                st.sampled_from(SUBJECTS),
                st.integers(0, 400),
            ),
            max_size=12,
        ),
        "roles": st.lists(
            st.tuples(
                st.integers(0, person_count - 1), st.sampled_from(["Acme", "Globex", "Initech"]), day, day
            ),
            max_size=12,
        ),
        "schools": st.lists(
            st.tuples(st.integers(0, person_count - 1), st.sampled_from(["MIT", "mit ", "Oxford"]), day, day),
            max_size=8,
        ),
        "stated": st.lists(
            st.tuples(
                st.integers(0, person_count - 1),
                st.integers(0, person_count - 1),
                st.booleans(),
                st.one_of(st.none(), st.floats(0, 1)),
            ),
            max_size=5,
        ),
    }
)


def build(session: Session, store: dict) -> list[int]:
    """Write a crafted store; person 0 is the user."""
    people = [
        Person(
            name=f"P{i}",
            name_key=f"p{i}",
            is_me=i == 0,
            archived_at=NOW if i in store["archived"] else None,
        )
        for i in range(person_count)
    ]
    session.add_all(people)
    session.flush()
    ids = [p.id for p in people]
    for who, via in store["met_via"]:
        people[who].met_via_id = ids[via]
    for n, (g, members, subject, days) in enumerate(store["gatherings"]):
        kind, channel, source = GATHERINGS[g]
        when = NOW - timedelta(days=days)
        interaction = Interaction(
            occurred_at=when, channel=channel, kind=kind, source=source, summary=subject, external_id=str(n)
        )
        session.add(interaction)
        session.flush()
        session.add_all(
            InteractionParticipant(
                interaction_id=interaction.id, person_id=ids[m], occurred_at=when, channel=channel
            )
            for m in members
        )
    orgs: dict[str, Organisation] = {}
    for who, org, started, ended in store["roles"]:
        if org not in orgs:
            orgs[org] = Organisation(name=org, name_key=name_key(org))
            session.add(orgs[org])
            session.flush()
        if started and ended and ended < started:
            started, ended = ended, started
        session.add(
            Role(person_id=ids[who], organisation_id=orgs[org].id, started_on=started, ended_on=ended)
        )
    for who, school, started, ended in store["schools"]:
        session.add(
            Education(
                person_id=ids[who],
                school=school,
                school_key=name_key(school),
                started_on=started,
                ended_on=ended,
            )
        )
    said: dict[tuple[int, int], StatedTie] = {}
    for a, b, knows, closeness in store["stated"]:
        if a == b or 0 in (a, b):
            continue
        key = (min(ids[a], ids[b]), max(ids[a], ids[b]))
        said[key] = StatedTie(
            person_a_id=key[0],
            person_b_id=key[1],
            knows=knows,
            closeness=closeness if knows else None,
            stated_at=NOW,
        )
    session.add_all(said.values())
    session.flush()
    return ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(store=stores)
def test_the_loaded_graph_equals_the_plain_gathering(store):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        ids = build(session, store)
        expected = acquaintances(session, NOW)
        loaded = load_graph(session, NOW).ties()
        assert sorted(loaded) == sorted(expected)
        for pair, tie in expected.items():
            assert loaded[pair] == pytest.approx(tie.weight, rel=1e-12, abs=1e-15)
            alone = evidence_between(session, *pair, NOW)
            assert alone is not None and alone.evidence == tie.evidence
        # one person's ties with everyone else read in one go: the same evidence, None where there is none
        everyone = sorted(set(ids))
        for person in everyone:
            together = evidence_with(session, person, everyone, NOW)
            assert sorted(together) == everyone
            for other, tie in together.items():
                expected_tie = expected.get((min(person, other), max(person, other)))
                if expected_tie is None:
                    assert tie is None
                else:
                    assert tie is not None and tie.evidence == expected_tie.evidence
    engine.dispose()


def test_an_empty_store_loads_an_empty_graph():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        graph = load_graph(session, NOW)
        assert (len(graph.ids), graph.weights.nnz, graph.ties()) == (0, 0, {})
        assert graph.index([1, 2]).tolist() == [-1, -1]
    engine.dispose()
