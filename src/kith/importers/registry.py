"""The import formats kith knows: a format name to its parser, one line per format.

A parser is ``parse(path, options) -> Iterator[Record]`` (see ``kith.importers.records``). Each entry
imports its module only when that format is used, so one format's libraries never slow another down.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from kith.errors import BadInput
from kith.importers.records import ImportOptions, Record

Parser = Callable[[Path, ImportOptions], Iterator[Record]]


def _lazy(module: str, function: str = "parse") -> Parser:
    """A parser that imports ``kith.importers.<module>`` on first use."""

    def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
        return getattr(importlib.import_module(f"kith.importers.{module}"), function)(path, options)

    parse.__name__ = f"{module}.{function}"
    return parse


REGISTRY: dict[str, Parser] = {
    "linkedin": _lazy("linkedin"),
    "interactions": _lazy("interactions_csv"),
    "vcard": _lazy("vcard"),
    "google": _lazy("google"),
    "calendar": _lazy("calendar"),
    "mbox": _lazy("mbox"),
}


def parser_for(fmt: str) -> Parser:
    """The parser registered for ``fmt``; BadInput naming the known formats otherwise."""
    parser = REGISTRY.get(fmt.strip().lower())
    if parser is None:
        raise BadInput(f"unknown import format {fmt!r}; use one of: {', '.join(sorted(REGISTRY))}")
    return parser
