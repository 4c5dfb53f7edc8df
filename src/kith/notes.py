"""Dated notes about a person: what the user writes down, kept newest first, never replaced.

``kith note NAME TEXT`` (and ``kith edit NAME --note TEXT``, the person page's note form,
``POST /api/people/{id}/notes``) adds one, dated now or when the user says (``--when``, never in the
future). Each note has a number, shown where notes are listed (``kith notes NAME``), by which it is
corrected (its text or its date) or deleted. A person's page shows their notes, the people search
looks in every one, a merge keeps both people's, and ``kith forget`` deletes them with the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kith.corrections import KEEP, Keep, history_changed
from kith.errors import BadInput, NotFound
from kith.store import get_numbered, get_row, ref_number
from kith.store.db import rows
from kith.store.schema import Note, Person
from kith.store.undo import undoable
from kith.text import safe_text
from kith.when import LEEWAY

#: the longest note, in characters (a page of text; longer belongs in a document of its own)
MAX_TEXT = 20_000

#: a person's notes, newest first (built once: every person page reads it)
NOTES_OF = (
    select(Note.id, Note.person_id, Person.name, Note.written_at, Note.text, Note.source)
    .join(Person, Person.id == Note.person_id)
    .where(Note.person_id == bindparam("person_id"))
    .order_by(Note.written_at.desc(), Note.id.desc())
)


def note_values(nid: int, person_id: int, person: str, written_at: datetime, text: str, source: str) -> dict:
    """The one shape of a note, in every command, page and API answer."""
    return {
        "id": nid,
        "person_id": person_id,
        "person": person,
        "when": written_at.isoformat(),
        "text": text,
        "source": source,
    }


def note_record(note: Note) -> dict:
    """``note_values`` of a loaded note."""
    return note_values(note.id, note.person_id, note.person.name, note.written_at, note.text, note.source)


def joined(notes: list[Note]) -> str | None:
    """A person's notes as one text, for a format with one notes field (a vCard's NOTE, a CSV cell):
    a single note as it is; several newest first, each after its date ("2026-06-01: ..."), a blank line
    between them."""
    if len(notes) == 1:
        return notes[0].text
    return "\n\n".join(f"{n.written_at:%Y-%m-%d}: {n.text}" for n in notes) or None


def person_notes(session: Session, person_id: int) -> list[dict]:
    """A person's notes, newest first (NotFound when there is nobody with that id)."""
    if get_row(session, Person, person_id) is None:
        raise NotFound(f"no person #{person_id}")
    return [note_values(*row) for row in rows(session, NOTES_OF, {"person_id": person_id})]


def _check_text(text: str) -> str:
    """A note as stored: control characters dropped (new lines kept), not empty, not too long."""
    cleaned = safe_text(text or "", multiline=True).strip()
    if not cleaned:
        raise BadInput(
            "a note cannot be empty; to delete one: kith note delete NUMBER (kith notes NAME lists them)"
        )
    if len(cleaned) > MAX_TEXT:
        raise BadInput(f"a note is at most {MAX_TEXT:,} characters (this one has {len(cleaned):,})")
    return cleaned


def _check_when(when: datetime, now: datetime) -> datetime:
    if when > now + LEEWAY:
        raise BadInput(f"a note cannot be dated in the future ({when:%Y-%m-%d %H:%M} UTC is after now)")
    return when


@undoable(lambda person, **_: f"add a note on {person.name}")
def add_note(
    session: Session,
    person: Person,
    text: str,
    *,
    now: datetime,
    when: datetime | None = None,
    source: str = "manual",
) -> Note:
    """Add a note about ``person``, dated ``when`` (default: now; never in the future)."""
    note = Note(
        person_id=person.id,
        written_at=_check_when(when or now, now),
        text=_check_text(text),
        source=source,
    )
    session.add(note)
    session.flush()
    history_changed(session, [person.id], ties=False)  # the search index looks in notes
    return note


def get_note(session: Session, ref: str | int) -> Note:
    """The note numbered ``ref`` ("12", "#12" or 12), as ``kith notes`` lists them."""
    return get_numbered(session, Note, ref, "note", "kith notes NAME")


@undoable(lambda ref, **_: f"edit note #{ref_number(ref)}")
def edit_note(
    session: Session,
    ref: str | int,
    *,
    now: datetime,
    text: str | Keep = KEEP,
    when: datetime | Keep = KEEP,
) -> dict:
    """Correct a note's text or date and return its record; checked whole before anything changes."""
    note = get_note(session, ref)
    if isinstance(text, Keep) and isinstance(when, Keep):
        raise BadInput("nothing to change: give the note's new text (--text) or date (--when)")
    new_text = note.text if isinstance(text, Keep) else _check_text(text)
    new_when = note.written_at if isinstance(when, Keep) else _check_when(when, now)
    note.text, note.written_at = new_text, new_when
    session.flush()
    history_changed(session, [note.person_id], ties=False)
    return note_record(note)


@undoable(lambda ref, **_: f"delete note #{ref_number(ref)}")
def delete_note(session: Session, ref: str | int) -> dict:
    """Delete a note and return its record as it was."""
    note = get_note(session, ref)
    record = note_record(note)
    session.delete(note)
    session.flush()
    history_changed(session, [record["person_id"]], ties=False)
    return record


@dataclass
class NoteEdit:
    """A correction of a note as typed (``kith note edit``, the edit form, ``PATCH /api/notes/{id}``):
    the date as kith reads dates. KEEP leaves a field as it is."""

    text: str | Keep = KEEP
    when: str | Keep = KEEP


def correct_note(session: Session, ref: str | int, typed: NoteEdit, *, now: datetime) -> dict:
    """Read a correction as typed and make it (``edit_note``): the one reading of a note's date behind
    the CLI, the form and the API."""
    from kith.when import parse_when

    when = typed.when if isinstance(typed.when, Keep) else parse_when(typed.when, now, past_only=True)
    return edit_note(session, ref, now=now, text=typed.text, when=when)


def write_note(
    session: Session, person: Person, text: str, *, now: datetime, when: str | None = None
) -> Note:
    """Add a note as typed (``when`` a date phrase or None for now): ``kith note``, the form, the API."""
    from kith.when import parse_when

    at = parse_when(when, now, past_only=True) if when and when.strip() else None
    return add_note(session, person, text, now=now, when=at)
