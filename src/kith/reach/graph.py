"""Who knows whom: ties between the people in the store (never the user), each with its evidence.

Four kinds of evidence, each with a weight from 0 to 1:

- ``together``: both were at the same group interaction of the user's (one interaction, two or more people
  besides the user). One gathering weighs 0.5, each more halves what is left (2: 0.75, 3: 0.875).
- ``colleagues``: both held a role at the same organisation at the same time (their ``role`` rows overlap;
  a role without an end is current, one without a start is known at its end only). Longer overlaps weigh
  more (0.3 for a moment, up to 0.8 for two years or more) and smaller organisations more: the weight is
  scaled by 5 / the people known there, above five of them; above ``MAX_ORGANISATION`` people, sharing an
  employer says too little to propose anyone.
- ``met_via``: the user met one through the other (``person.met_via_id``): 0.6.
- ``stated``: the user said they know each other (``kith knows A B``): 0.9.

A tie's weight combines its evidence as independent chances: 1 - the product of (1 - each weight), at
most ``MAX_WEIGHT``. The user's word against a tie (``kith knows A B --not``) removes it whatever else
suggests it, so a rejected tie is never proposed again. Archived people are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.store.schema import InteractionParticipant, Organisation, Person, Role, StatedTie
from kith.store.undo import undoable
from kith.wording import count

TOGETHER_FIRST = 0.5
COLLEAGUES_MOMENT, COLLEAGUES_LONG, COLLEAGUES_LONG_DAYS = 0.3, 0.8, 730
SMALL_ORGANISATION = 5
MAX_ORGANISATION = 200
MET_VIA = 0.6
STATED = 0.9
MAX_WEIGHT = 0.95


@dataclass(frozen=True)
class Evidence:
    """One reason to think two people know each other, in words without a subject ("together at Acme
    2019–2021")."""

    kind: str
    weight: float
    words: str

    def record(self) -> dict:
        return {"kind": self.kind, "weight": round(self.weight, 4), "words": self.words}


@dataclass
class Acquaintance:
    """A tie between two people (``a < b``, their ids) and what it rests on."""

    a: int
    b: int
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> float:
        left = 1.0
        for e in self.evidence:
            left *= 1.0 - e.weight
        return min(MAX_WEIGHT, 1.0 - left)

    @property
    def reason(self) -> str:
        """The evidence in words, strongest first."""
        return "; ".join(e.words for e in sorted(self.evidence, key=lambda e: -e.weight))


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def acquaintances(session: Session, as_of: datetime) -> dict[tuple[int, int], Acquaintance]:
    """Every tie between two people of the store (not the user, not archived), keyed by their ids."""
    people = dict(
        session.execute(
            select(Person.id, Person.name).where(Person.is_me.is_(False), Person.archived_at.is_(None))
        ).all()
    )
    ties: dict[tuple[int, int], Acquaintance] = {}

    def add(a: int, b: int, evidence: Evidence) -> None:
        if a == b or a not in people or b not in people:
            return
        key = _pair(a, b)
        ties.setdefault(key, Acquaintance(*key)).evidence.append(evidence)

    for (a, b), (n, latest) in _together(session).items():
        weight = 1.0 - (1.0 - TOGETHER_FIRST) ** n
        words = f"together at {count(n, 'group interaction')} of yours (latest {latest:%Y-%m-%d})"
        add(a, b, Evidence("together", weight, words))
    for a, b, evidence in _colleagues(session, as_of.date()):
        add(a, b, evidence)
    for person_id, via_id in session.execute(
        select(Person.id, Person.met_via_id).where(Person.met_via_id.is_not(None))
    ).all():
        if person_id in people and via_id in people:
            add(
                person_id,
                via_id,
                Evidence("met_via", MET_VIA, f"you met {people[person_id]} through {people[via_id]}"),
            )
    # the user's word comes last: a rejection removes the tie, whatever evidence came before or since
    for stated in session.scalars(select(StatedTie)).all():
        key = _pair(stated.person_a_id, stated.person_b_id)
        if not stated.knows:
            ties.pop(key, None)
            continue
        how = f": {stated.how}" if stated.how else ""
        add(*key, Evidence("stated", STATED, f"you said they know each other{how}"))
    return ties


def _together(session: Session) -> dict[tuple[int, int], tuple[int, datetime]]:
    """Per pair of people: how many of the user's group interactions both were at, and the latest."""
    groups = (
        select(InteractionParticipant.interaction_id)
        .group_by(InteractionParticipant.interaction_id)
        .having(func.count() >= 2)
        .subquery()
    )
    rows = session.execute(
        select(
            InteractionParticipant.interaction_id,
            InteractionParticipant.person_id,
            InteractionParticipant.occurred_at,
        )
        .where(InteractionParticipant.interaction_id.in_(select(groups.c.interaction_id)))
        .order_by(InteractionParticipant.interaction_id, InteractionParticipant.person_id)
    ).all()
    members: dict[int, list[int]] = defaultdict(list)
    when: dict[int, datetime] = {}
    for interaction_id, person_id, occurred_at in rows:
        members[interaction_id].append(person_id)
        when[interaction_id] = occurred_at
    pairs: dict[tuple[int, int], tuple[int, datetime]] = {}
    for interaction_id, ids in members.items():
        for a, b in combinations(ids, 2):
            n, latest = pairs.get((a, b), (0, when[interaction_id]))
            pairs[(a, b)] = (n + 1, max(latest, when[interaction_id]))
    return pairs


def _colleagues(session: Session, today: date) -> list[tuple[int, int, Evidence]]:
    """Pairs of people at the same organisation at the same time, with how long and how small it is."""
    rows = session.execute(
        select(Organisation.id, Organisation.name, Role.person_id, Role.started_on, Role.ended_on)
        .join(Organisation, Organisation.id == Role.organisation_id)
        .order_by(Organisation.id, Role.person_id, Role.id)
    ).all()
    by_org: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    org_name: dict[int, str] = {}
    for org_id, name, person_id, started, ended in rows:
        end = ended or today
        by_org[org_id].append((person_id, started or end, end))
        org_name[org_id] = name
    found: list[tuple[int, int, Evidence]] = []
    for org_id, roles in by_org.items():
        size = len({person_id for person_id, _, _ in roles})
        if size < 2 or size > MAX_ORGANISATION:
            continue
        scale = min(1.0, SMALL_ORGANISATION / size)
        best: dict[tuple[int, int], tuple[int, date, date]] = {}
        for (a, s1, e1), (b, s2, e2) in combinations(roles, 2):
            if a == b:
                continue
            start, end = max(s1, s2), min(e1, e2)
            days = (end - start).days
            if days < 0:
                continue
            key = _pair(a, b)
            if key not in best or days > best[key][0]:
                best[key] = (days, start, end)
        for (a, b), (days, start, end) in best.items():
            weight = COLLEAGUES_MOMENT + (COLLEAGUES_LONG - COLLEAGUES_MOMENT) * min(
                1.0, days / COLLEAGUES_LONG_DAYS
            )
            found.append(
                (a, b, Evidence("colleagues", weight * scale, _at(org_name[org_id], start, end, today)))
            )
    return found


def _at(organisation: str, start: date, end: date, today: date) -> str:
    """ "together at Acme 2019–2021", "... since 2022", "both at Acme now"."""
    if end == today:
        return (
            f"both at {organisation} now"
            if start == today
            else f"together at {organisation} since {start.year}"
        )
    if start.year == end.year:
        return f"together at {organisation} in {start.year}"
    return f"together at {organisation} {start.year}–{end.year}"


@undoable(
    lambda session, first, second, knows, how, now: (
        f"say {first.name} {'knows' if knows else 'does not know'} {second.name}"
    )
)
def state_tie(
    session: Session, first: Person, second: Person, knows: bool, how: str | None, now: datetime
) -> StatedTie:
    """Record the user's word that ``first`` and ``second`` know each other (``how``), or do not (a tie
    kith inferred, rejected for good). The latest word on a pair replaces the one before."""
    if first.id == second.id:
        raise BadInput("say two different people")
    if first.is_me or second.is_me:
        raise BadInput("kith knows is about two people you know; your own ties come from what you log")
    if how is not None and not knows:
        raise BadInput("--how says how they know each other; it cannot go with --not")
    a, b = _pair(first.id, second.id)
    stated = session.scalars(
        select(StatedTie).where(StatedTie.person_a_id == a, StatedTie.person_b_id == b)
    ).one_or_none()
    if stated is None:
        stated = StatedTie(person_a_id=a, person_b_id=b)
        session.add(stated)
    stated.knows = knows
    stated.how = (how or "").strip() or None
    stated.stated_at = now
    session.flush()
    return stated
