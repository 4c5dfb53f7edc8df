"""Many members writing to one team server at once: the load behind tests/team/test_team_concurrency.py
and benchmarks/team_concurrency.py.

A real ``kith serve --team`` (its worker processes, on a free loopback port) and, all at once: writers,
each a member with their own bearer token logging coffees through ``POST /api/interactions``; readers,
other members asking for their dashboard, people list and a person's page; and the admin asking team
reach for the company the writers' person works at (which publishes every member whose kith changed).
Every write carries a unique note (``NAME-i``), so afterwards each acknowledged write (HTTP 201) can be
looked up in the member's own schema, and in nobody else's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from kith.settings import Settings
from kith.team.accounts import add_member
from kith.team.tokens import issue_token

#: the person every member knows and every write logs a coffee with, and where they work
PERSON = "Jane Doe"
COMPANY = "Acme"
#: what a password must be (the accounts are only reached with their tokens)
PASSWORD = "correct horse battery"


@dataclass
class Attempt:
    """One request: what was asked, its HTTP status (0: no answer), how long it took."""

    what: str
    status: int
    seconds: float
    message: str = ""


@dataclass
class Member:
    """A member of the team under load: their email, schema, bearer token and their person's id."""

    email: str
    schema: str
    token: str
    person_id: int = 0

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Outcome:
    #: each writer's writes, by email
    writes: dict[str, list[Attempt]] = field(default_factory=dict)
    #: reads by kind of request: dashboard, people list, person page, team reach
    reads: dict[str, list[Attempt]] = field(default_factory=dict)

    def failures(self) -> list[Attempt]:
        writes = [a for attempts in self.writes.values() for a in attempts if a.status != 201]
        return writes + [a for attempts in self.reads.values() for a in attempts if a.status != 200]

    def acknowledged(self, email: str) -> Counter[str]:
        """The notes of every write kith said it stored for ``email``."""
        return Counter(a.what for a in self.writes[email] if a.status == 201)


def add_members(settings: Settings, emails: list[str]) -> list[Member]:
    """Each email a member of the team (a private kith of their own) with a bearer token."""
    found = []
    for email in emails:
        member = add_member(settings, email, PASSWORD)
        _token, secret = issue_token(settings, email, "load", datetime.now(UTC))
        found.append(Member(email, member.schema, secret))
    return found


