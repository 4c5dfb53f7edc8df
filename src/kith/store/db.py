"""Open kith's database: create the engine, apply pending migrations, hand out transactions.

SQLite (the default, at ``$KITH_HOME/kith.db``) runs in WAL mode with foreign keys on and a busy timeout,
and every transaction starts with an explicit ``BEGIN`` so a command is all or nothing. Alembic is
imported only when the stored schema revision differs from ``HEAD_REVISION`` (kept quick for ``kith log``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, inspect, text
from sqlalchemy.orm import Session

from kith.errors import StoreError
from kith.settings import Settings, get_settings

#: The newest migration; a test checks it equals Alembic's head.
HEAD_REVISION = "0010"

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

_engines: dict[str, Engine] = {}


def known_revision(revision: str) -> bool:
    """Whether this kith has the migration ``revision`` (an older or the current schema, not a newer)."""
    return revision.isdigit() and (MIGRATIONS_DIR / "versions" / f"{revision}.py").is_file()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself, so reads and writes share one transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """A new engine for ``url`` with kith's connection settings (no migrations applied)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data folder {Path(path).parent}: {exc.strerror}"
                ) from exc
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ArgumentError:
            raise StoreError(
                "KITH_DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/kith)"
            ) from None
        except (NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"KITH_DATABASE_URL {_safe_url(url)}: no driver for it is installed ({exc})"
            ) from None
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
    """Apply migrations up to ``revision`` (each in its own transaction)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s")
    return config


def open_engine(settings: Settings | None = None) -> Engine:
    """The engine for the configured database, migrated to the current schema (cached per URL)."""
    settings = settings or get_settings()
    url = settings.database_url
    engine = _engines.get(url)
    if engine is not None:
        return engine
    engine = make_engine(url)
    try:
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
    _engines[url] = engine
    return engine


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def dispose_engines() -> None:
    """Close every cached engine (tests and servers call this between databases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def transaction(settings: Settings | None = None) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back entirely on any error."""
    session = Session(open_engine(settings), expire_on_commit=False)
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def rows(session: Session, stmt: Executable, params: dict | None = None) -> CursorResult:
    """Run a Core statement built once (with bound parameters) on the session's connection.

    For the hot read paths of the web pages and listings: building a ``select`` and passing it through
    the ORM session cost several times what SQLite takes to answer it. Pending ORM changes are flushed
    first, as ``Session.execute`` does, so the rows include them."""
    session.flush()
    return session.connection().execute(stmt, params or {})
