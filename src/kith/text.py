"""Text from outside (a file, a form, the command line) made safe to store and to print.

A contact's name or note can carry characters that a terminal obeys instead of showing: ESC starts
sequences that recolour, move the cursor, retitle the window or clear the screen (``\\x1b[2J``); the C1
controls (U+0080 to U+009F, CSI among them) do the same on some terminals; DEL and the other C0 controls
are never text. Unicode's bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
U+2069) reorder what follows them, so a name can be shown as something it is not. None of these belongs
in a name, a company or a note, so ``safe_text`` drops them before anything is stored (the import writer
and the people and interaction functions call it), and the CLI's output helpers apply it again to
whatever is printed, for text stored before.

Kept: tab and newline in multi-line text (notes), every printable character of every script, and the
invisible marks that do not reorder (zero-width joiner, left-to-right and right-to-left marks).
"""

from __future__ import annotations

import re

#: characters that are never kept: C0 controls but tab and newline, DEL, C1, bidi controls
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: characters that break or space a line; one line of text gets a space for each
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")


def safe_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters (C0, DEL, C1) and bidirectional overrides.

    One line of text (a name, a company) gets a space for each tab or line break; ``multiline`` text
    (a note) keeps tabs and its lines, joined with ``\\n`` whatever the line endings were.
    """
    if text.isprintable():
        return text  # the common case: nothing to remove
    if not multiline:
        return _UNSAFE.sub("", _BREAKS.sub(" ", text))
    lines = text.splitlines()
    if text.endswith(("\n", "\r")):
        lines.append("")
    return "\n".join(_UNSAFE.sub("", line) for line in lines)


def one_line(text: str | None) -> str:
    """``text`` made safe (``safe_text``) with its whitespace collapsed to single spaces: a name, a title."""
    return " ".join(safe_text(text or "").split())
