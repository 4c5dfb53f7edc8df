"""PEEC statements: who you are in four short parts, ready for an event.

A PEEC statement answers, in about 30 seconds spoken: **Profession** (what you do), **Expertise** (what
you are good at), **Environment** (where and with whom you do it best) and **Call to action** (what you
would like from the listener). kith keeps several (one per event, or general ones) in ``PeecStatement``.

Limits, so the card stays something you can say aloud: every part is required, each at most
``MAX_PART_CHARS`` (200) characters, and the whole statement at most ``MAX_WORDS`` (75) words, about
30 seconds at a speaking pace of 150 words a minute. A corrected statement (``edit_statement``) is held
to the same limits.

The actions: ``create_statement``, ``edit_statement``, ``delete_statement``. The read models:
``statement_record`` (one statement) and ``statements_view`` (all of them, for the CLI, the API and the
page).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.store import get_row
from kith.store.schema import PeecStatement
from kith.store.undo import undoable

PARTS: tuple[tuple[str, str, str], ...] = (
    ("profession", "Profession", "what you do, e.g. 'I am a data engineer'"),
    ("expertise", "Expertise", "what you are good at, e.g. 'I make slow reporting pipelines fast'"),
    ("environment", "Environment", "where you do it best, e.g. 'in small teams at growing retailers'"),
    (
        "call_to_action",
        "Call to action",
        "what you ask of the listener, e.g. 'introduce me to a head of data'",
    ),
)
MAX_PART_CHARS = 200
MAX_WORDS = 75
WORDS_PER_MINUTE = 150
MAX_EVENT_CHARS = 300


def check_part(key: str, text: str | None) -> str:
    """The cleaned part; BadInput with the reason when it is empty or too long."""
    label = next(label for k, label, _ in PARTS if k == key)
    value = " ".join((text or "").split())
    if not value:
        raise BadInput(f"{label} cannot be empty")
    if len(value) > MAX_PART_CHARS:
        raise BadInput(
            f"{label} is {len(value)} characters; keep each part to {MAX_PART_CHARS} so the card stays short"
        )
    return value


def word_count(parts: dict[str, str]) -> int:
    return sum(len(parts[k].split()) for k, _, _ in PARTS)


def seconds_to_say(words: int) -> int:
    return round(words * 60 / WORDS_PER_MINUTE)


def _check_length(parts: dict[str, str]) -> None:
    words = word_count(parts)
    if words > MAX_WORDS:
        raise BadInput(
            f"the statement has {words} words (about {seconds_to_say(words)} seconds); "
            f"keep it to {MAX_WORDS} words, about 30 seconds spoken"
        )


def _event_name(event: str | None) -> str | None:
    name = " ".join((event or "").split()) or None
    if name and len(name) > MAX_EVENT_CHARS:
        raise BadInput(f"an event name is at most {MAX_EVENT_CHARS} characters")
    return name


@undoable("write a PEEC statement")
def create_statement(
    session: Session, parts: dict[str, str | None], *, event: str | None, now: datetime
) -> PeecStatement:
    """Store a new statement after checking every part and the whole length."""
    clean = {key: check_part(key, parts.get(key)) for key, _, _ in PARTS}
    _check_length(clean)
    statement = PeecStatement(event=_event_name(event), created_at=now, **clean)
    session.add(statement)
    session.flush()
    return statement


@undoable("edit PEEC statement #{statement.id}")
def edit_statement(
    session: Session, statement: PeecStatement, parts: dict[str, str | None], *, event: str | None = None
) -> PeecStatement:
    """Change the parts given (a part left out or None stays as it is) and the event (None: as it is; an
    empty name: no event), checking each part and the whole length as a new statement is checked."""
    changed = {key: check_part(key, parts[key]) for key, _, _ in PARTS if parts.get(key) is not None}
    if not changed and event is None:
        raise BadInput("nothing to change: give a part or the event")
    whole = {key: changed.get(key, getattr(statement, key)) for key, _, _ in PARTS}
    _check_length(whole)
    for key, value in changed.items():
        setattr(statement, key, value)
    if event is not None:
        statement.event = _event_name(event)
    session.flush()
    return statement


@undoable("delete PEEC statement #{statement.id}")
def delete_statement(session: Session, statement: PeecStatement) -> dict:
    """Delete a statement; returns its record as it was."""
    record = statement_record(statement)
    session.delete(statement)
    session.flush()
    return record


def find_statement(
    session: Session, *, statement_id: int | None = None, event: str | None = None
) -> PeecStatement:
    """The statement with that id, else the newest for ``event``, else the newest of all."""
    if statement_id is not None:
        found = get_row(session, PeecStatement, statement_id)
        if found is None:
            raise NotFound(f"no PEEC statement #{statement_id}; kith peec --list shows them")
        return found
    stmt = select(PeecStatement).order_by(PeecStatement.created_at.desc(), PeecStatement.id.desc()).limit(1)
    if event is not None:
        stmt = stmt.where(func.lower(PeecStatement.event) == " ".join(event.split()).lower())
    found = session.scalar(stmt)
    if found is None:
        if event is not None:
            raise NotFound(
                f"no PEEC statement for the event {event!r}; create one with kith peec --event {event!r}"
            )
        raise NotFound("no PEEC statement yet; create one with kith peec")
    return found


def list_statements(session: Session) -> list[PeecStatement]:
    """Every statement, oldest first."""
    return list(session.scalars(select(PeecStatement).order_by(PeecStatement.created_at, PeecStatement.id)))


def statements_view(session: Session) -> dict:
    """The read model of ``kith peec --list --json``, ``GET /api/peec`` and the PEEC page: every
    statement, newest first, with the parts and the length limit a new one must keep to."""
    return {
        "statements": [statement_record(s) for s in reversed(list_statements(session))],
        "parts": [{"key": key, "label": label, "hint": hint} for key, label, hint in PARTS],
        "max_part_chars": MAX_PART_CHARS,
        "max_words": MAX_WORDS,
    }


def statement_record(statement: PeecStatement) -> dict:
    """The JSON shape of a statement, with its length in words and seconds."""
    parts = {key: getattr(statement, key) for key, _, _ in PARTS}
    words = word_count(parts)
    return {
        "id": statement.id,
        "event": statement.event,
        "created_at": statement.created_at.isoformat(),
        **parts,
        "words": words,
        "seconds": seconds_to_say(words),
    }


def card(record: dict) -> list[str]:
    """The statement as a short card, one line per part."""
    title = f"PEEC #{record['id']}" + (f" for {record['event']}" if record["event"] else "")
    lines = [title]
    for key, label, _ in PARTS:
        lines.append(f"  {label + ':':<16}{record[key]}")
    lines.append(f"  ({record['words']} words, about {record['seconds']} seconds to say)")
    return lines
