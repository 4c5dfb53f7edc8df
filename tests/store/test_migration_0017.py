"""Migration 0017 on a database at 0016 with introductions in it (SQLite and PostgreSQL): each keeps its
row, a request ended before it keeps no end time (none was recorded), the table still never gives a
number twice, and the undo journal journals the new column; the way back drops it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text
from test_migration_0016 import filled_at

from kith.store import db, undo


def test_intros_gain_when_they_ended_and_keep_everything_else(database):
    engine = filled_at(database, "0016")
    with engine.begin() as conn:
        conn.execute(text("UPDATE intro SET state = 'declined' WHERE id = 5"))
    db.upgrade(engine, "0017")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT id, state, asked_at, ended_at FROM intro")).one()[:2] == (
            5,
            "declined",
        )
        assert conn.execute(text("SELECT ended_at FROM intro")).scalar() is None
        assert "undo_intro_update" in undo.triggers(conn)
        assert "ended_at" in _journal_source(conn)
        conn.execute(text("DELETE FROM intro WHERE id = 5"))
        conn.execute(text("INSERT INTO intro (via_id, target_id, state) VALUES (2, 3, 'asked')"))
        assert conn.execute(text("SELECT id FROM intro")).scalar() == 6  # 5 is never given again
        if conn.dialect.name == "sqlite":
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'intro'")).scalar()
            assert "AUTOINCREMENT" in sql
    config = db.alembic_config()
    with engine.execution_options(**{db.WRITE: True}).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0016")
    assert "ended_at" not in {c["name"] for c in inspect(engine).get_columns("intro")}
    with engine.connect() as conn:
        assert "undo_intro_update" in undo.triggers(conn) and "ended_at" not in _journal_source(conn)


def _journal_source(conn) -> str:
    """What the intro table's journal trigger runs (SQLite: the trigger; PostgreSQL: its function)."""
    if conn.dialect.name == "sqlite":
        return conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'undo_intro_update'")).scalar()
    return conn.execute(
        text(
            "SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
            " WHERE t.tgname = 'undo_intro_update'"
        )
    ).scalar()
