"""Migration 0012 on a database at 0011: each person's notes field becomes their first dated note (dated
by their last update), nothing that refers to a person is lost, the new table is journaled for undo, and
the way back puts the notes field back."""

from __future__ import annotations

from sqlalchemy import text

from kith.store import db, undo


def _at_0011(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, name, name_key, is_me, notes, created_at, updated_at) VALUES "
                "(1, 'Jane Doe', 'jane doe', 0, 'met at PyCon', '2026-01-01 09:00:00', '2026-03-02 10:30:00'),"
                "(2, 'Sam Lee', 'sam lee', 0, '   ', '2026-01-01 09:00:00', '2026-01-05 08:00:00'),"
                "(3, 'Kim Park', 'kim park', 0, NULL, '2026-01-01 09:00:00', '2026-01-05 08:00:00')"
            )
        )
        conn.execute(
            text("INSERT INTO identity (person_id, kind, value) VALUES (1, 'email', 'jane@x.example')")
        )
    return engine


def test_notes_become_dated_notes_and_nothing_else_is_lost(tmp_path):
    engine = _at_0011(tmp_path)
    db.upgrade(engine, "0012")
    with engine.connect() as conn:
        notes = conn.execute(text("SELECT person_id, written_at, text, source FROM note")).all()
        assert [tuple(n) for n in notes] == [(1, "2026-03-02 10:30:00", "met at PyCon", "manual")]
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(person)")}
        assert {"birthday", "anniversary"} <= columns and "notes" not in columns
        assert conn.execute(text("SELECT count(*) FROM identity")).scalar() == 1  # no cascade fired
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 3
        triggers = {
            n for (n,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert {"undo_note_insert", "undo_note_update", "undo_note_delete"} <= triggers
        assert len(triggers) == 3 * len(undo.journaled(conn))


def test_the_way_back_puts_the_notes_field_back(tmp_path):
    engine = _at_0011(tmp_path)
    db.upgrade(engine, "0012")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO note (person_id, written_at, text, source) VALUES "
                "(1, '2026-05-01 12:00:00', 'moving to Berlin', 'manual')"
            )
        )
    from alembic import command

    config = db.alembic_config()
    with engine.execution_options(**{db.WRITE: True}).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT notes FROM person WHERE id = 1")).scalar() == (
            "met at PyCon\n\nmoving to Berlin"
        )
        assert "note" not in {n for (n,) in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert conn.execute(text("SELECT count(*) FROM identity")).scalar() == 1
