"""Archiving: letting go of a person without deleting anything.

An archived person (``Person.archived_at`` set) keeps every row about them: identities, interactions,
favours, promises, notes. They are left out of what the user looks through day to day: the people list
and its search (``kith people``, the people page, ``GET /api/people``, unless asked to include the
archived), the agenda (``kith.agenda.facts``) and the network's figures (``kith.reports.network_counts``).
Their own page still shows them, says "archived" and offers to unarchive them; a NAME still finds them.

The actions: ``archive_person`` and ``unarchive_person`` (``kith archive`` / ``kith unarchive``, the person
page, ``PUT``/``DELETE /api/people/{id}/archive``) and ``archive_people`` (several at once: the prune
page, ``POST /api/prune/archive``). Each is undoable. The read model of a change is ``archive_record``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.store.schema import Person
from kith.store.undo import names, undoable
from kith.wording import count

#: the people not archived: the condition every list and figure adds
NOT_ARCHIVED = Person.archived_at.is_(None)


def archived_ids(session: Session) -> set[int]:
    """The ids of everyone archived."""
    return set(session.scalars(select(Person.id).where(Person.archived_at.is_not(None))))


def archive_record(person: Person, changed: bool) -> dict:
    """What an archive or unarchive answers: who, whether they are archived now (and since when), and
    whether this changed anything (False: they already were, or were not)."""
    return {
        "id": person.id,
        "name": person.name,
        "archived": person.archived_at is not None,
        "archived_at": person.archived_at.isoformat() if person.archived_at else None,
        "changed": changed,
    }


def _check(person: Person) -> None:
    if person.is_me:
        raise BadInput("you cannot archive yourself; name someone else")


def _archive(person: Person, now: datetime) -> bool:
    _check(person)
    if person.archived_at is not None:
        return False
    person.archived_at = now
    person.updated_at = now
    return True


@undoable("archive {person.name}")
def archive_person(session: Session, person: Person, *, now: datetime) -> dict:
    """Archive ``person``: hidden from lists, the agenda and the figures, nothing deleted."""
    changed = _archive(person, now)
    session.flush()
    return archive_record(person, changed)


@undoable("unarchive {person.name}")
def unarchive_person(session: Session, person: Person, *, now: datetime) -> dict:
    """Bring an archived ``person`` back into the lists, the agenda and the figures."""
    _check(person)
    changed = person.archived_at is not None
    if changed:
        person.archived_at = None
        person.updated_at = now
    session.flush()
    return archive_record(person, changed)


def _label(people: Sequence[Person], **_: object) -> str:
    listed = list(dict.fromkeys(people))
    if len(listed) <= 3:
        return f"archive {names(listed)}"
    return f"archive {count(len(listed), 'person')}"


@undoable(_label)
def archive_people(session: Session, people: Sequence[Person], *, now: datetime) -> list[dict]:
    """Archive several people in one step (one undo brings them all back); BadInput for none."""
    if not people:
        raise BadInput("choose at least one person to archive")
    for person in people:
        _check(person)
    records = [archive_record(p, _archive(p, now)) for p in dict.fromkeys(people)]
    session.flush()
    return records
