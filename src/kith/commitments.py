"""Commitments: what the user promised someone ("I'll send her the article"), or they promised the user.

A ``Commitment`` is owed by "me" (the user) or "them" (the person), has a due time and is open until
``done_at`` is set. ``kith log ... --promise`` creates one while logging an interaction; ``kith promise``
records one on its own. The agenda lists the user's open commitments as they come due.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.errors import BadInput, NotFound
from kith.interactions import DEFAULT_PROMISE_DAYS
from kith.store import get_row
from kith.store.schema import Commitment, Person
from kith.store.undo import undoable
from kith.text import one_line

OWED_BY = ("me", "them")
#: a promise is one sentence
MAX_TEXT = 500


@undoable(
    lambda person, text, owed_by, **_: f"promise {'to' if owed_by == 'me' else 'from'} {person.name}: {text}"
)
def add_commitment(
    session: Session,
    person: Person,
    text: str,
    *,
    now: datetime,
    owed_by: str = "me",
    due: datetime | None = None,
) -> Commitment:
    """Record a promise to (owed by "me") or from (owed by "them") ``person``; due in a week by default."""
    text = one_line(text)
    if not text:
        raise BadInput("say what was promised, e.g. kith promise 'Jane Doe' 'send the article'")
    if len(text) > MAX_TEXT:
        raise BadInput(f"a promise is at most {MAX_TEXT} characters (this one has {len(text)})")
    if owed_by not in OWED_BY:
        raise BadInput(f"owed by must be one of: {', '.join(OWED_BY)}")
    if person.is_me:
        raise BadInput("a promise is between you and someone else; name the other person")
    commitment = Commitment(
        person_id=person.id,
        owed_by=owed_by,
        text=text,
        due_at=due or now + timedelta(days=DEFAULT_PROMISE_DAYS),
        created_at=now,
    )
    session.add(commitment)
    session.flush()
    return commitment


def get_commitment(session: Session, ref: str | int) -> Commitment:
    """The commitment numbered ``ref`` ("12", "#12" or 12); NotFound otherwise."""
    text = str(ref).strip().lstrip("#")
    if not text.isdigit():
        raise BadInput(f"a commitment is named by its number, not {ref!r}")
    found = get_row(session, Commitment, int(text))
    if found is None:
        raise NotFound(f"no commitment #{text}; see kith commitments")
    return found


def complete(session: Session, commitment: Commitment, *, now: datetime) -> bool:
    """Mark a commitment done; False when it was done already."""
    if commitment.done_at is not None:
        return False
    commitment.done_at = now
    session.flush()
    return True


def open_commitments(
    session: Session, *, person_id: int | None = None, owed_by: str | None = None
) -> list[Commitment]:
    """Open (not done) commitments, soonest due first; optionally one person's or one side's."""
    stmt = (
        select(Commitment)
        .where(Commitment.done_at.is_(None))
        .options(selectinload(Commitment.person))
        .order_by(Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
    )
    if person_id is not None:
        stmt = stmt.where(Commitment.person_id == person_id)
    if owed_by is not None:
        stmt = stmt.where(Commitment.owed_by == owed_by)
    return list(session.scalars(stmt))


def all_commitments(session: Session, *, person_id: int | None = None) -> list[Commitment]:
    """Every commitment, open or done, soonest due first."""
    stmt = (
        select(Commitment)
        .options(selectinload(Commitment.person))
        .order_by(Commitment.due_at.is_(None), Commitment.due_at, Commitment.id)
    )
    if person_id is not None:
        stmt = stmt.where(Commitment.person_id == person_id)
    return list(session.scalars(stmt))


def commitment_record(commitment: Commitment, now: datetime) -> dict:
    """The one shape of a promise, in every command, page and API answer."""
    return commitment_values(
        commitment.id,
        commitment.person_id,
        commitment.person.name,
        commitment.owed_by,
        commitment.text,
        commitment.due_at,
        commitment.done_at,
        now,
    )


def commitment_values(
    cid: int,
    person_id: int,
    person: str,
    owed_by: str,
    text: str,
    due_at: datetime | None,
    done_at: datetime | None,
    now: datetime,
) -> dict:
    """``commitment_record`` from plain values (the lists that read rows rather than objects)."""
    return {
        "id": cid,
        "person_id": person_id,
        "person": person,
        "owed_by": owed_by,
        "text": text,
        "due_at": due_at.isoformat() if due_at else None,
        "done_at": done_at.isoformat() if done_at else None,
        "overdue": bool(due_at and done_at is None and due_at < now),
    }
