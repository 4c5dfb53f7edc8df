"""Lists of interactions for the web pages (a person's timeline, the dashboard's latest), read as plain
rows: two queries per list and no ORM objects, since a page shows fifty of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.store.schema import Interaction, InteractionParticipant, Person


def latest_interactions(session: Session, person_id: int, limit: int, offset: int = 0) -> list[dict]:
    """A person's latest ``limit`` interactions (after skipping the ``offset`` newest) as records,
    newest first (ties: the later id first).

    The ids come from the index on the participant rows (person, time, interaction): ``offset + limit``
    index entries read, however many interactions the person has."""
    ids = list(
        session.scalars(
            select(InteractionParticipant.interaction_id)
            .where(InteractionParticipant.person_id == person_id)
            .order_by(InteractionParticipant.occurred_at.desc(), InteractionParticipant.interaction_id.desc())
            .limit(limit)
            .offset(offset)
        )
    )
    if not ids:
        return []
    records = interaction_records(session, select(*INTERACTION_COLUMNS).where(Interaction.id.in_(ids)))
    position = {iid: i for i, iid in enumerate(ids)}
    return sorted(records, key=lambda r: position[r["id"]])


def recent_interactions(session: Session, limit: int = 10) -> list[dict]:
    """The latest interactions, newest first."""
    stmt = select(*INTERACTION_COLUMNS).order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
    return interaction_records(session, stmt.limit(limit))


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


def interaction_records(session: Session, stmt) -> list[dict]:
    """``interaction_record`` with the participants' ids, for the interactions ``stmt`` selects (its
    columns are ``INTERACTION_COLUMNS``), in its order: two plain queries and no ORM objects, since a
    page shows fifty of them."""
    rows = session.execute(stmt).all()
    if not rows:
        return []
    who: dict[int, list[tuple[str, int]]] = {}
    for iid, pid, name in session.execute(
        select(InteractionParticipant.interaction_id, Person.id, Person.name)
        .join(Person, Person.id == InteractionParticipant.person_id)
        .where(InteractionParticipant.interaction_id.in_([row[0] for row in rows]))
    ):
        who.setdefault(iid, []).append((name, pid))
    records = []
    for iid, when, kind, channel, direction, duration, summary, notes, source in rows:
        people = sorted(who.get(iid, ()))  # by name, as Interaction.participants
        records.append(
            {
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
        )
    return records
