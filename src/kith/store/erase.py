"""Deleted data gone from the database files, not merely unlinked: what ``kith forget`` relies on.

SQLite marks a deleted row's space free but leaves its bytes in the page, and older copies of changed
pages sit in the write-ahead log until it is reused; a row updated to a different size leaves its old
copy behind the same way. So after the transaction that forgets someone commits, ``erase_freed_space``
rewrites the database with ``VACUUM`` (every page written anew from the live rows; free pages and
fragments dropped) and empties the write-ahead log with a ``TRUNCATE`` checkpoint. ``-shm`` holds only
the log's index (page numbers), never row data.

``PRAGMA secure_delete`` alone (zeroing what the transaction deletes) is cheaper on a large home, but it
cannot reach the stale copies that earlier updates left in free space: measured in docs/reliability.md.

Other databases (PostgreSQL) reclaim deleted rows with their own vacuum; kith leaves that to them.
"""

from __future__ import annotations

import sys

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session


def erase_after_commit(session: Session) -> None:
    """Erase the freed space once ``session``'s transaction commits (never if it rolls back)."""
    event.listen(session, "after_commit", _after_commit, once=True)


def _after_commit(session: Session) -> None:
    engine = session.get_bind()
    if isinstance(engine, Engine):
        try:
            erase_freed_space(engine)
        except Exception as exc:  # the rows are deleted; say that their bytes may still be on disk
            sys.stderr.write(
                f"warning: the deleted data could not be overwritten on disk yet ({exc}); "
                "it will be when kith forget or VACUUM next runs\n"
            )


def erase_freed_space(engine: Engine) -> None:
    """Rewrite a SQLite database without its free space and empty its write-ahead log."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert connection is not None
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()
