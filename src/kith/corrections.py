"""What every correction shares: how an edit says "leave this field as it is", and what must happen
after the history with someone was edited or deleted so that nothing derived from it is left stale.

Counts, last contact, balances and the agenda are computed from the rows each time they are read, so
they follow a correction on their own. Two things are kept instead, and ``history_changed`` deals with
both: the strength cache (``kith.strength.aggregates``), whose running sums can only be added to, is
dropped and rebuilt from the rows on the next scoring; and the web's shared figures, recomputed when the
database's fingerprint changes, learn of it through the people's ``updated_at`` (an edit of a time or a
text changes no count or highest id the fingerprint looks at).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import update
from sqlalchemy.orm import Session

from kith.store.schema import Person


class Keep(Enum):
    """The value of a field an edit leaves as it is (None is a value: it clears a field)."""

    KEEP = "keep"


KEEP = Keep.KEEP


def history_changed(session: Session, person_ids: Iterable[int], *, ties: bool) -> None:
    """Say that the history with ``person_ids`` was corrected: ``ties`` when an interaction's time, kind,
    direction, duration or people changed (its strength sums are recomputed), and for every correction
    the people count as edited (shared figures are recomputed)."""
    if ties:
        from kith.strength.aggregates import invalidate

        invalidate(session)
    ids = sorted(set(person_ids))
    if ids:
        # the wall clock, as for any edit of a row (a clock set back for a test would not be news)
        edited = datetime.now(UTC)
        session.execute(update(Person).where(Person.id.in_(ids)).values(updated_at=edited))
