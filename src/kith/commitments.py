"""Commitments: what the user promised someone ("I'll send her the article"), or they promised the user.

A ``Commitment`` is owed by "me" (the user) or "them" (the person), has a due time and is open until
``done_at`` is set. ``kith log ... --promise`` creates one while logging an interaction; ``kith promise``
records one on its own. The agenda lists the user's open commitments as they come due.

A promise can be corrected (``edit_commitment``: its text and due date), kept (``keep_commitment``, by
either side) and reopened, or cancelled. Cancelling deletes it: a promise called off leaves nothing to
show (no person page, count or agenda item reads cancelled promises, and an "overdue" that was called
off would only mislead), so a state of its own would be one more thing every reader must leave out;
a cancel made by mistake is undone like any other write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from kith.corrections import KEEP, Keep, history_changed
from kith.errors import BadInput, Conflict, NotFound
from kith.interactions import DEFAULT_PROMISE_DAYS
from kith.store import get_numbered, get_row, ref_number
from kith.store.schema import AgendaMark, Commitment, Person
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
    text = _check_text(text)
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


def _check_text(text: str) -> str:
    """What was promised, on one line: not empty, at most ``MAX_TEXT`` characters."""
    text = one_line(text)
    if not text:
        raise BadInput("say what was promised, e.g. kith promise 'Jane Doe' 'send the article'")
    if len(text) > MAX_TEXT:
        raise BadInput(f"a promise is at most {MAX_TEXT} characters (this one has {len(text)})")
    return text


def get_commitment(session: Session, ref: str | int) -> Commitment:
    """The commitment numbered ``ref`` ("12", "#12" or 12); NotFound otherwise."""
    return get_numbered(session, Commitment, ref, "commitment", "kith commitments --all")


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


def commitment_list(
    session: Session, now: datetime, *, person_id: int | None = None, include_done: bool = False
) -> list[dict]:
    """Open promises both ways (every one with ``include_done``), soonest due first, as records: one
    person's (NotFound when there is nobody with that id) or everyone's. ``kith commitments`` and
    ``GET /api/commitments``."""
    if person_id is not None and get_row(session, Person, person_id) is None:
        raise NotFound(f"no person #{person_id}")
    found = (
        all_commitments(session, person_id=person_id)
        if include_done
        else open_commitments(session, person_id=person_id)
    )
    return [commitment_record(c, now) for c in found]


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


@undoable(lambda ref, **_: f"correct promise #{ref_number(ref)}")
def edit_commitment(
    session: Session,
    ref: str | int,
    *,
    now: datetime,
    text: str | Keep = KEEP,
    due: datetime | Keep = KEEP,
) -> dict:
    """Correct what was promised or when it is due, and return the promise's record."""
    commitment = get_commitment(session, ref)
    if text is KEEP and due is KEEP:
        raise BadInput("nothing to change: say what was promised or when it is due")
    if not isinstance(text, Keep):
        commitment.text = _check_text(text)
    if not isinstance(due, Keep):
        commitment.due_at = due
    return _changed(session, commitment, now)


@undoable(lambda ref, **_: f"cancel promise #{ref_number(ref)}")
def cancel_commitment(session: Session, ref: str | int, *, now: datetime) -> dict:
    """Call a promise off: delete it (and the agenda's mark on it) and return its record as it was."""
    commitment = get_commitment(session, ref)
    record = commitment_record(commitment, now)
    _drop_agenda_mark(session, commitment)
    session.delete(commitment)
    session.flush()
    history_changed(session, [record["person_id"]], ties=False)
    return record


@undoable(lambda ref, **_: f"mark promise #{ref_number(ref)} kept")
def keep_commitment(session: Session, ref: str | int, *, now: datetime) -> dict:
    """Mark a promise kept, whichever side made it; Conflict when it was kept already."""
    commitment = get_commitment(session, ref)
    if commitment.done_at is not None:
        raise Conflict(
            f"promise #{commitment.id} was kept already (on {commitment.done_at:%Y-%m-%d}); "
            f"kith promise reopen {commitment.id} opens it again"
        )
    commitment.done_at = now
    return _changed(session, commitment, now)


@undoable(lambda ref, **_: f"reopen promise #{ref_number(ref)}")
def reopen_commitment(session: Session, ref: str | int, *, now: datetime) -> dict:
    """Open a promise marked kept by mistake again (it is back on the agenda, if it is the user's)."""
    commitment = get_commitment(session, ref)
    if commitment.done_at is None:
        raise Conflict(f"promise #{commitment.id} is open already")
    commitment.done_at = None
    _drop_agenda_mark(session, commitment)  # a "done" mark would keep its agenda item hidden
    return _changed(session, commitment, now)


def _changed(session: Session, commitment: Commitment, now: datetime) -> dict:
    session.flush()
    history_changed(session, [commitment.person_id], ties=False)
    return commitment_record(commitment, now)


def _drop_agenda_mark(session: Session, commitment: Commitment) -> None:
    session.execute(delete(AgendaMark).where(AgendaMark.item_key == f"commitment:{commitment.id}"))


@dataclass
class CommitmentEdit:
    """A correction of a promise as typed (``kith promise edit``, the edit form, ``PATCH
    /api/commitments/{id}``): KEEP leaves a field as it is."""

    text: str | Keep = KEEP
    due: str | Keep = KEEP


def correct_commitment(session: Session, ref: str | int, typed: CommitmentEdit, *, now: datetime) -> dict:
    """Read a correction as typed (the due date as kith reads dates) and make it (``edit_commitment``)."""
    from kith.when import parse_when

    due = typed.due if isinstance(typed.due, Keep) else parse_when(typed.due, now)
    return edit_commitment(session, ref, now=now, text=typed.text, due=due)
