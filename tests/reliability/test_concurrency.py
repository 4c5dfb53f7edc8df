# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""Several kith processes on one home: writers wait their turn, readers never wait, nothing is lost.

The load test runs a real server (two worker processes), command-line writers and API writers and readers
at once on one SQLite file; ``benchmarks/concurrency.py`` runs the same at full size and times it. The other
tests hold the database's write lock themselves, to see a writer wait, and give up with a clear message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import assert_user_error
from web_client import api_client, csrf_from
from workload import PERSON, integrity, run_load, server, start_kith, stored_notes

from kith.store.db import transaction

LINUX = Path("/proc/self/fd").is_dir()


def _seed(kith_cli) -> int:
    kith_cli("me", "--name", "Ada Lovelace")
    kith_cli("add", PERSON, "--email", "jane@acme.example")
    kith_cli("add", "Sam Lee")
    return kith_cli("people", "--search", "jane", "--json").json()[0]["id"]


def test_writers_and_readers_at_once_all_succeed_and_every_write_is_stored(kith, kith_home):
    person = _seed(kith)
    with server(kith_home) as base:
        outcome = run_load(kith_home, base, person, cli_writers=3, cli_logs=3, web_writers=2, readers=1)
    failures = outcome.failures()
    assert not failures, "\n".join(f"{a.what}: {a.status} {a.message}" for a in failures[:10])
    assert len(outcome.cli) == 9 and outcome.web and outcome.reads
    acknowledged = outcome.acknowledged()
    assert stored_notes(kith_home) == Counter(acknowledged)  # each acknowledged write stored, once
    assert integrity(kith_home) == "ok"


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has the file open (Linux)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.skipif(not LINUX, reason="pauses a process and reads its open files from /proc")
def test_kith_log_during_a_large_import_waits_for_it_and_succeeds(kith, kith_home, tmp_path):
    """The import is paused while it holds the write lock, so that the logs surely arrive during it."""
    from kith.sample import make_network, write_export

    export = write_export(make_network(3, datetime(2026, 6, 1, tzinfo=UTC), connections=3000), tmp_path)
    _seed(kith)
    database, note = kith_home / "kith.db", kith_home / "kith.db.writer"
    importer = start_kith(kith_home, "import", "linkedin", str(export), "--no-progress")
    while not note.exists():
        assert importer.poll() is None, importer.communicate()
        time.sleep(0.005)
    importer.send_signal(signal.SIGSTOP)
    try:
        assert note.exists(), "the import ended before it could be paused"
        assert json.loads(note.read_text())["holder"] == "kith import linkedin"
        logs = [start_kith(kith_home, "log", "call", PERSON, "--note", f"during-{i}") for i in range(2)]
        for log in logs:
            while not _has_open(log.pid, database) and log.poll() is None:
                time.sleep(0.02)
        time.sleep(0.5)  # time enough to fail at once, as a write without waiting did
        assert [log.poll() for log in logs] == [None, None], [log.communicate() for log in logs]
    finally:
        importer.send_signal(signal.SIGCONT)
    out, err = importer.communicate()
    assert importer.returncode == 0, err
    assert "people" in out and "added" in out
    for log in logs:
        out, err = log.communicate()
        assert log.returncode == 0 and err == "", err
        assert out.startswith("Logged call with Jane Doe")
    assert stored_notes(kith_home) == Counter(["during-0", "during-1"])
    assert not note.exists()
    assert integrity(kith_home) == "ok"


def test_a_write_that_cannot_get_the_lock_in_time_exits_2_naming_the_holder(kith, monkeypatch):
    _seed(kith)
    with transaction(holder="kith import linkedin"):
        monkeypatch.setenv("KITH_BUSY_TIMEOUT", "0.2")
        result = kith("log", "coffee", PERSON, "--note", "refused", expect=2)
    assert_user_error(
        result,
        "database is busy",
        f"(kith import linkedin, pid {os.getpid()})",
        "try again",
        "KITH_BUSY_TIMEOUT",
    )
    assert "refused" not in kith("export", "json").stdout


def test_a_note_left_by_an_ended_process_names_nobody(kith, kith_home, monkeypatch):
    _seed(kith)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(ended.stdout)
    with transaction():
        (kith_home / "kith.db.writer").write_text(
            json.dumps({"holder": "kith restore", "pid": pid, "since": time.time()})
        )
        monkeypatch.setenv("KITH_BUSY_TIMEOUT", "0.1")
        result = kith("add", "Late Comer", expect=2)
    assert_user_error(result, "database is busy", "another kith command or kith serve", "try again")
    assert "kith restore" not in result.stderr


def test_the_web_answers_503_with_retry_after_while_the_database_stays_busy(kith, monkeypatch):
    person = _seed(kith)
    monkeypatch.setenv("KITH_BUSY_TIMEOUT", "0.2")
    api = api_client()
    form = api.get("/log")
    with transaction(holder="kith import linkedin"):
        refused = api.post("/api/interactions", json={"kind": "coffee", "names": [PERSON], "note": "refused"})
        page = api.post(
            "/log",
            data={"csrf_token": csrf_from(form.text), "kind": "coffee", "names": PERSON, "note": "refused"},
            headers={"Accept": "text/html"},
        )
        read = api.get(f"/api/people/{person}")  # reads answer meanwhile
    assert refused.status_code == 503 and refused.headers["Retry-After"].isdigit()
    body = refused.json()
    assert (
        body["status"] == 503 and "kith import linkedin" in body["detail"] and "try again" in body["detail"]
    )
    assert page.status_code == 503 and "Retry-After" in page.headers
    assert "text/html" in page.headers["content-type"] and "kith import linkedin" in page.text
    assert read.status_code == 200 and read.json()["person"]["name"] == PERSON
    again = api.post("/api/interactions", json={"kind": "coffee", "names": [PERSON], "note": "later"})
    assert again.status_code == 201


def test_reads_do_not_wait_for_a_writer_and_score_as_they_would_after(kith, monkeypatch):
    """A command that only reads answers while another process writes, even when the strength figures
    it would store are out of date: it scores from the rows and stores nothing."""
    _seed(kith)
    kith("log", "coffee", PERSON, "--when", "2026-06-01")
    kith("log", "call", "Sam Lee", "--when", "2026-05-01", "--inbound")
    monkeypatch.setenv("KITH_BUSY_TIMEOUT", "30")  # a read that waited would take this long, then fail
    with transaction(holder="kith import linkedin"):
        during = kith("people", "--json").json()
        agenda = kith("agenda", "--json").json()
    after = kith("people", "--json").json()  # stores the figures this time
    assert during == after and all(p["strength"] is not None for p in during)
    assert agenda == kith("agenda", "--json").json()


def test_the_wait_must_be_a_number_of_seconds(kith, monkeypatch):
    monkeypatch.setenv("KITH_BUSY_TIMEOUT", "a while")
    assert_user_error(kith("people", expect=2), "KITH_BUSY_TIMEOUT", "seconds")
