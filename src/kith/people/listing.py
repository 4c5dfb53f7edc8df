"""Listing people: the records of ``kith people`` read with a few plain queries.

A listing can hold everyone in a network of tens of thousands, so it reads columns rather than ORM
objects: the people the search selects (in name order), then their identities, current roles and tags in
one grouped query each. The records are exactly ``person_record``'s, which stays the shape for one
person already loaded (``kith add``, ``kith me``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from kith.store.db import rows
from kith.store.schema import (
    Identity,
    InteractionParticipant,
    Organisation,
    Person,
    PersonTag,
    Role,
    Tag,
    UTCDateTime,
)

#: beyond this many people, the grouped queries read whole tables and keep the rows of those listed
#: (one scan is cheaper than many batches of ids, and no database limit on bound values is reached)
BATCH = 500

# the grouped queries, built once: for everyone (``ALL``), or for the people of ``ids`` (``OF``); building
# and passing them through the ORM session on every call cost more than running them for a page of people
IDENTITIES_ALL = select(Identity.id, Identity.person_id, Identity.kind, Identity.value)
IDENTITIES_OF = IDENTITIES_ALL.where(Identity.person_id.in_(bindparam("ids", expanding=True)))
ROLES_ALL = (
    select(Role.person_id, Organisation.name, Role.title, Role.seen_at, Role.created_at, Role.id)
    .join(Organisation, Role.organisation_id == Organisation.id, isouter=True)
    .where(Role.ended_on.is_(None))
)
ROLES_OF = ROLES_ALL.where(Role.person_id.in_(bindparam("ids", expanding=True)))
TAGS_ALL = select(PersonTag.person_id, Tag.name).join(Tag, PersonTag.tag_id == Tag.id).order_by(Tag.name)
TAGS_OF = TAGS_ALL.where(PersonTag.person_id.in_(bindparam("ids", expanding=True)))
PEOPLE_ALL = select(Person.id, Person.name, Person.liked, Person.closeness, Person.archived_at).where(
    Person.is_me.is_(False)
)
PEOPLE_OF = PEOPLE_ALL.where(Person.id.in_(bindparam("ids", expanding=True)))


def records_of(
    session: Session,
    ids: list[int],
    ties: dict[int, Any] | None = None,
    stats: dict[int, tuple[int, datetime | None]] | None = None,
) -> list[dict]:
    """``person_record`` for each of ``ids``, in their order, with strength and circle from ``ties`` and
    interaction counts and last contact from ``stats`` (``contact_stats``; read here when not given)."""
    if not ids:
        return []
    batch = len(ids) <= BATCH
    people = rows(session, PEOPLE_OF if batch else PEOPLE_ALL, {"ids": ids} if batch else {}).all()
    if not batch:
        wanted = set(ids)
        people = [row for row in people if row.id in wanted]
    if stats is None:
        stats = contact_stats(session, ids if batch else None)
    records = person_records(session, people, stats, ties)
    return [records[pid] for pid in ids]


def person_records(
    session: Session,
    people: Sequence[Any],
    stats: dict[int, tuple[int, datetime | None]],
    scored: dict[int, Any] | None = None,
) -> dict[int, dict]:
    """``person_record`` for each of ``people`` (rows of id, name, liked, closeness, archived_at), by id."""
    records = bare_records(people, stats, scored)
    if not records:
        return records
    ids = list(records)
    batch = len(ids) <= BATCH
    params = {"ids": ids} if batch else {}
    add_details(
        records,
        identities=rows(session, IDENTITIES_OF if batch else IDENTITIES_ALL, params).all(),
        current_roles=rows(session, ROLES_OF if batch else ROLES_ALL, params),
        tags=rows(session, TAGS_OF if batch else TAGS_ALL, params),
    )
    return records


def bare_records(
    people: Sequence[Any],
    stats: dict[int, tuple[int, datetime | None]],
    scored: dict[int, Any] | None = None,
) -> dict[int, dict]:
    """The records of ``person_records`` before their identities, current role and tags are added."""
    records: dict[int, dict] = {}
    for pid, name, liked, closeness, archived_at in people:
        count, last = stats.get(pid, (0, None))
        tie = scored.get(pid) if scored is not None else None
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
            "strength": round(tie.strength, 4) if tie is not None else None,
            "circle": tie.circle if tie is not None else None,
            "archived_at": archived_at.isoformat() if archived_at else None,
        }
    return records


def add_details(
    records: dict[int, dict],
    *,
    identities: Sequence[Any],
    current_roles: Iterable[Any],
    tags: Iterable[Any],
) -> None:
    """Fill ``bare_records`` with rows read by the caller: ``identities`` (id, person id, kind, value),
    ``current_roles`` (person id, company, title, seen_at, created_at, role id; roles not ended) and
    ``tags`` (person id, name; in name order). Rows of people not in ``records`` are passed over."""
    # in id order, as Person.identities: the first phone and profile count, emails in the order added
    for _iid, pid, kind, value in sorted(identities, key=lambda row: row[0]):
        record = records.get(pid)
        if record is None:
            continue
        if kind == "email":
            record["emails"].append(value)
        elif kind in ("phone", "linkedin") and record[kind] is None:
            record[kind] = value

    current: dict[int, tuple] = {}
    for pid, company, title, seen, created, rid in current_roles:
        if pid not in records:
            continue
        rank = (seen or created, rid)  # the rule of Person.current_role
        if pid not in current or rank > current[pid][0]:
            current[pid] = (rank, company, title)
    for pid, (_rank, company, title) in current.items():
        records[pid]["company"], records[pid]["title"] = company, title

    for pid, name in tags:
        if pid in records:
            records[pid]["tags"].append(name)


def contact_stats(
    session: Session, person_ids: list[int] | None = None
) -> dict[int, tuple[int, datetime | None]]:
    """Interaction count and last interaction time per person, from the participant rows' (person, time)
    index alone (they carry their interaction's time)."""
    query = select(
        InteractionParticipant.person_id,
        func.count(),
        type_coerce(func.max(InteractionParticipant.occurred_at), UTCDateTime()),
    ).group_by(InteractionParticipant.person_id)
    if person_ids is not None:
        query = query.where(InteractionParticipant.person_id.in_(person_ids))
    return {pid: (count, last) for pid, count, last in session.execute(query)}


def person_record(person: Person, stats: tuple[int, datetime | None] | None, tie=None) -> dict:
    """The JSON shape of a person in listings (``kith people --json``, the API); ``tie`` is their
    ``kith.strength.service.Tie`` when scored (strength and circle are None otherwise)."""
    role = person.current_role()
    count, last = stats or (0, None)
    return {
        "id": person.id,
        "name": person.name,
        "emails": person.emails(),
        "phone": person.identity("phone"),
        "linkedin": person.identity("linkedin"),
        "company": role.organisation.name if role and role.organisation else None,
        "title": role.title if role else None,
        "tags": [t.name for t in person.tags],
        "liked": person.liked,
        "closeness": person.closeness,
        "interaction_count": count,
        "last_interaction": last.isoformat() if last else None,
        "strength": round(tie.strength, 4) if tie is not None else None,
        "circle": tie.circle if tie is not None else None,
        "archived_at": person.archived_at.isoformat() if person.archived_at else None,
    }
