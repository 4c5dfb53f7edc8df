"""The ``kith undo`` command: revert the last change, or list the recent ones."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("undo")(undo)


def undo(
    list_steps: bool = typer.Option(False, "--list", help="List the recent changes instead, newest first."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Revert the last change (add, edit, log, merge, favour, promise, done...); again for the one before.

    kith keeps the last 50 changes. An import cannot be undone: it clears the history, and so does
    kith forget (forgetting someone cannot be undone, and leaves nothing of them behind).

    Example: kith log coffee "Jane Doe"   then   kith undo   (prints: Undid: log coffee with Jane Doe)
    """
    from kith.store.db import transaction
    from kith.store.undo import history, nothing_to_undo, undo_last

    if list_steps:
        with transaction() as session:
            steps = history(session)
        if json_out:
            print_json([s.record() for s in steps])
            return
        _print_history(steps)
        return
    with transaction() as session:
        step = undo_last(session)
        message = f"Undid: {step.label}" if step is not None else nothing_to_undo(session)
    if json_out:
        print_json({"undone": step.record() if step is not None else None, "message": message})
        return
    console().print(message, markup=False)


def _print_history(steps) -> None:
    out = console()
    if not steps:
        out.print("No changes recorded yet.", markup=False)
        return
    marks = {"change": "", "undone": "undone: ", "barrier": "cannot be undone: "}
    for step in steps:
        when = f"{step.created_at:%Y-%m-%d %H:%M}"
        out.print(f"#{step.id:<5}{when}  {marks.get(step.kind, '')}{step.label}", markup=False)
