"""One settings object and one data folder.

``KITH_HOME`` (default: the platform's user data folder, via platformdirs) holds the SQLite database and
everything else kith writes. ``KITH_DATABASE_URL`` points kith at another database instead (any SQLAlchemy
URL; PostgreSQL is the intended one). ``KITH_BUSY_TIMEOUT`` (seconds) is how long a write waits while another
kith process writes to the same SQLite database. On a team's PostgreSQL database (``kith team``),
``KITH_MEMBER=EMAIL`` makes the commands work in that member's private kith.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

#: how long a write waits for another kith process's write to end: longer than a large import takes
DEFAULT_BUSY_TIMEOUT_S = 60.0
BUSY_TIMEOUT_ENV = "KITH_BUSY_TIMEOUT"
#: on a team's database: the email of the member whose private kith the commands work in
MEMBER_ENV = "KITH_MEMBER"


@dataclass(frozen=True)
class Settings:
    """Where kith keeps its data."""

    home: Path
    database_url: str
    #: seconds a write waits for the database's write lock before giving up with ``kith.errors.Busy``
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S
    #: PostgreSQL only: the schema holding this kith (a team member's private kith, ``kith_member_7``);
    #: None: the database's default schema, as for one user
    schema: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_home() -> Path:
    """The platform's user data folder for kith."""
    from platformdirs import user_data_path

    return user_data_path("kith", appauthor=False)


def get_settings() -> Settings:
    """Read the settings from the environment (called at the edge, never cached across tests)."""
    home_env = os.environ.get("KITH_HOME")
    home = Path(home_env).expanduser() if home_env else default_home()
    url = os.environ.get("KITH_DATABASE_URL") or f"sqlite:///{home / 'kith.db'}"
    return Settings(home=home, database_url=url, busy_timeout_s=_busy_timeout(), schema=_schema.get())


#: the schema the running command works in: a team member's private kith, chosen by the command line
#: from ``KITH_MEMBER`` (``kith.cli``); None: the database's own, as for one user
_schema: ContextVar[str | None] = ContextVar("kith_schema", default=None)


@contextmanager
def working_in(schema: str | None) -> Iterator[None]:
    """Within the block, ``get_settings`` opens the kith in ``schema`` (a team member's)."""
    token = _schema.set(schema)
    try:
        yield
    finally:
        _schema.reset(token)


def _busy_timeout() -> float:
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 24 * 3600:
        from kith.errors import BadInput

        raise BadInput(
            f"{BUSY_TIMEOUT_ENV} must be a number of seconds from 0 to 86400, e.g. 60 (not {raw!r})"
        )
    return seconds
