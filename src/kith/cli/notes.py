"""Dated notes: ``kith note NAME TEXT`` adds one, ``kith notes NAME`` lists them with their numbers,
``kith note edit`` and ``kith note delete`` correct one by its number."""

from __future__ import annotations

import typer

from kith.cli.default_group import default_group
from kith.cli.output import confirm, console, print_json, quoted

NUMBER_HELP = "The note's number, as kith notes NAME lists it."

note_app = typer.Typer(
    cls=default_group("add"),
    no_args_is_help=True,
    subcommand_metavar="NAME TEXT [--when WHEN] | edit NUMBER | delete NUMBER",
)


def register(app: typer.Typer) -> None:
    app.add_typer(note_app, name="note")
    app.command("notes")(notes)


def print_note(out, note: dict) -> None:
    """A note as ``kith notes`` and ``kith show`` print it: its number and date, then its text (a long
    note's further lines indented under the first)."""
    lines = note["text"].splitlines() or [""]
    out.print(f"  #{note['id']:<5} {note['when'][:10]}  {lines[0]}", markup=False)
    for line in lines[1:]:
        out.print(f"{'':<21}{line}", markup=False)


def _label(record: dict) -> str:
    """A short name for a note: "note #3 on Jane Doe (2026-06-01: moved to Berlin)"."""
    first = record["text"].splitlines()[0]
    text = first[:60] + ("…" if len(first) > 60 or first != record["text"] else "")
    return f"note #{record['id']} on {record['person']} ({record['when'][:10]}: {text})"


@note_app.callback()
def note() -> None:
    """Add a dated note about someone (kith note NAME TEXT), or correct or delete one by its number.

    Notes are kept newest first and a new one never replaces an older one; kith notes NAME lists them
    with their numbers. A person called like a subcommand (edit, delete) is named with kith note add.

    Example: kith note "Jane Doe" "moving to Berlin in May; ask about the new team" --when yesterday
    """


@note_app.command("add", hidden=True)
def add(
    name: str = typer.Argument(..., help="Whom the note is about: a name, email or #id."),
    text: str = typer.Argument(..., help="The note."),
    when: str = typer.Option(
        None, "--when", help="When to date it: 'yesterday', 2026-06-01 (default: now; not in the future)."
    ),
) -> None:
    """Add a dated note about someone; earlier notes stay.

    Example: kith note "Jane Doe" "moving to Berlin in May" --when "last friday"
    """
    from kith.clock import now
    from kith.notes import note_record, write_note
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction() as session:
        person = resolve(session, name, include_me=True)
        record = note_record(write_note(session, person, text, now=now(), when=when))
    console().print(f"Added {_label(record)}", markup=False)


def notes(
    name: str = typer.Argument(..., help="Whose notes: a name, email or #id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (a list of notes)."),
) -> None:
    """List someone's notes with their numbers, newest first.

    The same records as GET /api/people/ID/notes.

    Example: kith notes "Jane Doe"
    """
    from kith.notes import person_notes
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction(write=False) as session:
        person = resolve(session, name, include_me=True)
        records = person_notes(session, person.id)
    if json_out:
        print_json(records)
        return
    out = console()
    if not records:
        out.print(f"No notes on {person.name} yet: kith note {quoted(person.name)} TEXT", markup=False)
        return
    out.print(f"Notes on {person.name}, newest first:", markup=False)
    for record in records:
        print_note(out, record)
    out.print("Then: kith note edit NUMBER --text ... | kith note delete NUMBER", markup=False)


@note_app.command("edit")
def edit(
    number: str = typer.Argument(..., help=NUMBER_HELP),
    text: str = typer.Option(None, "--text", help="The note, corrected (it replaces this note's text)."),
    when: str = typer.Option(None, "--when", help="Date it differently: 2026-06-01, 'last friday'."),
) -> None:
    """Correct a note's text or date.

    Example: kith note edit 3 --text "moving to Berlin in June, not May"
    """
    from kith.clock import now
    from kith.corrections import KEEP
    from kith.notes import NoteEdit, correct_note
    from kith.store.db import transaction

    typed = NoteEdit(text=KEEP if text is None else text, when=KEEP if when is None else when)
    with transaction() as session:
        record = correct_note(session, number, typed, now=now())
    console().print(f"Updated {_label(record)}", markup=False)


@note_app.command("delete")
def delete(
    number: str = typer.Argument(..., help=NUMBER_HELP),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete a note (kith undo brings it back).

    Example: kith note delete 3 --yes
    """
    from kith.notes import delete_note, get_note, note_record
    from kith.store.db import transaction

    if not yes:
        with transaction(write=False) as session:
            label = _label(note_record(get_note(session, number)))
        confirm(f"Delete {label}?", refusal=f"deleting {label} needs confirming; add --yes", yes=False)
    with transaction() as session:
        record = delete_note(session, number)
    console().print(f"Deleted {_label(record)}", markup=False)
