"""Introductions: kith intro ask|made|declined|withdraw|edit|delete, and kith intros (the list)."""

from __future__ import annotations

import typer

from kith.cli.output import confirm, console, print_json

intro_app = typer.Typer(no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(intro_app, name="intro")
    app.command("intros")(intros)


@intro_app.callback()
def intro() -> None:
    """Ask someone for an introduction, record how it went (made, declined, withdrawn), correct or delete
    one (kith intros lists them with their numbers)."""


VIA = typer.Argument(..., help="Whom you ask for the introduction (name, email or #id).")
TARGET = typer.Argument(..., help="The person you want to meet.")


@intro_app.command("ask")
def ask(
    via: str = VIA,
    target: str = TARGET,
    note: str | None = typer.Option(None, "--note", help="What you asked, in a few words."),
) -> None:
    """Record that you asked someone for an introduction (and a promise to follow up in a week).

    Recorded even when you know the person well yourself or kith knows of no tie between the two, with a
    note saying so.

    Example: kith intro ask "Jane Doe" "Tom Lee" --note "about the platform team at Acme"
    """
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.reach.intros import FOLLOW_UP_DAYS, ask_intro, ask_notes
    from kith.store.db import transaction
    from kith.wording import count

    current = now()
    with transaction() as session:
        a, b = resolve(session, via), resolve(session, target)
        ask_intro(session, a, b, now=current, note=note)
        names = (a.name, b.name)
        notes = ask_notes(session, a, b, current)
    out = console()
    out.print(
        f"Asked {names[0]} for an introduction to {names[1]}. "
        f"You promised to follow up in {count(FOLLOW_UP_DAYS, 'day')}: it is on your agenda.",
        markup=False,
    )
    for said in notes:
        out.print(f"note: {said}", markup=False)


@intro_app.command("made")
def made(
    via: str = VIA,
    target: str = TARGET,
    when: str | None = typer.Option(None, "--when", help="When: 2026-03-01, yesterday (default: now)."),
) -> None:
    """Record that someone introduced you: they get the favour, and the agenda proposes the next steps.

    Example: kith intro made "Jane Doe" "Tom Lee" --when yesterday
    """
    from kith.cli.output import quoted
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.reach.intros import intro_made
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    at = parse_when(when, current, past_only=True) if when is not None else None
    with transaction() as session:
        a, b = resolve(session, via), resolve(session, target)
        intro_made(session, a, b, now=current, when=at)
        names = (a.name, b.name)
    console().print(
        f"{names[0]} introduced you to {names[1]}: a favour from {names[0]} is in your ledger. "
        f"Thank them, and make the first contact: kith log call {quoted(names[1])}",
        markup=False,
    )


ENDED_WHEN = typer.Option(None, "--when", help="When: 2026-03-01, yesterday (default: now).")


@intro_app.command("declined")
def declined(via: str = VIA, target: str = TARGET, when: str | None = ENDED_WHEN) -> None:
    """Record that someone declined to introduce you.

    Example: kith intro declined "Jane Doe" "Tom Lee" --when yesterday
    """
    _close(via, target, "declined", when)


@intro_app.command("withdraw")
def withdraw(via: str = VIA, target: str = TARGET, when: str | None = ENDED_WHEN) -> None:
    """Withdraw a request for an introduction you no longer need.

    Example: kith intro withdraw "Jane Doe" "Tom Lee"
    """
    _close(via, target, "withdraw", when)


def _close(via: str, target: str, state: str, when: str | None) -> None:
    from kith.clock import now
    from kith.people.lookup import resolve
    from kith.reach.intros import close_intro
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    at = parse_when(when, current, past_only=True) if when is not None else None
    with transaction() as session:
        a, b = resolve(session, via), resolve(session, target)
        intro = close_intro(session, a, b, state, now=current, when=at)
        said = intro.state
        names = (a.name, b.name)
    console().print(f"The introduction to {names[1]} by {names[0]}: {said}.", markup=False)


NUMBER = typer.Argument(..., help="The introduction's number, as kith intros lists it (#2).")


def _label(i: dict) -> str:
    """An introduction with its number: "#2 asked Jane Doe → Tom Lee (2026-06-14)"."""
    day = (i["made_at"] or i["ended_at"] or i["asked_at"] or "")[:10]
    line = f"#{i['id']} {i['state']} {i['via']['name']} → {i['target']['name']}"
    return f"{line} ({day})" if day else line


@intro_app.command("edit")
def edit(
    number: str = NUMBER,
    note: str | None = typer.Option(None, "--note", help="Replace the note (an empty string clears it)."),
    asked: str | None = typer.Option(None, "--asked", help="When you asked: 2026-06-01, 'last week'."),
    made: str | None = typer.Option(None, "--made", help="When it was made (only one that was made)."),
) -> None:
    """Correct an introduction: its note, when you asked, when it was made (its favour moves with it).

    Example: kith intro edit 2 --made 2026-06-12 --note "about the platform team"
    """
    from kith.clock import now
    from kith.corrections import KEEP
    from kith.reach.intros import IntroEdit, correct_intro, intro_record
    from kith.store.db import transaction

    typed = IntroEdit(
        note=KEEP if note is None else note,
        asked=KEEP if asked is None else asked,
        made=KEEP if made is None else made,
    )
    with transaction() as session:
        record = intro_record(correct_intro(session, number, typed, now=now()))
    console().print(f"Corrected {_label(record)}", markup=False)


@intro_app.command("delete")
def delete(
    number: str = NUMBER,
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete an introduction recorded by mistake, with its follow-up promise and its favour (asks first).

    Example: kith intro delete 2 --yes
    """
    from kith.reach.intros import delete_intro, get_intro, intro_record
    from kith.store.db import transaction

    if not yes:
        with transaction(write=False) as session:
            label = _label(intro_record(get_intro(session, number)))
        confirm(
            f"Delete {label}, its follow-up promise and its favour?",
            refusal=f"deleting introduction {label} needs confirming; add --yes",
            yes=False,
        )
    with transaction() as session:
        record = delete_intro(session, number)
    console().print(f"Deleted {_label(record)}", markup=False)


def intros(
    state: str | None = typer.Option(None, "--state", help="Only these: asked, made, declined or withdrawn."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the introductions you asked for and were given, with their state, the latest asked first
    (one recorded as made without an ask by when it was made), each with when it was asked and when it
    was made or ended.

    Example: kith intros --state asked
    """
    from kith.reach.intros import intro_list
    from kith.store.db import transaction

    with transaction(write=False) as session:
        listed = intro_list(session, state=state)
    if json_out:
        print_json(listed)
        return
    out = console()
    if not listed:
        out.print("No introductions yet. Find who can introduce you: kith reach --company NAME", markup=False)
        return
    for i in listed:
        days = [
            f"{word} {i[key][:10]}"
            for word, key in (("asked", "asked_at"), ("made", "made_at"), (i["state"], "ended_at"))
            if i[key]
        ]
        line = f"#{i['id']} {i['state']:<9} {i['via']['name']} → {i['target']['name']}"
        out.print(f"{line}  ({', '.join(days)})" if days else line, markup=False)
        if i["note"]:
            out.print(f"    {i['note']}", markup=False)
