"""The ``kith peec`` command: build, store and show PEEC statements."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json
from kith.wording import count


def register(app: typer.Typer) -> None:
    app.command("peec")(peec)


def peec(
    statement_id: int = typer.Argument(None, help="With --show: the statement number to show."),
    event: str = typer.Option(
        None,
        "--event",
        help="The event the statement is for (with --show: whose to show; with --edit: the new event, "
        "'' for none).",
    ),
    profession: str = typer.Option(None, "--profession", help="P: what you do."),
    expertise: str = typer.Option(None, "--expertise", help="E: what you are good at."),
    environment: str = typer.Option(None, "--environment", help="E: where and with whom you do it best."),
    call_to_action: str = typer.Option(None, "--call-to-action", help="C: what you ask of the listener."),
    show: bool = typer.Option(
        False, "--show", help="Show a statement as a card (the newest, or ID, or --event's)."
    ),
    list_all: bool = typer.Option(False, "--list", help="List your statements."),
    edit: int = typer.Option(
        None, "--edit", metavar="ID", help="Correct statement ID: the parts and --event given."
    ),
    delete: int = typer.Option(None, "--delete", metavar="ID", help="Delete statement ID (with --yes)."),
    yes: bool = typer.Option(False, "--yes", help="With --delete: delete without asking."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Build a PEEC statement (Profession, Expertise, Environment, Call to action) step by step.

    Without part options kith asks for each part in turn; with all four it stores them directly. Each part
    is required and at most 200 characters; the whole at most 75 words (about 30 seconds spoken).
    --edit ID changes the parts given; --delete ID --yes deletes one.

    Example: kith peec --event "PyData Berlin" --profession "I am a data engineer" --expertise "I make slow pipelines fast" --environment "in small retail teams" --call-to-action "introduce me to a head of data"
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.peec import create_statement, find_statement, statement_record, statements_view
    from kith.store.db import transaction

    given = {
        "profession": profession,
        "expertise": expertise,
        "environment": environment,
        "call_to_action": call_to_action,
    }
    modes = [
        flag
        for flag, on in (
            ("--show", show),
            ("--list", list_all),
            ("--edit", edit is not None),
            ("--delete", delete is not None),
        )
        if on
    ]
    if len(modes) > 1:
        raise BadInput(f"{' and '.join(modes)} cannot be given together")
    if (show or list_all or delete is not None) and any(v is not None for v in given.values()):
        raise BadInput(
            "part options create or edit a statement; they cannot go with --show, --list or --delete"
        )
    if statement_id is not None and not show:
        raise BadInput("a statement number goes with --show, e.g. kith peec --show 2")
    if yes and delete is None:
        raise BadInput("--yes goes with --delete")
    if list_all:
        with transaction(write=False) as session:
            view = statements_view(session)
        if json_out:
            print_json(view)
            return
        out = console()
        records = view["statements"][::-1]  # oldest first, as written
        for r in records:
            out.print(
                f"#{r['id']:<4}{r['created_at'][:10]}  {r['event'] or '(no event)'}: {r['profession']}",
                markup=False,
            )
        out.print(count(len(records), "statement"), markup=False)
        return
    if show:
        with transaction(write=False) as session:
            record = statement_record(find_statement(session, statement_id=statement_id, event=event))
        _print(record, json_out)
        return
    if edit is not None:
        _edit(edit, given, event, json_out)
        return
    if delete is not None:
        _delete(delete, yes, json_out)
        return

    if all(v is None for v in given.values()):
        given = _ask_each_part()
    missing = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is None]
    if missing:
        raise BadInput(f"missing {', '.join(missing)} (or give no part option to be asked for each)")
    with transaction() as session:
        record = statement_record(create_statement(session, given, event=event, now=now()))
    _print(record, json_out)


def _edit(statement_id: int, given: dict, event: str | None, json_out: bool) -> None:
    from kith.peec import edit_statement, find_statement, statement_record
    from kith.store.db import transaction

    with transaction() as session:
        statement = find_statement(session, statement_id=statement_id)
        record = statement_record(edit_statement(session, statement, given, event=event))
    _print(record, json_out)


def _delete(statement_id: int, yes: bool, json_out: bool) -> None:
    from kith.cli.output import confirm
    from kith.peec import delete_statement, find_statement
    from kith.store.db import transaction

    with transaction() as session:
        statement = find_statement(session, statement_id=statement_id)
        label = f"PEEC statement #{statement.id}" + (f" for {statement.event}" if statement.event else "")
        confirm(
            f"Delete {label}?",
            refusal=f"deleting {label} cannot be undone; add --yes to confirm",
            yes=yes,
        )
        record = delete_statement(session, statement)
    if json_out:
        print_json(record)
        return
    console().print(f"Deleted {label}", markup=False)


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
