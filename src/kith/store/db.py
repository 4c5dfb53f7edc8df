"""Open kith's database: create the engine, apply pending migrations, hand out transactions.

SQLite (the default, at ``$KITH_HOME/kith.db``) runs in WAL mode with foreign keys on, and every transaction
starts with an explicit ``BEGIN`` so a command is all or nothing. Alembic is imported only when the stored
schema revision differs from ``HEAD_REVISION`` (kept quick for ``kith log``).

Several kith processes share one SQLite file (``kith serve``'s workers, commands, an import): readers never
wait for anyone (WAL), and one writer writes at a time. A transaction says which it is: a write
(``transaction()``) starts with ``BEGIN IMMEDIATE``, taking the write lock first and waiting for it up to
the busy timeout (``Settings.busy_timeout_s``, ``KITH_BUSY_TIMEOUT``); a read (``transaction(write=False)``)
starts with a deferred ``BEGIN``. A deferred transaction that read and then wrote would not wait: SQLite
refuses its write at once ("database is locked") when another connection holds or has just used the lock.
A write that still cannot get the lock after the wait raises ``kith.errors.Busy``, naming the holder when
a long writer (an import, a restore) left a note saying what it is (``holder=``).

Within one process (``kith serve`` answers many requests at once, each on a thread) the writers first
queue for the process's own write gate, and only the one at its head waits for SQLite's lock: waiting on
SQLite is polling (each waiter retries every 100 ms or so), so a crowd of threads polling at once would
leave the other processes' writers (a ``kith log``) little chance, and each waiting request would hold a
pooled connection. The gate's wait and SQLite's together stay within the busy timeout. The gate is a
semaphore, not a lock, because a web request's transaction may end on another thread than it began.

PostgreSQL (``KITH_DATABASE_URL=postgresql+psycopg://...``, a team's server) keeps the same contract with
its own means. A write is a plain READ COMMITTED transaction whose first statement takes a
transaction-level advisory lock (``WRITE_LOCK``), waiting for it up to what is left of the busy timeout
(``lock_timeout``; a lock still held then raises ``Busy``); the lock goes with the commit or rollback.
Reads take no lock and never wait (MVCC). kith relies on one writer at a time beyond what row locks
give: the undo journal's newest step is the step being recorded, the strength cache's running sums are
read and rewritten, "find or create" an organisation or a tag reads before it writes; serialising the
writers keeps all of that true on both databases, and kith's writes are short (an import, the longest, is
seconds). While a write with a ``holder`` runs, the server's ``application_name`` of its connection says
what it is, which a writer that gives up reads back from ``pg_stat_activity``.

On a team's server (``kith.team``) each member's private kith is a PostgreSQL schema of its own
(``Settings.schema``, ``kith_member_7``) holding exactly the single-user tables. Its engine's connections
have their ``search_path`` set to that schema alone, so every statement kith runs, the migrations (their
``alembic_version`` too) and the undo journal's functions and triggers included, reads and writes there
and nowhere else. Its writers take the advisory lock in its two-key form (``WRITE_LOCK``, the schema's
key): members' writes never wait for each other, only for the same member's.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from kith.errors import Busy, StoreError
from kith.settings import DEFAULT_BUSY_TIMEOUT_S, Settings, get_settings
from kith.store import compiled
from kith.store.compiled import Rows, compiled_rows
from kith.store.locks import (
    SCHEMA,
    busy_message,
    is_busy,
    write_lock_sql,
    writer_note,
)
from kith.store.private import make_private

#: The newest migration; a test checks it equals Alembic's head.
HEAD_REVISION = "0017"

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: the execution option that marks a write transaction (read by the SQLite ``begin`` listener)
WRITE = "kith_write"
#: the execution option that bounds a write's wait for SQLite's lock, in ms (what the gate's wait left)
WAIT_MS = "kith_wait_ms"
#: what a kith schema may be called on PostgreSQL (a member's: ``kith_member_7``)
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_engines: dict[tuple[str, str | None, float], Engine] = {}
#: each database's (and schema's) write gate in this process (see the module's docstring)
_gates: dict[tuple[str, str | None], threading.BoundedSemaphore] = {}


def known_revision(revision: str) -> bool:
    """Whether this kith has the migration ``revision`` (an older or the current schema, not a newer)."""
    return revision.isdigit() and (MIGRATIONS_DIR / "versions" / f"{revision}.py").is_file()


def _sqlite_pragmas(busy_timeout_s: float):
    def on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself, so reads and writes share one transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")  # first: WAL mode may wait too
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def _sqlite_begin(connection) -> None:
    options = connection.get_execution_options()
    if options.get(WRITE, False):
        if WAIT_MS in options:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(options[WAIT_MS])}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def may_write_now(session: Session) -> bool:
    """Whether a reading transaction may store what it computed (a cache) without waiting: on
    PostgreSQL, readers take no lock, so this takes the write lock if no writer holds it (until the
    transaction ends; its later statements then see every committed write). Without it, a reader's
    write could race a writer's changes to the same rows. SQLite refuses a reader's write by itself
    (busy) while another connection writes: True there, as in a write transaction."""
    connection = session.connection()
    options = connection.get_execution_options()
    if connection.dialect.name != "postgresql" or options.get(WRITE, False):
        return True
    return bool(connection.exec_driver_sql(write_lock_sql(options.get(SCHEMA), wait=False)).scalar())


def _postgresql_begin(lock_sql: str):
    def begin(connection) -> None:
        options = connection.get_execution_options()
        if options.get(WRITE, False):
            wait_ms = max(1, int(options.get(WAIT_MS, DEFAULT_BUSY_TIMEOUT_S * 1000)))
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
            connection.exec_driver_sql(lock_sql)
            connection.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")

    return begin


#: a pooled PostgreSQL connection unused for this many seconds is pinged before it is handed out again
PING_AFTER_IDLE_S = 30.0


def ping_when_idle(engine: Engine) -> Engine:
    """Make ``engine``'s pool check a connection that sat unused for ``PING_AFTER_IDLE_S`` before handing
    it out (SQLAlchemy's ping; a dead one is replaced, as ``pool_pre_ping`` does): a server restarted or a
    connection dropped while kith was idle costs no request. A connection in steady use is not pinged: a
    ping on every checkout was a round trip (and three changes of its autocommit) on every request. Should
    a connection die while in use, the error tells SQLAlchemy to replace every connection made before it."""
    from sqlalchemy.exc import DisconnectionError

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection, record, proxy) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_S:
            return  # just made, or in use a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:  # the driver's errors
            if not engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            alive = False
        if not alive:
            raise DisconnectionError("a pooled connection was closed while it waited")  # the pool retries

    return engine


def check_schema_name(schema: str) -> str:
    """``schema`` when it is a plain lower-case SQL name kith may use; StoreError otherwise."""
    if not SCHEMA_NAME.fullmatch(schema) or schema.startswith("pg_"):
        raise StoreError(f"{schema!r} is not a schema name kith uses (lower-case letters, digits, _)")
    return schema


def make_engine(
    url: str, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S, schema: str | None = None
) -> Engine:
    """A new engine for ``url`` with kith's connection settings (no migrations applied); on SQLite a write
    waits up to ``busy_timeout_s`` seconds for another connection's write to end. ``schema`` (PostgreSQL
    only): every connection works in that schema alone (its ``search_path``)."""
    if schema is not None and url.startswith("sqlite"):
        raise StoreError("a schema of its own (team mode) needs PostgreSQL, not SQLite")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data folder {Path(path).parent}: {exc.strerror}"
                ) from exc
        # a file has no limit of connections: a request never waits for one from the pool
        engine = create_engine(url, max_overflow=-1) if path and path != ":memory:" else create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_s))
        event.listen(engine, "begin", _sqlite_begin)
    else:
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        connect_args = {}
        if schema is not None:
            connect_args["options"] = f"-c search_path={check_schema_name(schema)}"
        try:
            engine = create_engine(url, connect_args=connect_args, execution_options={SCHEMA: schema})
        except ArgumentError:
            raise StoreError(
                "KITH_DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/kith)"
            ) from None
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"KITH_DATABASE_URL {_safe_url(url)}: no driver for it is installed ({exc})"
            ) from None
        if engine.dialect.name == "postgresql":
            ping_when_idle(engine)
            event.listen(engine, "begin", _postgresql_begin(write_lock_sql(schema)))
        elif schema is not None:
            raise StoreError("a schema of its own (team mode) needs PostgreSQL")
    return engine


def stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None for an empty database)."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:
            conn.rollback()
            if "alembic_version" in inspect(conn).get_table_names():
                raise
            return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (each in its own transaction). It holds the write lock from the
    start, so that two processes opening a new database one after the other migrate it once."""
    from alembic import command

    config = alembic_config()
    bind = engine.execution_options(**{WRITE: True})
    with bind.connect() as conn, _foreign_key_actions_off(conn), conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        _check_foreign_keys(conn)


