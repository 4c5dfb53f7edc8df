"""Backups as older versions of kith wrote them (shared by the backup and store tests)."""

from __future__ import annotations

import json

LATER_COLUMNS = {"0006": ("occurred_at", "channel"), "0008": ("channel",)}


def older_backup(current: str, schema: str = "0006") -> str:
    """``current`` as kith wrote it at ``schema``: participant rows without their interaction's time
    (added in 0007) and channel (0009)."""
    data = json.loads(current)
    data["schema"] = schema
    block = data["tables"]["interaction_participant"]
    for column in LATER_COLUMNS[schema]:
        at = block["columns"].index(column)
        del block["columns"][at]
        for row in block["rows"]:
            del row[at]
    return json.dumps(data)
