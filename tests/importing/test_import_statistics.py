"""After an import on PostgreSQL, the planner's statistics of the tables it filled are gathered again
(``ANALYZE``), so the next queries are planned for the new size: in the importing kith's own schema."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from kith.store.db import IMPORTED_TABLES


def analyzed(url: str) -> dict[str, bool]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = dict(
            conn.execute(
                text(
                    "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables"
                    " WHERE schemaname = 'public' AND relname = ANY(:names)"
                ),
                {"names": list(IMPORTED_TABLES)},
            ).all()
        )
    engine.dispose()
    return found


def test_an_import_on_postgresql_gathers_the_statistics_of_what_it_filled(team_database, kith, tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(
        "time,source,target,channel\n2026-06-01T12:00:00,me@example.com,jane@example.com,in_person\n"
        "2026-06-02T12:00:00,tom@example.com,me@example.com,call\n"
    )
    kith("me", "--name", "Ada Lovelace", "--email", "me@example.com")
    assert not any(analyzed(team_database).values())
    kith("import", "interactions", str(log), "--dry-run")
    assert not any(analyzed(team_database).values())  # nothing stored, nothing to gather
    kith("import", "interactions", str(log))
    found = analyzed(team_database)
    assert set(found) == set(IMPORTED_TABLES) and all(found.values())
