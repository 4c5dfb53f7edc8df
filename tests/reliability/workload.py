"""Many kith processes on one home at once: the load behind tests/reliability and benchmarks/concurrency.py.

A real server (``kith serve``'s app, its two worker processes, on a port the system chose), command-line
writers (each a loop of ``python -m kith log coffee ...``, one process per log, as a person or a script
runs it), API writers (``POST /api/interactions``) and page readers, all on one SQLite file. Every write
carries a unique note, so afterwards each acknowledged write (exit status 0, HTTP 201) can be looked up.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

#: the person every write logs a coffee with
PERSON = "Jane Doe"
#: what readers ask for, in turn (the person's page is added once the id is known)
READ_PATHS = ("/", "/api/people", "/people", "/api/dashboard")


@dataclass
class Attempt:
    """One write or read: what was asked, how it ended (exit status or HTTP status), how long it took."""

    what: str
    status: int
    seconds: float
    message: str = ""
    started: float = 0.0


@dataclass
class Outcome:
    cli: list[Attempt] = field(default_factory=list)
    web: list[Attempt] = field(default_factory=list)
    reads: list[Attempt] = field(default_factory=list)

    def failures(self) -> list[Attempt]:
        return (
            [a for a in self.cli if a.status != 0]
            + [a for a in self.web if a.status != 201]
            + [a for a in self.reads if a.status != 200]
        )

    def acknowledged(self) -> list[str]:
        """The notes of every write kith said it stored."""
        return [a.what for a in self.cli if a.status == 0] + [a.what for a in self.web if a.status == 201]


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KITH_HOME": str(home), **extra}
    env.pop("KITH_DATABASE_URL", None)
    return env


def start_kith(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``kith ARGS`` in a process of its own (the interpreter running this, so no wrapper's start-up)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kith", *args],
        env=env or environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_kith(home: Path, *args: str, env: dict[str, str] | None = None) -> Attempt:
    started = time.monotonic()
    process = start_kith(home, *args, env=env)
    _out, err = process.communicate()
    return Attempt(" ".join(args), process.returncode, time.monotonic() - started, err.strip(), started)


@contextmanager
def server(
    home: Path, *, workers: int = 2, env: dict[str, str] | None = None, log_to: Path | None = None
) -> Iterator[str]:
    """kith's web app served by uvicorn as ``kith serve`` runs it, on a port bound here (port 0: the
    system picks a free one) and handed to the server, so no other program can take it meanwhile. The
    server's own log (workers started, restarted, errors) goes to ``log_to`` (default: server.log in
    the home)."""
    from kith.web.security import install_secret

    install_secret(home)  # once, before the worker processes would race to create it
    log_to = log_to or home / "server.log"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener, log_to.open("w+b") as log:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(256)
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "--fd", str(listener.fileno()), "--workers", str(workers),
                "--factory", "kith.web.server:app_from_environment", "--log-level", "info",
                "--no-access-log",
            ],
            env=env or environment(home),
            pass_fds=[listener.fileno()],
            stdout=subprocess.DEVNULL,
            stderr=log,  # a file, not a pipe: a server writing to a pipe nobody reads would stall
        )  # fmt: skip
        try:
            _wait_for(base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/api/csrf", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"the server did not start: {log.read().decode(errors='replace')}")
        time.sleep(0.2)


def cli_writer(
    home: Path, name: str, logs: int, into: list[Attempt], env: dict[str, str] | None = None
) -> None:
    """``logs`` coffees, one ``kith log`` process after another, each noted ``NAME-i``."""
    for i in range(logs):
        attempt = run_kith(home, "log", "coffee", PERSON, "--note", f"{name}-{i}", env=env)
        attempt.what = f"{name}-{i}"
        into.append(attempt)


def web_writer(
    base: str, name: str, until: threading.Event, into: list[Attempt], most: int | None = None
) -> None:
    """Coffees through the API, each noted ``NAME-i``, until ``until`` is set (or ``most`` are sent)."""
    with httpx.Client(base_url=base, timeout=300) as client:
        token = client.get("/api/csrf").json()["token"]
        i = 0
        while not until.is_set() and (most is None or i < most):
            note = f"{name}-{i}"
            started = time.monotonic()
            try:
                response = client.post(
                    "/api/interactions",
                    json={"kind": "coffee", "names": [PERSON], "note": note},
                    headers={"X-CSRF-Token": token},
                )
                status, message = response.status_code, response.text[:300]
            except httpx.HTTPError as exc:
                status, message = 0, repr(exc)
            into.append(Attempt(note, status, time.monotonic() - started, message, started))
            i += 1


def reader(base: str, paths: list[str], until: threading.Event, into: list[Attempt]) -> None:
    """Page after page (HTML and API) until ``until`` is set."""
    with httpx.Client(base_url=base, timeout=300) as client:
        i = 0
        while not until.is_set():
            path = paths[i % len(paths)]
            started = time.monotonic()
            try:
                status, message = client.get(path).status_code, ""
            except httpx.HTTPError as exc:
                status, message = 0, repr(exc)
            into.append(Attempt(path, status, time.monotonic() - started, message, started))
            i += 1


def seed(home: Path) -> int:
    """A home with the user and the person every write logs with; returns that person's id."""
    for args in (("me", "--name", "Ada Lovelace"), ("add", PERSON, "--email", "jane@acme.example")):
        done = run_kith(home, *args)
        if done.status != 0:
            raise RuntimeError(f"kith {' '.join(args)}: {done.message}")
    with closing(sqlite3.connect(home / "kith.db")) as conn:
        return conn.execute("SELECT id FROM person WHERE name = ?", (PERSON,)).fetchone()[0]


def run_load(
    home: Path,
    base: str,
    person_id: int,
    *,
    cli_writers: int,
    cli_logs: int,
    web_writers: int,
    readers: int,
    web_most: int | None = None,
) -> Outcome:
    """Everything at once: API writers and readers run until the command-line writers are done (or,
    with ``web_most``, until each API writer has sent that many too)."""
    outcome = Outcome()
    done = threading.Event()
    paths = [*READ_PATHS, f"/people/{person_id}", f"/api/people/{person_id}"]
    web_threads = [
        threading.Thread(target=web_writer, args=(base, f"web{w}", done, outcome.web, web_most))
        for w in range(web_writers)
    ] + [threading.Thread(target=reader, args=(base, paths, done, outcome.reads)) for _ in range(readers)]
    cli_threads = [
        threading.Thread(target=cli_writer, args=(home, f"cli{w}", cli_logs, outcome.cli))
        for w in range(cli_writers)
    ]
    for thread in web_threads + cli_threads:
        thread.start()
    for thread in cli_threads:
        thread.join()
    if web_most is not None:
        for thread in web_threads[:web_writers]:
            thread.join()
    done.set()
    for thread in web_threads:
        thread.join()
    return outcome


def stored_notes(home: Path) -> Counter[str]:
    """How many interactions carry each note (interactions without one are left out)."""
    with closing(sqlite3.connect(home / "kith.db")) as conn:
        rows = conn.execute("SELECT notes, count(*) FROM interaction WHERE notes IS NOT NULL GROUP BY notes")
        return Counter(dict(rows.fetchall()))


def integrity(home: Path) -> str:
    """SQLite's own check of the whole file: "ok", or what is wrong."""
    with closing(sqlite3.connect(home / "kith.db")) as conn:
        return ", ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
