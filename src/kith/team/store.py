"""The team's own tables, in the PostgreSQL schema ``kith_team`` beside the members' schemas.

- ``account``: a member (email, unique whatever its case; role ``admin`` or ``member``; the Argon2 hash
  of their password; when they were added; the schema of their private kith).
- ``web_session``: a browser's login. Only the SHA-256 of its id is stored, so a copy of the table logs
  nobody in; it expires ``SESSION_DAYS`` after it was last used.
- ``api_token``: a script's bearer token, likewise stored as its SHA-256; revoked, never deleted, so
  that ``kith team tokens`` still lists it.
- ``login_failure``: each failed login (the email tried and when), to bound the attempts per email.
- ``member_person``: what each member's kith shares of each of their people (name, company, title, the
  keys that identify them, the member's tie: strength, circle, last contact); ``member_publish``: the
  fingerprint of the member's kith when it was last published (``kith.team.directory``).
- ``colleague_ask``: a member's request to a colleague for an introduction to someone the colleague
  knows (``kith.team.requests``), with its state: asked, accepted, declined or withdrawn.
- ``shared_item``: a note or an interaction a member shared with the team (``kith.team.sharing``): which
  one, never a copy of it (it is read from the member's kith, as it is now, when shown).
- ``directory_person``: one shared record per person, made from the members' records of them, and
  ``directory_member``: which members' records it was made from.

The tables are built from ``TEAM`` (SQLAlchemy metadata) by ``migrate``, which records the version it
built in ``team_version``; a later change adds a step there. It runs under the team's advisory lock, so
two processes set up a new team once, and running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
    select,
    text,
)

from kith.errors import BadInput, StoreError
from kith.settings import Settings
from kith.store.db import ping_when_idle
from kith.store.locks import write_lock_sql

SCHEMA = "kith_team"
#: the version ``migrate`` builds; a new one adds a step to ``_STEPS``
VERSION = 2
ROLES = ("admin", "member")

TEAM = MetaData(schema=SCHEMA)

team_version = Table("team_version", TEAM, Column("version", Integer, nullable=False))

account = Table(
    "account",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("schema_name", String(63), nullable=False, unique=True),
)
Index("account_email_key", func.lower(account.c.email), unique=True)

web_session = Table(
    "web_session",
    TEAM,
    Column("id_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
)

api_token = Table(
    "api_token",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked", Boolean, nullable=False, server_default=text("false")),
)

login_failure = Table(
    "login_failure",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("email_key", String(320), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("login_failure_email_at", "email_key", "at"),
)

member_person = Table(
    "member_person",
    TEAM,
    Column("account_id", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), primary_key=True),
    Column("local_id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("company", String(300)),
    Column("title", String(300)),
    Column("keys", String(4000), nullable=False),
    Column("strength", Float, nullable=False),
    Column("circle", String(40), nullable=False),
    Column("last_contact", DateTime(timezone=True)),
)

directory_person = Table(
    "directory_person",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("company", String(300)),
    Column("company_key", String(300), index=True),
    Column("title", String(300)),
)

directory_member = Table(
    "directory_member",
    TEAM,
    Column(
        "person_id",
        Integer,
        ForeignKey(directory_person.c.id, ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("account_id", Integer, primary_key=True),
    Column("local_id", Integer, primary_key=True),
)

colleague_ask = Table(
    "colleague_ask",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("from_account", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), nullable=False, index=True),
    Column("to_account", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", Integer, nullable=False),
    Column("person_name", String(300), nullable=False),
    Column("note", String(2000)),
    Column("state", String(16), nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("answered_at", DateTime(timezone=True)),
    Column("answer", String(2000)),
)

shared_item = Table(
    "shared_item",
    TEAM,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("local_id", Integer, nullable=False),
    Column("shared_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "kind", "local_id", name="shared_item_once"),
)

member_publish = Table(
    "member_publish",
    TEAM,
    Column("account_id", Integer, ForeignKey(account.c.id, ondelete="CASCADE"), primary_key=True),
    Column("fingerprint", String(2000), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
)

_engines: dict[str, Engine] = {}


def require_postgresql(settings: Settings) -> None:
    """BadInput unless kith's database (``KITH_DATABASE_URL``) is PostgreSQL, as a team needs."""
    if not settings.database_url.startswith("postgresql"):
        raise BadInput(
            "team mode needs PostgreSQL: set KITH_DATABASE_URL=postgresql+psycopg://USER@HOST/DATABASE"
        )


