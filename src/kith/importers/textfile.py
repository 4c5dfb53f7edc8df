"""Reading line-based text formats (vCard, iCalendar) safely: UTF-8, capped lines, errors that name the line.

A 500 MB file of one line is refused after reading one capped line, never loaded whole; a file that is
binary (NUL bytes) or not UTF-8 is refused naming the first bad line. Every fatal problem is a
``BadInput("FILE:LINE: what is wrong")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kith.errors import BadInput

#: the longest line kith reads (bytes); a longer one is an error, not a memory spike
MAX_LINE = 1 << 20

_BOM = b"\xef\xbb\xbf"
#: control bytes that never occur in text files (tab, line endings, form feed and escape are allowed)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def open_binary(path: Path):
    """``path`` opened for reading; BadInput when it is missing or unreadable."""
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None


def text_lines(
    path: Path, what: str, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, str]]:
    """(line number, decoded line without its line ending) for each line of a UTF-8 ``what`` file."""
    pending = 0
    with open_binary(path) as stream:
        number = 0
        while True:
            raw = stream.readline(MAX_LINE + 1)
            if not raw:
                break
            number += 1
            if len(raw) > MAX_LINE:
                raise BadInput(
                    f"{path}:{number}: line longer than {MAX_LINE // 1024} KB; this is not a {what} file"
                )
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if b"\x00" in raw or _CONTROL.search(raw):
                hint = (
                    " (it looks like UTF-16; save it as UTF-8)"
                    if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
                    else ""
                )
                raise BadInput(f"{path}:{number}: binary data; this is not a {what} file{hint}")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if _CONTROL.search(stream.peek(512)[:512]):
                    raise BadInput(f"{path}:{number}: binary data; this is not a {what} file") from None
                raise BadInput(
                    f"{path}:{number}: not UTF-8 text (byte {exc.start + 1} of the line); save it as UTF-8"
                ) from None
            pending += len(raw)
            if progress is not None and pending >= 1 << 16:
                progress(pending)
                pending = 0
            yield number, text.rstrip("\r\n")
    if progress is not None and pending:
        progress(pending)
