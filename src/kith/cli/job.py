"""Job-seeker mode: kith job (the board), job target add|edit|close|remove, job
apply|referral|interview|offer|rejection, job step edit|delete, job report."""

from __future__ import annotations

import typer

from kith.cli.output import confirm, console, print_json, quoted

job_app = typer.Typer(no_args_is_help=False)
target_app = typer.Typer(no_args_is_help=True)
job_app.add_typer(target_app, name="target")
step_app = typer.Typer(no_args_is_help=True)
job_app.add_typer(step_app, name="step")


def register(app: typer.Typer) -> None:
    app.add_typer(job_app, name="job")


COMPANY = typer.Argument(..., help="The company (as kith knows it from people's roles).")
WHEN = typer.Option(None, "--when", help="When it happened: 2026-03-01, yesterday (default: now; not ahead).")


@job_app.callback(invoke_without_command=True)
def job(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show your target companies: who you know there, the best way in, what happened, the next step.

    Each step is listed with its number (#3), which kith job step edit|delete take; interviews booked
    ahead are listed as upcoming, with their date.

    Example: kith job --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from kith.clock import now
    from kith.job.board import job_board
    from kith.store.db import transaction

    with transaction(write=False) as session:
        board = job_board(session, now())
    if json_out:
        print_json(board)
        return
    _print_board(board)


def _print_board(board: dict) -> None:
    from kith.wording import count

    out = console()
    if not board["targets"]:
        out.print(
            "No target companies yet. Add one: kith job target add Acme --role 'Data engineer'", markup=False
        )
        return
    for t in board["targets"]:
        role = f" ({t['role']})" if t["role"] else ""
        closed = ", closed" if t["state"] == "closed" else ""
        said_no = f", then said no on {t['said_no_on']}" if t["said_no_on"] else ""
        out.print(f"{t['company']}{role}: {t['stage']}{said_no}{closed}", style="bold", markup=False)
        if t["known"]:
            out.print("  You know there: " + _names(t["known"]), markup=False)
        if t["people_now"]:
            out.print("  There now: " + _names(t["people_now"]), markup=False)
        if t["people_before"]:
            out.print("  Were there: " + _names(t["people_before"]), markup=False)
        if t["best_path"]:
            chain = " → ".join(["you"] + [p["name"] for p in t["best_path"]["people"]])
            out.print(f"  Best way in: {chain}", markup=False)
        out.print(
            f"  {count(len(t['intros']), 'introduction')}, {count(len(t['conversations']), 'conversation')}, "
            f"{count(len(t['referrals_asked']), 'referral')} asked, {len(t['referrals'])} received, "
            f"{count(len(t['applications']), 'application')}, {count(len(t['interviews']), 'interview')}, "
            f"{count(len(t['offers']), 'offer')}",
            markup=False,
        )
        for step in _steps(t):
            out.print(f"  {_step_line(step)}", markup=False)
        for step in t["upcoming"]:
            out.print(f"  Upcoming: {_step_line(step, upcoming=True)}", markup=False)
        out.print(f"  Next: {t['next_step']}", markup=False)
        out.print(f"  Why: {t['next_step_why']}", markup=False)
        if t["state"] == "active" and not t["best_path"] and not t["known"]:
            out.print(f"  Who can introduce you: kith reach --company {quoted(t['company'])}", markup=False)
    out.print("\nThe week's balance and the funnel: kith job report", markup=False)


def _steps(t: dict) -> list[dict]:
    """A target's recorded steps, in the order they happened."""
    kinds = ("applications", "referrals_asked", "referrals", "interviews", "offers", "rejections")
    return sorted((s for k in kinds for s in t[k]), key=lambda s: (s["occurred_at"], s["id"]))


def _step_line(step: dict, *, upcoming: bool = False) -> str:
    """One step with its number, as ``kith job step edit`` takes it: "#3 2026-06-12 an application"; one
    booked ahead with its time too: "#4 2026-06-18 10:00 an interview"."""
    from kith.job.targets import EVENT_WORDS

    at = step["occurred_at"][:16].replace("T", " ") if upcoming else step["occurred_at"][:10]
    line = f"#{step['id']} {at} {EVENT_WORDS.get(step['kind'], step['kind'])}"
    if step["person"]:
        line += f" through {step['person']['name']}"
    if step["role"]:
        line += f" ({step['role']})"
    return line + (f": {step['note']}" if step["note"] else "")


#: names listed per line of the board before "and N more" (kith job --json has them all)
NAMES_SHOWN = 5


def _names(people: list[dict]) -> str:
    from kith.wording import count

    shown = [f"{p['name']} ({p['title']})" if p.get("title") else p["name"] for p in people[:NAMES_SHOWN]]
    more = len(people) - NAMES_SHOWN
    return ", ".join(shown) + (f" and {count(more, 'other')}" if more > 0 else "")


@target_app.callback()
def target() -> None:
    """Add, edit, close or remove a target company."""


@target_app.command("add")
def target_add(
    company: str = COMPANY,
    role: str | None = typer.Option(None, "--role", help="The role you want there."),
    new: bool = typer.Option(
        False, "--new", help="Target the company as typed even when a company kith knows is close to it."
    ),
) -> None:
    """Add a company to your job search (a closed one is opened again).

    The company is matched as kith reach matches one: the organisation of that name, or the only one
    whose name holds it, by its name as stored; several are listed to choose from. A name close to a
    company kith knows (a typo: "Fatom AI" for Fathom AI) is refused with it, unless --new says the
    company is another one. A company where no one in kith works yet is added all the same, and said so.

    Example: kith job target add Acme --role "Data engineer"
    """
    from kith.clock import now
    from kith.job.targets import add_target, company_notice
    from kith.store.db import transaction

    with transaction() as session:
        name = add_target(session, company, now=now(), role=role, new=new).company
        notice = company_notice(session, name)
    out = console()
    out.print(f"Targeting {name}. Who can introduce you: kith reach --company {quoted(name)}", markup=False)
    if notice:
        out.print(notice[0].upper() + notice[1:], markup=False)


@target_app.command("edit")
def target_edit(
    company: str = COMPANY,
    role: str = typer.Option(..., "--role", help="The role you want there now (an empty string clears it)."),
) -> None:
    """Change the role you want at a target company (its steps stay as recorded).

    Example: kith job target edit Acme --role "Staff engineer"
    """
    from kith.job.targets import edit_target
    from kith.store.db import transaction

    with transaction() as session:
        found = edit_target(session, company, role=role)
        name, now_role = found.company, found.role
    said = f"the role is {now_role}" if now_role else "no role said"
    console().print(f"{name}: {said}.", markup=False)


@target_app.command("close")
def target_close(company: str = COMPANY) -> None:
    """Stop pursuing a company; its history stays.

    Example: kith job target close Acme
    """
    from kith.job.targets import close_target
    from kith.store.db import transaction

    with transaction() as session:
        name = close_target(session, company).company
    console().print(f"Closed {name}: it leaves your next steps.", markup=False)


@target_app.command("remove")
def target_remove(
    company: str = COMPANY,
    yes: bool = typer.Option(False, "--yes", help="Do not ask first."),
) -> None:
    """Remove a target company and every step recorded at it (asks first).

    Example: kith job target remove Acme --yes
    """
    from kith.job.targets import get_target, remove_target
    from kith.store.db import transaction
    from kith.wording import count

    with transaction(write=False) as session:
        name = get_target(session, company).company
    confirm(
        f"Remove {name} and every step recorded there?",
        refusal=f"removing {name} needs --yes (or run it at a terminal to be asked)",
        yes=yes,
    )
    with transaction() as session:
        removed = remove_target(session, company)
    console().print(f"Removed {removed['company']} and {count(removed['steps'], 'step')}.", markup=False)


def _step(
    company: str,
    kind: str,
    when: str | None,
    *,
    role: str | None = None,
    via: str | None = None,
    note: str | None = None,
) -> str:
    """Record one step and say it (one booked ahead: when, and that the agenda will say to prepare)."""
    from kith.clock import now
    from kith.job.targets import EVENT_WORDS, record_typed_step
    from kith.store.db import transaction

    at_now = now()
    with transaction() as session:
        event = record_typed_step(
            session, company, kind, now=at_now, when=when, role=role, via=via, note=note
        )
        words = f"Recorded {EVENT_WORDS[kind]} at {event.target.company}"
        if event.person is not None:
            words += f" through {event.person.name}"
        at = event.occurred_at
    if at > at_now:
        return words + f" on {at:%a %-d %b %Y at %H:%M} UTC: upcoming (kith agenda will say to prepare)."
    return words + f" on {at:%Y-%m-%d}."


@job_app.command("apply")
def apply(
    company: str = COMPANY,
    role: str | None = typer.Option(None, "--role", help="The role you applied for."),
    when: str | None = WHEN,
    note: str | None = typer.Option(None, "--note", help="Where, or anything to remember."),
) -> None:
    """Record an application you sent online.

    Example: kith job apply Acme --role "Data engineer" --note "careers page"
    """
    console().print(_step(company, "application", when, role=role, note=note), markup=False)


@job_app.command("referral")
def referral(
    company: str = COMPANY,
    via: str = typer.Option(..., "--via", help="Who you asked for the referral (name, email or #id)."),
    received: bool = typer.Option(False, "--received", help="They referred you (not only asked)."),
    when: str | None = WHEN,
) -> None:
    """Record a referral you asked someone for, or (--received) one they gave.

    Example: kith job referral Acme --via "Tom Lee" --received
    """
    console().print(_step(company, "referral" if received else "referral_asked", when, via=via), markup=False)


@job_app.command("interview")
def interview(
    company: str = COMPANY,
    role: str | None = typer.Option(None, "--role", help="The role."),
    when: str | None = typer.Option(
        None,
        "--when",
        help="When: yesterday, or ahead to book it: 'next thursday 10am', '2026-06-18 10:00' (default: now).",
    ),
) -> None:
    """Record an interview at a target company, held or booked ahead.

    An interview dated after now is upcoming: kith job lists it with its date, the agenda says to
    prepare for it, and the funnel counts the interview stage as reached. A bare weekday ('thursday')
    means the last one, as for anything that happened: say 'next thursday' or a date to book one.
    Other steps (an application, a referral, an offer, a rejection) are recorded once they happened.

    Example: kith job interview Acme --when yesterday

    Example: kith job interview Acme --when "next thursday 10am"
    """
    console().print(_step(company, "interview", when, role=role), markup=False)


@job_app.command("offer")
def offer(company: str = COMPANY, when: str | None = WHEN) -> None:
    """Record an offer from a target company.

    Example: kith job offer Acme
    """
    console().print(_step(company, "offer", when), markup=False)


@job_app.command("rejection")
def rejection(
    company: str = COMPANY,
    note: str | None = typer.Option(None, "--note", help="What they said, if anything."),
    when: str | None = WHEN,
) -> None:
    """Record that a target company said no (the board then suggests thanks and feedback).

    Example: kith job rejection Acme --note "went with an internal candidate"
    """
    console().print(_step(company, "rejection", when, note=note), markup=False)


@step_app.callback()
def step() -> None:
    """Correct or delete one step recorded at a target (kith job lists them with their numbers)."""


STEP_NUMBER = typer.Argument(..., help="The step's number, as kith job lists it (#3).")


@step_app.command("edit")
def step_edit(
    number: str = STEP_NUMBER,
    kind: str | None = typer.Option(
        None,
        "--step",
        help="What it was: application, referral_asked, referral, interview, offer, rejection.",
    ),
    when: str | None = typer.Option(
        None, "--when", help="When: 2026-03-01, yesterday (ahead only for an interview: booked)."
    ),
    role: str | None = typer.Option(None, "--role", help="The role (an empty string clears it)."),
    via: str | None = typer.Option(None, "--via", help="Who it went through (an empty string: nobody)."),
    note: str | None = typer.Option(None, "--note", help="Replace the note (an empty string clears it)."),
) -> None:
    """Correct a step recorded at a target: what it was, when, the role, who it went through, the note.

    Example: kith job step edit 3 --step interview --when 2026-06-12
    """
    from kith.clock import now
    from kith.corrections import KEEP
    from kith.job.board import step_record
    from kith.job.targets import StepEdit, correct_step
    from kith.store.db import transaction

    typed = StepEdit(
        kind=KEEP if kind is None else kind,
        when=KEEP if when is None else when,
        role=KEEP if role is None else role,
        via=KEEP if via is None else via,
        note=KEEP if note is None else note,
    )
    with transaction() as session:
        event = correct_step(session, number, typed, now=now())
        record, company = step_record(event), event.target.company
    console().print(f"Corrected at {company}: {_step_line(record)}", markup=False)


@step_app.command("delete")
def step_delete(
    number: str = STEP_NUMBER,
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete a step recorded by mistake (asks first).

    Example: kith job step delete 3 --yes
    """
    from kith.job.board import step_record
    from kith.job.targets import delete_step, get_step
    from kith.store.db import transaction

    if not yes:
        with transaction(write=False) as session:
            event = get_step(session, number)
            label = f"{_step_line(step_record(event))} at {event.target.company}"
        confirm(f"Delete {label}?", refusal=f"deleting step {label} needs confirming; add --yes", yes=False)
    with transaction() as session:
        company = get_step(session, number).target.company
        record = delete_step(session, number)
    console().print(f"Deleted at {company}: {_step_line(record)}", markup=False)


@job_app.command("report")
def report(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    png: str | None = typer.Option(None, "--png", metavar="DIR", help="Also write the charts as PNGs here."),
) -> None:
    """Show this week's conversations against applications, the last weeks, and the funnel.

    Example: kith job report --png ~/kith-charts
    """
    from pathlib import Path

    from kith.clock import now
    from kith.errors import BadInput
    from kith.job.report import job_report
    from kith.store.db import transaction
    from kith.wording import count

    with transaction(write=False) as session:
        answer = job_report(session, now())
    written = []
    if png:
        from kith.job.charts import write_pngs

        folder = Path(png).expanduser()
        if folder.exists() and not folder.is_dir():
            raise BadInput(f"--png needs a folder; {folder} is a file")
        try:
            written = write_pngs(answer, folder)
        except OSError as exc:
            raise BadInput(f"cannot write charts to {folder}: {exc.strerror}") from exc
    if json_out:
        print_json(answer)
        return
    out = console()
    week = answer["week"]
    out.print(
        f"This week (from {week['week']}): {count(week['conversations'], 'conversation')}, "
        f"{count(week['applications'], 'application')} sent online.",
        markup=False,
    )
    if week["advice"]:
        out.print(week["advice"], markup=False)
    elif week["conversations"]:
        out.print("Good balance: as many conversations as applications, or more.", markup=False)
    out.print("\nWeek of      conversations  applications", markup=False)
    for w in answer["weeks"]:
        out.print(f"{w['week']}  {w['conversations']:>13}  {w['applications']:>12}", markup=False)
    out.print("\nFunnel (" + answer["funnel_rule"] + "):", markup=False)
    for stage in answer["funnel"]:
        out.print(f"  {stage['stage']:<13} {stage['count']}", markup=False)
    for path in written:
        out.print(f"Wrote {path}", markup=False)
