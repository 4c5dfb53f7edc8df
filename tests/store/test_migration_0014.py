"""Migration 0014 on a database at 0013 (SQLite and PostgreSQL): the stated ties' table arrives journaled for undo, nothing else
changes, and the way back removes it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from kith.store import db, undo


def _tables_and_triggers(conn) -> tuple[set[str], set[str]]:
    return set(inspect(conn).get_table_names()), set(undo.triggers(conn))


def test_stated_ties_arrive_journaled_and_leave_on_the_way_back(database):
    engine = db.make_engine(database)
    db.upgrade(engine, "0013")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at) VALUES "
                "(1, 'Jane Doe', 'jane doe', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00'),"
                "(2, 'Tom Lee', 'tom lee', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
            )
        )
    db.upgrade(engine, "0014")
    with engine.begin() as conn:
        tables, triggers = _tables_and_triggers(conn)
        assert "stated_tie" in tables
        assert {"undo_stated_tie_insert", "undo_stated_tie_update", "undo_stated_tie_delete"} <= triggers
        assert len(triggers) == 3 * len(undo.journaled(conn))
        conn.execute(
            text(
                "INSERT INTO stated_tie (person_a_id, person_b_id, knows, how, stated_at)"
                " VALUES (1, 2, TRUE, 'college', '2026-06-01 10:00:00')"
            )
        )
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 2
    config = db.alembic_config()
    with engine.execution_options(**{db.WRITE: True}).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0013")
    with engine.connect() as conn:
        tables, triggers = _tables_and_triggers(conn)
        assert "stated_tie" not in tables
        assert not any("stated_tie" in t for t in triggers)
        assert len(triggers) == 3 * len(undo.journaled(conn))
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 2
