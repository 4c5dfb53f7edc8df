"""Export and backup commands: ``kith export FORMAT`` and ``kith restore BACKUP.json``."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("restore")(restore)


def export(
    fmt: str = typer.Argument(
        ...,
        metavar="FORMAT",
        help="json (a full backup kith restore reads), csv (people with strength and last contact), "
        "vcard (people), ics (interactions and due commitments).",
    ),
    out: Path = typer.Option(
        None, "--out", "-o", help="Write to this file (atomically) instead of standard output."
    ),
) -> None:
    """Export your data to an open format: a full JSON backup, CSV, vCard or iCalendar.

    Example: kith export json --out kith-backup.json   (later: kith restore kith-backup.json)
    """
    from kith.clock import now
    from kith.exporters import exporter, write_text
    from kith.store.db import transaction

    export_to = exporter(fmt)
    with transaction(write=False) as session:
        text = export_to(session, now())
    write_text(text, out)
    if out is not None:
        console().print(f"Exported {fmt.strip().lower()} to {out}", markup=False)


def restore(
    backup: Path = typer.Argument(..., help="A backup made by: kith export json --out FILE."),
) -> None:
    """Rebuild everything from a JSON backup into an empty kith home (KITH_HOME).

    Example: KITH_HOME=~/kith-restored kith restore kith-backup.json
    """
    from kith.exporters.backup import read_backup
    from kith.exporters.backup import restore as restore_backup
    from kith.store.db import transaction
    from kith.store.undo import unjournaled

    data = read_backup(backup)
    from kith.people.core import me_id
    from kith.wording import count

    with transaction(holder="kith restore") as session, unjournaled(session, f"restoring {backup.name}"):
        counts = restore_backup(session, data, str(backup))
        others = counts.get("person", 0) - (
            me_id(session) is not None
        )  # the people, as kith people counts them
    shown = ", ".join(
        [
            count(others, "person"),
            count(counts.get("interaction", 0), "interaction"),
            count(counts.get("favour", 0), "favour"),
        ]
    )
    console().print(f"Restored {backup}: {shown}, {count(sum(counts.values()), 'row')} in all", markup=False)
