"""Common ground with one person: what the user and they share, and who else knows them.

- **employers**: organisations both have worked at (the user is the ``Person`` with ``is_me``), with
  the years both were there ("both at Acme 2019–2021"), or "both worked at Acme" when not at the same
  time (or when the dates are not known);
- **schools**: schools both went to, the same way ("both at MIT 2008–2012", "both went to MIT");
- **tags** both have;
- **mutual contacts**: the people the graph of who knows whom (``kith.reach.load.Graph``) says know
  them, each with the user's own circle and strength with that person (``strength.service.ties``)
  and the evidence in words, the user's strongest ties first: the first ``MAX_MUTUAL``, with the true
  count (``mutual_count``) and how many more there are (``mutual_more``);
- **how you know them**: how you met and who introduced you.

``summary`` says it in one line, for the brief and the top of the person page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from kith.errors import NotFound
from kith.people.core import me_id
from kith.reach.graph import Acquaintance
from kith.reach.load import Graph, load_graph
from kith.reach.stated import rejected_ties
from kith.reach.weights import brief_role
from kith.store.db import rows
from kith.store.schema import Education, Organisation, Person, PersonTag, Role, Tag
from kith.wording import count, years

#: mutual contacts shown at most
MAX_MUTUAL = 10

Spans = dict[str, tuple[str, list[tuple[date | None, date | None]]]]
#: the person who introduced the user to someone
MET_VIA = aliased(Person)

# the reads, built once (building them cost more than running them): ``ids`` are the people asked about
_IDS: Any = bindparam("ids", expanding=True)
HOW_MET = (
    select(Person.how_met, Person.met_via_id, MET_VIA.name)
    .join(MET_VIA, MET_VIA.id == Person.met_via_id, isouter=True)
    .where(Person.id == bindparam("person_id"))
)
EMPLOYERS = (
    select(Role.person_id, Organisation.name_key, Organisation.name, Role.started_on, Role.ended_on)
    .join(Organisation, Organisation.id == Role.organisation_id)
    .where(Role.person_id.in_(_IDS))
    .order_by(Role.id)
)
SCHOOLS = (
    select(
        Education.person_id, Education.school_key, Education.school, Education.started_on, Education.ended_on
    )
    .where(Education.person_id.in_(_IDS))
    .order_by(Education.id)
)
TAGS = (
    select(PersonTag.person_id, Tag.name)
    .join(Tag, Tag.id == PersonTag.tag_id)
    .where(PersonTag.person_id.in_(_IDS))
)
NAMES = select(Person.id, Person.name).where(Person.id.in_(_IDS))


def common_ground(
    session: Session,
    person_id: int,
    as_of: datetime,
    *,
    known: Graph | None = None,
    mine: dict[int, Any] | None = None,
    met: tuple[str | None, int | None, str | None] | None = None,
    facts: tuple[Sequence, Sequence, Sequence] | None = None,
    all_mutual: bool = False,
) -> dict:
    """What the user shares with ``person_id`` and who else knows them. ``known``: who knows whom
    (``kith.reach.load.load_graph`` at ``as_of``) and ``mine``: the user's ties, when the caller holds them (the web server
    shares them between pages); read here otherwise, the ties only for the mutual contacts. ``met``: how
    the user met them, who introduced them and that person's name, when the caller has read them.
    ``facts``: the roles, schools and tags of both (rows as ``EMPLOYERS``, ``SCHOOLS`` and ``TAGS`` read
    them), when the caller has read them (the person page reads theirs anyway).
    ``all_mutual``: every mutual contact, not only the first ``MAX_MUTUAL``."""
    me = me_id(session)
    today = as_of.date()
    if met is None:
        person = rows(session, HOW_MET, {"person_id": person_id}).one_or_none()
        if person is None:
            raise NotFound(f"no person #{person_id}")
        met = (person[0], person[1], person[2])
    how_met, via, met_via = met
    ground: dict = {
        "employers": [],
        "schools": [],
        "tags": [],
        "mutual": [],
        "how_met": how_met,
        "met_via": {"id": via, "name": met_via} if met_via is not None else None,
    }
    if me is not None and me != person_id:
        both = (me, person_id)
        if facts is None:
            ids = {"ids": list(both)}
            facts = (
                rows(session, EMPLOYERS, ids).all(),
                rows(session, SCHOOLS, ids).all(),
                rows(session, TAGS, ids).all(),
            )
        employers, schools, tags = (
            _employers(facts[0], both, today),
            _schools(facts[1], both),
            _tags(facts[2], both),
        )
        ground["employers"] = _shared(employers[me], employers[person_id], "worked at")
        ground["schools"] = _shared(schools[me], schools[person_id], "went to")
        ground["tags"] = sorted(tags[me] & tags[person_id])
    ground["mutual_count"] = 0
    if me != person_id:
        most = None if all_mutual else MAX_MUTUAL
        ground["mutual"], ground["mutual_count"] = _mutual(session, person_id, as_of, known, mine, most)
    ground["mutual_more"] = ground["mutual_count"] - len(ground["mutual"])
    # the ties the user said are not true, to take back (never proposed until then)
    ground["not_true"] = rejected_ties(session, person_id) if me != person_id else []
    ground["summary"] = summary(ground)
    return ground


def summary(ground: dict) -> str:
    """The common ground in one line: "both at Acme 2019–2021; tags climate; 3 mutual contacts"."""
    parts = [e["words"] for e in ground["employers"] + ground["schools"]]
    if ground["tags"]:
        parts.append(f"both tagged {', '.join(ground['tags'])}")
    if ground["mutual"]:
        names = ", ".join(m["name"] for m in ground["mutual"][:3])
        total = ground.get("mutual_count", len(ground["mutual"]))
        parts.append(f"{count(total, 'mutual contact')} ({names}{', ...' if total > 3 else ''})")
    return "; ".join(parts)


def _employers(roles: Sequence, person_ids: tuple[int, ...], today: date) -> dict[int, Spans]:
    """Each person's organisations by key (from ``EMPLOYERS``' rows): the name and the spans of their
    roles there."""
    found: dict[int, Spans] = {pid: {} for pid in person_ids}
    for pid, key, name, started, ended in roles:
        # a role of a day or less says they worked there, never when: no years in common with it
        span = (None, None) if brief_role(started, ended) else (started, ended or today)
        found[pid].setdefault(key, (name, []))[1].append(span)
    return found


def _schools(schools: Sequence, person_ids: tuple[int, ...]) -> dict[int, Spans]:
    found: dict[int, Spans] = {pid: {} for pid in person_ids}
    for pid, key, name, started, ended in schools:
        found[pid].setdefault(key, (name, []))[1].append((started, ended))
    return found


def _shared(mine: Spans, theirs: Spans, did: str) -> list[dict]:
    """The places both have been, with the years both were there when they overlap."""
    shared = []
    # named as the user spells it: "MIT" where they typed "mit"
    for key in sorted(mine.keys() & theirs.keys(), key=lambda k: mine[k][0].casefold()):
        name = mine[key][0]
        overlap = _overlap(mine[key][1], theirs[key][1])
        words = f"both at {name} {years(*overlap)}" if overlap else f"both {did} {name}"
        shared.append(
            {
                "name": name,
                "from": overlap[0].year if overlap else None,
                "to": overlap[1].year if overlap else None,
                "words": words,
            }
        )
    return shared


def _overlap(
    a: list[tuple[date | None, date | None]], b: list[tuple[date | None, date | None]]
) -> tuple[date, date] | None:
    """The longest time both spans lists share (only spans with both ends known count)."""
    best: tuple[date, date] | None = None
    for s1, e1 in a:
        for s2, e2 in b:
            if s1 is None or e1 is None or s2 is None or e2 is None:
                continue
            start, end = max(s1, s2), min(e1, e2)
            if start <= end and (best is None or (end - start) > (best[1] - best[0])):
                best = (start, end)
    return best


def _tags(tags: Sequence, person_ids: tuple[int, ...]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {pid: set() for pid in person_ids}
    for pid, name in tags:
        found[pid].add(name)
    return found


def _mutual(
    session: Session,
    person_id: int,
    as_of: datetime,
    graph: Graph | None,
    mine: dict[int, Any] | None,
    most: int | None = MAX_MUTUAL,
) -> tuple[list[dict], int]:
    """The first ``most`` people (all: None) the graph says know ``person_id``, the user's strongest
    ties first, and how many there are in all."""
    graph = load_graph(session, as_of) if graph is None else graph
    known = graph.neighbours(person_id)
    if not known:
        return [], 0
    if mine is None:
        from kith.strength.service import ties

        mine = ties(session, as_of, person_ids=sorted(known))
    names = dict(rows(session, NAMES, {"ids": sorted(known)}).all())

    def strength(pid: int) -> float:
        tie = mine.get(pid)
        return float(tie.strength) if tie is not None else 0.0

    ranked = sorted(known, key=lambda pid: (-strength(pid), -known[pid], names[pid]))[:most]
    evidence = graph.evidence_of(session, person_id, ranked)
    shown = [
        {
            "id": pid,
            "name": names[pid],
            "circle": mine[pid].circle if pid in mine else None,
            "strength": round(strength(pid), 4),
            "weight": round(known[pid], 4),
            "evidence": _reason(evidence[pid]),
            # kith worked it out (no word of the user's): the person page offers "not true"
            "inferred": not _stated(evidence[pid]),
        }
        for pid in ranked
    ]
    return shown, len(known)


def _reason(tie: Acquaintance | None) -> str:
    """A tie's evidence in words ("" if the words no longer find it: the data changed since loading)."""
    return tie.reason if tie is not None else ""


def _stated(tie: Acquaintance | None) -> bool:
    """Whether the user said the two know each other (``kith knows``), whatever else suggests it."""
    return tie is not None and any(e.kind == "stated" for e in tie.evidence)
