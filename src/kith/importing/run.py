"""Storing what importers read: one function for every format, one transaction, idempotent.

``run_import`` runs a parser (``kith.importers.registry``) and hands what it yields to
``store_records``, which resolves people (``kith.importing.people_index``: same email, phone or profile
URL is the same person; same name at the same company is proposed as a duplicate, never merged) and
writes in bulk (``kith.importing.writer``), updating known people instead of copying them.

- **Idempotency.** Interactions, favours and invitations carry ``source`` + ``external_id``; when a file
  has no ids, a stable one is derived from the content, so importing the same file twice adds nothing.
- **All or nothing.** Everything happens in one transaction; a fatal ``BadInput`` from the parser, even
  at the last line, leaves the database untouched. ``dry_run`` does all the work, then rolls back.
- **Fast.** Existing identities, roles, connections and external ids are loaded into dicts once, and new
  rows are written every ``BATCH`` records with Core ``executemany``, never a query per row.
- **Not undoable.** An import is not journaled row by row (``kith.store.undo.unjournaled``): it clears
  the undo history, and ``kith undo`` then says there is nothing to undo since the import.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.importers.records import ImportOptions, Record
from kith.importing.bulk import raw_sqlite
from kith.importing.summary import ImportSummary
from kith.importing.writer import Writer
from kith.people.identities import guess_identity_kind, name_key, normalize_identity
from kith.settings import Settings

#: records written per bulk insert
BATCH = 5000
#: the SQLite page cache of an import, in KB: 16 MB holds the indexes' hot pages; 64 MB saved about 3% of
#: the LinkedIn benchmark's CPU for 43 MB more peak memory (docs/performance.md)
IMPORT_CACHE_KB = 16 * 1024


def store_records(
    session: Session,
    records: Iterable[Record],
    *,
    source: str,
    options: ImportOptions,
    now: datetime,
    summary: ImportSummary,
) -> ImportSummary:
    """Write what a parser yields into ``session`` (the caller owns the transaction)."""
    writer = Writer(session, source, summary, options, now)
    for n, record in enumerate(records):
        writer.add(record)
        if not n & 255 and writer.pending() >= BATCH:  # counting pending rows costs; a batch may run over
            writer.flush()
    writer.finish()
    session.flush()
    summary.region = options.region
    summary.phones_placed = len(writer.people.phones_placed)
    summary.phones_unplaced = len(writer.people.phones_unplaced)
    return summary


def import_options(session: Session, me: Sequence[str], now: datetime) -> ImportOptions:
    """Who the user is (stored identities plus ``--me`` values), for parsers to tell the user apart."""
    from kith.people.lookup import get_me, phone_region

    options = ImportOptions(now=now, region=phone_region(session))
    stored = get_me(session)
    if stored is not None:
        options.me_emails += stored.emails()
        options.me_linkedin += [i.value for i in stored.identities if i.kind == "linkedin"]
        if stored.name and name_key(stored.name) != "me":
            options.me_names.append(name_key(stored.name))
    for value in me:
        kind = guess_identity_kind(value)
        if kind is None and "@" in value and " " not in value.strip():
            raise BadInput(f"--me {value!r} is not an email address")
        if kind in ("email", "linkedin"):
            target = options.me_emails if kind == "email" else options.me_linkedin
            target.append(normalize_identity(kind, value))
        elif value.strip():
            options.me_names.append(name_key(value))
    return options


class _DryRun(Exception):
    pass


def run_import(
    fmt: str,
    path: Path | str,
    *,
    settings: Settings | None = None,
    me: Sequence[str] = (),
    dry_run: bool = False,
    now: datetime,
    progress: bool = True,
) -> ImportSummary:
    """Import ``path`` in format ``fmt`` in one transaction; see the module docstring."""
    from kith.importers.registry import parser_for
    from kith.store.db import refresh_statistics, transaction
    from kith.store.undo import unjournaled

    parse = parser_for(fmt)
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    summary = ImportSummary(format=fmt.strip().lower(), path=str(path), dry_run=dry_run)
    try:
        with (
            _collector_paused(),
            transaction(settings, holder=f"kith import {summary.format}") as session,
            _import_cache(session),
            unjournaled(session, f"the import of {path.name} ({summary.format})"),
        ):
            options = import_options(session, me, now)
            with _progress_bar(path, enabled=progress) as advance:
                options.progress = advance
                store_records(
                    session,
                    parse(path, options),
                    source=summary.format,
                    options=options,
                    now=now,
                    summary=summary,
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        return summary
    except OSError as exc:
        raise BadInput(f"{exc.filename or path}: {exc.strerror or exc}") from None
    refresh_statistics(settings)
    return summary


@contextmanager
def _import_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for the import (``IMPORT_CACHE_KB``), then the connection's own again
    (a server keeps it).

    Bulk inserts into several indexes thrash the default 2 MB; the pragma is not transactional, and is set
    back on the raw connection so that it is restored even when the import fails.
    """
    raw = raw_sqlite(session)
    if raw is None:
        yield
        return
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size={int(before)}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during an import.

    An import allocates millions of short-lived objects that reference counting frees anyway, and every
    collection walks the large lookup dicts: about a fifth of a big import's time, measured.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _progress_bar:
    """A Rich progress bar on stderr for long files (only when stderr is a terminal)."""

    MIN_BYTES = 1 << 20

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled, self.progress = path, enabled, None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console

            console = Console(stderr=True)
            total = _input_size(self.path) if console.is_terminal else 0
            if total >= self.MIN_BYTES:
                from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

                self.progress = Progress(
                    "[progress.description]{task.description}",
                    BarColumn(),
                    DownloadColumn(),
                    TimeRemainingColumn(),
                    console=console,
                    transient=True,
                )
                self.progress.start()
                task = self.progress.add_task(f"importing {self.path.name}", total=total)
                return lambda n: self.progress.advance(task, n)
        return None

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def _input_size(path: Path) -> int:
    """Bytes a parser will read: a folder's files, a zip's uncompressed members, or the file."""
    import zipfile

    from kith.importers.archive import expanded_size

    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        if zipfile.is_zipfile(path):
            return expanded_size(path)
        return path.stat().st_size
    except OSError:
        return 0
