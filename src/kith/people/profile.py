"""Everything kith knows about one person, gathered for ``kith show`` and the person page."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kith.interactions import interaction_record, timeline
from kith.people.listing import contact_stats, person_record
from kith.store.schema import Commitment, Favour, LifeEvent, Person


def person_detail(session: Session, person: Person, *, limit: int | None = 50) -> dict:
    """A person's record with roles, connections, life events, commitments, favours and timeline."""
    stats = contact_stats(session, [person.id]).get(person.id)
    record = person_record(person, stats)
    commitments = session.scalars(
        select(Commitment).where(Commitment.person_id == person.id).order_by(Commitment.due_at)
    ).all()
    favours = session.scalars(
        select(Favour)
        .where(or_(Favour.giver_id == person.id, Favour.receiver_id == person.id))
        .order_by(Favour.occurred_at.desc())
    ).all()
    events = session.scalars(
        select(LifeEvent).where(LifeEvent.person_id == person.id).order_by(LifeEvent.occurred_at.desc())
    ).all()
    record.update(
        {
            "notes": person.notes,
            "how_met": person.how_met,
            "met_via": person.met_via.name if person.met_via else None,
            "cadence_days": person.cadence_days,
            "identities": [{"kind": i.kind, "value": i.value} for i in person.identities],
            "roles": [
                {
                    "company": r.organisation.name if r.organisation else None,
                    "title": r.title,
                    "from": r.started_on.isoformat() if r.started_on else None,
                    "to": r.ended_on.isoformat() if r.ended_on else None,
                    "source": r.source,
                }
                for r in person.roles
            ],
            "connections": [
                {
                    "platform": c.platform,
                    "connected_on": c.connected_on.isoformat() if c.connected_on else None,
                    "source": c.source,
                }
                for c in person.connections
            ],
            "events": [
                {"kind": e.kind, "when": e.occurred_at.isoformat(), "summary": e.summary} for e in events
            ],
            "commitments": [
                {
                    "id": c.id,
                    "owed_by": c.owed_by,
                    "text": c.text,
                    "due": c.due_at.isoformat() if c.due_at else None,
                    "done": c.done_at is not None,
                }
                for c in commitments
            ],
            "favours": [
                {
                    "direction": "given" if f.receiver_id == person.id else "received",
                    "kind": f.kind,
                    "note": f.note,
                    "when": f.occurred_at.isoformat(),
                }
                for f in favours
            ],
            "timeline": [interaction_record(i) for i in timeline(session, person, limit)],
        }
    )
    return record
