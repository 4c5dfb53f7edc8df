"""The real-friends test: ask, answered, friends."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("answered")(answered)
    app.command("friends")(friends)


def ask(
    text: str = typer.Argument(..., help="What you asked for, in a few words."),
    to: list[str] = typer.Option([], "--to", help="Someone you asked (repeatable)."),
    when: str = typer.Option(None, "--when", help="When you asked (default: now)."),
) -> None:
    """Record a request for help and who you asked (the real-friends test).

    Example: kith ask "help moving house on Saturday" --to "Jane Doe" --to "Sam Lee"
    """
    from kith.clock import now
    from kith.friends import ask as record_ask
    from kith.people.core import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    asked_at = parse_when(when, current, past_only=True) if when is not None else current
    with transaction() as session:
        people = [resolve(session, name) for name in to]
        request = record_ask(session, text, people, when=asked_at)
        request_id = request.id
        names = ", ".join(dict.fromkeys(p.name for p in people))
    console().print(
        f"Request #{request_id} recorded, asked {names}; when someone comes through: "
        f"kith answered {request_id} NAME",
        markup=False,
    )


def answered(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    name: str = typer.Argument(..., help="Who came through."),
    when: str = typer.Option(None, "--when", help="When they came through (default: now)."),
) -> None:
    """Record that someone came through on a request for help.

    Example: kith answered 3 "Jane Doe"
    """
    from kith.clock import now
    from kith.friends import answered as record_answer
    from kith.friends import get_request
    from kith.people.core import resolve
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    at = parse_when(when, current, past_only=True) if when is not None else current
    with transaction() as session:
        found = get_request(session, request)
        person = resolve(session, name)
        result = record_answer(session, found, person, when=at)
        label, text, rid = person.name, found.text, found.id
    if result.already is not None:
        message = f"Already recorded: {label} came through on #{rid} on {result.already:%Y-%m-%d}"
    elif not result.asked:
        message = f"Recorded: {label} came through on #{rid} ({text}) without being asked"
    else:
        message = f"Recorded: {label} came through on #{rid} ({text})"
    console().print(message, markup=False)


def friends(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show who came through when you asked for help, and who never did.

    Example: kith friends --json
    """
    from kith.friends import friends_report
    from kith.store.db import transaction

    with transaction(write=False) as session:
        report = friends_report(session)
    if json_out:
        print_json(report)
        return
    out = console()
    if not report["requests"]:
        out.print("No requests for help yet: kith ask 'help moving house' --to NAME", markup=False)
        return
    out.print("Came through:", style="bold")
    for p in report["came_through"]:
        out.print(f"  {p['name']}: {p['answered']} of {p['asked']} times asked", markup=False)
    if not report["came_through"]:
        out.print("  nobody yet", markup=False)
    if report["never_answered"]:
        out.print("Never came through:", style="bold")
        for p in report["never_answered"]:
            times = "once" if p["asked"] == 1 else f"{p['asked']} times"
            out.print(f"  {p['name']}: asked {times}", markup=False)
    out.print("Requests:", style="bold")
    for r in report["requests"]:
        who = ", ".join(r["answered"]) or "nobody yet"
        out.print(f"  #{r['id']} {r['asked_at'][:10]} {r['text']}: came through: {who}", markup=False)
        if r["unanswered"]:
            out.print(f"      no answer: {', '.join(r['unanswered'])}", markup=False)
