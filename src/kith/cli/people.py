"""People commands: me, add, people, edit, merge, forget (``kith show`` is in ``cli.show``)."""

from __future__ import annotations

import typer

from kith.cli.output import console, print_json, terminal_text
from kith.wording import ago, count


def register(app: typer.Typer) -> None:
    app.command("me")(me)
    app.command("add")(add)
    app.command("people")(people)
    app.command("edit")(edit)
    app.command("merge")(merge)
    app.command("forget")(forget)


def me(
    name: str = typer.Option(None, "--name", help="Your name."),
    email: list[str] = typer.Option([], "--email", help="One of your email addresses (repeatable)."),
    linkedin: str = typer.Option(None, "--linkedin", help="Your LinkedIn profile URL."),
    region: str = typer.Option(
        None, "--region", help="Where your phone numbers without a country code are from (IN, US, GB...)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show or set who you are; direction and "my" relationships are relative to you.

    Example: kith me --name "Ada Lovelace" --email ada@example.com --region GB
    """
    from kith.people.core import set_me
    from kith.people.listing import person_record
    from kith.people.lookup import get_me, phone_region
    from kith.store.db import transaction

    with transaction(
        write=name is not None or bool(email) or linkedin is not None or region is not None
    ) as session:
        if name is None and not email and linkedin is None and region is None:
            person = get_me(session)
            if person is None:
                console().print(
                    "You have not said who you are yet: kith me --name 'Your Name' --email you@..."
                )
                return
        else:
            person = set_me(session, name=name, emails=email, linkedin=linkedin, region=region)
        record = person_record(person, None)
        record["region"] = phone_region(session)
    if json_out:
        print_json({k: record[k] for k in ("id", "name", "emails", "linkedin", "region")})
        return
    out = console()
    out.print(f"You are {record['name']} (#{record['id']})", markup=False)
    for address in record["emails"]:
        out.print(f"  email    {address}", markup=False)
    if record["linkedin"]:
        out.print(f"  linkedin {record['linkedin']}", markup=False)
    if record["region"]:
        out.print(f"  region   {record['region']} (phone numbers without a country code)", markup=False)


def add(
    name: str = typer.Argument(..., help="The person's full name."),
    email: list[str] = typer.Option([], "--email", help="An email address (repeatable)."),
    phone: str = typer.Option(None, "--phone", help="A phone number (stored in E.164)."),
    company: str = typer.Option(None, "--company", help="Where they work now."),
    title: str = typer.Option(None, "--title", help="Their job title."),
    tag: list[str] = typer.Option([], "--tag", help="An interest or group (repeatable)."),
    linkedin: str = typer.Option(None, "--linkedin", help="Their LinkedIn profile URL."),
    met_via: str = typer.Option(None, "--met-via", help="Who introduced you (a NAME already in kith)."),
    note: str = typer.Option(None, "--note", help="A first note about them, dated now."),
    how_met: str = typer.Option(None, "--how-met", help="How you met, in a few words."),
    birthday: str = typer.Option(
        None, "--birthday", help="Their birthday: 1985-04-12, or 04-12 without a year."
    ),
    anniversary: str = typer.Option(
        None, "--anniversary", help="Their anniversary: 2010-06-20, or 06-20 without a year."
    ),
    allow_duplicate: bool = typer.Option(
        False, "--allow-duplicate", help="Add them even if someone has the same name."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the new person as JSON."),
) -> None:
    """Add a person.

    Example: kith add "Jane Doe" --email jane@acme.example --company Acme --title CTO --birthday 04-12
    """
    from kith.clock import now
    from kith.people.core import PersonFields, add_person
    from kith.people.listing import person_record
    from kith.store.db import transaction

    fields = PersonFields(
        name=name,
        emails=email,
        phone=phone,
        company=company,
        title=title,
        tags=tag,
        linkedin=linkedin,
        met_via=met_via,
        note=note,
        how_met=how_met,
        birthday=birthday,
        anniversary=anniversary,
    )
    with transaction() as session:
        person = add_person(session, fields, now=now(), allow_duplicate=allow_duplicate)
        record = person_record(person, None)
    if json_out:
        print_json(record)
    else:
        console().print(f"Added {record['name']} (#{record['id']})", markup=False)


#: up to this many people, ``kith people`` draws a Rich table; beyond, plain aligned columns (a Rich
#: table lays out every cell of every row first: 20 s for 30,000 people)
TABLE_ROWS = 200


def people(
    search: str = typer.Option(
        None,
        "--search",
        "-s",
        help="Only people whose name, email, profile, company, title, tag or notes contain this.",
    ),
    circle: str = typer.Option(
        None,
        "--circle",
        help="Only this circle: intimate, close, friends, meaningful, acquaintance, dormant or collected.",
    ),
    tag: str = typer.Option(None, "--tag", help="Only people with this tag."),
    sort: str = typer.Option("name", "--sort", help="name, strength (strongest first) or last_contact."),
    archived: bool = typer.Option(
        False, "--archived", help="Include the people you archived (marked 'archived')."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (a list of people)."),
    limit: int = typer.Option(0, "--limit", min=0, help="Show at most this many (0: all)."),
) -> None:
    """List people with their company and last contact, by name (or by strength or last contact).

    The same list as the web's people page and GET /api/people: the same search, filters and order.
    People you archived (kith archive) are left out unless you add --archived.
    Up to 200 people are drawn as a table; more are printed as plain aligned columns, one line each
    (cut to fit a terminal's width; whole when piped), so that thousands list in a moment.

    Example: kith people --search acme --circle friends --sort strength --json
    """
    from kith.clock import now
    from kith.people.directory import PeopleQuery, people_list
    from kith.store.db import transaction

    query = PeopleQuery(
        q=search, circle=circle, tag=tag, sort=sort, per_page=limit or None, archived=archived
    )
    with transaction(write=False) as session:
        # the table shows no strength: score it only when the list needs it
        scored = json_out or circle or sort != "name"
        ties = _ties(session, now()) if scored else {}
        records = people_list(session, query, ties)["people"]
    if json_out:
        print_json(records)
        return
    if not records:
        filtered = any(value for value in (search, circle, tag))
        console().print(
            "Nobody matches: kith people without options lists everyone."
            if filtered
            else "No people yet: add someone (kith add NAME) or import your LinkedIn connections "
            "(kith import linkedin FILE).",
            markup=False,
        )
        return
    _people_table(records)


def _ties(session, as_of):
    from kith.strength.service import ties

    return ties(session, as_of)


_COLUMNS = ("#", "name", "company", "title", "contacts", "last contact")


def _people_rows(records: list[dict]) -> list[tuple[str, ...]]:
    from datetime import datetime

    from kith.clock import now

    current = now()
    return [
        (
            str(r["id"]),
            r["name"] + (" (archived)" if r["archived_at"] else ""),
            r["company"] or "",
            r["title"] or "",
            str(r["interaction_count"]),
            ago(datetime.fromisoformat(r["last_interaction"]) if r["last_interaction"] else None, current),
        )
        for r in records
    ]


def _people_table(records: list[dict]) -> None:
    out = console()
    rows = _people_rows(records)
    if len(rows) > TABLE_ROWS:
        _print_columns(rows, out.width if out.is_terminal else None)
    else:
        from rich.table import Table

        table = Table(show_edge=False, pad_edge=False)
        for column in _COLUMNS:
            table.add_column(column, no_wrap=column in {"#", "contacts"})
        for row in rows:
            table.add_row(*row)
        out.print(table)
    out.print(count(len(records), "person"))


def _print_columns(rows: list[tuple[str, ...]], width: int | None) -> None:
    """Write ``rows`` under the column names, aligned, one line each; with a ``width``, the name,
    company and title columns are narrowed (their cells cut with an ellipsis) until a line fits."""
    import sys

    from rich.cells import cell_len, set_cell_size

    widths = [
        max([cell_len(c) for c in column] + [len(name)])
        for name, column in zip(_COLUMNS, zip(*rows, strict=True), strict=True)
    ]
    if width is not None:
        narrowable = (1, 2, 3)  # name, company, title
        while sum(widths) + 2 * (len(widths) - 1) > width:
            widest = max(narrowable, key=lambda i: widths[i])
            if widths[widest] <= 8:
                break
            widths[widest] -= 1

    def line(cells) -> str:
        fitted = []
        for cell, w in zip(cells, widths, strict=True):
            size = cell_len(cell)
            if size > w:
                fitted.append(set_cell_size(cell, w - 1) + "…")
            else:
                fitted.append(cell + " " * (w - size))
        return "  ".join(fitted).rstrip()

    lines = [line(_COLUMNS), line("-" * w for w in widths)]
    lines.extend(line(row) for row in rows)
    sys.stdout.write(terminal_text("\n".join(lines)) + "\n")


def edit(
    name: str = typer.Argument(..., help="Who: a name, email, LinkedIn URL or #id."),
    new_name: str = typer.Option(None, "--name", help="A new name."),
    email: list[str] = typer.Option([], "--email", help="Add an email address (repeatable)."),
    remove_email: list[str] = typer.Option([], "--remove-email", help="Remove an email address."),
    remove_phone: list[str] = typer.Option([], "--remove-phone", help="Remove a phone number."),
    remove_linkedin: list[str] = typer.Option([], "--remove-linkedin", help="Remove a LinkedIn profile URL."),
    phone: str = typer.Option(None, "--phone", help="Add a phone number."),
    company: str = typer.Option(
        None,
        "--company",
        help="A new current company: the old role is kept as history (on the day it began, it is corrected).",
    ),
    title: str = typer.Option(None, "--title", help="A new job title (corrects a role that began today)."),
    tag: list[str] = typer.Option([], "--tag", help="Add a tag (repeatable)."),
    untag: list[str] = typer.Option([], "--untag", help="Remove a tag (repeatable)."),
    linkedin: str = typer.Option(None, "--linkedin", help="Their LinkedIn profile URL."),
    met_via: str = typer.Option(None, "--met-via", help="Who introduced you."),
    note: str = typer.Option(
        None, "--note", help="Add a dated note (earlier notes stay; kith note edit N corrects one)."
    ),
    how_met: str = typer.Option(None, "--how-met", help="How you met."),
    birthday: str = typer.Option(
        None, "--birthday", help="Their birthday: 1985-04-12, or 04-12 without a year ('' clears it)."
    ),
    anniversary: str = typer.Option(
        None, "--anniversary", help="Their anniversary: 2010-06-20, or 06-20 without a year ('' clears it)."
    ),
    closeness: float = typer.Option(None, "--closeness", help="Your own closeness mark, 0 to 1."),
    clear_closeness: bool = typer.Option(
        False, "--clear-closeness", help="Take back your closeness mark: the score decides again."
    ),
    cadence: int = typer.Option(
        None, "--cadence", help="Keep in touch every N days (0: the circle's default)."
    ),
    school: list[str] = typer.Option(
        [],
        "--school",
        help="A school they went to (again: corrects its degree and years); one per edit, as its degree "
        "and years go with it.",
    ),
    degree: str = typer.Option(None, "--degree", help="The degree at --school."),
    school_from: int = typer.Option(None, "--school-from", help="The year they started at --school."),
    school_to: int = typer.Option(None, "--school-to", help="The year they left --school."),
    remove_school: list[str] = typer.Option([], "--remove-school", help="Remove a school (repeatable)."),
) -> None:
    """Change what kith knows about a person.

    --note adds a dated note rather than replacing the last one: nothing written is lost (kith notes
    NAME lists them; kith note edit or delete N corrects one).

    Example: kith edit "Jane Doe" --company Initech --title VP --birthday 1985-04-12 --note "moved to Berlin"

    Example: kith edit "Jane Doe" --school MIT --degree "BSc Physics" --school-from 2008 --school-to 2012
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.people.core import PersonFields, apply_fields
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    if not school and any(v is not None for v in (degree, school_from, school_to)):
        raise BadInput("--degree, --school-from and --school-to go with the --school they belong to")
    if len(school) > 1:  # its --degree and years would not say which school they belong to
        raise BadInput(
            f"give one --school per edit (got {len(school)}: {', '.join(school)}); "
            "its --degree and years go with it"
        )
    fields = PersonFields(
        name=new_name,
        emails=list(email),
        phone=phone,
        company=company,
        title=title,
        tags=list(tag),
        untags=list(untag),
        linkedin=linkedin,
        met_via=met_via,
        note=note,
        how_met=how_met,
        closeness=closeness,
        clear_closeness=clear_closeness,
        cadence_days=cadence,
        remove_emails=list(remove_email),
        remove_phones=list(remove_phone),
        remove_linkedin=list(remove_linkedin),
        birthday=birthday,
        anniversary=anniversary,
        school=school[0] if school else None,
        degree=degree,
        school_from=school_from,
        school_to=school_to,
        remove_schools=list(remove_school),
    )
    if fields == PersonFields():  # every option left out
        raise BadInput(
            "nothing to change: give at least one option, such as --company or --tag (kith edit --help)"
        )
    with transaction() as session:
        person = resolve(session, name, include_me=True)
        apply_fields(session, person, fields, now=now())
        label = f"{person.name} (#{person.id})"
    console().print(f"Updated {label}", markup=False)


def merge(
    keep: str = typer.Argument(..., help="The person to keep."),
    other: str = typer.Argument(..., help="The duplicate to fold into KEEP (then deleted)."),
) -> None:
    """Merge a duplicate into the person to keep: identities, history, ledger and tags move over.

    Example: kith merge "Jane Doe" "J. Doe"
    """
    from kith.people.lookup import resolve
    from kith.people.merge import merge_people
    from kith.store.db import transaction

    with transaction() as session:
        kept = resolve(session, keep, include_me=True)
        gone = resolve(session, other, include_me=True)
        gone_label = f"{gone.name} (#{gone.id})"
        kept = merge_people(session, kept, gone)
        label = f"{kept.name} (#{kept.id})"
    console().print(f"Merged {gone_label} into {label}", markup=False)


def forget(
    name: str = typer.Argument(..., help="Who to forget."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete without asking."),
) -> None:
    """Delete a person and everything only about them (shared group interactions stay).

    Example: kith forget "Jane Doe" --yes
    """
    from kith.cli.output import confirm
    from kith.people.lookup import describe, resolve
    from kith.people.merge import forget_person
    from kith.store.db import transaction

    with transaction() as session:
        person = resolve(session, name)
        label = describe(person)
        confirm(
            f"Forget {label} and everything only about them?",
            refusal=f"forgetting {label} cannot be undone; add --yes to confirm",
            yes=yes,
        )
        removed = forget_person(session, person)
    parts = ", ".join(f"{n} {kind}" for kind, n in removed.items() if n)
    console().print(f"Forgot {label}" + (f" ({parts})" if parts else ""), markup=False)
