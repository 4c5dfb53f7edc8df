"""The give/get ledger: favour give|get, ledger."""

from __future__ import annotations

from typing import Any

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("favour")(favour)
    app.command("ledger")(ledger)


def favour(
    direction: str = typer.Argument(..., help="give (you gave it) or get (you received it)."),
    name: str = typer.Argument(..., help="The other person (name, email or #id)."),
    kind: str = typer.Argument(
        ...,
        help="intro, referral, advice, help, information, endorsement, recommendation or other.",
    ),
    note: str = typer.Option(None, "--note", help="What it was, in a few words."),
    when: str = typer.Option(None, "--when", help="When: 2026-03-01, 'last week' (default: now)."),
) -> None:
    """Record a favour you gave (give) or received (get).

    Example: kith favour give "Jane Doe" intro --note "introduced her to Sam at Acme" --when "last week"
    """
    from kith.clock import now
    from kith.ledger import balance, describe_balance, record_favour
    from kith.people.core import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    at = parse_when(when, current, past_only=True) if when is not None else current
    with transaction() as session:
        person = resolve(session, name)
        found = record_favour(session, person, direction.strip().lower(), kind, when=at, note=note)
        result = balance(session, person, current)
        what = found.kind
    done = (
        f"gave {result.name} {what}"
        if direction.strip().lower() == "give"
        else f"got {what} from {result.name}"
    )
    out = console()
    out.print(f"Recorded: you {done} on {at:%Y-%m-%d}", markup=False)
    summary = describe_balance(result.given, result.received, result.style, result.why)
    out.print(f"Ledger with {result.name}: {summary}", markup=False)


def ledger(
    name: str = typer.Argument(None, help="One person (default: everyone you have exchanged favours with)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the give/get balance and style of your relationships, with the rule behind each style.

    Styles, first rule that holds: too new to tell (fewer than 2 favours either way); get-to-get (you
    gave nothing back, or received over 3 times what you gave); get-to-give (they only ask: nothing came
    back, or you gave over 3 times what came back); give-to-get (you gave first and it came back);
    balanced (both give, and they gave first).

    Example: kith ledger "Jane Doe" --json
    """
    from kith.clock import now
    from kith.ledger import balances, person_ledger
    from kith.people.core import resolve
    from kith.store.db import transaction

    current = now()
    with transaction(write=False) as session:
        if name is None:
            rows = [b.record() for b in balances(session, current)]
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
        out.print(
            f"{row['name']}: gave {row['given']}, received {row['received']} -> {row['style']}",
            markup=False,
        )
        out.print(f"    rule: {row['why']}", markup=False)
    for item in reversed(history or []):  # oldest first, as a story
        arrow = "you gave" if item["direction"] == "given" else "you got"
        note = f": {item['note']}" if item["note"] else ""
        out.print(f"  {item['when'][:10]} {arrow} {item['kind']}{note}", markup=False)
