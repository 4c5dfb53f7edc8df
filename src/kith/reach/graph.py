"""Who knows whom: ties between the people in the store (never the user), each with its evidence.

Each piece of evidence has a weight from 0 to 1 (the weights are written once, in the functions below,
and used both here and by the fast loader in ``kith.reach.load``):

- Gatherings of the user's: two people at the same interaction (one interaction, two or more people
  besides the user). What the gathering was matters, and each one counts as an independent chance:

  - ``together``: a group interaction the user logged, in person, by video or call ("a lunch with three
    people"): 0.5 each (2: 0.75, 3: 0.875). Strong: the user was there and says so.
  - ``meeting``: a calendar event (imported, ``source`` "calendar"): 0.3 each, scaled by
    ``SMALL_MEETING`` / the people at it above that many (at 20 people an event weighs 0.06).
  - ``thread``: an email (or a group message) both were on, From/To/Cc: 0.15 per thread, scaled by
    ``SMALL_THREAD`` / the people on it above two; messages with the same subject (``Re:``/``Fwd:``
    aside) are one thread, weighed by its smallest message. Weak: being copied together says little.

  A social reaction is no gathering and ties nobody.
- ``colleagues``: both held a role at the same organisation at the same time (their ``role`` rows
  overlap; a role without an end is current, one without a start is known at its end only). Longer
  overlaps weigh more (0.3 for a moment, up to 0.8 for two years or more) and smaller organisations more:
  the weight is scaled by 5 / the people known there, above five of them; above ``MAX_ORGANISATION``
  people, sharing an employer says too little to propose anyone.
- ``school``: both went to the same school (``education.school_key``), scaled by its size like an
  organisation: 0.5 when their years there overlap, 0.2 when the years of either are unknown (weak), none
  when both are known and do not overlap.
- ``met_via``: the user met one through the other (``person.met_via_id``): 0.6.
- ``stated``: the user said they know each other (``kith knows A B``): 0.9, or the closeness the user
  gave (``--closeness 0..1``).

A tie's weight combines its evidence as independent chances: 1 - the product of (1 - each weight), at
most ``MAX_WEIGHT``. Evidence is weak when its kind says little (an email thread, a school without
shared years) or it weighs under ``WEAK_BELOW``; a tie resting only on weak evidence says so ("weak evidence
only: on 2 email threads together"), and the user can confirm it (``kith knows A B``) or reject it (``kith knows
A B --not``). The user's word against a tie removes it whatever else suggests it, so a rejected tie is
never proposed again. Archived people are left out.

``acquaintances`` gathers every tie with its evidence in plain Python: the reference, and what common
ground reads. ``evidence_with`` gathers the evidence between one person and a few others, reading only
their rows (``evidence_between``: of one pair).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal_column, select
from sqlalchemy.orm import Session

from kith.reach.weights import (
    GATHERING_SQL,
    MAX_ORGANISATION,
    MAX_WEIGHT,
    MET_VIA,
    STATED,
    WEAK_BELOW,
    brief_role,
    colleagues_weight,
    gathering_chance,
    school_weight,
    thread_key,
)
from kith.store.compiled import Rows
from kith.store.db import rows, rows_together
from kith.store.schema import (
    Education,
    Interaction,
    InteractionParticipant,
    Organisation,
    Person,
    Role,
    StatedTie,
)
from kith.wording import count


@dataclass(frozen=True)
class Evidence:
    """One reason to think two people know each other, in words without a subject ("together at Acme
    2019–2021"); ``weak`` when it says little on its own."""

    kind: str
    weight: float
    words: str
    weak: bool = False

    def record(self) -> dict:
        return {"kind": self.kind, "weight": round(self.weight, 4), "words": self.words, "weak": self.weak}


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
    def weak(self) -> bool:
        """Whether everything the tie rests on is weak evidence."""
        return all(e.weak for e in self.evidence)

    @property
    def reason(self) -> str:
        """The evidence in words, strongest first; a weak tie says so ("weak evidence only: on 2 email threads
        together")."""
        words = "; ".join(e.words for e in sorted(self.evidence, key=lambda e: -e.weight))
        return f"weak evidence only: {words}" if self.weak else words


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _statements(star: bool) -> dict:
    """The reads of the gathering, built once: over everyone, or (``star``) over one person ``center``
    and a few others ``others`` (``ids``: all of them)."""
    center: Any = bindparam("center")
    ids: Any = bindparam("ids", expanding=True)
    others: Any = bindparam("others", expanding=True)
    alive = select(Person.id, Person.name).where(Person.is_me.is_(False), Person.archived_at.is_(None))
    met = select(Person.id, Person.met_via_id).where(Person.met_via_id.is_not(None))
    stated = select(
        StatedTie.person_a_id, StatedTie.person_b_id, StatedTie.knows, StatedTie.how, StatedTie.closeness
    ).order_by(StatedTie.id)
    groups = (
        select(InteractionParticipant.interaction_id)
        .group_by(InteractionParticipant.interaction_id)
        .having(func.count() >= 2)
    )
    roles = (
        select(Organisation.id, Organisation.name, Role.person_id, Role.started_on, Role.ended_on)
        .join(Organisation, Organisation.id == Role.organisation_id)
        .order_by(Organisation.id, Role.person_id, Role.id)
    )
    schools = select(
        Education.school_key, Education.school, Education.person_id, Education.started_on, Education.ended_on
    ).order_by(Education.school_key, Education.person_id, Education.id)
    org_sizes = select(Role.organisation_id, func.count(func.distinct(Role.person_id))).group_by(
        Role.organisation_id
    )
    school_sizes = select(Education.school_key, func.count(func.distinct(Education.person_id))).group_by(
        Education.school_key
    )
    if star:
        alive = alive.where(Person.id.in_(ids))
        met = met.where(Person.id.in_(ids), Person.met_via_id.in_(ids))
        stated = stated.where(StatedTie.person_a_id.in_(ids), StatedTie.person_b_id.in_(ids))
        # the interactions the person and at least one of the others were at
        for person in (
            InteractionParticipant.person_id == center,
            InteractionParticipant.person_id.in_(others),
        ):
            groups = groups.where(
                InteractionParticipant.interaction_id.in_(
                    select(InteractionParticipant.interaction_id).where(person)
                )
            )
        roles = roles.where(Role.person_id.in_(ids))
        schools = schools.where(Education.person_id.in_(ids))
        org_sizes = org_sizes.where(Role.organisation_id.in_(bindparam("keys", expanding=True)))
        school_sizes = school_sizes.where(Education.school_key.in_(bindparam("keys", expanding=True)))
    gathering: ColumnElement[str] = literal_column(GATHERING_SQL.format(i="interaction"))
    gatherings = (
        select(
            Interaction.id,
            gathering,
            Interaction.channel,
            Interaction.summary,
            Interaction.occurred_at,
            InteractionParticipant.person_id,
        )
        .join(InteractionParticipant, InteractionParticipant.interaction_id == Interaction.id)
        .where(Interaction.id.in_(groups))
        .order_by(Interaction.id, InteractionParticipant.person_id)
    )
    return {
        "alive": alive,
        "met": met,
        "stated": stated,
        "gatherings": gatherings,
        "roles": roles,
        "schools": schools,
        "org_sizes": org_sizes,
        "school_sizes": school_sizes,
    }


_STATEMENTS = {False: _statements(False), True: _statements(True)}


def acquaintances(session: Session, as_of: datetime) -> dict[tuple[int, int], Acquaintance]:
    """Every tie between two people of the store (not the user, not archived), keyed by their ids."""
    return _gather(session, as_of, None)


def evidence_between(session: Session, a: int, b: int, as_of: datetime) -> Acquaintance | None:
    """The tie between two people with its evidence (None when nothing ties them), from their rows only."""
    return evidence_with(session, a, [b], as_of)[b]


def evidence_with(
    session: Session, person_id: int, others: list[int], as_of: datetime
) -> dict[int, Acquaintance | None]:
    """The tie between ``person_id`` and each of ``others`` with its evidence (None when nothing ties
    them), read in one go from their rows only: what ``evidence_between`` says of each pair."""
    apart = sorted(set(others) - {person_id})
    ties = _gather(session, as_of, (person_id, apart)) if apart else {}
    return {other: ties.get(_pair(person_id, other)) for other in others}


def _gather(session: Session, as_of: datetime, among: tuple[int, list[int]] | None) -> dict:
    """Every tie with its evidence: between everyone, or (``among``: a person and others) between the
    person and each of the others only."""
    read = _Reader(session, among)
    wanted = None if among is None else {_pair(among[0], other) for other in among[1]}
    people = dict(read("alive").all())
    ties: dict[tuple[int, int], Acquaintance] = {}
    if len(people) < 2:
        return ties

    def add(a: int, b: int, evidence: Evidence) -> None:
        if a == b or a not in people or b not in people:
            return
        if wanted is not None and _pair(a, b) not in wanted:
            return
        key = _pair(a, b)
        ties.setdefault(key, Acquaintance(*key)).evidence.append(evidence)

    for (a, b), evidence in _gatherings(read, wanted):
        add(a, b, evidence)
    for a, b, evidence in _colleagues(read, as_of.date(), wanted):
        add(a, b, evidence)
    for a, b, evidence in _schools(read, as_of.date(), wanted):
        add(a, b, evidence)
    for person_id, via_id in read("met").all():
        if person_id in people and via_id in people:
            add(
                person_id,
                via_id,
                Evidence("met_via", MET_VIA, f"you met {people[person_id]} through {people[via_id]}"),
            )
    # the user's word comes last: a rejection removes the tie, whatever evidence came before or since
    for person_a, person_b, knows, how, closeness in read("stated").all():
        key = _pair(person_a, person_b)
        if not knows:
            ties.pop(key, None)
            continue
        add(*key, _stated(how, closeness))
    return ties


class _Reader:
    """Runs the gathering's statements for everyone or for one pair."""

    def __init__(self, session: Session, among: tuple[int, list[int]] | None) -> None:
        self.session = session
        self.statements = _STATEMENTS[among is not None]
        self.params = {}
        self._ready: dict[str, Rows] = {}
        if among is not None:
            center, others = among
            self.params = {"center": center, "others": others, "ids": [center, *others]}
            # a person's and a few others' rows, none depending on another: sent together (one round
            # trip on PostgreSQL); the sizes of their employers and schools follow from them
            found = rows_together(session, [(self.statements[name], self.params) for name in _TOGETHER])
            self._ready = dict(zip(_TOGETHER, found, strict=True))

    def __call__(self, name: str, **more):
        if not more and name in self._ready:
            return self._ready.pop(name)
        return rows(self.session, self.statements[name], {**self.params, **more})


#: the reads of one person's ties with a few others that are sent together
_TOGETHER = ("alive", "gatherings", "roles", "schools", "met", "stated")


def _stated(how: str | None, closeness: float | None) -> Evidence:
    said = "you said they know each other"
    if closeness is not None:
        said += f", closeness {closeness:g}"
    return Evidence("stated", STATED if closeness is None else closeness, said + (f": {how}" if how else ""))


def _gatherings(read: _Reader, wanted: set[tuple[int, int]] | None) -> list:
    """Per pair of people, one evidence per kind of gathering both were at."""
    found_rows = read("gatherings").all()
    members: dict[int, list[int]] = defaultdict(list)
    about: dict[int, tuple] = {}
    for interaction_id, what, channel, summary, occurred_at, person_id in found_rows:
        members[interaction_id].append(person_id)
        about[interaction_id] = (what, channel, summary, occurred_at)
    # per pair and kind: each gathering's (or thread's) chance, how many, the latest
    seen: dict[tuple[int, int], dict[str, dict]] = defaultdict(dict)
    for interaction_id, ids in members.items():
        what, channel, summary, occurred_at = about[interaction_id]
        if what is None:
            continue
        chance = float(gathering_chance(what, len(ids)))
        unit = thread_key(channel, summary, interaction_id) if what == "thread" else str(interaction_id)
        for a, b in combinations(ids, 2):
            if wanted is not None and (a, b) not in wanted:
                continue
            units = seen[(a, b)].setdefault(what, {})
            best, latest, ch = units.get(unit, (0.0, occurred_at, channel))
            units[unit] = (max(best, chance), max(latest, occurred_at), ch)
    found = []
    for pair, kinds in seen.items():
        for what, units in kinds.items():
            left = 1.0
            for chance, _, _ in units.values():
                left *= 1.0 - chance
            latest = max(u[1] for u in units.values())
            found.append((pair, _gathering_evidence(what, 1.0 - left, units, latest)))
    return found


def _gathering_evidence(what: str, weight: float, units: dict, latest: datetime) -> Evidence:
    n = len(units)
    if what == "together":
        return Evidence(
            what, weight, f"together at {count(n, 'group interaction')} of yours (latest {latest:%Y-%m-%d})"
        )
    if what == "meeting":
        return Evidence(what, weight, f"at {count(n, 'meeting')} together (latest {latest:%Y-%m-%d})")
    mails = sum(1 for u in units.values() if u[2] == "email")
    parts = [count(mails, "email thread")] if mails else []
    if n - mails:
        parts.append(count(n - mails, "group message"))
    return Evidence(what, weight, f"on {' and '.join(parts)} together", weak=True)


def _sizes(read: _Reader, name: str, groups: dict, wanted) -> dict:
    """People known per organisation (or school): all of them, or (for a few pairs ``wanted``) the ones
    two of them were at."""
    if wanted is None:
        return dict(read(name).all())
    shared = [k for k, members in groups.items() if len({m[0] for m in members}) >= 2]
    return dict(read(name, keys=shared).all()) if shared else {}


def _colleagues(read: _Reader, today: date, wanted: set[tuple[int, int]] | None) -> list:
    """Pairs of people at the same organisation at the same time, with how long and how small it is."""
    by_org: dict[int, list[tuple[int, date, date, bool, bool]]] = defaultdict(list)
    org_name: dict[int, str] = {}
    for org_id, name, person_id, started, ended in read("roles").all():
        if brief_role(started, ended):
            continue
        end = ended or today
        by_org[org_id].append((person_id, started or end, end, started is not None, ended is None))
        org_name[org_id] = name
    sizes = _sizes(read, "org_sizes", by_org, wanted)
    found = []
    for org_id, roles in by_org.items():
        size = sizes.get(org_id, 0)
        if size < 2 or size > MAX_ORGANISATION:
            continue
        best: dict[tuple[int, int], tuple[int, date, date, bool]] = {}
        for (a, s1, e1, k1, now1), (b, s2, e2, k2, now2) in combinations(roles, 2):
            start, end = max(s1, s2), min(e1, e2)
            days = (end - start).days
            if a == b or not _together(days, k1, k2):
                continue
            key = _pair(a, b)
            if key not in best or days > best[key][0]:
                best[key] = (days, start, end, now1 and now2)
        for (a, b), (days, start, end, now) in best.items():
            weight = float(colleagues_weight(days, size, (today - end).days))
            found.append((a, b, _weakened("colleagues", weight, _at(org_name[org_id], start, end, now))))
    return found


def _together(days: int, first_start_known: bool, second_start_known: bool) -> bool:
    """Whether two spans with ``days`` in common overlap: spans that only touch (one ends the day the
    other starts, both starts known) do not; a span whose start is unknown is known at its end only, and
    a day in common with it counts."""
    return days > 0 or (days == 0 and not (first_start_known and second_start_known))


def _schools(read: _Reader, today: date, wanted: set[tuple[int, int]] | None) -> list:
    """Pairs of people who went to the same school, their years shared or unknown."""
    by_school: dict[str, list] = defaultdict(list)
    for key, school, person_id, started, ended in read("schools").all():
        by_school[key].append((person_id, school, started or ended, ended or started, started is not None))
    sizes = _sizes(read, "school_sizes", by_school, wanted)
    found = []
    for key, attended in by_school.items():
        size = sizes.get(key, 0)
        if size < 2 or size > MAX_ORGANISATION:
            continue
        best: dict[tuple[int, int], tuple[int, str, date | None, date | None]] = {}
        for (a, school, s1, e1, k1), (b, _, s2, e2, k2) in combinations(attended, 2):
            if a == b:
                continue
            if None in (s1, s2):
                found_here = (-1, school, None, None)  # the years of one are unknown: the same school
            elif _together((min(e1, e2) - max(s1, s2)).days, k1, k2):
                found_here = ((min(e1, e2) - max(s1, s2)).days, school, max(s1, s2), min(e1, e2))
            else:
                continue
            pair = _pair(a, b)
            if pair not in best or found_here[0] > best[pair][0]:
                best[pair] = found_here
        for (a, b), (days, school, start, end) in best.items():
            weight = float(school_weight(days >= 0, size, (today - end).days if end else 0))
            if start is None or end is None:
                found.append((a, b, Evidence("school", weight, f"both went to {school}", weak=True)))
            else:
                years = f"in {start.year}" if start.year == end.year else f"{start.year}–{end.year}"
                found.append((a, b, _weakened("school", weight, f"at {school} together {years}")))
    return found


def _weakened(kind: str, weight: float, words: str) -> Evidence:
    return Evidence(kind, weight, words, weak=weight < WEAK_BELOW)


def _at(organisation: str, start: date, end: date, now: bool) -> str:
    """ "together at Acme 2019–2021", "... since 2022", "both at Acme now" (``now``: both still are)."""
    if now:
        return (
            f"both at {organisation} now"
            if start == end
            else f"together at {organisation} since {start.year}"
        )
    if start.year == end.year:
        return f"together at {organisation} in {start.year}"
    return f"together at {organisation} {start.year}–{end.year}"
