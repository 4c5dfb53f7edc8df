"""The ``kith peec`` command: build, store and show PEEC statements."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("peec")(peec)


def peec(
    statement_id: int = typer.Argument(None, help="With --show: the statement number to show."),
    event: str = typer.Option(
        None, "--event", help="The event the statement is for (or, with --show, to show)."
    ),
    profession: str = typer.Option(None, "--profession", help="P: what you do."),
    expertise: str = typer.Option(None, "--expertise", help="E: what you are good at."),
    environment: str = typer.Option(None, "--environment", help="E: where and with whom you do it best."),
    call_to_action: str = typer.Option(None, "--call-to-action", help="C: what you ask of the listener."),
    show: bool = typer.Option(
        False, "--show", help="Show a statement as a card (the newest, or ID, or --event's)."
    ),
    list_all: bool = typer.Option(False, "--list", help="List your statements."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Build a PEEC statement (Profession, Expertise, Environment, Call to action) step by step.

    Without part options kith asks for each part in turn; with all four it stores them directly. Each part
    is required and at most 200 characters; the whole at most 75 words (about 30 seconds spoken).

    Example: kith peec --event "PyData Berlin" --profession "I am a data engineer" --expertise "I make slow pipelines fast" --environment "in small retail teams" --call-to-action "introduce me to a head of data"
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.peec import create_statement, find_statement, list_statements, statement_record
    from kith.store.db import transaction

    given = {
        "profession": profession,
        "expertise": expertise,
        "environment": environment,
        "call_to_action": call_to_action,
    }
    if show and list_all:
        raise BadInput("--show and --list cannot both be given")
    if (show or list_all) and any(v is not None for v in given.values()):
        raise BadInput("part options create a statement; they cannot go with --show or --list")
    if statement_id is not None and not show:
        raise BadInput("a statement number goes with --show, e.g. kith peec --show 2")
    if list_all:
        with transaction(write=False) as session:
            records = [statement_record(s) for s in list_statements(session)]
        if json_out:
            print_json(records)
            return
        out = console()
        for r in records:
            out.print(
                f"#{r['id']:<4}{r['created_at'][:10]}  {r['event'] or '(no event)'}: {r['profession']}",
                markup=False,
            )
        out.print(f"{len(records)} statement{'' if len(records) == 1 else 's'}", markup=False)
        return
    if show:
        with transaction(write=False) as session:
            record = statement_record(find_statement(session, statement_id=statement_id, event=event))
        _print(record, json_out)
        return

    if all(v is None for v in given.values()):
        given = _ask_each_part()
    missing = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is None]
    if missing:
        raise BadInput(f"missing {', '.join(missing)} (or give no part option to be asked for each)")
    with transaction() as session:
        record = statement_record(create_statement(session, given, event=event, now=now()))
    _print(record, json_out)


def _ask_each_part() -> dict[str, str]:
    """Ask for each part in turn, explaining a refusal and asking again."""
    from kith.errors import BadInput
    from kith.peec import MAX_PART_CHARS, PARTS, check_part

    out = console()
    out.print(f"A PEEC statement in four parts, each at most {MAX_PART_CHARS} characters.", markup=False)
    parts = {}
    for key, label, hint in PARTS:
        while True:
            try:
                text = typer.prompt(f"{label} ({hint})", default="", show_default=False)
            except typer.Abort:
                raise BadInput(
                    f"no answer for {label}; give the parts as options (--profession ...) when not at a terminal"
                ) from None
            try:
                parts[key] = check_part(key, text)
                break
            except BadInput as exc:
                out.print(f"  {exc}", markup=False)
    return parts


def _print(record: dict, json_out: bool) -> None:
    from kith.peec import card

    if json_out:
        print_json(record)
        return
    out = console()
    for line in card(record):
        out.print(line, markup=False)
