"""A member's workspace: the settings that open their private kith, and nothing else.

Everything kith does for one user works unchanged inside a member's schema: ``member_settings`` gives
the same ``Settings`` with ``schema`` set, and ``kith.store.db`` opens that schema alone. The web asks
for a request's workspace through ``kith.web.workspace``; the CLI's team commands use it to export a
member's data before removing them.
"""

from __future__ import annotations

from dataclasses import replace

from kith.settings import Settings

SCHEMA_PREFIX = "kith_member_"


def schema_for(account_id: int) -> str:
    """The schema of the private kith of account ``account_id``."""
    return f"{SCHEMA_PREFIX}{int(account_id)}"


def member_settings(settings: Settings, schema: str) -> Settings:
    """``settings`` narrowed to the private kith in ``schema``."""
    return replace(settings, schema=schema)


def export_backup(settings: Settings, schema: str) -> str:
    """The member's full JSON backup (what ``kith export json`` writes; ``kith restore`` reads it)."""
    from kith.clock import now
    from kith.exporters.backup import export
    from kith.store.db import transaction

    with transaction(member_settings(settings, schema), write=False) as session:
        return export(session, now())
