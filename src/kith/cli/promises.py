"""Promises: ``kith promise NAME TEXT`` records one; ``kith promise edit|kept|reopen|cancel NUMBER``
corrects, keeps, reopens or calls off one (``kith commitments`` lists them with their numbers)."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from kith.cli.output import confirm, console

NUMBER_HELP = "The promise's number, as kith commitments lists it."


class PromiseGroup(TyperGroup):
    """``kith promise NAME TEXT`` is ``kith promise add NAME TEXT``: a first word that names no
    subcommand is the person the promise is with."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] != "--help":
            args = ["add", *args]
        return super().parse_args(ctx, args)


promise_app = typer.Typer(cls=PromiseGroup, no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(promise_app, name="promise")


@promise_app.callback()
def promise() -> None:
    """Record a promise (kith promise NAME TEXT), or correct, keep, reopen or cancel one by its number.

    A person called like a subcommand (edit, kept...) is named with kith promise add NAME TEXT.
    """


@promise_app.command("add")
def add(
    name: str = typer.Argument(..., help="Whom the promise is to (or from, with --by-them)."),
    text: str = typer.Argument(..., help="What was promised, in a few words."),
    due: str = typer.Option(None, "--due", help="When it is due: 'friday', 2026-07-01 (default: a week)."),
    by_them: bool = typer.Option(False, "--by-them", help="They promised it to you."),
) -> None:
    """Record a promise you made to someone (or, with --by-them, they made to you); kith promise NAME
    TEXT says the same.

    Example: kith promise "Jane Doe" "send the article on hiring" --due friday
    """
    from kith.clock import now
    from kith.commitments import add_commitment
    from kith.people.lookup import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    due_at = parse_when(due, current) if due is not None else None
    with transaction() as session:
        person = resolve(session, name)
        c = add_commitment(
            session, person, text, now=current, owed_by="them" if by_them else "me", due=due_at
        )
        line = (
            f"Promise #{c.id} {'from' if by_them else 'to'} {person.name}: {c.text}, due {c.due_at:%Y-%m-%d}"
        )
    console().print(line, markup=False)


def _label(record: dict) -> str:
    """A short name for a promise: "promise #3 to Jane Doe: send the article (due 2026-06-20)"."""
    side = "to" if record["owed_by"] == "me" else "from"
    state = f"kept {record['done_at'][:10]}" if record["done_at"] else f"due {(record['due_at'] or '')[:10]}"
    return f"promise #{record['id']} {side} {record['person']}: {record['text']} ({state})"


@promise_app.command("edit")
def edit(
    number: str = typer.Argument(..., help=NUMBER_HELP),
    text: str = typer.Option(None, "--text", help="What was promised, corrected."),
    due: str = typer.Option(None, "--due", help="When it is due: 'friday', 2026-07-01."),
) -> None:
    """Correct what was promised or when it is due.

    Example: kith promise edit 3 --text "send the article and the slides" --due "next friday"
    """
    from kith.clock import now
    from kith.commitments import CommitmentEdit, correct_commitment
    from kith.corrections import KEEP
    from kith.store.db import transaction

    typed = CommitmentEdit(text=KEEP if text is None else text, due=KEEP if due is None else due)
    with transaction() as session:
        record = correct_commitment(session, number, typed, now=now())
    console().print(f"Updated {_label(record)}", markup=False)


@promise_app.command("kept")
def kept(number: str = typer.Argument(..., help=NUMBER_HELP)) -> None:
    """Mark a promise kept, yours or one made to you.

    Example: kith promise kept 3
    """
    from kith.clock import now
    from kith.commitments import keep_commitment
    from kith.store.db import transaction

    with transaction() as session:
        record = keep_commitment(session, number, now=now())
    console().print(f"Kept: {_label(record)}", markup=False)


@promise_app.command("reopen")
def reopen(number: str = typer.Argument(..., help=NUMBER_HELP)) -> None:
    """Open a promise marked kept by mistake again.

    Example: kith promise reopen 3
    """
    from kith.clock import now
    from kith.commitments import reopen_commitment
    from kith.store.db import transaction

    with transaction() as session:
        record = reopen_commitment(session, number, now=now())
    console().print(f"Reopened {_label(record)}", markup=False)


@promise_app.command("cancel")
def cancel(
    number: str = typer.Argument(..., help=NUMBER_HELP),
    yes: bool = typer.Option(False, "--yes", help="Confirm: cancel without asking."),
) -> None:
    """Cancel a promise that is off (or was never made): it is deleted.

    Example: kith promise cancel 3 --yes
    """
    from kith.clock import now
    from kith.commitments import cancel_commitment, commitment_record, get_commitment
    from kith.store.db import transaction

    current = now()
    if not yes:
        with transaction(write=False) as session:
            label = _label(commitment_record(get_commitment(session, number), current))
        confirm(
            f"Cancel {label}? It is deleted.",
            refusal=f"cancelling {label} needs confirming; add --yes",
            yes=False,
        )
    with transaction() as session:
        record = cancel_commitment(session, number, now=current)
    console().print(f"Cancelled {_label(record)}", markup=False)