def team_engine(settings: Settings, *, autocommit: bool = False) -> Engine:
    """The engine of the team's tables (cached per database URL); ``autocommit``: one whose connections
    commit each statement on their own (``team_statements``)."""
    require_postgresql(settings)
    key = f"{settings.database_url} autocommit" if autocommit else settings.database_url
    engine = _engines.get(key)
    if engine is None:
        from sqlalchemy import create_engine

        options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
        engine = _engines[key] = ping_when_idle(create_engine(settings.database_url, **options))
    return engine


def dispose_team_engines() -> None:
    """Close every cached team engine (tests call this between databases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def version(conn: Connection) -> int | None:
    """The version of the team's tables in this database (None: no team here)."""
    exists = conn.execute(
        text("SELECT to_regclass(:name) IS NOT NULL"), {"name": f"{SCHEMA}.team_version"}
    ).scalar()
    return conn.execute(select(func.max(team_version.c.version))).scalar() if exists else None


def migrate(settings: Settings) -> None:
    """Create the team's schema and tables, or bring them up to ``VERSION`` (nothing when they are)."""
    engine = team_engine(settings)
    with engine.begin() as conn:
        conn.execute(text(write_lock_sql(SCHEMA)))
        found = version(conn)
        if found is not None and found > VERSION:
            raise StoreError(f"the team's tables are at version {found}, newer than this kith; upgrade kith")
        if found == VERSION:
            return
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        TEAM.create_all(conn)
        conn.execute(team_version.delete())
        conn.execute(team_version.insert().values(version=VERSION))


def require_team(settings: Settings) -> None:
    """BadInput unless kith's database is PostgreSQL holding a team with its accounts."""
    require_postgresql(settings)
    if not is_initialised(settings):
        raise BadInput("this database has no team yet: start one with kith team init --email EMAIL")


def holds_team(settings: Settings) -> bool:
    """Whether this PostgreSQL database holds a team's tables (one quick look; False when it cannot
    be reached: the command's own opening of the database says why)."""
    try:
        with team_engine(settings).connect() as conn:
            return version(conn) is not None
    except Exception:
        return False


def is_initialised(settings: Settings) -> bool:
    """Whether this database holds a team with at least one account."""
    with team_engine(settings).connect() as conn:
        if version(conn) is None:
            return False
        return bool(conn.execute(select(func.count()).select_from(account)).scalar())


def copy_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Add ``rows`` (each a dict of the same columns) to ``table`` with PostgreSQL's ``COPY``, in the
    transaction of ``conn``: a publication writes tens of thousands of rows, which an ``INSERT`` per row
    (what a list of parameters becomes) took seconds to send."""
    if not rows:
        return
    columns = list(rows[0])
    cursor = conn.connection.cursor()
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY {SCHEMA}."{table.name}" ({names}) FROM STDIN') as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row([row[c] for c in columns])
    finally:
        cursor.close()


@contextmanager
def team_statements(settings: Settings) -> Iterator[Connection]:
    """A connection to the team's tables on which each statement commits on its own (autocommit): no
    BEGIN and COMMIT round trips around the look-ups every request makes (the member of its token or
    session). Only for work whose statements need no transaction together. Its connections are made
    that way once (an engine of their own), not switched to it and back on every use."""
    with team_engine(settings, autocommit=True).connect() as conn:
        yield conn


@contextmanager
def team_transaction(settings: Settings, *, lock: bool = False) -> Iterator[Connection]:
    """A transaction on the team's tables, committed at the end of the block. ``lock``: hold the team's
    write lock (adding or removing an account: the last admin, a first ``init``, stay decided once)."""
    with team_engine(settings).begin() as conn:
        if lock:
            conn.execute(text(write_lock_sql(SCHEMA)))
        yield conn
