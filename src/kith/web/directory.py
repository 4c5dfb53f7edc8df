"""The people directory behind the web's people list, person page and dashboard.

These functions assemble page data from the core modules (people, interactions, strength) and do the
few queries a page needs that the core does not offer as such: id-only filtering, counts and one page of
people at a time. The people list pages over what the pages share per data snapshot (the strength
service's ties, the search index and orders of ``kith.people.search``), so a page costs about the same with
10 or 10,000 people; lists of interactions are read as plain rows, not ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from kith.errors import BadInput, NotFound
from kith.people import search
from kith.people.core import tag_label
from kith.people.listing import contact_stats, person_records
from kith.store import MAX_ROW_ID
from kith.store.db import rows
from kith.store.schema import (
    Commitment,
    Connection,
    Interaction,
    InteractionParticipant,
    LifeEvent,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
)
from kith.web.timeline import latest_interactions

SORTS = ("name", "strength", "last_contact")
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


def _tagged(session: Session, tag: str) -> set[int]:
    return set(session.scalars(select(PersonTag.person_id).join(Tag).where(Tag.name == tag_label(tag))))


def _page_ids(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any] | None,
    index: search.SearchIndex,
    order: list[int] | None = None,
) -> tuple[list[int], int]:
    """The ids of one page of people, in order, and how many match in all. ``index`` (the search, and
    everyone in name order) and ``order`` (everyone in ``query.sort`` order) are shared per data
    snapshot."""
    start = (query.page - 1) * query.per_page
    text = query.q.strip() if query.q else ""
    filtered = bool(text or query.tag)
    if query.circle and ties is None:
        raise BadInput("circles need the strength score, which this kith does not have yet")
    if query.sort == "strength" and ties is None:
        raise BadInput("sorting by strength needs the strength score, which this kith does not have yet")
    if order is not None and not filtered:
        ids = order
    else:
        ids = index.search(text) if text else index.ids
        if query.tag:
            tagged = _tagged(session, query.tag)
            ids = [i for i in ids if i in tagged]
    if query.circle:
        assert ties is not None
        ids = [i for i in ids if i in ties and ties[i].circle == query.circle]
    if order is None or filtered:
        ids = _sorted(session, ids, query.sort, ties)
    return ids[start : start + query.per_page], len(ids)


def _sorted(session: Session, ids: list[int], sort: str, ties: dict[int, Any] | None) -> list[int]:
    """``ids`` (in name order) by strength or last contact; stable, so equals stay in name order."""
    if sort not in ("strength", "last_contact"):
        return list(ids)
    if ties is not None:
        return search.sort_order(ids, ties, sort)
    assert sort == "last_contact"
    latest_first = {i: -when.timestamp() for i, (_n, when) in contact_stats(session).items() if when}
    return sorted(ids, key=lambda i: latest_first.get(i, float("inf")))


def people_list(
    session: Session,
    query: PeopleQuery,
    ties: dict[int, Any] | None,
    counts: dict[int, int] | None = None,
    *,
    index: search.SearchIndex,
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


#: a page of people, and every tag's name (built once, see ``kith.store.db.rows``)
PEOPLE_OF = select(Person.id, Person.name, Person.liked, Person.closeness).where(
    Person.id.in_(bindparam("ids", expanding=True))
)
TAG_NAMES = select(Tag.name).order_by(Tag.name)


def _records(
    session: Session, ids: list[int], stats: dict[int, tuple[int, datetime | None]]
) -> dict[int, dict]:
    """``person_record`` for a page of people, read with plain queries (no ORM objects: a list page
    must stay cheap)."""
    if not ids:
        return {}
    return person_records(session, rows(session, PEOPLE_OF, {"ids": ids}).all(), stats)


def tag_names(session: Session) -> list[str]:
    return list(rows(session, TAG_NAMES).scalars())


#: interactions per page of a person's timeline (as many as ``kith show`` prints)
TIMELINE_PAGE = 20

# the person page's statements, built once (see ``kith.store.db.rows``)
_MET_VIA = aliased(Person)
PERSON_BY_ID = (
    select(
        Person.id,
        Person.name,
        Person.liked,
        Person.closeness,
        Person.notes,
        Person.how_met,
        Person.met_via_id,
        _MET_VIA.name.label("met_via_name"),
        Person.cadence_days,
        Person.is_me,
    )
    .join(_MET_VIA, _MET_VIA.id == Person.met_via_id, isouter=True)
    .where(Person.id == bindparam("person_id"))
)
ROLES = (
    select(
        Organisation.name, Role.title, Role.started_on, Role.ended_on, Role.seen_at, Role.created_at, Role.id
    )
    .join(Organisation, Role.organisation_id == Organisation.id, isouter=True)
    .where(Role.person_id == bindparam("person_id"))
)
CONNECTIONS = (
    select(Connection.platform, Connection.connected_on)
    .where(Connection.person_id == bindparam("person_id"))
    .order_by(Connection.id)
)
LIFE_EVENTS = (
    select(LifeEvent.kind, LifeEvent.occurred_at, LifeEvent.summary)
    .where(LifeEvent.person_id == bindparam("person_id"))
    .order_by(LifeEvent.occurred_at.desc())
    .limit(20)
)
COMMITMENTS = (
    select(Commitment.id, Commitment.owed_by, Commitment.text, Commitment.due_at, Commitment.done_at)
    .where(Commitment.person_id == bindparam("person_id"))
    .order_by(Commitment.done_at.is_not(None), Commitment.due_at)
)


def person_detail(
    session: Session,
    person_id: int,
    as_of: datetime,
    tie: Any | None,
    counts: dict[int, int] | None = None,
    *,
    limit: int = TIMELINE_PAGE,
    page: int = 1,
) -> dict:
    """Everything the person page shows about one person (NotFound when there is nobody with that id),
    with page ``page`` of their timeline, ``limit`` interactions a page, newest first.

    Read as plain rows, with statements built once: loading the ORM object and its relationships cost
    more than all the rest of the page's data."""
    if page < 1:
        raise BadInput("a timeline page is 1 or more")
    params = {"person_id": person_id}
    row = rows(session, PERSON_BY_ID, params).one_or_none() if 0 < person_id <= MAX_ROW_ID else None
    if row is None:
        raise NotFound(f"no person #{person_id}")
    ties = {person_id: tie} if tie is not None else None
    stats = _stats(session, [person_id], ties, counts).get(person_id, (0, None))
    record = person_records(session, [row[:4]], {person_id: stats})[person_id]
    roles = sorted(
        rows(session, ROLES, params), key=lambda r: (r.seen_at or r.created_at, r.id), reverse=True
    )
    record.update(
        {
            "notes": row.notes,
            "how_met": row.how_met,
            "met_via": {"id": row.met_via_id, "name": row.met_via_name}
            if row.met_via_name is not None
            else None,
            "cadence_days": row.cadence_days,
            "is_me": row.is_me,
            "roles": [
                {
                    "company": company,
                    "title": title,
                    "started_on": started.isoformat() if started else None,
                    "ended_on": ended.isoformat() if ended else None,
                }
                for company, title, started, ended, _seen, _created, _rid in roles
            ],
            "connections": [
                {"platform": platform, "connected_on": on.isoformat() if on else None}
                for platform, on in rows(session, CONNECTIONS, params)
            ],
        }
    )
    if tie is not None:
        record.update(tie_record(tie))
    pages = max(1, -(-stats[0] // limit))
    return {
        "person": record,
        # a page after the last is empty (without asking the database for an offset it cannot hold)
        "timeline": latest_interactions(session, person_id, limit, (page - 1) * limit)
        if page <= pages
        else [],
        "timeline_page": page,
        "timeline_pages": pages,
        "life_events": [
            {"kind": kind, "when": when.isoformat(), "summary": summary}
            for kind, when, summary in rows(session, LIFE_EVENTS, params)
        ],
        "commitments": [
            {
                "id": cid,
                "owed_by": owed_by,
                "text": text,
                "due_at": due.isoformat() if due else None,
                "done_at": done.isoformat() if done else None,
                "overdue": bool(due and not done and due < as_of),
            }
            for cid, owed_by, text, due, done in rows(session, COMMITMENTS, params)
        ],
    }


def people_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Person.id).where(Person.is_me.is_(False))))


def interaction_total(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Interaction)) or 0
