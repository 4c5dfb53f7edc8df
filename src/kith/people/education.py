"""The schools a person went to: one ``education`` row per school, with the degree and the years when
known, and where it came from (typed: "manual"; a LinkedIn export: "linkedin").

A school is one per person, told apart by ``name_key`` ("MIT" and "mit " are one school): saying it
again corrects its degree and years (what is not said stays), so a re-import adds nothing twice. Years
are stored as dates (the first of January of the start year, the last day of December of the end
year); only the years are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.people.identities import name_key
from kith.store.schema import Education, Person
from kith.store.undo import undoable
from kith.text import one_line
from kith.wording import years

#: the earliest and latest school years kith accepts
FIRST_YEAR, LAST_YEAR = 1900, 2100

#: a person's schools, the earliest first (built once: every person page reads it)
EDUCATION_OF = (
    select(Education.school, Education.degree, Education.started_on, Education.ended_on, Education.source)
    .where(Education.person_id == bindparam("person_id"))
    .order_by(Education.started_on.is_(None), Education.started_on, Education.id)
)


@dataclass
class School:
    """A school as typed or imported; None leaves a stored degree or year as it is."""

    name: str
    degree: str | None = None
    started: int | None = None  # a year
    ended: int | None = None  # a year


def education_record(
    school: str, degree: str | None, started_on: date | None, ended_on: date | None, source: str
) -> dict:
    """The one shape of a school someone went to."""
    return {
        "school": school,
        "degree": degree,
        "from": started_on.year if started_on else None,
        "to": ended_on.year if ended_on else None,
        "years": years(started_on, ended_on),
        "source": source,
    }


def _year(value: int | None, which: str) -> int | None:
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise BadInput(f"{which} is a year such as 2014, between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def store_school(session: Session, person: Person, school: School, *, source: str = "manual") -> str:
    """Record that ``person`` went to ``school``, or correct the one of that name: "added", "updated" or
    "unchanged" (the writer of an import calls it too, so the rule is one)."""
    name = one_line(school.name)
    if not name:
        raise BadInput("a school needs a name")
    if len(name) > 300:
        raise BadInput("a school's name cannot be longer than 300 characters")
    started, ended = _year(school.started, "the first year"), _year(school.ended, "the last year")
    key = name_key(name)
    row = session.scalars(
        select(Education).where(Education.person_id == person.id, Education.school_key == key)
    ).first()
    added = row is None
    if row is None:
        row = Education(person_id=person.id, school=name, school_key=key, source=source)
        session.add(row)
    before = (row.degree, row.started_on, row.ended_on)
    if school.degree is not None:
        row.degree = one_line(school.degree) or None
    if started is not None:
        row.started_on = date(started, 1, 1)
    if ended is not None:
        row.ended_on = date(ended, 12, 31)
    if row.started_on and row.ended_on and row.started_on > row.ended_on:
        raise BadInput(f"{name}: the first year comes after the last")
    changed = before != (row.degree, row.started_on, row.ended_on)
    session.flush()
    return "added" if added else "updated" if changed else "unchanged"


@undoable("add school {school.name} to {person.name}")
def add_school(session: Session, person: Person, school: School) -> None:
    """Say that ``person`` went to a school (``kith edit --school``, the edit form, ``PATCH``)."""
    store_school(session, person, school)


@undoable("remove school {school} from {person.name}")
def remove_school(session: Session, person: Person, school: str) -> None:
    """Take a school off ``person`` (by its name, as shown or as typed); NotFound when they have none."""
    key = name_key(school or "")
    found = session.scalars(
        select(Education).where(Education.person_id == person.id, Education.school_key == key)
    ).all()
    if not key or not found:
        raise NotFound(f"{person.name} has no school {school.strip()!r}")
    for row in found:
        session.delete(row)
    session.flush()
