"""Killing kith with SIGKILL at chosen moments, and telling what it left: the helpers of test_crash.py
and benchmarks/crash.py.

A run copies a prepared home, starts a kith process on it, kills it (``kill -9``) after a delay, and
reads what the database holds: ``PRAGMA integrity_check`` and a digest of every table but the derived
caches (``*_cache``), to compare with the state before and after the work.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

#: the loop of `kith log` commands a commit run kills: prints "ack N" once log N has returned
LOG_LOOP = """
import sys
from kith.cli import app
for i in range(int(sys.argv[1])):
    try:
        app(["log", "coffee", "Jane Doe", "--note", f"crash-log-{i}"])
    except SystemExit as done:
        if done.code not in (0, None):
            print(f"failed {i} {done.code}", flush=True)
            continue
    print(f"ack {i}", flush=True)
"""


def linkedin_export(path: Path, connections: int, messages: int, seed: int = 3) -> Path:
    """A LinkedIn export zip of ``connections`` people and ``messages`` messages (seeded, dated)."""
    rng = random.Random(seed)
    people = [
        (f"Crash{i} Person{i % 89}", f"https://www.linkedin.com/in/crash-{i:05d}") for i in range(connections)
    ]
    conn = io.StringIO()
    out = csv.writer(conn, lineterminator="\n")
    out.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for (name, url), i in zip(people, range(connections), strict=True):
        first, last = name.split(" ")
        out.writerow([first, last, url, "", f"Company {i % 50}", "Engineer", f"{1 + i % 28} Mar 2024"])
    msgs = io.StringIO()
    out = csv.writer(msgs, lineterminator="\n")
    out.writerow(
        ["CONVERSATION ID", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS", "DATE", "CONTENT"]
    )
    me = ("Ada Lovelace", "https://www.linkedin.com/in/ada-lovelace")
    for j in range(messages):
        other = people[rng.randrange(connections)]
        sender, recipient = (me, other) if j % 2 else (other, me)
        when = f"2025-{1 + j % 12:02d}-{1 + j % 28:02d} {j % 24:02d}:{j % 60:02d}:00 UTC"
        out.writerow([f"c{j % 700}", sender[0], sender[1], recipient[0], recipient[1], when, f"message {j}"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("Connections.csv", conn.getvalue()), ("messages.csv", msgs.getvalue())):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 6, 1, 12, 0, 0)), text)
    return path


def digest(home: Path) -> str | None:
    """A digest of every row of every table but the caches; None when there is no database yet."""
    database = home / "kith.db"
    if not database.exists():
        return None
    with closing(sqlite3.connect(database)) as db:
        tables = [
            t
            for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not t.endswith("_cache") and not t.startswith("sqlite_")
        ]
        h = hashlib.sha256()
        for table in tables:
            h.update(table.encode())
            for row in sorted(repr(r) for r in db.execute(f'SELECT * FROM "{table}"')):
                h.update(row.encode())
    return h.hexdigest()


def rows_in(home: Path, table: str) -> int:
    with closing(sqlite3.connect(home / "kith.db")) as db:
        try:
            return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        except sqlite3.OperationalError:  # the schema was not created yet
            return 0


def holds_data(home: Path) -> bool:
    """Whether any table but the caches and the schema's version holds a row."""
    if not (home / "kith.db").exists():
        return False
    with closing(sqlite3.connect(home / "kith.db")) as db:
        tables = [
            t
            for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not t.endswith("_cache") and t != "alembic_version" and not t.startswith("sqlite_")
        ]
        return any(db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)


def integrity(home: Path) -> str:
    if not (home / "kith.db").exists():
        return "ok"
    with closing(sqlite3.connect(home / "kith.db")) as db:
        return "; ".join(r for (r,) in db.execute("PRAGMA integrity_check"))


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "KITH_HOME": str(home), "KITH_NOW": "2026-06-15T12:00:00+00:00", "TZ": "UTC"}
    env.pop("KITH_DATABASE_URL", None)
    return env


def kith_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kith", *args]


@dataclass
class Run:
    killed: bool  # False: it had finished before the moment came
    seconds: float  # from the start to the end (or the kill)
    output: str
    #: seconds from when ``start_when`` held (the moment is counted from there) to the end
    after_start: float = 0.0


def writing(home: Path) -> Callable[[], bool]:
    """A condition: the database's write-ahead log holds a frame (a writer has begun its transaction's
    writes; the log is empty or absent before)."""
    log = home / "kith.db-wal"

    def started() -> bool:
        try:
            return log.stat().st_size > 32  # past the log's header
        except FileNotFoundError:
            return False

    return started


def printed(child: subprocess.Popen, text: str, lines: list[str]) -> Callable[[], bool]:
    """A condition: the child printed a line starting with ``text`` (lines read go to ``lines``)."""

    def seen() -> bool:
        assert child.stdout is not None
        line = child.stdout.readline()
        if line:
            lines.append(line)
        return line.startswith(text) or not line

    return seen


def run_and_kill(
    command: list[str], home: Path, delay: float | None, *, start_when: str | None = None
) -> Run:
    """Run ``command`` on ``home``; SIGKILL it ``delay`` seconds after it starts (None: let it finish),
    or after ``start_when`` holds: "writing" (its first write reached the log) or "ack" (it printed one)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    began = start
    if start_when is not None:
        condition = writing(home) if start_when == "writing" else printed(child, start_when, lines)
        while not condition() and child.poll() is None:
            if time.perf_counter() - start > 300:
                child.kill()
                raise AssertionError(f"{command[-1]}: never got to {start_when!r}")
            if start_when == "writing":
                time.sleep(0.005)
        began = time.perf_counter()
    killed = False
    try:
        child.wait(timeout=delay if delay is not None else 600)
    except subprocess.TimeoutExpired:
        if delay is None:
            raise
        os.kill(child.pid, signal.SIGKILL)
        killed = True
    output, _ = child.communicate()
    end = time.perf_counter()
    return Run(killed, end - start, "".join(lines) + output, end - began)


def fresh_copy(template: Path, target: Path) -> Path:
    """A copy of the home ``template`` (closed, its log checkpointed) at ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def moments(seed: int, count: int, longest: float) -> list[float]:
    """``count`` seeded moments between 0 and ``longest`` seconds, in a random order."""
    rng = random.Random(seed)
    return [rng.uniform(0.05, longest) for _ in range(count)]
