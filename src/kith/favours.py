"""Correcting and deleting a recorded favour (``kith favour edit|delete``, the favour's edit form,
``PATCH`` and ``DELETE /api/favours/{id}``): its kind, time, note, or which way it went. Balances follow at
once, since ``kith.ledger`` counts them from the rows each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from kith.corrections import KEEP, Keep, history_changed
from kith.errors import BadInput
from kith.ledger import check_direction, check_kind, favour_note, favour_record
from kith.people.core import me_id
from kith.store import get_numbered, ref_number
from kith.store.schema import Favour, Person
from kith.store.undo import undoable
from kith.when import LEEWAY


def get_favour(session: Session, ref: str | int) -> Favour:
    """The favour numbered ``ref`` ("12", "#12" or 12), as ``kith ledger NAME`` lists them."""
    return get_numbered(session, Favour, ref, "favour", "kith ledger NAME")


def read_favour(session: Session, ref: str | int) -> dict:
    """The record of the favour numbered ``ref``."""
    favour = get_favour(session, ref)
    other = _other_party(session, favour)
    return favour_record(favour, other.id, other.name)


def _other_party(session: Session, favour: Favour) -> Person:
    """The person on the other side of a favour from the user."""
    return favour.giver if favour.receiver_id == me_id(session) else favour.receiver


@undoable(lambda ref, **_: f"correct favour #{ref_number(ref)}")
def edit_favour(
    session: Session,
    ref: str | int,
    *,
    now: datetime,
    kind: str | Keep = KEEP,
    when: datetime | Keep = KEEP,
    note: str | None | Keep = KEEP,
    direction: str | Keep = KEEP,
) -> dict:
    """Correct a favour and return its record: its kind, time (not in the future), note (None clears it)
    or direction ("give": the user gave it; "get": the user received it). KEEP leaves a field as it is."""
    favour = get_favour(session, ref)
    if all(value is KEEP for value in (kind, when, note, direction)):
        raise BadInput("nothing to change: say what to correct (kind, when, note or direction)")
    new_kind = favour.kind if isinstance(kind, Keep) else check_kind(kind)
    if not isinstance(when, Keep) and when != favour.occurred_at and when > now + LEEWAY:
        raise BadInput(f"a favour cannot be in the future ({when:%Y-%m-%d %H:%M} UTC is after now)")
    me = me_id(session)
    other = _other_party(session, favour)
    if not isinstance(direction, Keep):
        direction = check_direction(direction)
        if me not in (favour.giver_id, favour.receiver_id):
            raise BadInput(f"favour #{favour.id} is between two other people; it goes no way for you")
        favour.giver_id, favour.receiver_id = (me, other.id) if direction == "give" else (other.id, me)
    favour.kind = new_kind
    if not isinstance(when, Keep):
        favour.occurred_at = when
    if not isinstance(note, Keep):
        favour.note = favour_note(note)
    session.flush()
    session.expire(favour, ["giver", "receiver"])
    history_changed(session, [other.id], ties=False)
    return favour_record(favour, other.id, other.name)


@undoable(lambda ref, **_: f"delete favour #{ref_number(ref)}")
def delete_favour(session: Session, ref: str | int) -> dict:
    """Delete a favour and return its record as it was."""
    favour = get_favour(session, ref)
    other = _other_party(session, favour)
    record = favour_record(favour, other.id, other.name)
    session.delete(favour)
    session.flush()
    history_changed(session, [other.id], ties=False)
    return record


@dataclass
class FavourEdit:
    """A correction of a favour as typed (``kith favour edit``, the edit form, ``PATCH
    /api/favours/{id}``): KEEP leaves a field as it is; a None or empty note clears it."""

    kind: str | Keep = KEEP
    when: str | Keep = KEEP
    note: str | None | Keep = KEEP
    direction: str | Keep = KEEP


def correct_favour(session: Session, ref: str | int, typed: FavourEdit, *, now: datetime) -> dict:
    """Read a correction as typed (the date as kith reads dates) and make it (``edit_favour``)."""
    from kith.when import parse_when

    return edit_favour(
        session,
        ref,
        now=now,
        kind=typed.kind,
        when=typed.when if isinstance(typed.when, Keep) else parse_when(typed.when, now, past_only=True),
        note=typed.note,
        direction=typed.direction,
    )
