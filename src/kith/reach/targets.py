"""Whom a reach question is about, beyond a person, a company or a tag, and who is nearest when no path
leads there.

- A **school** (``--school``): the people who went there (their ``education`` rows), the school matched
  by ``name_key`` as a company is: the same name first, else every school whose name holds the words
  typed; more than one school found is a list of candidates to choose from, not a guess.
- A **title** (``--title``): the people whose current role's title holds every word typed as a whole
  word, whatever the case or the accents ("vp engineering" finds "VP Engineering"; "ingenieur" finds
  "Ingénieur"; "cto" does not find "Sales Director", nor "a" every title with an "a" in it).
- A **person** named exactly (the reach page's one box: a person, else a company): by name, email or
  ``#id``.
- The **former staff** of a company: people whose role there has ended and who are not there now, with
  the years they were ("was at Acme 2019–2021"): the nearest to a company nobody can introduce you to.

The user and archived people are never a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from kith.errors import AmbiguousPerson, BadInput, NotFound
from kith.people.identities import name_key
from kith.people.lookup import describe, get_me, resolve
from kith.store.db import LIKE_ESCAPE, holding, rows
from kith.store.schema import (
    Education,
    Identity,
    Organisation,
    Person,
    Role,
)
from kith.wording import years

ALIVE = (Person.is_me.is_(False), Person.archived_at.is_(None))


@dataclass(frozen=True)
class Found:
    """The people found for a school or a title, their label, and the candidates when it is ambiguous."""

    label: str
    people: dict[int, str]
    candidates: list[str]
    #: why each person was found, in words: "went to MIT 2004–2008", "titled VP Engineering"
    why: dict[int, str] = field(default_factory=dict)


def school_people(session: Session, school: str) -> Found:
    """The people who went to ``school``; several schools matching gives their names instead."""
    key = name_key(school or "")
    if not key:
        raise BadInput("a school cannot be empty")
    rows = session.execute(
        select(
            Education.school_key,
            Education.school,
            Person.id,
            Person.name,
            Education.started_on,
            Education.ended_on,
        )
        .join(Person, Person.id == Education.person_id)
        .where(*ALIVE)
        .order_by(Education.id)
    ).all()
    shown: dict[str, str] = {}
    for school_key, name, *_ in rows:
        shown.setdefault(school_key, name)  # the first spelling stored names the school
    matches = [k for k in shown if k == key] or [k for k in shown if key in k]
    if not matches:
        return Found(school.strip(), {}, [])
    if len(matches) > 1:
        return Found(school, {}, sorted(shown[k] for k in matches))
    label = shown[matches[0]]
    found = [row for row in rows if row.school_key == matches[0]]
    people = {row.id: row.name for row in found}
    why = {
        row.id: " ".join(f"went to {label} {years(row.started_on, row.ended_on)}".split()) for row in found
    }
    return Found(label, people, [], why)


def title_people(session: Session, title: str) -> Found:
    """The people whose current title holds every word of ``title`` as a whole word (case and accents
    aside)."""
    words = _words(title or "")
    if not words:
        raise BadInput("a title cannot be empty")
    rows = session.execute(
        select(Role.person_id, Person.name, Role.title, Role.seen_at, Role.created_at, Role.id)
        .join(Person, Person.id == Role.person_id)
        .where(Role.ended_on.is_(None), *ALIVE)
    ).all()
    # the current role is the one without an end seen last (``Person.current_role``)
    current: dict[int, tuple] = {}
    for row in rows:
        seen = (row.seen_at or row.created_at, row.id)
        if row.person_id not in current or seen > current[row.person_id][0]:
            current[row.person_id] = (seen, row.name, row.title)
    matched = {
        pid: (name, held)
        for pid, (_, name, held) in current.items()
        if held and set(words) <= set(_words(held))
    }
    # said as stored ("VP Engineering") when every one found holds the same title, else as typed
    spellings = {name_key(held): held for _, held in matched.values()}
    label = next(iter(spellings.values())) if len(spellings) == 1 else " ".join(title.split())
    why = {pid: f"titled {held}" for pid, (_, held) in matched.items()}
    return Found(label, {pid: name for pid, (name, _) in matched.items()}, [], why)


def _words(text: str) -> list[str]:
    """The words of a title, case-folded and accent-free, punctuation aside ("VP, Eng." -> vp, eng)."""
    return re.findall(r"\w+", name_key(text))


def person_named(session: Session, text: str) -> int | None:
    """The one person whose name, email or ``#id`` ``text`` is exactly ("me": the user, whom reach
    then refuses in words)."""
    if text.startswith("#") and text[1:].isdigit():
        return int(text[1:])
    if text.lower() == "me":
        me = get_me(session)
        return me.id if me is not None else None
    found = session.scalars(
        select(Person.id).where(Person.name_key == name_key(text), Person.is_me.is_(False))
    ).all()
    if len(found) == 1:
        return found[0]
    if "@" in text:
        return session.scalar(
            select(Identity.person_id).where(
                Identity.kind == "email", func.lower(Identity.value) == text.lower()
            )
        )
    return None


_NAMED = select(Organisation.id, Organisation.name).order_by(Organisation.id)
#: the organisation of a name (the unique index), and those whose names hold some words (built once)
ORGANISATION_NAMED = _NAMED.where(Organisation.name_key == bindparam("key"))
ORGANISATIONS_HOLDING = _NAMED.where(Organisation.name_key.like(bindparam("pattern"), escape=LIKE_ESCAPE))


def companies_called(session: Session, text: str) -> list[tuple[int, str]]:
    """The organisations ``text`` names: the one of that very name, else every one whose name holds it."""
    key = name_key(text or "")
    if not key:
        raise BadInput("a company cannot be empty")
    exact = rows(session, ORGANISATION_NAMED, {"key": key}).all()
    if exact:
        return [(o.id, o.name) for o in exact]
    return [(o.id, o.name) for o in rows(session, ORGANISATIONS_HOLDING, {"pattern": holding(key)}).all()]


def people_called(session: Session, text: str) -> tuple[list[dict], int]:
    """The people (not the user) ``text`` could name, as ``kith`` resolves a NAME: each with its id and
    the label that tells them apart (none when it names nobody), and how many more it could name than
    are listed (the people you have been in touch with most are listed first)."""
    try:
        person = resolve(session, text)
    except AmbiguousPerson as exc:
        return [
            {"id": i, "label": label} for i, label in zip(exc.ids, exc.candidates, strict=False)
        ], exc.more
    except (BadInput, NotFound):
        return [], 0
    return ([] if person.is_me else [{"id": person.id, "label": describe(person)}]), 0


@dataclass(frozen=True)
class Former:
    """Someone who used to work at a company, and when."""

    person_id: int
    name: str
    started_on: date | None
    ended_on: date

    def words(self, company: str) -> str:
        """ "was at Acme 2019–2021"."""
        return f"was at {company} {years(self.started_on, self.ended_on)}"


def former_staff(session: Session, company: str) -> dict[int, Former]:
    """The people whose role at ``company`` (its exact name) has ended and who are not there now."""
    org_id = session.scalar(select(Organisation.id).where(Organisation.name_key == name_key(company)))
    if org_id is None:
        return {}
    rows = session.execute(
        select(Person.id, Person.name, Role.started_on, Role.ended_on)
        .join(Person, Person.id == Role.person_id)
        .where(Role.organisation_id == org_id, *ALIVE)
        .order_by(Role.ended_on, Role.id)
    ).all()
    still = {pid for pid, _, _, ended in rows if ended is None}
    found: dict[int, Former] = {}
    for pid, name, started, ended in rows:
        if ended is not None and pid not in still:
            found[pid] = Former(pid, name, started, ended)  # the latest role there last
    return found
