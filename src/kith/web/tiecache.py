"""A short-lived cache of the strength service's ties, shared by the requests of one server.

Scoring every tie reads the whole network, so the pages that need all of them (dashboard, people list,
person page) share one result. It is recomputed when the web itself changes something (any successful
write request clears it), when the database's fingerprint changes (a ``kith log`` from the command line
adds an interaction, someone is added, edited or forgotten), or after ``TTL_S`` seconds at the latest
(tags, roles and settings changed elsewhere). Concurrent requests wait for one computation instead of
each starting their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.store.schema import Favour, Interaction, Person

TTL_S = 300.0


def fingerprint(session: Session) -> tuple:
    """Cheap figures that change when people, interactions or favours are added, edited or removed."""
    return tuple(
        session.execute(
            select(
                select(func.max(Interaction.id)).scalar_subquery(),
                select(func.max(Favour.id)).scalar_subquery(),
                select(func.count()).select_from(Person).scalar_subquery(),
                select(func.max(Person.updated_at)).scalar_subquery(),
            )
        ).one()
    )


class TieCache:
    def __init__(self, ttl_s: float = TTL_S) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._value: dict[int, Any] | None = None
        self._key: tuple | None = None
        self._at = 0.0

    def clear(self) -> None:
        with self._lock:
            self._value = None

    def get(self, session: Session, as_of: datetime, compute: Callable[[Session, datetime], dict[int, Any]]):
        key = fingerprint(session)
        with self._lock:
            fresh = time.monotonic() - self._at < self.ttl_s
            if self._value is None or self._key != key or not fresh:
                self._value = compute(session, as_of)
                self._key, self._at = key, time.monotonic()
            return self._value
