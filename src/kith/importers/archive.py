"""Zip archives read safely: what an archive may expand to is capped before anything is decompressed.

An export is a zip of a few CSV files; a hostile one (a "zip bomb") is small on disk and huge once
expanded, or holds millions of entries whose directory alone fills memory. Before kith reads a zip:

- its directory, read from the end-of-central-directory record without parsing it, may list at most
  ``MAX_ENTRIES`` files in at most ``MAX_DIRECTORY`` bytes (a LinkedIn export has a few dozen);
- the members kith reads may expand to ``MAX_EXPANDED`` bytes in all;
- each of them larger than ``RATIO_FROM`` bytes may expand to at most ``MAX_RATIO`` times its compressed
  size (CSV text compresses about 5 to 1; bombs do by hundreds or thousands to 1).

The sizes the directory declares bind: Python's ``zipfile`` never returns more bytes than a member
declares, and checks the member's CRC at its end. Anything over a limit is a ``BadInput`` naming the
archive and the limit.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

from kith.errors import BadInput

#: files listed in an archive's directory, at most
MAX_ENTRIES = 10_000
#: bytes of the archive's directory, at most (a directory entry is 46 bytes plus its name)
MAX_DIRECTORY = 4 << 20
#: what the members kith reads may expand to, in all
MAX_EXPANDED = 1 << 30
#: how many times its compressed size a member may expand to...
MAX_RATIO = 100
#: ...once it expands to more than this (a small file may compress very well)
RATIO_FROM = 1 << 20

_END = b"PK\x05\x06"
_END_SIZE = 22


def _directory(path: Path) -> tuple[int, int] | None:
    """(entries, directory bytes) from the end-of-central-directory record; None when there is none."""
    with open(path, "rb") as stream:
        stream.seek(0, 2)
        size = stream.tell()
        start = max(0, size - (_END_SIZE + 0xFFFF))  # the record, then a comment of up to 64 KB
        stream.seek(start)
        tail = stream.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < _END_SIZE:
        return None
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    return entries, directory


def open_zip(path: Path, label: str) -> zipfile.ZipFile:
    """The archive at ``path``, once its directory is known to be of a sane size."""
    found = _directory(path)
    if found is not None:
        entries, directory = found
        if entries == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64: more than 65,534 files or 4 GB
            raise BadInput(f"{label}: the zip is too large for an export (a ZIP64 archive)")
        if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
            raise BadInput(
                f"{label}: the zip lists {entries:,} files; an export has a few dozen (kith reads up to "
                f"{MAX_ENTRIES:,})"
            )
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BadInput(f"{label}: not a readable zip file ({exc})") from None


def check_expansion(label: str, members: Iterable[zipfile.ZipInfo]) -> None:
    """BadInput when the members kith will read expand beyond the limits of this module."""
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadInput(
                f"{label}:{info.filename}: expands {info.file_size // max(info.compress_size, 1):,} times "
                f"(to {info.file_size >> 20:,} MB); kith refuses members that expand over {MAX_RATIO} times "
                "their size (a zip bomb, not an export)"
            )
    if total > MAX_EXPANDED:
        raise BadInput(
            f"{label}: expands to {total >> 20:,} MB; kith reads exports of up to {MAX_EXPANDED >> 20:,} MB "
            "unzipped"
        )


def expanded_size(path: Path) -> int:
    """The bytes the archive at ``path`` expands to (0 when it is not a zip or is over the limits)."""
    try:
        with open_zip(path, path.name) as archive:
            infos = archive.infolist()
            check_expansion(path.name, infos)
            return sum(info.file_size for info in infos)
    except (BadInput, OSError):
        return 0
