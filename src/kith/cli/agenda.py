"""The weekly agenda: agenda, done, snooze, dismiss; and the list of promises: commitments (recording
and correcting one is ``kith promise``, in ``promises``)."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json
from kith.wording import count


def register(app: typer.Typer) -> None:
    app.command("agenda")(agenda)
    app.command("done")(done)
    app.command("snooze")(snooze)
    app.command("dismiss")(dismiss)
    app.command("commitments")(commitments)


def agenda(
    json_out: bool = typer.Option(False, "--json", help="Print the items as JSON."),
    ics: str = typer.Option(
        None, "--ics", metavar="FILE", help="Also write the items to FILE as an iCalendar feed."
    ),
    limit: int = typer.Option(
        None, "--limit", metavar="N", help="Items this week (default: the stored size, 7)."
    ),
    show_all: bool = typer.Option(
        False, "--all", help="Show the whole list (up to 4 weeks of items), not only this week's."
    ),
    set_size: int = typer.Option(
        None, "--set-size", metavar="N", help="Store how many items a week holds, then show."
    ),
    follow_up_days: int = typer.Option(
        None,
        "--follow-up-days",
        metavar="N",
        help="Store after how many days a new connection you have not contacted gets an item (default 7).",
    ),
) -> None:
    """Show what is worth doing for your relationships this week, best first.

    Items: keep promises, reply to what is waiting for an answer, follow up after you first meet (and
    after you connect or accept an invitation), keep in touch, save fading ties, give first, take a tie
    one step richer (message, call, coffee), resurface dormant ties, congratulate on new jobs (by phone
    for a relationship; connections you never contacted in one item, new-roles:0). Reasons to meet or
    call come first, what a like could do last.
    Then: kith done ITEM, kith snooze ITEM, kith dismiss ITEM.

    Example: kith agenda --limit 5 --ics ~/kith-agenda.ics
    """
    from pathlib import Path

    from kith.agenda import agenda_ics, build_agenda, set_follow_up_days
    from kith.agenda import set_size as store_size
    from kith.channels import CHANNEL_LABELS
    from kith.clock import now
    from kith.errors import BadInput
    from kith.store.db import transaction

    current = now()
    with transaction(write=set_size is not None or follow_up_days is not None) as session:
        if set_size is not None:
            store_size(session, set_size)
        if follow_up_days is not None:
            set_follow_up_days(session, follow_up_days)
        result = build_agenda(session, current, limit=limit)
    items = result.items if show_all else result.week
    if ics:
        target = Path(ics).expanduser()
        if target.is_dir():
            raise BadInput(
                f"--ics needs a file name; {ics} is a folder (try {Path(ics) / 'kith-agenda.ics'})"
            )
        if not target.parent.is_dir():
            problem = "is not a folder" if target.parent.exists() else "does not exist"
            raise BadInput(f"cannot write {ics}: {target.parent} {problem}")
        try:
            target.write_bytes(agenda_ics(items, generated_at=current))
        except OSError as exc:
            raise BadInput(f"cannot write {ics}: {exc.strerror or exc}") from None
    if json_out:
        print_json([item.record() for item in items])
        return
    out = console()
    wrote = f"Wrote {count(len(items), 'item')} to {ics}"
    if not result.items:
        out.print(
            "Nothing on your agenda this week. Log what you do with people: kith log coffee NAME",
            markup=False,
        )
        if ics:
            out.print(wrote, markup=False)
        return
    shown = "all" if show_all else f"{len(result.week)} of {len(result.items)}"
    out.print(f"This week ({shown}):", style="bold")
    for number, item in enumerate(items, start=1):
        out.print(
            f"{number:>2}. {item.person}: {item.action}  [{item.id}, due {item.due:%Y-%m-%d}]", markup=False
        )
        out.print(f"    why: {item.reason}", markup=False)
        if item.group:
            out.print(f"    who: {', '.join(name for _, name, _ in item.group)}", markup=False)
        out.print(f"    how: {CHANNEL_LABELS.get(item.channel, item.channel)}", markup=False)
    if not show_all and result.rest:
        out.print(f"{len(result.rest)} more: kith agenda --all", markup=False)
    if result.later:
        out.print(
            f"{count(result.later, 'item')} of lower rank can wait: they come up as you clear the list",
            markup=False,
        )
    if not result.ties_available:
        out.print("(tie strength is unavailable: circles and fading ties are left out)", markup=False)
    if ics:
        out.print(wrote, markup=False)
    out.print(
        "Then: kith done ITEM | kith snooze ITEM --until 'next monday' | kith dismiss ITEM", markup=False
    )


def _mark(item: str, state: str, until: str | None = None) -> None:
    from kith.agenda import mark_item
    from kith.clock import now
    from kith.store.db import transaction
    from kith.when import parse_when

    current = now()
    until_at = parse_when(until, current) if until is not None else None
    with transaction() as session:
        result = mark_item(session, item, state, now=current, until=until_at)
    words = {"done": "Done", "dismissed": "Dismissed", "snoozed": "Snoozed"}[state]
    line = f"{words}: {result.item_id} ({result.person})"
    if result.until is not None:
        line += f" until {result.until:%Y-%m-%d %H:%M} UTC"
    out = console()
    out.print(line, markup=False)
    if result.hint:
        out.print(f"  {result.hint}", markup=False)


def done(
    item: str = typer.Argument(..., help="The item id kith agenda shows, e.g. keep-in-touch:12."),
) -> None:
    """Mark an agenda item done (a commitment item also completes the commitment).

    Example: kith done commitment:3
    """
    _mark(item, "done")


def snooze(
    item: str = typer.Argument(..., help="The item id kith agenda shows, e.g. fading:12."),
    until: str = typer.Option(
        None, "--until", help="Until when: 'next monday', 2026-07-01 (default: a week)."
    ),
) -> None:
    """Hide an agenda item until a later date (a week by default).

    Example: kith snooze keep-in-touch:12 --until "next monday"
    """
    _mark(item, "snoozed", until)


def dismiss(
    item: str = typer.Argument(..., help="The item id kith agenda shows, e.g. resurface:12."),
) -> None:
    """Dismiss an agenda item; it comes back only when something new happens (a new job, a new contact...).

    Example: kith dismiss resurface:12
    """
    _mark(item, "dismissed")


def commitments(
    name: str = typer.Argument(None, help="One person (default: everyone)."),
    show_all: bool = typer.Option(False, "--all", help="Include the ones already done."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List open promises both ways with their numbers, soonest due first (done ones too with --all).

    Then: kith promise kept NUMBER, kith promise edit NUMBER --due friday, kith promise cancel NUMBER.

    Example: kith commitments "Jane Doe" --json
    """
    from kith.clock import now
    from kith.commitments import commitment_list
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    current = now()
    with transaction(write=False) as session:
        pid = resolve(session, name).id if name else None
        rows = commitment_list(session, current, person_id=pid, include_done=show_all)
    if json_out:
        print_json(rows)
        return
    out = console()
    if not rows:
        out.print("No open promises. Record one: kith promise NAME 'send the article'", markup=False)
        return
    for row in rows:
        who = f"you owe {row['person']}" if row["owed_by"] == "me" else f"{row['person']} owes you"
        if row["done_at"]:
            due = f"done {row['done_at'][:10]}"
        else:
            state = "OVERDUE" if row["overdue"] else "due"
            due = f"{state} {row['due_at'][:10]}" if row["due_at"] else "open"
        out.print(f"#{row['id']} {who}: {row['text']} ({due})", markup=False)
