"""Everything kith knows about one person: the read model of ``kith show --json``, the person page and
``GET /api/people/{id}``, and the shapes of its parts (a role, a platform connection, a life event) that
the brief and the exports use too.

Read as plain rows, with statements built once: loading the ORM object and its relationships cost more
than all the rest of the page's data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased

from kith.birthdays import local_day, yearly_record
from kith.commitments import commitment_values
from kith.errors import BadInput, NotFound
from kith.ledger import person_ledger
from kith.notes import NOTES_OF, note_values
from kith.people.core import me_id
from kith.people.education import education_record
from kith.people.listing import TAGS_ALL, add_details, bare_records, contact_stats
from kith.reach.common import common_ground
from kith.reach.load import Graph
from kith.store import MAX_ROW_ID
from kith.store.db import rows, rows_together
from kith.store.schema import (
    Commitment,
    Connection,
    Education,
    Identity,
    LifeEvent,
    Organisation,
    Person,
    PersonTag,
    Role,
)
from kith.timeline import latest_interactions

#: interactions per page of a person's timeline
TIMELINE_PAGE = 20


def role_record(
    company: str | None, title: str | None, started_on: date | None, ended_on: date | None
) -> dict:
    """The one shape of a role: where, what, from and to (None: not known, or still going)."""
    return {
        "company": company,
        "title": title,
        "started_on": started_on.isoformat() if started_on else None,
        "ended_on": ended_on.isoformat() if ended_on else None,
        "current": ended_on is None,
    }


def connection_record(platform: str, connected_on: date | None) -> dict:
    """The one shape of a connection on a platform."""
    return {"platform": platform, "connected_on": connected_on.isoformat() if connected_on else None}


def life_event_record(kind: str, when: datetime, summary: str) -> dict:
    """The one shape of a life event (a job change seen in an import...)."""
    return {"kind": kind, "when": when.isoformat(), "summary": summary}


def tie_record(tie: Any) -> dict:
    """A tie's strength, circle and why, as the person read model carries them."""
    return {
        "strength": round(float(tie.strength), 4),
        "circle": tie.circle,
        "explanation": tie.explanation,
        "components": {k: round(float(v), 4) for k, v in tie.components.items()},
    }


