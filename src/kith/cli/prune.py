"""Letting go: prune (the connections to let go of, and why), archive, unarchive."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("prune")(prune)
    app.command("archive")(archive)
    app.command("unarchive")(unarchive)


def prune(
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_file: Path = typer.Option(
        None, "--csv", help="Also write the list as CSV to this file, with each person's profile URL."
    ),
) -> None:
    """List the connections to let go of, each with its reason; nothing is changed.

    Suggested: connections made 2 years ago or more and never in touch; people whose invitation you
    accepted and never met or talked to; people you asked for help who never answered. Never anyone
    with real history: an interaction beyond likes, a favour, a promise, a closeness or liking mark, how
    you met, or help they gave. Archive whom you choose (kith archive NAME...), and use the CSV's
    profile URLs to remove the connection on the platform.

    Example: kith prune --csv let-go.csv
    """
    from kith.clock import now
    from kith.errors import BadInput
    from kith.exporters.prune_csv import prune_csv
    from kith.prune import prune_list
    from kith.store.db import transaction

    if csv_file is not None and csv_file.is_dir():
        raise BadInput(f"--csv needs a file name; {csv_file} is a folder")
    with transaction(write=False) as session:
        listing = prune_list(session, now())
    if csv_file is not None:
        try:
            csv_file.write_text(prune_csv(listing), encoding="utf-8", newline="")
        except OSError as exc:
            raise BadInput(f"cannot write {csv_file}: {exc.strerror}") from None
    if json_out:
        print_json(listing)
        return
    out = console()
    out.print(listing["summary"], markup=False)
    for row in listing["people"]:
        where = f" - {row['profile_url']}" if row["profile_url"] else ""
        out.print(f"  {row['name']} (#{row['id']}){where}", markup=False)
        for reason in row["reasons"]:
            out.print(f"      {reason['text']}", markup=False)
    out.print(listing["known"]["sentence"], markup=False)
    if listing["people"]:
        out.print("Archive whom you choose: kith archive NAME... (kith undo brings them back)", markup=False)
    if csv_file is not None:
        out.print(f"Wrote {csv_file}", markup=False)


def archive(
    names: list[str] = typer.Argument(..., help="Who: one or more names, emails or #ids."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Archive people: hidden from lists, search, the agenda and the counts; nothing is deleted.

    kith people --archived lists them again; kith unarchive NAME brings one back; kith undo undoes.

    Example: kith archive "Jane Doe" "#42"
    """
    from kith.clock import now
    from kith.people.archive import archive_people
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction() as session:
        people = [resolve(session, name) for name in names]
        records = archive_people(session, people, now=now())
    if json_out:
        print_json(records)
        return
    out = console()
    for record in records:
        done = "Archived" if record["changed"] else "Already archived:"
        out.print(f"{done} {record['name']} (#{record['id']})", markup=False)


def unarchive(
    name: str = typer.Argument(..., help="Who: a name, email or #id."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Bring an archived person back into lists, search, the agenda and the counts.

    Example: kith unarchive "Jane Doe"
    """
    from kith.clock import now
    from kith.people.archive import unarchive_person
    from kith.people.lookup import resolve
    from kith.store.db import transaction

    with transaction() as session:
        record = unarchive_person(session, resolve(session, name), now=now())
    if json_out:
        print_json(record)
        return
    done = "Unarchived" if record["changed"] else "Not archived:"
    console().print(f"{done} {record['name']} (#{record['id']})", markup=False)
