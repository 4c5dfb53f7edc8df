"""The user's word on who knows whom (``kith knows A B``, ``--not``): said, the rejections listed, and
taken back.

``state_tie`` records it: two people know each other (how, and how close), or do not. A rejected tie is
never proposed again, whatever evidence suggests it (``kith.reach.graph``), until the user takes the
rejection back (``restore_tie``): the word is forgotten, and the tie is again what the evidence says
(nothing, when there is none). ``rejected_ties`` is the read model of ``kith knows --rejected --json``,
``GET /api/ties/rejected`` and the person page's "Ties you said are not true".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from kith.errors import BadInput, NotFound
from kith.store.db import rows
from kith.store.schema import Person, StatedTie
from kith.store.undo import undoable

_A, _B = aliased(Person), aliased(Person)
#: every rejected tie with both names, the latest said first (built once: a person page reads it)
REJECTED = (
    select(StatedTie.stated_at, StatedTie.id, _A.id, _A.name, _B.id, _B.name)
    .join(_A, _A.id == StatedTie.person_a_id)
    .join(_B, _B.id == StatedTie.person_b_id)
    .where(StatedTie.knows.is_(False))
    .order_by(StatedTie.stated_at.desc(), StatedTie.id.desc())
)
#: those of one person
_PERSON: Any = bindparam("person_id")
REJECTED_OF = REJECTED.where(or_(StatedTie.person_a_id == _PERSON, StatedTie.person_b_id == _PERSON))


def rejected_ties(session: Session, person_id: int | None = None) -> list[dict]:
    """Every pair the user said do not know each other (those with ``person_id`` only, when given), the
    latest said first: ``{"first": {"id", "name"}, "second": {...}, "stated_at"}``; with ``person_id``,
    ``first`` is that person."""
    stmt = REJECTED if person_id is None else REJECTED_OF
    found = []
    for stated_at, _, a_id, a_name, b_id, b_name in rows(session, stmt, {"person_id": person_id}):
        first, second = {"id": a_id, "name": a_name}, {"id": b_id, "name": b_name}
        if person_id is not None and b_id == person_id:
            first, second = second, first
        found.append({"first": first, "second": second, "stated_at": stated_at.isoformat()})
    return found


@undoable(lambda first, second, **_: f"take back: {first.name} does not know {second.name}")
def restore_tie(session: Session, first: Person, second: Person) -> dict:
    """Take back the user's word that ``first`` and ``second`` do not know each other: the tie is again
    what the evidence says. NotFound when no such word was said."""
    if first.id == second.id:
        raise BadInput("say two different people")
    a, b = sorted((first.id, second.id))
    stated = session.scalars(
        select(StatedTie).where(StatedTie.person_a_id == a, StatedTie.person_b_id == b)
    ).one_or_none()
    if stated is None or stated.knows:
        raise NotFound(f"you have not said that {first.name} and {second.name} do not know each other")
    record = {
        "first": {"id": first.id, "name": first.name},
        "second": {"id": second.id, "name": second.name},
        "stated_at": stated.stated_at.isoformat(),
    }
    session.delete(stated)
    session.flush()
    return record


@undoable(
    lambda session, first, second, knows, how, now, closeness=None: (
        f"say {first.name} {'knows' if knows else 'does not know'} {second.name}"
    )
)
def state_tie(
    session: Session,
    first: Person,
    second: Person,
    knows: bool,
    how: str | None,
    now: datetime,
    closeness: float | None = None,
) -> StatedTie:
    """Record the user's word that ``first`` and ``second`` know each other (``how``, and how close they
    are from 0 to 1: the tie's weight), or do not (a tie kith inferred, rejected for good). The latest
    word on a pair replaces the one before."""
    if first.id == second.id:
        raise BadInput("say two different people")
    if first.is_me or second.is_me:
        raise BadInput("a tie said here is between two of your people; your own ties come from what you log")
    if how is not None and not knows:
        raise BadInput("how they know each other cannot be said of two people who do not")
    if closeness is not None and not knows:
        raise BadInput("how close they are cannot be said of two people who do not know each other")
    if closeness is not None and not 0.0 <= closeness <= 1.0:
        raise BadInput(f"closeness is from 0 to 1, not {closeness:g}")
    a, b = sorted((first.id, second.id))
    stated = session.scalars(
        select(StatedTie).where(StatedTie.person_a_id == a, StatedTie.person_b_id == b)
    ).one_or_none()
    if stated is None:
        stated = StatedTie(person_a_id=a, person_b_id=b)
        session.add(stated)
    stated.knows = knows
    stated.how = (how or "").strip() or None
    stated.closeness = closeness
    stated.stated_at = now
    session.flush()
    return stated