@contextmanager
def _foreign_key_actions_off(conn) -> Iterator[None]:
    """On SQLite, foreign keys off while migrations run (outside their transaction: SQLite ignores the
    switch inside one). A migration that rebuilds a table (Alembic's batch mode: copy, drop, rename)
    would otherwise delete, or empty the references of, every row that refers to the table it drops."""
    raw = conn.connection.dbapi_connection if conn.dialect.name == "sqlite" else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn) -> None:
    """On SQLite, refuse (roll back) migrations that left a row referring to one that is not there."""
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            raise StoreError(f"a migration left a {broken[0]} row referring to a missing {broken[2]} row")


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s")
    return config


def open_engine(settings: Settings | None = None) -> Engine:
    """The engine for the configured database, migrated to the current schema (cached per URL and wait)."""
    settings = settings or get_settings()
    url = settings.database_url
    engine = _engines.get((url, settings.schema, settings.busy_timeout_s))
    if engine is not None:
        return engine
    make_private(settings)
    engine = make_engine(url, busy_timeout_s=settings.busy_timeout_s, schema=settings.schema)
    try:
        if settings.schema is not None:
            create_schema(url, settings.schema)
        revision = stored_revision(engine)
    except Exception as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200] or exc.__class__.__name__
        raise StoreError(f"cannot open the database at {_safe_url(url)}: {reason}") from exc
    if revision != HEAD_REVISION:
        if revision is not None and not known_revision(revision):
            raise StoreError(
                f"the database at {_safe_url(url)} is at schema {revision}, newer than this kith; upgrade kith"
            )
        upgrade(engine)
    _engines[url, settings.schema, settings.busy_timeout_s] = engine
    return engine


