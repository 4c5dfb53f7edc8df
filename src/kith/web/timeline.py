"""Lists of interactions for the web pages (a person's timeline, the dashboard's latest), read as plain
rows: two queries per list and no ORM objects, since a page shows fifty of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.store.schema import Interaction, InteractionParticipant, Person

#: with more interactions than this, a timeline walks the time index instead of sorting all of them
#: (when the total is not known)
BUSY = 2000
#: what each way of finding a person's latest interactions costs per row it reads, in microseconds
#: (SQLite, measured on the benchmark's 1,000,000 interactions; only their ratios matter)
ROW_COST = {"sort": 1.2, "walk": 1.3, "walk-set": (0.13, 0.12)}


def timeline_plan(count: int, limit: int, total: int | None) -> str:
    """How to find the latest ``limit`` of someone's ``count`` interactions among ``total``:

    - ``sort``: read all of theirs and sort them by time (about ``count`` rows);
    - ``walk``: walk everyone's interactions newest first, checking each is theirs, until ``limit`` turn
      up (about ``limit * total / count`` rows);
    - ``walk-set``: the same walk, checked against the set of their interaction ids, read first from the
      person index (``count`` cheap rows plus a cheaper walk).
    """
    if not total:
        return "walk" if count > BUSY else "sort"
    walked = min(limit * total / max(count, 1), total)
    per_id, per_step = ROW_COST["walk-set"]
    costs = {
        "sort": ROW_COST["sort"] * count,
        "walk": ROW_COST["walk"] * walked,
        "walk-set": per_id * count + per_step * walked,
    }
    return min(costs, key=costs.__getitem__)


def latest_interactions(
    session: Session,
    person_id: int,
    count: int,
    limit: int,
    total: int | None = None,
    *,
    plan: str | None = None,
) -> list[dict]:
    """A person's latest interactions as records, newest first (``count``: how many they have in all;
    ``total``: how many everyone has, roughly), found the cheapest way (``timeline_plan``; ``plan``
    forces one)."""
    plan = plan or timeline_plan(count, limit, total)
    theirs = select(InteractionParticipant.interaction_id).where(
        InteractionParticipant.person_id == person_id
    )
    if plan == "sort":
        stmt = (
            select(Interaction.id)
            .join(InteractionParticipant)
            .where(InteractionParticipant.person_id == person_id)
        )
    elif plan == "walk":
        stmt = select(Interaction.id).where(
            theirs.where(InteractionParticipant.interaction_id == Interaction.id).exists()
        )
    else:
        # "id + 0": so that the database walks the time index and checks each id against the set,
        # rather than look up every one of theirs and sort them
        stmt = select(Interaction.id).where((Interaction.id + 0).in_(theirs))
    # ids first: the walks then read only the time index, not every row they pass
    newest_first = (Interaction.occurred_at.desc(), Interaction.id.desc())
    ids = list(session.scalars(stmt.order_by(*newest_first).limit(limit)))
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