def token_of(settings: Settings, email: str) -> str:
    """A new bearer token for an existing member (the admin)."""
    return issue_token(settings, email, "load", datetime.now(UTC))[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def team_server(env: dict[str, str], *, workers: int = 2, log_to: Path) -> Iterator[tuple[str, int]]:
    """``kith serve --team --workers N`` on a free loopback port with ``env`` (KITH_HOME,
    KITH_DATABASE_URL); its base URL and process id once it answers. Its log goes to ``log_to`` (a file: a server
    writing to a pipe nobody reads would stall)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_to.open("w+b") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kith", "serve", "--team", "--workers", str(workers), "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120  # a loaded machine starts it slowly
            while True:
                try:
                    if httpx.get(base + "/api/me", timeout=5).status_code == 401:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"kith serve --team did not start: {log.read().decode(errors='replace')}"
                    )
                time.sleep(0.2)
            yield base, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def seed(base: str, members: list[Member]) -> None:
    """Each member adds the person every write logs with, at ``COMPANY`` (through the API)."""
    for member in members:
        added = httpx.post(
            base + "/api/people",
            json={"name": PERSON, "emails": ["jane@acme.example"], "company": COMPANY, "title": "CTO"},
            headers=member.bearer,
            timeout=120,
        )
        if added.status_code != 201:
            raise RuntimeError(f"adding {PERSON} for {member.email}: {added.status_code} {added.text[:300]}")
        member.person_id = added.json()["person"]["id"]


def writer(base: str, member: Member, name: str, logs: int, into: list[Attempt]) -> None:
    """``logs`` coffees with ``PERSON`` through the API as ``member``, each noted ``NAME-i``."""
    with httpx.Client(base_url=base, timeout=300, headers=member.bearer) as client:
        for i in range(logs):
            note = f"{name}-{i}"
            started = time.monotonic()
            try:
                response = client.post(
                    "/api/interactions", json={"kind": "coffee", "names": [PERSON], "note": note}
                )
                status, message = (
                    response.status_code,
                    response.text[:300] if response.status_code != 201 else "",
                )
            except httpx.HTTPError as exc:
                status, message = 0, repr(exc)
            into.append(Attempt(note, status, time.monotonic() - started, message))


def reader(base: str, member: Member, paths: dict[str, str], until: threading.Event, into: dict) -> None:
    """``paths`` (kind of request: path) in turn as ``member`` until ``until`` is set, each at least once
    (a short load may end before a reader has been round)."""
    with httpx.Client(base_url=base, timeout=300, headers=member.bearer) as client:
        i = 0
        kinds = list(paths)
        while not until.is_set() or i < len(kinds):
            kind = kinds[i % len(kinds)]
            started = time.monotonic()
            try:
                response = client.get(paths[kind])
                status, message = (
                    response.status_code,
                    response.text[:300] if response.status_code != 200 else "",
                )
            except httpx.HTTPError as exc:
                status, message = 0, repr(exc)
            into[kind].append(Attempt(paths[kind], status, time.monotonic() - started, message))
            i += 1


def member_pages(member: Member) -> dict[str, str]:
    """What a reader asks for: their dashboard, their people list and their person's page."""
    return {"dashboard /": "/", "people list": "/people", "person page": f"/people/{member.person_id}"}


def run_load(
    base: str, writers: list[Member], logs: int, readers: list[Member], admin: Member | None
) -> Outcome:
    """Every writer sends ``logs`` coffees at once; the readers (and the admin, asking team reach) read
    until the writers are done."""
    outcome = Outcome(writes={m.email: [] for m in writers})
    kinds = ["dashboard /", "people list", "person page", "team reach"]
    outcome.reads = {kind: [] for kind in kinds}
    done = threading.Event()
    write_threads = [
        threading.Thread(target=writer, args=(base, m, m.email.split("@")[0], logs, outcome.writes[m.email]))
        for m in writers
    ]
    read_threads = [
        threading.Thread(target=reader, args=(base, m, member_pages(m), done, outcome.reads)) for m in readers
    ]
    if admin is not None:
        reach = {"team reach": f"/api/reach?company={COMPANY}"}
        read_threads.append(threading.Thread(target=reader, args=(base, admin, reach, done, outcome.reads)))
    for thread in write_threads + read_threads:
        thread.start()
    for thread in write_threads:
        thread.join()
    done.set()
    for thread in read_threads:
        thread.join()
    return outcome


def stored_notes(url: str, schemas: list[str]) -> dict[str, Counter[str]]:
    """For each member's schema, how many interactions carry each note (those without one left out)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                schema: Counter(
                    dict(
                        conn.execute(
                            text(
                                f'SELECT notes, count(*) FROM "{schema}".interaction'
                                " WHERE notes IS NOT NULL GROUP BY notes"
                            )
                        ).all()
                    )
                )
                for schema in schemas
            }
    finally:
        engine.dispose()


@contextmanager
def scratch_team(admin: str, prefix: str) -> Iterator[tuple[str, Path, Member]]:
    """A team on a throwaway PostgreSQL server (``tests/postgres_server.py``) and a new KITH_HOME, both
    set in this process's environment (benchmarks): the database URL, the home and the admin (with a
    bearer token). The server and the home are removed when the block ends."""
    import shutil
    import tempfile

    from postgres_server import PostgresServer, find_bindir

    from kith.settings import get_settings
    from kith.store.db import dispose_engines
    from kith.team.accounts import init_team
    from kith.team.store import dispose_team_engines

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    postgres = PostgresServer(bindir)
    home = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        url = postgres.url(postgres.create_database())
        os.environ.update({"KITH_HOME": str(home), "KITH_DATABASE_URL": url})
        for name in ("KITH_NOW", "KITH_MEMBER"):
            os.environ.pop(name, None)
        settings = get_settings()
        member = init_team(settings, admin, PASSWORD)
        yield url, home, Member(admin, member.schema, token_of(settings, admin))
    finally:
        dispose_team_engines()
        dispose_engines()
        postgres.stop()
        shutil.rmtree(home, ignore_errors=True)


def machine_load() -> str:
    """What ``uptime`` says: the time, and the machine's load averages."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def server_environment(home: Path, url: str, **extra: str) -> dict[str, str]:
    """The environment of a team server on the database ``url`` with ``home`` as KITH_HOME."""
    return {**os.environ, "KITH_HOME": str(home), "KITH_DATABASE_URL": url, **extra}
