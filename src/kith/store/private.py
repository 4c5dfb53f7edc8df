"""kith's data folder belongs to the user alone: the folder is 0700 and every file kith writes in it 0600.

The database (``kith.db``) is created empty with mode 0600 before SQLite opens it; SQLite gives its
``-wal`` and ``-shm`` files the database file's mode, so they are private too, whatever the umask. The
web's signing secret is written 0600 as well. A data folder made by an older kith (0755, its files
0644) is tightened when the database is opened, with a one-line notice on stderr, so that other
accounts on the machine cannot read the network stored in it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from kith.errors import StoreError
from kith.settings import Settings

FOLDER_MODE = 0o700
FILE_MODE = 0o600
#: what kith writes in its data folder besides the database named by the settings
HOME_FILES = ("kith.db", "kith.db-wal", "kith.db-shm", "web-secret")


def private_folder(path: Path) -> None:
    """Create the folder ``path`` (and any missing parent) readable by the user only."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {path}: {exc.strerror or exc}") from exc


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (SQLite takes an empty file as a new database)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror or exc}") from exc


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite ``url``; None for another database or one in memory."""
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_private(settings: Settings) -> None:
    """Before the database is opened: its folder and file created private, or tightened when other
    users could read them (saying so on stderr)."""
    database = sqlite_file(settings.database_url)
    if database is not None:
        private_folder(database.parent)
        private_file(database)
    files = [settings.home / name for name in HOME_FILES]
    if database is not None:
        files += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    if _tighten(settings.home, FOLDER_MODE) | any([_tighten(f, FILE_MODE) for f in files]):
        sys.stderr.write(
            f"notice: kith's data in {settings.home} was readable by other users; "
            "it is now private to you (folder 0700, files 0600)\n"
        )


def _tighten(path: Path, mode: int) -> bool:
    """Take away what group and others may do with ``path``; True when there was something to take."""
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
        if not current & 0o077:
            return False
        os.chmod(path, current & mode)
    except OSError:  # missing, or not ours to change: nothing to do
        return False
    return True
