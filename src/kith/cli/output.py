"""Shared output helpers for CLI commands: a Rich console that never interprets user text as markup,
JSON on stdout, and the transaction every command runs in."""

from __future__ import annotations

import json
import sys
from typing import Any


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=not sys.stdout.isatty())


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to stdout."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def can_ask() -> bool:
    """True when a person is at the terminal to answer a confirmation prompt."""
    return sys.stdin.isatty()
