"""Interactions by number: ``kith interactions`` lists them with their numbers; ``kith interaction show``,
``edit`` and ``delete`` act on one."""

from __future__ import annotations

import typer

from kith.cli.output import confirm, console, print_json

interaction_app = typer.Typer(no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("interactions")(interactions)
    app.add_typer(interaction_app, name="interaction")


def interactions(
    name: str = typer.Argument(None, help="Only interactions with this person (name, email or #id)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (a list of interactions)."),
    limit: int = typer.Option(20, "--limit", min=0, help="Show the latest N (0: all)."),
) -> None:
    """List interactions with their numbers, newest first, to correct or delete one.

    The same records as GET /api/interactions (?person=ID).

    Example: kith interactions "Jane Doe" --limit 5
    """
    from kith.people.lookup import resolve
    from kith.store.db import transaction
    from kith.timeline import interaction_list

    with transaction() as session:
        person_id = resolve(session, name).id if name is not None else None
        records = interaction_list(session, person_id, limit)
    if json_out:
        print_json(records)
        return
    out = console()
    if not records:
        out.print("Nothing logged yet: kith log coffee NAME", markup=False)
        return
    for record in records:
        out.print(_line(record), markup=False)
    out.print("Then: kith interaction edit NUMBER ... | kith interaction delete NUMBER", markup=False)


#: how each direction reads in a line, relative to the user
ARROWS = {"outbound": "you ->", "inbound": "-> you", "mutual": "together"}


def _line(record: dict) -> str:
    """One interaction on one line: "#12  2026-06-01 12:00  coffee  you ->  Jane Doe: her move"."""
    when = record["when"][:16].replace("T", " ")
    text = record["summary"] or record["notes"] or ""
    minutes = f" ({record['duration_s'] // 60} min)" if record["duration_s"] is not None else ""
    who = ", ".join(record["people"]) + (f": {text}" if text else "")
    return f"#{record['id']:<5} {when}  {record['kind']:<10}{ARROWS[record['direction']]:<9}{who}{minutes}"


def _label(record: dict) -> str:
    """A short name for an interaction: "interaction #12 (coffee with Jane Doe on 2026-06-01 12:00)"."""
    when = record["when"][:16].replace("T", " ")
    return f"interaction #{record['id']} ({record['kind']} with {', '.join(record['people'])} on {when})"


@interaction_app.callback()
def interaction() -> None:
    """Show, correct or delete one interaction by its number (kith interactions lists them)."""


@interaction_app.command("show")
def show(
    number: str = typer.Argument(..., help="The interaction's number, as kith interactions lists it."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one interaction.

    Example: kith interaction show 12 --json
    """
    from kith.interactions import get_interaction
    from kith.store.db import transaction
    from kith.timeline import interaction_record

    with transaction() as session:
        record = interaction_record(get_interaction(session, number))
    if json_out:
        print_json(record)
    else:
        console().print(_line(record), markup=False)


@interaction_app.command("edit")
def edit(
    number: str = typer.Argument(..., help="The interaction's number, as kith interactions lists it."),
    kind: str = typer.Option(None, "--kind", help="What it was: coffee, lunch, call, email, like..."),
    when: str = typer.Option(None, "--when", help="When: 2026-03-01, 'last friday 3pm' (not in the future)."),
    with_: list[str] = typer.Option([], "--with", help="Add someone who was there (repeatable)."),
    without: list[str] = typer.Option([], "--without", help="Remove someone (repeatable)."),
    inbound: bool = typer.Option(False, "--inbound", help="They reached out."),
    outbound: bool = typer.Option(False, "--outbound", help="You reached out."),
    mutual: bool = typer.Option(False, "--mutual", help="Nobody in particular reached out."),
    duration: int = typer.Option(
        None, "--duration", min=0, max=7 * 24 * 60, help="How long it lasted, in minutes."
    ),
    no_duration: bool = typer.Option(False, "--no-duration", help="Forget how long it lasted."),
    note: str = typer.Option(None, "--note", help="Replace the notes (an empty string clears them)."),
    summary: str = typer.Option(None, "--summary", help="Replace the summary (an empty string clears it)."),
) -> None:
    """Correct an interaction: its kind, time, people, direction, duration or notes.

    Example: kith interaction edit 12 --kind lunch --when "2026-06-01 13:00" --with "Sam Lee" --note "with Sam"
    """
    from kith.clock import now
    from kith.corrections import KEEP
    from kith.errors import BadInput
    from kith.interactions import InteractionEdit, correct_interaction
    from kith.store.db import transaction

    directions = [
        d for d, given in (("inbound", inbound), ("outbound", outbound), ("mutual", mutual)) if given
    ]
    if len(directions) > 1:
        raise BadInput("give one of --inbound, --outbound and --mutual")
    if duration is not None and no_duration:
        raise BadInput("--duration and --no-duration cannot both be given")
    typed = InteractionEdit(
        kind=KEEP if kind is None else kind,
        when=KEEP if when is None else when,
        add=list(with_),
        remove=list(without),
        direction=directions[0] if directions else KEEP,
        duration_minutes=None if no_duration else KEEP if duration is None else duration,
        summary=KEEP if summary is None else summary,
        notes=KEEP if note is None else note,
    )
    with transaction() as session:
        record = correct_interaction(session, number, typed, now=now())
    console().print(f"Updated {_line(record)}", markup=False)


@interaction_app.command("delete")
def delete(
    number: str = typer.Argument(..., help="The interaction's number, as kith interactions lists it."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete an interaction you logged by mistake (a promise made in it stays).

    Example: kith interaction delete 12 --yes
    """
    from kith.interactions import delete_interaction, get_interaction
    from kith.store.db import transaction
    from kith.timeline import interaction_record

    if not yes:
        with transaction(write=False) as session:
            label = _label(interaction_record(get_interaction(session, number)))
        confirm(f"Delete {label}?", refusal=f"deleting {label} needs confirming; add --yes", yes=False)
    with transaction() as session:
        record = delete_interaction(session, number)
    console().print(f"Deleted {_label(record)}", markup=False)