_MET_VIA = aliased(Person)
PERSON_BY_ID = (
    select(
        Person.id,
        Person.name,
        Person.liked,
        Person.closeness,
        Person.archived_at,
        Person.how_met,
        Person.met_via_id,
        _MET_VIA.name.label("met_via_name"),
        Person.cadence_days,
        Person.is_me,
        Person.birthday,
        Person.anniversary,
    )
    .join(_MET_VIA, _MET_VIA.id == Person.met_via_id, isouter=True)
    .where(Person.id == bindparam("person_id"))
)
# the person's identities, roles and tags are read once for both the listing's record
# (``listing.add_details``) and the page's full lists; their roles, schools and tags with the user's
# (``both``), which the common ground compares (``reach.common.common_ground``)
_BOTH: Any = bindparam("both", expanding=True)
IDENTITIES = (
    select(Identity.id, Identity.person_id, Identity.kind, Identity.value)
    .where(Identity.person_id == bindparam("person_id"))
    .order_by(Identity.id)
)
ROLES = (
    # the first six as ``listing.ROLES_ALL``'s (a current role's), then its dates
    select(
        Role.person_id,
        Organisation.name,
        Role.title,
        Role.seen_at,
        Role.created_at,
        Role.id,
        Role.started_on,
        Role.ended_on,
        Organisation.name_key,
    )
    .join(Organisation, Role.organisation_id == Organisation.id, isouter=True)
    .where(Role.person_id.in_(_BOTH))
)
TAGS = TAGS_ALL.where(PersonTag.person_id.in_(_BOTH))
SCHOOLS = (
    # ``education.EDUCATION_OF``'s columns, then whose, the school's key and the row's id
    select(
        Education.school,
        Education.degree,
        Education.started_on,
        Education.ended_on,
        Education.source,
        Education.person_id,
        Education.school_key,
        Education.id,
    )
    .where(Education.person_id.in_(_BOTH))
    .order_by(Education.started_on.is_(None), Education.started_on, Education.id)
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
    .order_by(Commitment.done_at.is_not(None), Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
)


def person_detail(
    session: Session,
    person_id: int,
    as_of: datetime,
    tie: Any | None,
    *,
    limit: int = TIMELINE_PAGE,
    page: int = 1,
    stats: dict[int, tuple[int, datetime | None]] | None = None,
    known: Graph | None = None,
    mine: dict | None = None,
    all_mutual: bool = False,
) -> dict:
    """Everything about one person (NotFound when there is nobody with that id): their record with
    identities, roles, connections, birthday and anniversary (``kith.birthdays.yearly_record``), notes
    (newest first) and strength (``tie``, or None when unscored), page ``page`` of their
    timeline (``limit`` interactions a page, newest first), life events, promises both ways, and the
    give/get ledger with them, their schools, and the common ground with the user
    (``reach.common.common_ground``; None for the user). ``stats``: everyone's
    ``listing.contact_stats``, ``known``: who knows whom (``reach.load.Graph``) and
    ``mine``: the user's ties, when the caller
    shares them between pages (read for this person when not given). ``all_mutual``: every person who
    knows them in the common ground, not only the first ten."""
    if page < 1:
        raise BadInput("a timeline page is 1 or more")
    if limit < 1:
        raise BadInput("a timeline page holds 1 interaction or more")
    row = (
        rows(session, PERSON_BY_ID, {"person_id": person_id}).one_or_none()
        if 0 < person_id <= MAX_ROW_ID
        else None
    )
    if row is None:
        raise NotFound(f"no person #{person_id}")
    me = None if row.is_me else me_id(session)
    params = {"person_id": person_id, "both": [person_id] if me is None else [person_id, me]}
    count, last = (stats if stats is not None else contact_stats(session, [person_id])).get(
        person_id, (0, None)
    )
    records = bare_records([row[:5]], {person_id: (count, last)})
    # none of these depends on another: on PostgreSQL they are sent together, one round trip
    identities, both_roles, both_tags, both_schools, notes, connections, life_events, commitments = (
        found.all()
        for found in rows_together(
            session,
            [
                (IDENTITIES, params),
                (ROLES, params),
                (TAGS, params),
                (SCHOOLS, params),
                (NOTES_OF, params),
                (CONNECTIONS, params),
                (LIFE_EVENTS, params),
                (COMMITMENTS, params),
            ],
        )
    )
    roles = sorted(
        (r for r in both_roles if r.person_id == person_id),
        key=lambda r: (r.seen_at or r.created_at, r.id),
        reverse=True,
    )
    add_details(
        records,
        identities=identities,
        current_roles=[role[:6] for role in roles if role.ended_on is None],
        tags=[tag for tag in both_tags if tag.person_id == person_id],
    )
    record = records[person_id]
    today = local_day(as_of)
    record.update(
        {
            "birthday": yearly_record(row.birthday, today),
            "anniversary": yearly_record(row.anniversary, today),
            "notes": [note_values(*note) for note in notes],
            "how_met": row.how_met,
            "met_via": {"id": row.met_via_id, "name": row.met_via_name}
            if row.met_via_name is not None
            else None,
            "cadence_days": row.cadence_days,
            "is_me": row.is_me,
            "identities": [{"kind": kind, "value": value} for _id, _pid, kind, value in identities],
            "roles": [role_record(r.name, r.title, r.started_on, r.ended_on) for r in roles],
            "connections": [connection_record(p, on) for p, on in connections],
            "education": [
                education_record(*school[:5]) for school in both_schools if school.person_id == person_id
            ],
            "explanation": None,
            "components": None,
        }
    )
    if tie is not None:
        record.update(tie_record(tie))
    pages = max(1, -(-count // limit))
    return {
        "person": record,
        # a page after the last is empty (without asking the database for an offset it cannot hold)
        "timeline": latest_interactions(session, person_id, limit, (page - 1) * limit)
        if page <= pages
        else [],
        "timeline_page": page,
        "timeline_pages": pages,
        "timeline_total": count,
        "life_events": [life_event_record(*event) for event in life_events],
        "commitments": [
            commitment_values(cid, person_id, row.name, owed_by, text, due, done, as_of)
            for cid, owed_by, text, due, done in commitments
        ],
        "ledger": None if row.is_me else person_ledger(session, person_id, row.name, as_of),
        "common_ground": None
        if row.is_me
        else common_ground(
            session,
            person_id,
            as_of,
            known=known,
            mine=mine,
            met=(row.how_met, row.met_via_id, row.met_via_name),
            facts=(
                [
                    (r.person_id, r.name_key, r.name, r.started_on, r.ended_on)
                    for r in sorted(both_roles, key=lambda r: r.id)
                    if r.name_key is not None
                ],
                [
                    (s.person_id, s.school_key, s.school, s.started_on, s.ended_on)
                    for s in sorted(both_schools, key=lambda s: s.id)
                ],
                [(t.person_id, t.name) for t in both_tags],
            ),
            all_mutual=all_mutual,
        ),
    }
