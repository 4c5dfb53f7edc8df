"""A throwaway PostgreSQL server for the tests: started once per test session when a test first asks for
it, stopped at the end, its data in a temporary folder.

The machine's own binaries run it (``initdb``, ``pg_ctl``: ``/usr/lib/postgresql/*/bin`` on Debian, or
on the PATH). PostgreSQL refuses to run as root, and the tests run as root in CI, so there the server
runs as the ``postgres`` system user (or ``nobody``), which owns the folder. It listens on a Unix socket
in that folder only: no TCP port, so two test runs on one machine cannot collide. Durability is off
(``fsync``, ``synchronous_commit``, ``full_page_writes``): the data dies with the run anyway. Autovacuum is
off: its background ANALYZE commits transactions of its own at moments no test chooses, which moves the
database's snapshot (``pg_current_snapshot()``) under a test that counts what a request reads after
nothing was written (tests and benchmarks that need statistics run ``ANALYZE`` themselves).

Each test gets a database of its own, copied from a template (``CREATE DATABASE ... TEMPLATE``): the
template is migrated to the current schema once, so a test's database costs a file copy, not 15
migrations. ``pytest-postgresql`` does the same job but starts ``pg_ctl`` as the current user, which
root cannot, and listens on TCP; this module is what it would take, without the wrapping.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

#: set (by .ci/run) to make a machine without PostgreSQL fail the tests that need it instead of skipping
REQUIRE_ENV = "KITH_REQUIRE_POSTGRESQL"


def find_bindir() -> Path | None:
    """The folder of the newest PostgreSQL server binaries on this machine (None: none installed)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None (this user) unless this is root, which PostgreSQL refuses."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a 'postgres' nor a 'nobody' user to run PostgreSQL as")


class PostgresServer:
    """One running server; ``url(name)`` is a SQLAlchemy URL of database ``name`` on it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="kith-pg-"))
        self.data = self.folder / "data"
        self._names = itertools.count(1)
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", "kith", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"
        )
        options = (
            f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200 -c autovacuum=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def _run(self, program: str, *args: str) -> None:
        kwargs: dict = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            cwd=self.folder,
            timeout=120,
            check=False,
            **kwargs,
        )
        if result.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}): {result.stderr}{result.stdout}{tail}"
            )

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://kith@/{database}?host={self.folder}"

    def admin(self):
        """An autocommit connection to the server's ``postgres`` database (CREATE and DROP DATABASE)."""
        import psycopg

        return psycopg.connect(host=str(self.folder), user="kith", dbname="postgres", autocommit=True)

    def create_database(self, template: str = "template0") -> str:
        """A new database copied from ``template``; its name."""
        name = f"kith_test_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
