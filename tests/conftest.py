"""Shared test fixtures: every test gets its own KITH_HOME (a real SQLite file) and a fixed clock."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kith.cli import app
from kith.store.db import dispose_engines

#: the fixed "now" every test runs at unless it sets KITH_NOW itself
NOW = "2026-06-15T12:00:00+00:00"

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def kith_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("KITH_HOME", str(home))
    monkeypatch.delenv("KITH_DATABASE_URL", raising=False)
    monkeypatch.setenv("KITH_NOW", NOW)
    monkeypatch.setenv("KITH_DEMO_HOME", str(tmp_path / "demo"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    dispose_engines()
    yield home
    dispose_engines()


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