def create_schema(url: str, schema: str) -> None:
    """Create ``schema`` unless it exists, holding its write lock (two processes create it once). On a
    connection of its own: the schema's engine must not connect before its schema exists, or it would
    take the database's default schema to be none."""
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(write_lock_sql(schema))
            conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{check_schema_name(schema)}"')
    finally:
        engine.dispose()


def forget_engine(url: str, schema: str) -> None:
    """Close and forget this process's engines of ``schema`` (a removed member's)."""
    for key in [k for k in _engines if k[0] == url and k[1] == schema]:
        _engines.pop(key).dispose()
    _gates.pop((url, schema), None)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def dispose_engines() -> None:
    """Close every cached engine (tests and servers call this between databases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def transaction(
    settings: Settings | None = None, *, write: bool = True, holder: str | None = None
) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back entirely on any error.

    ``write`` (the default): the block may change data, so it takes the write lock as it starts, waiting
    for another writer up to the busy timeout (``Busy`` if that writer is still at it). ``write=False``: the
    block only reads; it never waits, and sees the data as of its first read. ``holder``: what this write
    is, for a long one (``"kith import linkedin"``): while it holds the lock a note beside the database
    says so, and a writer that gives up waiting names it."""
    settings = settings or get_settings()
    engine = open_engine(settings)
    gate = (
        _gates.setdefault((str(engine.url), settings.schema), threading.BoundedSemaphore(1))
        if write
        else None
    )
    started = time.monotonic()
    if gate is not None and not gate.acquire(timeout=settings.busy_timeout_s):
        raise Busy(busy_message(engine, settings.busy_timeout_s))
    try:
        bind = engine
        if write:
            left_ms = max(1, int((settings.busy_timeout_s - (time.monotonic() - started)) * 1000))
            bind = engine.execution_options(**{WRITE: True, WAIT_MS: left_ms})
        session = Session(bind, expire_on_commit=False)
        try:
            with session.begin():
                if write:
                    session.connection()  # BEGIN IMMEDIATE now: the wait for the lock is here, not mid-way
                with writer_note(session, holder if write else None):
                    yield session
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            raise Busy(busy_message(engine, settings.busy_timeout_s)) from exc
        except PoolTimeout as exc:  # every pooled connection of a server kept busy (PostgreSQL's pool)
            raise Busy(busy_message(engine, settings.busy_timeout_s)) from exc
        finally:
            session.close()
    finally:
        if gate is not None:
            gate.release()


