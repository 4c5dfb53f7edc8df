"""Shared output helpers for CLI commands: a Rich console that never interprets user text as markup nor
passes a control character through, JSON on stdout, and asking before a deletion.

Names, companies and notes come from files other people wrote; kith strips control characters when it
stores them (``kith.text``), and everything printed here goes through ``terminal_text`` again, so a
contact stored before that (or a value kith never stored) cannot move the cursor, recolour or clear the
terminal."""

from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any

from kith.text import safe_text

#: what JSON leaves unescaped but a terminal would obey: DEL, C1 controls and bidirectional overrides
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` as it may reach a terminal: lines and tabs kept, every other control character dropped."""
    return safe_text(text, multiline=True)


def console():
    """A Rich console for a command's output, which prints every string through ``terminal_text``."""
    return _console_class()(highlight=False, soft_wrap=not sys.stdout.isatty())


@functools.cache
def _console_class():
    from rich.console import Console  # imported when first needed: it is slow to import

    class SafeConsole(Console):
        def render_str(self, text: str, **options: Any):  # every str printed, table cells included
            return super().render_str(terminal_text(text), **options)

    return SafeConsole


def say(line: str) -> None:
    """Write one plain line to stdout (through ``terminal_text``), without loading Rich: for the quick
    commands (``kith log``) whose whole output is a sentence."""
    sys.stdout.write(terminal_text(line) + "\n")


def quoted(text: str) -> str:
    """``text`` as the user would type it in a command line they are told to run (shell quoting)."""
    import shlex

    return shlex.quote(text)


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to stdout (control characters escaped, never raw)."""
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def can_ask() -> bool:
    """True when a person is at the terminal to answer a confirmation prompt."""
    return sys.stdin.isatty()


def confirm(question: str, *, refusal: str, yes: bool) -> None:
    """Go on when ``yes`` (``--yes``) or when the person at the terminal answers yes to ``question``;
    without a terminal, stop with ``refusal`` (one ``error:`` line), since nobody can answer."""
    if yes:
        return
    import typer

    from kith.errors import BadInput

    if not can_ask():
        raise BadInput(refusal)
    typer.confirm(question, abort=True)
