"""The team's own tables (``kith_team``): built on an empty database, and building them again changes
nothing; a database whose team tables are newer than this kith is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kith.errors import StoreError
from kith.settings import get_settings
from kith.team.store import VERSION, is_initialised, migrate, team_transaction


def tables(conn) -> set[str]:
    found = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'kith_team'"))
    return set(found.scalars())


def test_the_team_tables_are_built_on_an_empty_database_once(team_database):
    settings = get_settings()
    assert not is_initialised(settings)
    migrate(settings)
    migrate(settings)
    with team_transaction(settings) as conn:
        assert (
            tables(conn) == {"team_version", "account", "web_session", "api_token", "login_failure"} | SHARING
        )
        assert conn.execute(text("SELECT version FROM kith_team.team_version")).scalars().all() == [VERSION]
    assert not is_initialised(settings)  # tables, but nobody yet


#: the tables of version 2: the shared directory, the requests between colleagues, what is shared
SHARING = {
    "member_person",
    "member_publish",
    "directory_person",
    "directory_member",
    "colleague_ask",
    "shared_item",
}


def test_version_1_team_tables_gain_the_shared_directory(team_database):
    settings = get_settings()
    migrate(settings)
    with team_transaction(settings) as conn:  # as version 1 left them: accounts, sessions, tokens only
        for table in (
            "directory_member",
            "directory_person",
            "member_person",
            "member_publish",
            "colleague_ask",
        ):
            conn.execute(text(f"DROP TABLE kith_team.{table}"))
        conn.execute(text("UPDATE kith_team.team_version SET version = 1"))
    migrate(settings)
    with team_transaction(settings) as conn:
        assert tables(conn) >= SHARING
        assert conn.execute(text("SELECT version FROM kith_team.team_version")).scalars().all() == [VERSION]


def test_team_tables_newer_than_this_kith_are_refused(team_database):
    settings = get_settings()
    migrate(settings)
    with team_transaction(settings) as conn:
        conn.execute(text("UPDATE kith_team.team_version SET version = :v"), {"v": VERSION + 1})
    with pytest.raises(StoreError, match="newer than this kith"):
        migrate(settings)
