"""Shared output helpers for CLI commands: a Rich console that never interprets user text as markup,
JSON on stdout, and the transaction every command runs in."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=not sys.stdout.isatty())


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to stdout."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def ago(when: datetime | None, now: datetime) -> str:
    """ "3 days ago", "2 months ago", "never": how long ago something was, in words."""
    if when is None:
        return "never"
    days = (now - when).total_seconds() / 86400
    if days < 0:
        return "in the future"
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    if days < 14:
        return f"{int(days)} days ago"
    if days < 60:
        return f"{int(days // 7)} weeks ago"
    if days < 730:
        return f"{int(days // 30.44)} months ago"
    return f"{days / 365.25:.0f} years ago"


def can_ask() -> bool:
    """True when a person is at the terminal to answer a confirmation prompt."""
    return sys.stdin.isatty()
