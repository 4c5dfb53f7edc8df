"""Figures computed from the whole network, shared by the requests of one server until the data changes.

Scoring every tie, or counting a million interactions, costs far more than a page may take, so the
pages share one result per figure. A figure is recomputed when the web itself changes something (any
successful write request clears them all), when the database's fingerprint changes (a ``kith log``
from the command line adds an interaction; someone is added, edited or forgotten), or after ``TTL_S``
seconds at the latest (tags, roles and settings changed elsewhere). Concurrent requests wait for one
computation instead of each starting their own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.store.schema import AgendaMark, Commitment, Connection, Favour, Interaction, LifeEvent, Person

TTL_S = 300.0
T = TypeVar("T")


def fingerprint(session: Session) -> tuple:
    """Cheap figures that change when people, interactions, favours, connections, job changes,
    commitments or agenda marks are added, edited or removed."""
    known = session.info.get("kith.fingerprint")
    if known is None:
        known = tuple(
            session.execute(
                select(
                    select(func.max(Interaction.id)).scalar_subquery(),
                    select(func.max(Favour.id)).scalar_subquery(),
                    select(func.count()).select_from(Person).scalar_subquery(),
                    select(func.max(Person.updated_at)).scalar_subquery(),
                    select(func.max(AgendaMark.marked_at)).scalar_subquery(),
                    select(func.count()).select_from(AgendaMark).scalar_subquery(),
                    select(func.max(Commitment.id)).scalar_subquery(),
                    select(func.count(Commitment.done_at)).scalar_subquery(),
                    select(func.max(LifeEvent.id)).scalar_subquery(),
                    select(func.max(Connection.id)).scalar_subquery(),
                )
            ).one()
        )
        session.info["kith.fingerprint"] = known  # one look per request
    return known


class Snapshot:
    """Named figures, each valid for one fingerprint of the data and at most ``ttl_s`` seconds."""

    def __init__(self, ttl_s: float = TTL_S) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._values: dict[str, tuple[tuple, float, Any]] = {}

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def get(self, session: Session, name: str, compute: Callable[[], T]) -> T:
        key = fingerprint(session)
        with self._lock:
            found = self._values.get(name)
            if found is not None and found[0] == key and time.monotonic() - found[1] < self.ttl_s:
                return found[2]
            value = compute()
            self._values[name] = (key, time.monotonic(), value)
            return value
