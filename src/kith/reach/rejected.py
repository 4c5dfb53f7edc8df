"""The ties the user said are not true (``kith knows A B --not``): listed, and taken back.

A rejected tie is never proposed again, whatever evidence suggests it (``kith.reach.graph``), until the
user takes the rejection back (``restore_tie``): the word is forgotten, and the tie is again what the
evidence says (nothing, when there is none). ``rejected_ties`` is the read model of
``kith knows --rejected --json``, ``GET /api/ties/rejected`` and the person page's "Ties you said are
not true".
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from kith.errors import BadInput, NotFound
from kith.store.schema import Person, StatedTie
from kith.store.undo import undoable


def rejected_ties(session: Session, person_id: int | None = None) -> list[dict]:
    """Every pair the user said do not know each other (those with ``person_id`` only, when given), the
    latest said first: ``{"first": {"id", "name"}, "second": {...}, "stated_at"}``; with ``person_id``,
    ``first`` is that person."""
    a, b = aliased(Person), aliased(Person)
    stmt = (
        select(StatedTie.stated_at, StatedTie.id, a.id, a.name, b.id, b.name)
        .join(a, a.id == StatedTie.person_a_id)
        .join(b, b.id == StatedTie.person_b_id)
        .where(StatedTie.knows.is_(False))
        .order_by(StatedTie.stated_at.desc(), StatedTie.id.desc())
    )
    if person_id is not None:
        stmt = stmt.where(or_(StatedTie.person_a_id == person_id, StatedTie.person_b_id == person_id))
    found = []
    for stated_at, _, a_id, a_name, b_id, b_name in session.execute(stmt):
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