#: the tables a large import fills: their planner statistics are gathered again after one (PostgreSQL)
IMPORTED_TABLES = (
    "person",
    "identity",
    "organisation",
    "role",
    "connection",
    "interaction",
    "interaction_participant",
    "favour",
    "invitation",
    "education",
)


def refresh_statistics(settings: Settings | None = None) -> None:
    """After a large import on PostgreSQL: gather the planner's statistics of the tables it filled
    (``ANALYZE``), in the kith's own schema, so that the next queries are planned for their new size
    (the server's autovacuum would, a while later). Nothing to do on SQLite, which plans without them."""
    settings = settings or get_settings()
    engine = open_engine(settings)
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"ANALYZE {', '.join(IMPORTED_TABLES)}")
        conn.commit()


def reads_only(session: Session) -> bool:
    """Whether ``session`` is a reading transaction (``transaction(write=False)``: a GET's), which
    changes none of the user's data: what it read once it may keep for the rest of the request."""
    return not session.connection().get_execution_options().get(WRITE, False)


#: the escape character of ``holding``'s patterns (``column.like(pattern, escape=LIKE_ESCAPE)``)
LIKE_ESCAPE = "/"


def holding(text: str) -> str:
    """A LIKE pattern for the values that hold ``text`` as it is (its ``%``, ``_`` and ``/`` escaped with
    ``LIKE_ESCAPE``): what SQLAlchemy's ``contains(text, autoescape=True)`` builds, as a value to bind
    to a statement built once."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def rows_together(session: Session, wanted: list[tuple[Any, dict]]) -> list[Rows]:
    """The rows of several selects built once, none depending on another's (``rows``'s way), on the
    session's connection: on PostgreSQL in one round trip (``kith.store.compiled.rows_together``)."""
    session.flush()
    return compiled.rows_together(session.connection(), wanted)


def rows(session: Session, stmt: Executable, params: dict | None = None) -> Rows | CursorResult:
    """Run a Core statement built once (with bound parameters) on the session's connection.

    For the hot read paths of the web pages and listings: building a ``select`` and passing it through
    the ORM session cost several times what SQLite takes to answer it, and a select runs compiled once,
    on the driver's cursor (``kith.store.compiled``). Pending ORM changes are flushed first, as
    ``Session.execute`` does, so the rows include them."""
    session.flush()
    connection = session.connection()
    found = compiled_rows(connection, stmt, params or {})
    return found if found is not None else connection.execute(stmt, params or {})
