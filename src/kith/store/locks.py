"""kith's write lock and who holds it: the lock every writer takes, and what a writer that gave up
waiting is told.

On SQLite the lock is the database's own (``BEGIN IMMEDIATE``); on PostgreSQL it is a transaction-level
advisory lock (``WRITE_LOCK``, in its two-key form per schema, so that a team's members never wait for
each other). A long writer (an import, a restore) says what it is while it holds the lock: a note beside
the SQLite file, its connection's ``application_name`` on PostgreSQL; a writer that gives up waiting
reads it back (``writer``) and names it (``busy_message``). ``kith.store.db`` hands out the transactions.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from kith.settings import BUSY_TIMEOUT_ENV

#: the execution option that names an engine's schema (None: the database's default one)
SCHEMA = "kith_schema"
#: SQLite's SQLITE_BUSY (its extended codes share the low byte): another connection holds the write lock
SQLITE_BUSY = 5
#: PostgreSQL: the advisory lock every write transaction takes first ("kith" in ASCII)
WRITE_LOCK = 0x6B697468
#: PostgreSQL's SQLSTATE for a lock not granted within ``lock_timeout``
LOCK_NOT_AVAILABLE = "55P03"
#: the prefix of a long writer's ``application_name`` on PostgreSQL (what the SQLite note holds)
HOLDER_PREFIX = "kith writer: "


def schema_lock_key(schema: str) -> int:
    """The second key of a schema's advisory write lock: a stable signed 32-bit number of its name."""
    key = zlib.crc32(schema.encode())
    return key - (1 << 32) if key >= 1 << 31 else key


def write_lock_sql(schema: str | None, *, wait: bool = True) -> str:
    """The statement that takes the write lock of the database's default schema, or of ``schema``
    (``wait=False``: only if it is free, answering whether it was)."""
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    if schema is None:
        return f"SELECT {function}({WRITE_LOCK})"
    return f"SELECT {function}({WRITE_LOCK}, {schema_lock_key(schema)})"


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked": another connection holds the write lock (or
    wrote since this transaction's first read, which a deferred transaction cannot write after); or
    PostgreSQL's lock timeout, waiting for another writer's advisory lock."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF == SQLITE_BUSY) or getattr(
        orig, "sqlstate", None
    ) == LOCK_NOT_AVAILABLE


def busy_message(engine: Engine, waited_s: float) -> str:
    """The one line for a write that gave up waiting: who holds the lock, when a note says."""
    retry = f"({BUSY_TIMEOUT_ENV}=SECONDS sets the wait)"
    held = writer(engine)
    if held is None:
        return (
            "the database is busy: another kith command or kith serve kept writing to it for longer than "
            f"the {waited_s:g} s wait; try again {retry}"
        )
    holder, pid, seconds = held
    return (
        f"the database is busy: another kith command ({holder}, pid {pid}) has been writing to it for "
        f"{seconds:.0f} s, longer than the {waited_s:g} s wait; try again when it has finished {retry}"
    )


def _note_path(engine: Engine) -> Path | None:
    """Where a long writer notes what it is: beside the SQLite file (``kith.db.writer``)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).with_name(Path(database).name + ".writer")


@contextmanager
def writer_note(session: Session, holder: str | None) -> Iterator[None]:
    """While the block runs (holding the write lock), a note of ``holder``, this process and the time:
    a file beside a SQLite database, the connection's ``application_name`` on PostgreSQL (it reverts
    when the transaction ends)."""
    engine = session.get_bind()
    if holder and engine.dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('application_name', :name, true)"),
            {"name": f"{HOLDER_PREFIX}{os.getpid()} {holder}"[:63]},
        )
    path = _note_path(engine) if holder and isinstance(engine, Engine) else None
    if path is None:
        yield
        return
    import json

    draft = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        draft.write_text(json.dumps({"holder": holder, "pid": os.getpid(), "since": time.time()}))
        os.replace(draft, path)
    except OSError:
        path = None  # only a courtesy to other writers: a folder it cannot be written to stops nothing
        with suppress(OSError):
            draft.unlink()
    try:
        yield
    finally:
        if path is not None:
            with suppress(OSError):
                path.unlink()


def writer(engine: Engine) -> tuple[str, int, float] | None:
    """What holds the write lock as its note says: (``"kith import linkedin"``, pid, seconds so far); None
    when there is no note, or the process that left it has ended."""
    import json

    if engine.dialect.name == "postgresql":
        return _postgresql_writer(engine)
    path = _note_path(engine)
    if path is None:
        return None
    try:
        note = json.loads(path.read_text())
        holder, pid, since = str(note["holder"]), int(note["pid"]), float(note["since"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not _running(pid):
        return None
    return holder, pid, max(0.0, time.time() - since)


def _postgresql_writer(engine: Engine) -> tuple[str, int, float] | None:
    """The long writer that holds this engine's write lock on a PostgreSQL database (of its schema: never
    another member's), from its connection's ``application_name``."""
    schema = engine.get_execution_options().get(SCHEMA)
    if schema is None:  # pg_advisory_xact_lock(bigint): its high and low 32 bits, sub-id 1
        keys = {"high": WRITE_LOCK >> 32, "low": WRITE_LOCK & 0xFFFFFFFF, "form": 1}
    else:  # pg_advisory_xact_lock(int, int): the two keys as unsigned numbers, sub-id 2
        keys = {"high": WRITE_LOCK & 0xFFFFFFFF, "low": schema_lock_key(schema) & 0xFFFFFFFF, "form": 2}
    query = text(
        "SELECT a.application_name, EXTRACT(EPOCH FROM now() - a.xact_start)"
        " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
        " AND l.classid = CAST(:high AS oid) AND l.objid = CAST(:low AS oid) AND l.objsubid = :form"
        " AND a.application_name LIKE :prefix AND a.pid <> pg_backend_pid()"
        " ORDER BY a.xact_start LIMIT 1"
    )
    try:
        with engine.connect() as conn:
            found = conn.execute(query, {**keys, "prefix": HOLDER_PREFIX + "%"}).first()
    except Exception:  # only a courtesy: the busy message goes without a name
        return None
    if found is None:
        return None
    pid, _, holder = found[0].removeprefix(HOLDER_PREFIX).partition(" ")
    return holder, int(pid) if pid.isdigit() else 0, float(found[1] or 0.0)


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return True  # os.kill would end it there; a stale note only names a writer that has gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return False
    return True
