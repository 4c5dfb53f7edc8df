"""The people directory behind the web's people list, person page and dashboard.

These functions assemble page data from the core modules (people, interactions, strength) and do the
few queries a page needs that the core does not offer as such: id-only filtering, counts and one page of
people at a time. Everything is paginated in SQL, or over what the pages share per data snapshot (the
strength service's ties, the search index and orders of ``kith.web.search``), so a page costs about the
same with 10 or 10,000 people; lists of interactions are read as plain rows, not ORM objects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.identities import name_key
from kith.people import contact_stats, get_person, person_record
from kith.store.schema import (
    Commitment,
    Connection,
    Identity,
    Interaction,
    InteractionParticipant,
    LifeEvent,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
)
from kith.web import search
from kith.web.timeline import latest_interactions

SORTS = ("name", "strength", "last_contact")
#: the circles of the strength contract, innermost first; the first four are relationships (as in the report)
CIRCLES = ("intimate", "close", "friends", "meaningful", "acquaintance", "dormant", "collected")
RELATIONSHIP_CIRCLES = CIRCLES[:4]
PER_PAGE = 50


def tie_record(tie: Any) -> dict:
    return {
        "strength": round(float(tie.strength), 3),
        "circle": tie.circle,
        "explanation": tie.explanation,
        "components": {k: round(float(v), 3) for k, v in tie.components.items()},
        "last_contact": tie.last_contact.isoformat() if tie.last_contact else None,
    }


@dataclass
class PeopleQuery:
    """What the people list was asked for (all optional)."""

    q: str | None = None
    circle: str | None = None
    tag: str | None = None
    sort: str = "name"
    page: int = 1
    per_page: int = PER_PAGE


def _filters(query: PeopleQuery) -> list:
    """SQL conditions for the text search and the tag filter."""
    conditions = [Person.is_me.is_(False)]
    if query.q and query.q.strip():
        like = f"%{name_key(query.q)}%"
        raw_like = f"%{query.q.strip().lower()}%"
        conditions.append(
            or_(
                Person.name_key.like(like),
                Person.id.in_(select(Identity.person_id).where(func.lower(Identity.value).like(raw_like))),
                Person.id.in_(
                    select(Role.person_id)
                    .join(Organisation, isouter=True)
                    .where(
                        Role.ended_on.is_(None),
                        or_(Organisation.name_key.like(like), func.lower(Role.title).like(raw_like)),
                    )
                ),
            )
        )
    if query.tag:
        tagged = select(PersonTag.person_id).join(Tag).where(Tag.name == " ".join(query.tag.split()).lower())
        conditions.append(Person.id.in_(tagged))
    return conditions


def _tagged(session: Session, tag: str) -> set[int]:
    name = " ".join(tag.split()).lower()
    return set(session.scalars(select(PersonTag.person_id).join(Tag).where(Tag.name == name)))


def _page_ids(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any] | None,
    index: search.SearchIndex | None = None,
    order: list[int] | None = None,
) -> tuple[list[int], int]:
    """The ids of one page of people, in order, and how many match in all. ``index`` and ``order``
    (everyone in ``query.sort`` order), shared per data snapshot, save the queries they answer."""
    start = (query.page - 1) * query.per_page
    text = query.q.strip() if query.q else ""
    filtered = bool(text or query.tag)
    if query.circle and ties is None:
        raise BadInput("circles need the strength score, which this kith does not have yet")
    if query.sort == "strength" and ties is None:
        raise BadInput("sorting by strength needs the strength score, which this kith does not have yet")
    if index is not None and (filtered or query.sort == "name"):
        ids = index.search(text) if text else index.ids
        if query.tag:
            tagged = _tagged(session, query.tag)
            ids = [i for i in ids if i in tagged]
    elif order is not None and not filtered:
        ids = order
    elif query.sort == "name" and not query.circle:
        # the common case is paginated by the database itself
        conditions = _filters(query)
        if ties is not None and not filtered:
            total = len(ties)  # everyone but the user, without counting the table again
        else:
            total = session.scalar(select(func.count()).select_from(Person).where(*conditions)) or 0
        rows = session.execute(
            select(Person.id)
            .where(*conditions)
            .order_by(Person.name_key, Person.id)
            .limit(query.per_page)
            .offset(start)
        )
        return [row[0] for row in rows], total
    elif filtered or ties is None:
        stmt = select(Person.id).where(*_filters(query)).order_by(Person.name_key, Person.id)
        ids = [row[0] for row in session.execute(stmt)]
    else:
        ids = sorted(ties)  # everyone but the user: the tie dict has them all already
    if query.circle:
        assert ties is not None
        ids = [i for i in ids if i in ties and ties[i].circle == query.circle]
    if ids is not order:
        ids = _sorted(session, ids, query.sort, ties)
    return ids[start : start + query.per_page], len(ids)


def _sorted(session: Session, ids: list[int], sort: str, ties: dict[int, Any] | None) -> list[int]:
    """``ids`` (in name order) by strength or last contact; stable, so equals stay in name order."""
    ids = list(ids)
    if sort == "strength":
        assert ties is not None
        ids.sort(key=lambda i: -ties[i].strength if i in ties else 1.0)
    elif sort == "last_contact":
        if ties is not None:
            last = {i: t.last_contact for i, t in ties.items()}
        else:
            last = {i: when for i, (_n, when) in contact_stats(session).items()}
        ids.sort(key=lambda i: -last[i].timestamp() if last.get(i) else float("inf"))
    return ids


def people_list(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any] | None,
    counts: dict[int, int] | None = None,
    *,
    index: search.SearchIndex | None = None,
    order: list[int] | None = None,
) -> dict:
    """One page of people matching ``query``, with their strength when it is known (``index`` and
    ``order``: see ``_page_ids``)."""
    if query.sort not in SORTS:
        raise BadInput(f"unknown sort {query.sort!r}; use one of: {', '.join(SORTS)}")
    if query.page < 1 or not 1 <= query.per_page <= 500:
        raise BadInput("page must be 1 or more and per_page between 1 and 500")
    page_ids, total = _page_ids(session, query, ties, index, order)
    records = _records(session, page_ids, _stats(session, page_ids, ties, counts))
    rows = []
    for pid in page_ids:
        record = records[pid]
        if ties is not None and pid in ties:
            tie = ties[pid]
            record["strength"] = round(float(tie.strength), 3)
            record["circle"] = tie.circle
            record["last_contact"] = tie.last_contact.isoformat() if tie.last_contact else None
        rows.append(record)
    return {
        "people": rows,
        "total": total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": max(1, -(-total // query.per_page)),
        "query": {
            "q": query.q or "",
            "circle": query.circle or "",
            "tag": query.tag or "",
            "sort": query.sort,
        },
    }


def interaction_counts(session: Session) -> dict[int, int]:
    """How many interactions each person has been in, read from the participant index alone."""
    return dict(
        session.execute(
            select(InteractionParticipant.person_id, func.count()).group_by(InteractionParticipant.person_id)
        ).all()
    )


def _stats(
    session: Session, ids: list[int], ties: dict[int, Any] | None, counts: dict[int, int] | None
) -> dict[int, tuple[int, datetime | None]]:
    """Interaction count and last contact per person: from the shared counts and ties when the page
    has them, else from the interaction rows."""
    if not ids:
        return {}
    if ties is None or counts is None:
        return contact_stats(session, ids)
    return {pid: (counts.get(pid, 0), ties[pid].last_contact if pid in ties else None) for pid in ids}


def _records(
    session: Session, ids: list[int], stats: dict[int, tuple[int, datetime | None]]
) -> dict[int, dict]:
    """``person_record`` for a page of people, read with four plain queries (no ORM objects: a list
    page must stay cheap)."""
    if not ids:
        return {}
    records: dict[int, dict] = {}
    for pid, name, liked, closeness in session.execute(
        select(Person.id, Person.name, Person.liked, Person.closeness).where(Person.id.in_(ids))
    ):
        count, last = stats.get(pid, (0, None))
        records[pid] = {
            "id": pid,
            "name": name,
            "emails": [],
            "phone": None,
            "linkedin": None,
            "company": None,
            "title": None,
            "tags": [],
            "liked": liked,
            "closeness": closeness,
            "interaction_count": count,
            "last_interaction": last.isoformat() if last else None,
        }
    identities = session.execute(
        select(Identity.id, Identity.person_id, Identity.kind, Identity.value).where(
            Identity.person_id.in_(ids)
        )
    ).all()
    # sorted and filtered by kind here: an ORDER BY id, or a condition on the kind, would lead SQLite to
    # walk the whole table (or every email) instead of these people's few identities
    for _iid, pid, kind, value in sorted(identities):
        record = records[pid]
        if kind not in ("email", "phone", "linkedin"):
            continue
        if kind == "email":
            record["emails"].append(value)
        elif record[kind] is None:
            record[kind] = value
    current: dict[int, tuple] = {}
    for pid, company, title, seen, created, rid in session.execute(
        select(Role.person_id, Organisation.name, Role.title, Role.seen_at, Role.created_at, Role.id)
        .join(Organisation, Role.organisation_id == Organisation.id, isouter=True)
        .where(Role.person_id.in_(ids), Role.ended_on.is_(None))
    ):
        rank = (seen or created, rid)  # the same rule as Person.current_role
        if pid not in current or rank > current[pid][0]:
            current[pid] = (rank, company, title)
    for pid, (_rank, company, title) in current.items():
        records[pid]["company"], records[pid]["title"] = company, title
    for pid, tag in session.execute(
        select(PersonTag.person_id, Tag.name).join(Tag).where(PersonTag.person_id.in_(ids)).order_by(Tag.name)
    ):
        records[pid]["tags"].append(tag)
    return records


def tag_names(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def person_detail(
    session: Session,
    person_id: int,
    as_of: datetime,
    tie: Any | None,
    counts: dict[int, int] | None = None,
    *,
    limit: int = 50,
) -> dict:
    """Everything the person page shows about one person (NotFound when there is nobody with that id)."""
    person = get_person(session, person_id)
    ties = {person.id: tie} if tie is not None else None
    stats = _stats(session, [person.id], ties, counts)[person.id]
    record = person_record(person, stats)
    record.update(
        {
            "notes": person.notes,
            "how_met": person.how_met,
            "met_via": {"id": person.met_via.id, "name": person.met_via.name} if person.met_via else None,
            "cadence_days": person.cadence_days,
            "is_me": person.is_me,
            "roles": [
                {
                    "company": r.organisation.name if r.organisation else None,
                    "title": r.title,
                    "started_on": r.started_on.isoformat() if r.started_on else None,
                    "ended_on": r.ended_on.isoformat() if r.ended_on else None,
                }
                for r in sorted(person.roles, key=lambda r: (r.seen_at or r.created_at, r.id), reverse=True)
            ],
            "connections": [
                {
                    "platform": c.platform,
                    "connected_on": c.connected_on.isoformat() if c.connected_on else None,
                }
                for c in person.connections
            ],
        }
    )
    if tie is not None:
        record.update(tie_record(tie))
    events = session.scalars(
        select(LifeEvent)
        .where(LifeEvent.person_id == person.id)
        .order_by(LifeEvent.occurred_at.desc())
        .limit(20)
    )
    commitments = session.scalars(
        select(Commitment)
        .where(Commitment.person_id == person.id)
        .order_by(Commitment.done_at.is_not(None), Commitment.due_at)
    )
    return {
        "person": record,
        "timeline": latest_interactions(
            session, person.id, stats[0], limit, sum(counts.values()) if counts else None
        ),
        "life_events": [
            {"kind": e.kind, "when": e.occurred_at.isoformat(), "summary": e.summary} for e in events
        ],
        "commitments": [
            {
                "id": c.id,
                "owed_by": c.owed_by,
                "text": c.text,
                "due_at": c.due_at.isoformat() if c.due_at else None,
                "done_at": c.done_at.isoformat() if c.done_at else None,
                "overdue": bool(c.due_at and not c.done_at and c.due_at < as_of),
            }
            for c in commitments
        ],
    }


def people_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Person.id).where(Person.is_me.is_(False))))


def network_counts(
    session: Session, ties: dict[int, Any] | None, circles: dict[int, str] | None = None
) -> dict:
    """Connections against relationships: how many people, connected on a platform, actually in touch.

    Circles come from the strength ties, else from ``circles`` (person id -> circle) when given.
    """
    people = session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_(False))) or 0
    connected = session.scalar(select(func.count(func.distinct(Connection.person_id)))) or 0
    counts: dict[str, int] = {}
    if ties is not None:
        circles = {pid: tie.circle for pid, tie in ties.items()}
    if circles is not None:
        found = Counter(circles.values())
        counts = {c: found[c] for c in CIRCLES} | {c: n for c, n in found.items() if c not in CIRCLES}
        in_touch = sum(n for circle, n in counts.items() if circle != "collected")
        active = sum(counts[c] for c in RELATIONSHIP_CIRCLES)
    else:
        in_touch = session.scalar(select(func.count(func.distinct(InteractionParticipant.person_id)))) or 0
        active = None
    interactions = session.scalar(select(func.count()).select_from(Interaction)) or 0
    return {
        "people": people,
        "connections": connected,
        "in_touch": in_touch,
        "relationships": active,
        "interactions": interactions,
        "circles": counts,
    }
