"""Exporters: everything kith holds, out to open formats.

- ``json``: a full, versioned backup of every table (``kith.exporters.backup``); ``kith restore`` reads
  it back into an empty home, and exporting again gives the same file byte for byte.
- ``csv``: people with their strength, circle and last contact (``kith.exporters.people_csv``).
- ``vcard``: people as vCard 3.0 cards (``kith.exporters.vcard``).
- ``ics``: interactions as events and open commitments with a due date as to-dos (``kith.exporters.ics``).

Each exporter is ``export(session, now) -> str``; ``write_text`` puts the result on stdout or, atomically,
in a file.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kith.errors import BadInput

#: format name -> module under kith.exporters (each exposes ``export(session, now) -> str``)
FORMATS: dict[str, str] = {"json": "backup", "csv": "people_csv", "vcard": "vcard", "ics": "ics"}


def exporter(fmt: str) -> Callable[[Session, datetime], str]:
    """The export function for ``fmt``; BadInput naming the known formats otherwise."""
    module = FORMATS.get(fmt.strip().lower())
    if module is None:
        raise BadInput(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return importlib.import_module(f"kith.exporters.{module}").export


def write_text(text: str, out: Path | None) -> None:
    """Write ``text`` to stdout, or to ``out`` atomically (a temporary file renamed into place).

    A target that exists but is not a regular file (``/dev/stdout``, a pipe, a device) is written
    directly: renaming over it would replace the device itself. A symlink to a file is followed.
    """
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(out)
    if target.is_dir():
        raise BadInput(f"{target}: is a folder; give a file name with --out")
    if target.exists() and not target.resolve().is_file():
        try:
            with open(target, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        except OSError as exc:
            raise BadInput(f"{target}: cannot write there ({exc.strerror or exc})") from None
        return
    target = target.resolve() if target.is_symlink() else target
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"{target}: the folder {folder} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BadInput(f"{target}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise BadInput(f"{target}: cannot write there ({exc.strerror or exc}); nothing was written") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
