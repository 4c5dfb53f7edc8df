"""The one place kith reads the time, so that tests and demos can fix it.

``KITH_NOW`` (an ISO 8601 timestamp) freezes "now" for a whole process; tests set it to run at fixed
dates. Core functions take ``now`` as a parameter and get it from here only at the edge.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    """The current time as an aware UTC datetime (``KITH_NOW`` overrides)."""
    fixed = os.environ.get("KITH_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return datetime.now(UTC)
