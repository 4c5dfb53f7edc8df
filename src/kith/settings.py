"""One settings object and one data folder.

``KITH_HOME`` (default: the platform's user data folder, via platformdirs) holds the SQLite database and
everything else kith writes. ``KITH_DATABASE_URL`` points kith at another database instead (any SQLAlchemy
URL; PostgreSQL is the intended one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where kith keeps its data."""

    home: Path
    database_url: str

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
    return Settings(home=home, database_url=url)
