"""Figures computed from the whole network, shared by the requests of one server until the data changes.

Scoring every tie, counting a million interactions or building the agenda costs far more than a page
may take, so the pages share one result per figure. A figure is recomputed when the web itself changes
something (any successful write request marks them all stale), when the database's fingerprint changes
(a ``kith log`` from the command line or another server process adds an interaction; someone is added,
edited or forgotten; an email, role, tag or setting changes), or after ``TTL_S`` seconds at the latest.
Concurrent requests wait for one computation of a figure instead of each starting their own.

A page that can live with a figure a little out of date (the dashboard's "this week") asks with
``get_or_refresh``: it gets the last value at once, even a stale one, while a background thread
computes the new one (when the app was made with ``background=True``, as ``kith serve`` does). Never
when someone has been forgotten (or merged away) since: a stale figure could name them, so the page
waits for the new one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from kith.settings import Settings
from kith.store.fingerprint import PEOPLE, fingerprint

TTL_S = 300.0
T = TypeVar("T")
log = logging.getLogger("kith.web")


class _Stale:
    """The fingerprint a figure was computed for, once a write has made it stale (equal to no fingerprint)."""

    __slots__ = ("key",)

    def __init__(self, key: tuple | _Stale | None) -> None:
        self.key: tuple | None = key.key if isinstance(key, _Stale) else key


class Snapshot:
    """Named figures, each valid for one fingerprint of the data and at most ``ttl_s`` seconds."""

    def __init__(self, settings: Settings, *, background: bool = False, ttl_s: float = TTL_S) -> None:
        self.settings = settings
        self.background = background
        self.ttl_s = ttl_s
        self._lock = threading.Lock()  # guards the dictionaries below
        self._computing: dict[str, threading.Lock] = {}  # one computation at a time per figure
        self._values: dict[str, tuple[tuple | _Stale | None, float, Any]] = {}
        self._refreshing: set[str] = set()

    def clear(self) -> None:
        """Mark every figure stale (kept only for ``get_or_refresh`` to show until it is replaced)."""
        with self._lock:
            self._values = {name: (_Stale(key), at, value) for name, (key, at, value) in self._values.items()}

    def has(self, name: str) -> bool:
        """Whether a value of the figure ``name`` is kept (current or not)."""
        with self._lock:
            return name in self._values

    def _fresh(self, name: str, key: tuple) -> tuple[bool, Any]:
        with self._lock:
            found = self._values.get(name)
        if found is None:
            return False, None
        fresh = found[0] == key and time.monotonic() - found[1] < self.ttl_s
        return fresh, found[2]

    def _store(self, name: str, key: tuple, value: Any) -> None:
        with self._lock:
            self._values[name] = (key, time.monotonic(), value)

    def _lock_for(self, name: str) -> threading.Lock:
        with self._lock:
            return self._computing.setdefault(name, threading.Lock())

    def get(self, session: Session, name: str, compute: Callable[[Session], T]) -> T:
        """The figure for the data as it is now (computed when needed, waiting for it)."""
        key = fingerprint(session)
        fresh, value = self._fresh(name, key)
        if fresh:
            return value
        with self._lock_for(name):
            fresh, value = self._fresh(name, key)  # another request may have just computed it
            if not fresh:
                value = compute(session)
                self._store(name, key, value)
        return value

    def get_or_refresh(self, session: Session, name: str, compute: Callable[[Session], T]) -> T | None:
        """The figure now, even a stale one (None before the first is ready); a stale or missing one is
        recomputed in the background. Without background work this is ``get``."""
        if not self.background:
            return self.get(session, name, compute)
        key = fingerprint(session)
        fresh, value = self._fresh(name, key)
        if not fresh:
            if self._someone_gone(name, key):
                return self.get(session, name, compute)  # the stale one may name them
            self.refresh(name, compute)
        return value

    def _someone_gone(self, name: str, key: tuple) -> bool:
        """Whether fewer people exist now than when the figure ``name`` was computed."""
        with self._lock:
            found = self._values.get(name)
        computed_for = found[0] if found is not None else None
        if isinstance(computed_for, _Stale):
            computed_for = computed_for.key
        return computed_for is not None and key[PEOPLE] < computed_for[PEOPLE]

    def refresh(self, name: str, compute: Callable[[Session], Any]) -> None:
        """Compute a figure in a background thread (once at a time), with its own transaction."""
        with self._lock:
            if name in self._refreshing:
                return
            self._refreshing.add(name)
        threading.Thread(target=self._refresh, args=(name, compute), name=f"kith-{name}", daemon=True).start()

    def prepare(self, figures: list[tuple[str, Callable[[Session], Any]]]) -> None:
        """Compute ``figures`` (name, how) in this thread, in order, each unless it is fresh already, all in
        one reading transaction: before any page asks for them (a server's start, a team member's first
        request). A request asking for one meanwhile waits for it instead of computing it again. A figure
        that fails is logged and left for a page to compute (and say what went wrong)."""
        from kith.store.db import transaction

        with transaction(self.settings, write=False) as session:
            key = fingerprint(session)
            for name, compute in figures:
                with self._lock_for(name):
                    if self._fresh(name, key)[0]:
                        continue
                    try:
                        self._store(name, key, compute(session))
                    except Exception:
                        log.exception("kith.web: preparing %s failed", name)
                        return

    def _refresh(self, name: str, compute: Callable[[Session], Any]) -> None:
        try:
            self.prepare([(name, compute)])
        except Exception:  # the database could not be read (a failing figure is logged by ``prepare``)
            log.exception("kith.web: computing %s in the background failed", name)
        finally:
            with self._lock:
                self._refreshing.discard(name)
