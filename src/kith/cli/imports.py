"""Import commands: ``kith import FORMAT PATH`` and ``kith duplicates``."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console, print_json


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("duplicates")(duplicates)


def import_file(
    fmt: str = typer.Argument(
        ..., metavar="FORMAT", help="linkedin, interactions, vcard, google, calendar or mbox."
    ),
    path: Path = typer.Argument(
        ..., metavar="PATH", help="The file; for linkedin the export's .zip as downloaded, or its folder."
    ),
    me: list[str] = typer.Option(
        [], "--me", help="Who you are in the file: your email, profile URL, name or log key (repeatable)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be imported; write nothing."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    no_progress: bool = typer.Option(False, "--no-progress", help="Do not show a progress bar."),
) -> None:
    """Import people and history from a file, all or nothing; importing it again adds nothing.

    Ends with a summary that accounts for every row: added, updated (and matched by what), unchanged,
    merged, skipped with reasons. The same email or profile URL is the same person; a shared phone under
    another name, or the same name at the same company, is proposed as a duplicate (see kith
    duplicates), never merged. A LinkedIn export's Profile.csv is you: it names you when kith does not
    know your name yet, and the summary says so when kith knows you by another (kith me --name ...
    reconciles them). The rules: docs/importing.md.

    Example: kith import linkedin ~/Downloads/Basic_LinkedInDataExport.zip --dry-run
    """
    from kith.clock import now
    from kith.importing.run import run_import

    summary = run_import(fmt, path, me=me, dry_run=dry_run, now=now(), progress=not no_progress)
    if json_out:
        print_json(summary.as_dict())
        return
    out = console()
    head = "Would import" if dry_run else "Imported"
    out.print(
        f"{head} {summary.format} {summary.path}" + (" (dry run: nothing written)" if dry_run else ""),
        markup=False,
    )
    for line in summary.lines():
        out.print(line, markup=False)


def duplicates(
    dismiss: int = typer.Option(
        None, "--dismiss", metavar="ID", help="Mark proposal ID as two different people."
    ),
    show_all: bool = typer.Option(False, "--all", help="Include dismissed proposals."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List people who might be the same person (proposed by imports); merge them with kith merge.

    Example: kith duplicates   then   kith merge "#12" "#40"   or   kith duplicates --dismiss 3
    """
    from kith.people.duplicates import dismiss as dismiss_proposal
    from kith.people.duplicates import proposal_record, proposals
    from kith.store.db import transaction

    with transaction(write=dismiss is not None) as session:
        if dismiss is not None:
            proposal = dismiss_proposal(session, dismiss)
            label = f"#{proposal.id}: {proposal.person_a.name} and {proposal.person_b.name}"
        else:
            records = [proposal_record(p) for p in proposals(session, include_dismissed=show_all)]
    if dismiss is not None:
        console().print(f"Dismissed proposal {label} (they stay two people)", markup=False)
        return
    if json_out:
        print_json(records)
        return
    out = console()
    if not records:
        out.print("No duplicate proposals.", markup=False)
        return
    for r in records:
        flag = " (dismissed)" if r["dismissed"] else ""
        out.print(f"#{r['id']}{flag}  {r['a']['label']}  <->  {r['b']['label']}", markup=False)
        out.print(f'      {r["reason"]}; merge: kith merge "#{r["a"]["id"]}" "#{r["b"]["id"]}"', markup=False)
