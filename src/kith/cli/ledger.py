"""The give/get ledger: favour give|get|edit|delete, ledger."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from kith.cli.output import confirm, console, print_json


class FavourGroup(TyperGroup):
    """``kith favour give|get|edit|delete``: a first word that is none of them is a wrong direction."""

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from kith.errors import BadInput

            raise BadInput(
                f"unknown direction {args[0]!r}; use give (you gave) or get (you received), "
                "or edit or delete a favour by its number"
            )
        return super().resolve_command(ctx, args)


favour_app = typer.Typer(cls=FavourGroup, no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(favour_app, name="favour")
    app.command("ledger")(ledger)


@favour_app.callback()
def favour() -> None:
    """Record a favour you gave (give) or received (get), or correct or delete one by its number."""


KIND_HELP = "intro, referral, advice, help, information, endorsement, recommendation or other."


@favour_app.command("give")
def give(
    name: str = typer.Argument(..., help="Whom you gave it (name, email or #id)."),
    kind: str = typer.Argument(..., help=KIND_HELP),
    note: str = typer.Option(None, "--note", help="What it was, in a few words."),
    when: str = typer.Option(None, "--when", help="When: 2026-03-01, 'last week' (default: now)."),
) -> None:
    """Record a favour you gave.

    Example: kith favour give "Jane Doe" intro --note "introduced her to Sam at Acme" --when "last week"
    """
    _record("give", name, kind, note, when)


@favour_app.command("get")
def get(
    name: str = typer.Argument(..., help="Who gave it to you (name, email or #id)."),
    kind: str = typer.Argument(..., help=KIND_HELP),
    note: str = typer.Option(None, "--note", help="What it was, in a few words."),
    when: str = typer.Option(None, "--when", help="When: 2026-03-01, 'last week' (default: now)."),
) -> None:
    """Record a favour you received.

    Example: kith favour get "Jane Doe" advice --note "on the Berlin offer"
    """
    _record("get", name, kind, note, when)


def _record(direction: str, name: str, kind: str, note: str | None, when: str | None) -> None:
    from kith.clock import now
    from kith.ledger import balance, record_favour
    from kith.people.lookup import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    at = parse_when(when, current, past_only=True) if when is not None else current
    with transaction() as session:
        person = resolve(session, name)
        found = record_favour(session, person, direction, kind, when=at, note=note)
        result = balance(session, person, current)
        what, number = found.kind, found.id
    done = f"gave {result.name} {what}" if direction == "give" else f"got {what} from {result.name}"
    out = console()
    out.print(f"Recorded: you {done} on {at:%Y-%m-%d} (favour #{number})", markup=False)
    _print_balance(out, result)


def _print_balance(out, result) -> None:
    from kith.ledger import describe_balance

    summary = describe_balance(result.given, result.received, result.style, result.why)
    out.print(f"Ledger with {result.name}: {summary}", markup=False)


def _label(record: dict) -> str:
    """A short name for a favour: "favour #4 (you gave Jane Doe intro on 2026-06-01)"."""
    what = (
        f"you gave {record['person']} {record['kind']}"
        if record["direction"] == "given"
        else f"you got {record['kind']} from {record['person']}"
    )
    return f"favour #{record['id']} ({what} on {record['when'][:10]})"


@favour_app.command("edit")
def edit(
    number: str = typer.Argument(..., help="The favour's number, as kith ledger NAME lists it."),
    kind: str = typer.Option(None, "--kind", help=KIND_HELP),
    when: str = typer.Option(None, "--when", help="When: 2026-03-01, 'last week' (not in the future)."),
    note: str = typer.Option(None, "--note", help="Replace the note (an empty string clears it)."),
    gave: bool = typer.Option(False, "--give", help="You gave it."),
    got: bool = typer.Option(False, "--get", help="You received it."),
) -> None:
    """Correct a favour: its kind, time, note or which way it went.

    Example: kith favour edit 4 --kind referral --when 2026-05-20 --note "to the Acme team"
    """
    from kith.clock import now
    from kith.corrections import KEEP
    from kith.errors import BadInput
    from kith.favours import FavourEdit, correct_favour
    from kith.ledger import balance
    from kith.store.db import transaction

    if gave and got:
        raise BadInput("give one of --give and --get")
    typed = FavourEdit(
        kind=KEEP if kind is None else kind,
        when=KEEP if when is None else when,
        note=KEEP if note is None else note,
        direction="give" if gave else "get" if got else KEEP,
    )
    current = now()
    with transaction() as session:
        record = correct_favour(session, number, typed, now=current)
        result = balance(session, record["person_id"], current)
    out = console()
    out.print(f"Updated {_label(record)}", markup=False)
    _print_balance(out, result)


@favour_app.command("delete")
def delete(
    number: str = typer.Argument(..., help="The favour's number, as kith ledger NAME lists it."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete a favour recorded by mistake.

    Example: kith favour delete 4 --yes
    """
    from kith.clock import now
    from kith.favours import delete_favour, read_favour
    from kith.ledger import balance
    from kith.store.db import transaction

    if not yes:
        with transaction(write=False) as session:
            label = _label(read_favour(session, number))
        confirm(f"Delete {label}?", refusal=f"deleting {label} needs confirming; add --yes", yes=False)
    current = now()
    with transaction() as session:
        record = delete_favour(session, number)
        result = balance(session, record["person_id"], current)
    out = console()
    out.print(f"Deleted {_label(record)}", markup=False)
    _print_balance(out, result)


def ledger(
    name: str = typer.Argument(None, help="One person (default: everyone you have exchanged favours with)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the give/get balance of your relationships, the most one-sided first, each in plain words.

    Each line says the balance at a glance, counts as "you to them" ("you give, they have not given
    back: 3 to 0"), then its style and the rule behind it. Styles, first rule that holds: too new to tell (fewer than 2 favours either way); get-to-get (you
    gave nothing back, or received over 3 times what you gave); get-to-give (they only ask: nothing came
    back, or you gave over 3 times what came back); give-to-get (you gave first and it came back);
    balanced (both give, and they gave first).

    Example: kith ledger "Jane Doe" --json
    """
    from kith.clock import now
    from kith.ledger import ledger_list, person_ledger
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    current = now()
    with transaction(write=False) as session:
        if name is None:
            rows = [b.record() for b in ledger_list(session, current)]
            history: list[dict[str, Any]] | None = None
        else:
            person = resolve(session, name)
            one = person_ledger(session, person.id, person.name, current)
            rows, history = [one["balance"]], one["favours"]
    if json_out:
        print_json(rows if history is None else one)
        return
    out = console()
    if not rows:
        out.print(
            "No favours recorded yet: kith favour give NAME intro, kith favour get NAME advice", markup=False
        )
        return
    for row in rows:
        out.print(f"{row['name']}: {row['label']}", markup=False)
        out.print(f"    {row['style']} ({row['why']})", markup=False)
    for item in reversed(history or []):  # oldest first, as a story
        arrow = "you gave" if item["direction"] == "given" else "you got"
        note = f": {item['note']}" if item["note"] else ""
        out.print(f"  #{item['id']:<4} {item['when'][:10]} {arrow} {item['kind']}{note}", markup=False)
