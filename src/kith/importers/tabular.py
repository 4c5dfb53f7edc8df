"""Reading CSV files the way importers need them: by column name, strictly, and safely.

- Text must be UTF-8 (a byte-order mark is fine) without NUL bytes; the first bad line is named.
- Lines are read with a cap (``MAX_LINE`` bytes), so a 500 MB file of one line is refused after reading
  one capped line, never loaded whole.
- The header may come after a preamble (LinkedIn's "Notes:" lines): ``find_header`` picks it.
- Columns are found by name, ignoring case, spaces and punctuation, never by position.

Every fatal problem is a ``BadInput("FILE:LINE: what is wrong")``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kith.errors import BadInput

#: the longest line kith reads (bytes); a longer one is an error, not a memory spike
MAX_LINE = 1 << 20
#: how many rows may come before the header (LinkedIn puts a few "Notes:" lines first)
HEADER_SCAN = 30

_BOM = b"\xef\xbb\xbf"
_NON_WORD = re.compile(r"[^a-z0-9]+")

csv.field_size_limit(MAX_LINE)


def column_key(name: str) -> str:
    """ "Connected On", "connected_on" and "CONNECTED ON" all give "connectedon"."""
    return _NON_WORD.sub("", name.replace("\ufeff", "").lower())


class _Lines:
    """Decoded lines of a binary stream, each at most MAX_LINE bytes, counting line numbers."""

    def __init__(self, stream: BinaryIO, label: str, progress: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.label = label
        self.progress = progress
        self.number = 0
        self._pending = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self.stream.readline(MAX_LINE + 1)
        if not raw:
            self._report()
            raise StopIteration
        self.number += 1
        if len(raw) > MAX_LINE:
            raise BadInput(
                f"{self.label}:{self.number}: line longer than {MAX_LINE // 1024} KB; "
                "this is not a CSV file kith can read"
            )
        if self.number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if self.number == 1 and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise BadInput(f"{self.label}:1: the file is UTF-16 text; save it as UTF-8")
        if b"\x00" in raw:
            raise BadInput(
                f"{self.label}:{self.number}: contains NUL bytes; this is binary data, not CSV text"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(
                f"{self.label}:{self.number}: not UTF-8 text (byte {exc.start + 1} of the line)"
            ) from None
        self._pending += len(raw)
        if self._pending >= 1 << 16:
            self._report()
        return text

    def _report(self) -> None:
        if self.progress is not None and self._pending:
            self.progress(self._pending)
        self._pending = 0


@dataclass
class Table:
    """A CSV file after its header: ``rows`` yields (line number, cells)."""

    label: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]

    def column(self, *names: str, required: bool = False) -> int | None:
        """The index of the first column called one of ``names`` (None, or BadInput when required)."""
        keys = [column_key(h) for h in self.header]
        for name in names:
            wanted = column_key(name)
            if wanted in keys:
                return keys.index(wanted)
        if required:
            raise BadInput(f"{self.label}: missing required column {names[0]!r}")
        return None


def cell(row: list[str], index: int | None) -> str:
    """The stripped value of a column (empty when the column is absent or the row is short)."""
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def read_table(
    stream: BinaryIO,
    label: str,
    *,
    find_header: Callable[[list[str]], bool] | None = None,
    expected: str = "",
    progress: Callable[[int], None] | None = None,
) -> Table:
    """Open a CSV stream: find its header (the first row, or the first ``find_header`` accepts)."""
    lines = _Lines(stream, label, progress)
    reader = csv.reader(lines, strict=False)

    def next_row() -> list[str] | None:
        try:
            return next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise BadInput(f"{label}:{lines.number}: {exc}") from None

    header: list[str] | None = None
    for _ in range(HEADER_SCAN):
        row = next_row()
        if row is None:
            break
        if not any(c.strip() for c in row):
            continue
        if find_header is None or find_header([column_key(c) for c in row]):
            header = [c.strip().lstrip("\ufeff") for c in row]
            break
    if header is None:
        what = "is empty" if lines.number == 0 else "has no header row kith recognises"
        hint = f" (expected columns: {expected})" if expected else ""
        raise BadInput(f"{label}:{max(lines.number, 1)}: {what}{hint}")

    def rows() -> Iterator[tuple[int, list[str]]]:
        while True:
            row = next_row()
            if row is None:
                return
            if len(row) > 1 or (row and row[0].strip()):  # blank lines are not rows
                yield lines.number, row

    return Table(label, header, rows())
