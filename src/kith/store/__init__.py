"""Storage: the schema (``schema``), opening the database with its migrations (``db``)."""

from __future__ import annotations

#: the largest row id SQLite (and PostgreSQL's bigint) can hold
MAX_ROW_ID = 2**63 - 1


def get_row(session, model, row_id: int):
    """``session.get(model, row_id)``, or None for an id no row can have (the database would refuse it)."""
    if not 0 < row_id <= MAX_ROW_ID:
        return None
    return session.get(model, row_id)
