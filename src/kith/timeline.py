"""Interactions as records: the one shape of an interaction (``interaction_record``) and the lists of
them (a person's timeline, the latest, ``interaction_list`` behind ``kith interactions`` and
``GET /api/interactions``), read as plain rows: two queries per list and no ORM objects.

The statements are built once, with bound parameters, and run on the session's connection: building a
``select`` and passing it through the ORM session cost more than running it (a page runs a dozen)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from kith.errors import NotFound
from kith.store import MAX_ROW_ID, get_row
from kith.store.db import rows
from kith.store.schema import Interaction, InteractionParticipant, Person

#: interactions ``kith interactions`` and ``GET /api/interactions`` list unless told otherwise
LIST_LIMIT = 20

#: the columns of ``interaction_records``, in its order
INTERACTION_COLUMNS = (
    Interaction.id,
    Interaction.occurred_at,
    Interaction.kind,
    Interaction.channel,
    Interaction.direction,
    Interaction.duration_s,
    Interaction.summary,
    Interaction.notes,
    Interaction.source,
)

#: a person's interactions, newest first (ties: the later id first), one page of them. The page's ids
#: come from the participant index (person, time, interaction) alone, so a page reads ``offset + limit``
#: index entries, and only its own interaction rows, however many interactions the person has
PAGE_IDS = (
    select(InteractionParticipant.interaction_id)
    .where(InteractionParticipant.person_id == bindparam("person_id"))
    .order_by(InteractionParticipant.occurred_at.desc(), InteractionParticipant.interaction_id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
PERSON_TIMELINE = (
    select(*INTERACTION_COLUMNS)
    .where(Interaction.id.in_(PAGE_IDS.scalar_subquery()))
    .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
)

LATEST = (
    select(*INTERACTION_COLUMNS)
    .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
    .limit(bindparam("limit"))
)

PARTICIPANTS = (
    select(InteractionParticipant.interaction_id, Person.id, Person.name)
    .join(Person, Person.id == InteractionParticipant.person_id)
    .where(InteractionParticipant.interaction_id.in_(bindparam("ids", expanding=True)))
)


def latest_interactions(session: Session, person_id: int, limit: int, offset: int = 0) -> list[dict]:
    """A person's latest ``limit`` interactions (after skipping the ``offset`` newest) as records,
    newest first (ties: the later id first)."""
    params = {"person_id": person_id, "limit": limit, "offset": offset}
    return interaction_records(session, rows(session, PERSON_TIMELINE, params).all())


def recent_interactions(session: Session, limit: int = 10) -> list[dict]:
    """The latest interactions, newest first."""
    return interaction_records(session, rows(session, LATEST, {"limit": limit}).all())


def interaction_list(session: Session, person_id: int | None = None, limit: int = LIST_LIMIT) -> list[dict]:
    """The latest ``limit`` interactions (0: all), newest first (ties: the later id first): with one
    person (NotFound when there is nobody with that id), or with anyone."""
    if person_id is not None and get_row(session, Person, person_id) is None:
        raise NotFound(f"no person #{person_id}")
    count = limit or MAX_ROW_ID
    if person_id is None:
        return recent_interactions(session, count)
    return latest_interactions(session, person_id, count)


def interaction_records(session: Session, found: Sequence[Row]) -> list[dict]:
    """``interaction_record`` with the participants' ids for ``found`` (rows of ``INTERACTION_COLUMNS``),
    in their order; the participants come in one more query."""
    if not found:
        return []
    who: dict[int, list[tuple[str, int]]] = {}
    for iid, pid, name in rows(session, PARTICIPANTS, {"ids": [row[0] for row in found]}):
        who.setdefault(iid, []).append((name, pid))
    return [_record(*row, people=who.get(row[0], [])) for row in found]


def interaction_record(interaction: Interaction) -> dict:
    """The one shape of an interaction, for one already loaded (what ``kith log`` just wrote)."""
    i = interaction
    people = [(p.name, p.id) for p in i.participants]
    return _record(
        i.id,
        i.occurred_at,
        i.kind,
        i.channel,
        i.direction,
        i.duration_s,
        i.summary,
        i.notes,
        i.source,
        people=people,
    )


def _record(
    iid: int,
    when: datetime,
    kind: str,
    channel: str,
    direction: str,
    duration: int | None,
    summary: str | None,
    notes: str | None,
    source: str | None,
    *,
    people: list[tuple[str, int]],
) -> dict:
    people = sorted(people)  # by name, then id
    return {
        "id": iid,
        "when": when.isoformat(),
        "kind": kind,
        "channel": channel,
        "direction": direction,
        "duration_s": duration,
        "summary": summary,
        "notes": notes,
        "source": source,
        "people": [name for name, _pid in people],
        "participants": [{"id": pid, "name": name} for name, pid in people],
    }
