"""People as CSV: who they are, where they work, how strong the tie is and when you last spoke.

One row per person (the user excluded), by name; the birthday and anniversary as kith stores them
(``1985-04-12``; ``--04-12`` without a year, which gets the quote below), the notes in one cell
(``kith.notes.joined``). Text a spreadsheet would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as OWASP lists them, or with one of
those signs written full-width or small, ``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``, or the minus sign ``−``, which
spreadsheets in some locales read the same way) is neutralised with a leading single quote, so opening
the file never executes anything a contact's name or note carried in.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.notes import joined
from kith.people.listing import contact_stats
from kith.store.schema import Person, Role

COLUMNS = (
    "id",
    "name",
    "emails",
    "phones",
    "linkedin",
    "company",
    "title",
    "tags",
    "circle",
    "strength",
    "last_contact",
    "interactions",
    "how_met",
    "birthday",
    "anniversary",
    "notes",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\u2212")
#: the formula signs every compatibility form (full-width ＝, small ﹦, ...) of which also starts one
_FORMULA_SIGNS = frozenset("=+-@")


def neutralise(value: object) -> str:
    """The cell text for ``value``, with a leading quote when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) or (
        text and not text[0].isascii() and unicodedata.normalize("NFKC", text[0]) in _FORMULA_SIGNS
    ):
        return "'" + text
    return text


def _ties(session: Session, now: datetime) -> dict:
    try:
        from kith.strength.service import ties
    except ImportError:  # the strength engine is not part of this installation
        return {}
    return ties(session, now)


def export(session: Session, now: datetime) -> str:
    """People as CSV text (header row first)."""
    people = session.scalars(
        select(Person)
        .where(Person.is_me.is_(False))
        .options(
            selectinload(Person.identities),
            selectinload(Person.roles).selectinload(Role.organisation),
            selectinload(Person.tags),
            selectinload(Person.notes),
        )
        .order_by(Person.name_key, Person.id)
    ).all()
    stats = contact_stats(session)
    ties = _ties(session, now)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for person in people:
        role = person.current_role()
        count, last = stats.get(person.id, (0, None))
        tie = ties.get(person.id)
        if tie is not None and tie.last_contact is not None:
            last = max(last, tie.last_contact) if last else tie.last_contact
        row = (
            person.id,
            person.name,
            " ".join(person.emails()),
            " ".join(i.value for i in person.identities if i.kind == "phone"),
            person.identity("linkedin"),
            role.organisation.name if role and role.organisation else None,
            role.title if role else None,
            ", ".join(t.name for t in person.tags),
            tie.circle if tie else None,
            f"{tie.strength:.3f}" if tie else None,
            last.isoformat() if last else None,
            count,
            person.how_met,
            person.birthday,
            person.anniversary,
            joined(person.notes),
        )
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue()
