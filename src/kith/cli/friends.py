"""The real-friends test: ask (and ask edit, ask delete), answered (and answered edit, answered delete),
friends."""

from __future__ import annotations

import typer

from kith.cli.default_group import default_group
from kith.cli.output import confirm, console, print_json
from kith.wording import count, number

ask_app = typer.Typer(
    cls=default_group("new"),
    no_args_is_help=True,
    subcommand_metavar="TEXT --to NAME... | edit REQUEST | delete REQUEST",
)
answered_app = typer.Typer(
    cls=default_group("new"),
    no_args_is_help=True,
    subcommand_metavar="REQUEST NAME | edit REQUEST NAME | delete REQUEST NAME",
)


def register(app: typer.Typer) -> None:
    app.add_typer(ask_app, name="ask")
    app.add_typer(answered_app, name="answered")
    app.command("friends")(friends)


def _when(text: str | None):
    """The time typed (default: now)."""
    from kith.clock import now
    from kith.when import parse_when

    current = now()
    return parse_when(text, current, past_only=True) if text is not None else current


@ask_app.callback()
def ask_group() -> None:
    """Record a request for help and who you asked (the real-friends test); correct or delete one.

    kith ask TEXT --to NAME records one and prints its number; kith ask edit and kith ask delete correct it.

    Example: kith ask "help moving house on Saturday" --to "Jane Doe" --to "Sam Lee"
    """


@ask_app.command("new", hidden=True)
def ask(
    text: str = typer.Argument(..., help="What you asked for, in a few words."),
    to: list[str] = typer.Option([], "--to", help="Someone you asked (repeatable)."),
    when: str = typer.Option(None, "--when", help="When you asked (default: now)."),
) -> None:
    """Record a request for help and who you asked.

    Example: kith ask "help moving house on Saturday" --to "Jane Doe" --to "Sam Lee"
    """
    from kith.errors import BadInput
    from kith.friends import ask as record_ask
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    if not to:
        raise BadInput("name at least one person you asked, with --to NAME")
    asked_at = _when(when)
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


@ask_app.command("edit")
def ask_edit(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    text: str = typer.Option(None, "--text", help="What you asked for, corrected."),
    when: str = typer.Option(None, "--when", help="When you asked, corrected."),
) -> None:
    """Correct a request for help: what you asked for, or when.

    Example: kith ask edit 3 --text "help moving house on Sunday" --when "last saturday"
    """
    from kith.friends import edit_request, get_request
    from kith.store.db import transaction

    asked_at = _when(when) if when is not None else None
    with transaction() as session:
        found = edit_request(session, get_request(session, request), text=text, when=asked_at)
        rid, words, at = found.id, found.text, found.asked_at
    console().print(f"Request #{rid} is now: {words} (asked {at:%Y-%m-%d})", markup=False)


@ask_app.command("delete")
def ask_delete(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete a request for help, with who was asked and who came through on it.

    Example: kith ask delete 3 --yes
    """
    from kith.friends import delete_request, get_request
    from kith.store.db import transaction

    with transaction() as session:
        found = get_request(session, request)
        label = f"request #{found.id} ({found.text})"
        confirm(
            f"Delete {label} and its answers?",
            refusal=f"deleting {label} cannot be undone; add --yes to confirm",
            yes=yes,
        )
        delete_request(session, found)
    console().print(f"Deleted {label}", markup=False)


@answered_app.callback()
def answered_group() -> None:
    """Record that someone came through on a request for help; correct when, or take it back.

    kith answered REQUEST NAME records it (someone not asked can come through too); kith answered edit
    and kith answered delete correct it.

    Example: kith answered 3 "Jane Doe"
    """


@answered_app.command("new", hidden=True)
def answered(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    name: str = typer.Argument(..., help="Who came through."),
    when: str = typer.Option(None, "--when", help="When they came through (default: now)."),
) -> None:
    """Record that someone came through on a request for help.

    Example: kith answered 3 "Jane Doe"
    """
    from kith.friends import answered as record_answer
    from kith.friends import get_request
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    at = _when(when)
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


@answered_app.command("edit")
def answered_edit(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    name: str = typer.Argument(..., help="Who came through."),
    when: str = typer.Option(..., "--when", help="When they came through, corrected."),
) -> None:
    """Correct when someone came through on a request for help.

    Example: kith answered edit 3 "Jane Doe" --when "last sunday"
    """
    from kith.friends import edit_answer, get_request
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    at = _when(when)
    with transaction() as session:
        found = get_request(session, request)
        person = resolve(session, name)
        edit_answer(session, found, person, when=at)
        label, rid = person.name, found.id
    console().print(f"Corrected: {label} came through on #{rid} on {at:%Y-%m-%d}", markup=False)


@answered_app.command("delete")
def answered_delete(
    request: str = typer.Argument(..., help="The request number kith ask printed."),
    name: str = typer.Argument(..., help="Who you recorded as coming through."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Take back that someone came through (asked: back to no answer yet; not asked: off the request).

    Example: kith answered delete 3 "Jane Doe" --yes
    """
    from kith.friends import delete_answer, get_request
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction() as session:
        found = get_request(session, request)
        person = resolve(session, name)
        label, rid = person.name, found.id
        confirm(
            f"Take back that {label} came through on #{rid}?",
            refusal=f"taking back {label}'s answer on #{rid} cannot be undone; add --yes to confirm",
            yes=yes,
        )
        result = delete_answer(session, found, person)
    after = "no answer yet" if result.asked else "no longer on the request"
    console().print(f"Taken back: {label} on #{rid} ({after})", markup=False)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def friends(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show who came through when you asked for help, who came through unasked, and who never did.

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
        asked = f"{number(p['answered'])} of {count(p['asked'], 'time')} asked" if p["asked"] else ""
        unasked = f"{_times(p['unasked'])} without being asked" if p["unasked"] else ""
        out.print(f"  {p['name']}: {', and '.join(x for x in (asked, unasked) if x)}", markup=False)
    if not report["came_through"]:
        out.print("  nobody yet", markup=False)
    if report["never_answered"]:
        out.print("Never came through:", style="bold")
        for p in report["never_answered"]:
            out.print(f"  {p['name']}: asked {_times(p['asked'])}", markup=False)
    out.print("Requests:", style="bold")
    for r in report["requests"]:
        who = ", ".join([*r["answered"], *(f"{name} (unasked)" for name in r["unasked"])]) or "nobody yet"
        out.print(f"  #{r['id']} {r['asked_at'][:10]} {r['text']}: came through: {who}", markup=False)
        if r["unanswered"]:
            out.print(f"      no answer: {', '.join(r['unanswered'])}", markup=False)
