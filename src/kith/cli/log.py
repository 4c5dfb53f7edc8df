"""The ``kith log`` command: record an interaction in one line."""

from __future__ import annotations

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("log")(log)


def log(
    kind: str = typer.Argument(
        ..., help="What happened: coffee, lunch, dinner, meeting, event, call, video, email, message, like..."
    ),
    names: list[str] = typer.Argument(..., help="Who was there (one or more names, emails or #ids)."),
    when: str = typer.Option(
        None, "--when", help="When: 2026-03-01, 'yesterday', 'last friday 3pm' (default: now)."
    ),
    inbound: bool = typer.Option(False, "--inbound", help="They reached out (default: you did)."),
    mutual: bool = typer.Option(False, "--mutual", help="Nobody in particular reached out (a shared event)."),
    duration: int = typer.Option(
        None, "--duration", min=0, max=7 * 24 * 60, help="How long it lasted, in minutes (up to a week)."
    ),
    note: str = typer.Option(None, "--note", help="What you talked about."),
    promise: str = typer.Option(None, "--promise", help="Something you promised to do for them."),
    due: str = typer.Option(None, "--due", help="When the promise is due (default: a week later)."),
) -> None:
    """Log an interaction with one or more people.

    Example: kith log coffee "Jane Doe" --when "last friday 3pm" --note "talked about her move" --promise "send the article"
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.interactions import log_interaction
    from kith.people.core import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    if inbound and mutual:
        raise BadInput("--inbound and --mutual cannot both be given")
    current = now()
    occurred = parse_when(when, current, past_only=True) if when is not None else current
    promise_due = parse_when(due, current) if due is not None else None
    direction = "inbound" if inbound else "mutual" if mutual else "outbound"
    with transaction() as session:
        people = [resolve(session, name) for name in names]
        interaction = log_interaction(
            session,
            kind=kind,
            people=people,
            when=occurred,
            direction=direction,
            duration_s=duration * 60 if duration is not None else None,
            notes=note,
            promise=promise,
            promise_due=promise_due,
        )
        who = ", ".join(p.name for p in {p.id: p for p in people}.values())
        summary = f"Logged {interaction.kind} with {who} on {occurred:%Y-%m-%d %H:%M} UTC"
    if promise:
        summary += f"; promise noted: {promise.strip()}"
    console().print(summary, markup=False)
