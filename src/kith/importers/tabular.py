"""Reading CSV files the way importers need them: by column name, strictly, and safely.

- Text must be UTF-8 (a byte-order mark is fine) without NUL bytes; the first bad line is named.
- Bytes are checked a chunk at a time, so a 500 MB file of one line is refused after MAX_LINE bytes,
  never loaded whole, and rows are then parsed by ``csv.reader`` at C speed.
- The header may come after a preamble (LinkedIn's "Notes:" lines): ``find_header`` picks it.
- Columns are found by name, ignoring case, spaces and punctuation, never by position.
- A file cut off is refused, not read as a shorter one: one that ends inside a quoted value, or in the
  middle of a row (no line break after the last row, and fewer values in it than the header has
  columns). A file cut exactly at the end of a row cannot be told from a shorter file.

Every fatal problem is a ``BadInput("FILE:LINE: what is wrong")``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kith.errors import BadInput

#: the longest line kith reads (bytes); a longer one is an error, not a memory spike
MAX_LINE = 1 << 20
#: how many rows may come before the header (LinkedIn puts a few "Notes:" lines first)
HEADER_SCAN = 30

_NON_WORD = re.compile(r"[^a-z0-9]+")

csv.field_size_limit(MAX_LINE)


def column_key(name: str) -> str:
    """ "Connected On", "connected_on" and "CONNECTED ON" all give "connectedon"."""
    return _NON_WORD.sub("", name.replace("\ufeff", "").lower())


class _CheckedBytes(io.RawIOBase):
    """The bytes of a stream, checked a chunk at a time (never a line at a time, which is slow):
    no NUL byte, valid UTF-8, no line longer than MAX_LINE. Problems name the line they are on."""

    def __init__(self, stream: BinaryIO, label: str, progress: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.label = label
        self.progress = progress
        self.lines = 0  # newlines passed so far
        self.run = 0  # bytes since the last newline
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        if not data:
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self._bad_utf8(0)
            return 0
        if self.lines == 0 and self.run == 0 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise BadInput(f"{self.label}:1: the file is UTF-16 text; save it as UTF-8")
        nul = data.find(b"\x00")
        if nul >= 0:
            line = self.lines + data.count(b"\n", 0, nul) + 1
            raise BadInput(f"{self.label}:{line}: contains NUL bytes; this is binary data, not CSV text")
        try:
            self.decoder.decode(data)
        except UnicodeDecodeError as exc:
            self._bad_utf8(max(0, exc.start - len(self.decoder.getstate()[0])), data)
        first = data.find(b"\n")
        if self.run + (first if first >= 0 else len(data)) > MAX_LINE:
            raise BadInput(
                f"{self.label}:{self.lines + 1}: line longer than {MAX_LINE // 1024} KB; "
                "this is not a CSV file kith can read"
            )
        if first >= 0:
            self.lines += data.count(b"\n")
            self.run = len(data) - data.rfind(b"\n") - 1
        else:
            self.run += len(data)
        if self.progress is not None:
            self.progress(len(data))
        buffer[: len(data)] = data
        return len(data)

    def _bad_utf8(self, at: int, data: bytes = b"") -> None:
        line = self.lines + data.count(b"\n", 0, at) + 1
        raise BadInput(f"{self.label}:{line}: not UTF-8 text; save the file as UTF-8")


class _Lines:
    """The lines of a text stream as ``csv.reader`` takes them, keeping those of the last row read (to
    tell a file cut off in its last row from a whole one)."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.row: list[str] = []  # the lines of the row being read
        self.last: list[str] = []  # the lines of the row read before it

    def __iter__(self) -> Iterator[str]:
        for line in self.text:
            self.row.append(line)
            yield line

    def next_row(self) -> None:
        self.last, self.row = self.row, self.last
        self.row.clear()


_FIELD_END = re.compile(r"[,\r\n]")


def ends_inside_quotes(text: str) -> bool:
    """Whether CSV ``text`` ends inside a quoted value, read as ``csv.reader`` reads it (``strict=False``:
    a quote after the start of a value is an ordinary character)."""
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':  # a quoted value: to its closing quote ("" inside it is one quote)
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return True
                if k + 1 < n and text[k + 1] == '"':
                    j = k + 2
                    continue
                i = k + 1
                break
        end = _FIELD_END.search(text, i)  # the rest of the value, quotes and all
        if end is None:
            return False
        i = end.end()
    return False


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
    checked = _CheckedBytes(stream, label, progress)
    text = io.TextIOWrapper(io.BufferedReader(checked, 1 << 16), encoding="utf-8-sig", newline="")
    lines = _Lines(text)
    reader = csv.reader(lines, strict=False)

    def next_row() -> list[str] | None:
        lines.next_row()
        try:
            return next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise BadInput(f"{label}:{reader.line_num}: {exc}") from None

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
        what = "is empty" if reader.line_num == 0 else "has no header row kith recognises"
        hint = f" (expected columns: {expected})" if expected else ""
        raise BadInput(f"{label}:{max(reader.line_num, 1)}: {what}{hint}")

    def rows() -> Iterator[tuple[int, list[str]]]:
        last: list[str] = header
        while True:
            row = next_row()
            if row is None:
                _check_whole(label, reader.line_num, "".join(lines.last), len(last), len(header))
                return
            last = row
            if len(row) > 1 or (row and row[0].strip()):  # blank lines are not rows
                yield reader.line_num, row

    return Table(label, header, rows())


def _check_whole(label: str, line: int, last_row: str, cells: int, columns: int) -> None:
    """BadInput when the file's last row (its text, and how many values it has) shows it was cut off."""
    if ends_inside_quotes(last_row):
        raise BadInput(f"{label}:{line}: the file is cut off inside a quoted value; export it again")
    if last_row.strip() and not last_row.endswith(("\n", "\r")) and cells < columns:
        raise BadInput(
            f"{label}:{line}: the file is cut off in the middle of its last row "
            f"({cells} of {columns} columns, no line break); export it again"
        )
