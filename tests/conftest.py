"""Shared test fixtures: every test gets its own KITH_HOME (a real SQLite file) and a fixed clock.

``pytest --database postgresql`` runs the same tests on PostgreSQL instead: each test's kith gets a new
database (``KITH_DATABASE_URL``) on a server the run starts itself (``postgres_server``), copied from a
template migrated once. Tests of what only a SQLite file has (its bytes, its pragmas, its file modes) are
marked ``sqlite_only`` and skipped there. The ``database`` fixture gives a test an empty database of each
kind in every run (the migration tests)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import postgres_server
import pytest
from sqlalchemy import Connection
from typer.testing import CliRunner

from kith.cli import app
from kith.store.db import dispose_engines

#: the fixed "now" every test runs at unless it sets KITH_NOW itself
NOW = "2026-06-15T12:00:00+00:00"

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_addoption(parser):
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database kith's tests run on (postgresql: a server the run starts and stops)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: tests what only a SQLite file has (skipped on PostgreSQL)"
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--database") != "postgresql":
        return
    skip = pytest.mark.skip(reason="what it tests belongs to a SQLite file (--database postgresql)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgresql_server():
    """The PostgreSQL server of this test run, started by the first test that asks for it."""
    bindir = postgres_server.find_bindir()
    if bindir is None:
        reason = "no PostgreSQL server binaries (initdb, pg_ctl) on this machine: apt-get install postgresql"
        if os.environ.get(postgres_server.REQUIRE_ENV) == "1":
            pytest.fail(f"{reason} ({postgres_server.REQUIRE_ENV}=1)")
        pytest.skip(reason)
    server = postgres_server.PostgresServer(bindir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgresql_template(postgresql_server) -> str:
    """A database on the server migrated to the current schema, that each test's database copies."""
    from kith.store.db import make_engine, upgrade

    name = postgresql_server.create_database()
    engine = make_engine(postgresql_server.url(name))
    upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The URL of an empty database, once of each kind (SQLite file, PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgresql_server")
    name = server.create_database()
    yield server.url(name)
    dispose_engines()
    server.drop_database(name)


#: team mode's tests: the first admin and a password long enough for the rules (tests only)
TEAM_ADMIN = "ada@firm.example"
TEAM_PASSWORD = "correct horse battery"


@pytest.fixture
def team_database(postgresql_server, monkeypatch) -> Iterator[str]:
    """Team mode's tests run on the run's PostgreSQL server whatever ``--database`` says: the URL of a new,
    empty database, set as ``KITH_DATABASE_URL``."""
    from kith.team.store import dispose_team_engines

    name = postgresql_server.create_database()
    url = postgresql_server.url(name)
    monkeypatch.setenv("KITH_DATABASE_URL", url)
    dispose_engines()
    yield url
    dispose_team_engines()
    dispose_engines()
    postgresql_server.drop_database(name)


@pytest.fixture
def team(team_database, kith) -> str:
    """A team set up with its first admin (``TEAM_ADMIN``, ``TEAM_PASSWORD``); the database URL."""
    kith("team", "init", "--email", TEAM_ADMIN, "--password-stdin", input=TEAM_PASSWORD + "\n")
    return team_database


@pytest.fixture(autouse=True)
def kith_home(request, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("KITH_HOME", str(home))
    monkeypatch.delenv("KITH_DATABASE_URL", raising=False)
    monkeypatch.setenv("KITH_NOW", NOW)
    monkeypatch.setenv("KITH_DEMO_HOME", str(tmp_path / "demo"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    dispose_engines()
    created = None
    if request.config.getoption("--database") == "postgresql" and "sqlite_only" not in request.keywords:
        server = request.getfixturevalue("postgresql_server")
        created = server.create_database(template=request.getfixturevalue("postgresql_template"))
        monkeypatch.setenv("KITH_DATABASE_URL", server.url(created))
    yield home
    dispose_engines()
    if created is not None:
        server.drop_database(created)


@pytest.fixture
def move_home(request, monkeypatch):
    """``move_home(path)``: kith keeps its data in a new, empty home at ``path`` from now on (with
    ``--database postgresql``, in a new database as well), as a user who starts over or restores."""
    made: list[str] = []
    on_postgresql = request.config.getoption("--database") == "postgresql"
    server = request.getfixturevalue("postgresql_server") if on_postgresql else None

    def move(path: Path) -> Path:
        monkeypatch.setenv("KITH_HOME", str(path))
        if server is not None:
            made.append(server.create_database(template=request.getfixturevalue("postgresql_template")))
            monkeypatch.setenv("KITH_DATABASE_URL", server.url(made[-1]))
        dispose_engines()
        return path

    yield move
    dispose_engines()
    for name in made:
        server.drop_database(name)


@contextmanager
def kith_database() -> Iterator[Connection]:
    """A connection to the test's kith database (SQLite or PostgreSQL), outside kith's own transactions:
    to read the journal or write behind kith's back. Committed when the block ends."""
    from kith.settings import get_settings
    from kith.store.db import open_engine

    with open_engine(get_settings()).begin() as conn:
        yield conn


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run ``kith ARGS...`` in-process, the way a user would, and capture what it printed."""
    result = CliRunner().invoke(app, list(args), input=input)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def kith():
    """``kith(*args)`` runs a command; it fails the test (with the output) on a non-zero exit."""

    def invoke(*args: str, expect: int = 0, input: str | None = None) -> Result:
        result = run_cli(*args, input=input)
        assert result.exit_code == expect, (
            f"kith {' '.join(args)} exited {result.exit_code}\nstdout:{result.stdout}\nstderr:{result.stderr}"
        )
        return result

    return invoke


@pytest.fixture
def kith_on(kith, monkeypatch):
    """``kith_on(DAY, *args)`` runs a command as on DAY (2026-01-10): a role entered on an earlier day,
    so that a new company under the fixed clock is a job change, not a same-day correction."""

    def invoke(day: str, *args: str, expect: int = 0, input: str | None = None) -> Result:
        before = os.environ.get("KITH_NOW", NOW)
        monkeypatch.setenv("KITH_NOW", f"{day}T12:00:00+00:00")
        try:
            return kith(*args, expect=expect, input=input)
        finally:
            monkeypatch.setenv("KITH_NOW", before)

    return invoke


def eventually(condition, what: str, seconds: float = 30) -> None:
    """Wait until ``condition()`` holds (background work); fail saying ``what`` did not happen."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)


def counted_pipelines(monkeypatch) -> list:
    """Every psycopg pipeline (reads sent together in one round trip, ``kith.store.compiled.rows_together``)
    entered from now on, one entry a pipeline (the connection)."""
    import psycopg

    entered: list = []
    real = psycopg.Connection.pipeline
    monkeypatch.setattr(psycopg.Connection, "pipeline", lambda self: entered.append(self) or real(self))
    return entered


def assert_user_error(result: Result, *fragments: str) -> None:
    """A bad-input failure: status 2, one stderr line starting 'error:', no traceback."""
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), (fragment, lines[0])


def small_network(kith) -> str:
    """A small network; returns its JSON export, to compare after a refused command."""
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    kith("add", "Sam Lee", "--email", "sam@x.example")
    kith("log", "coffee", "Jane Doe", "--when", "yesterday")
    kith("log", "call", "Sam Lee", "--when", "2026-06-01")
    return kith("export", "json").stdout


def shown(kith, name: str, *options: str) -> dict:
    """``kith show NAME --json``'s person record with the rest of the read model beside it (timeline,
    life events, commitments, ledger) in one dict, as most tests read it."""
    detail = kith("show", name, "--json", *options).json()
    return {**detail["person"], **{k: v for k, v in detail.items() if k != "person"}}


def import_person(name: str, *, linkedin: str, company: str | None = None) -> None:
    """Store one person as an import would (so a namesake at the same company is proposed as a duplicate,
    never merged)."""
    from datetime import datetime

    from kith.importers.records import ImportOptions, PersonRecord, PersonRef
    from kith.importing.run import ImportSummary, store_records
    from kith.store.db import transaction

    at = datetime.fromisoformat(NOW)
    with transaction() as session:
        store_records(
            session,
            [PersonRecord(PersonRef(name=name, linkedin=linkedin), company=company)],
            source="test",
            options=ImportOptions(now=at),
            now=at,
            summary=ImportSummary(format="test", path="-"),
        )


def connections_csv(path: Path, rows: list[list[str]], exported: str) -> str:
    """Write a LinkedIn ``Connections.csv`` of ``rows`` (first, last, URL, email, company, position,
    connected on) dated ``exported`` (the file's time, which dates the job changes an import finds)."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [",".join(row) for row in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp = datetime.fromisoformat(exported).replace(tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return str(path)
