"""Migration 0012 on a database at 0011 (SQLite and PostgreSQL): each person's notes field becomes their first dated note (dated
by their last update), nothing that refers to a person is lost, the new table is journaled for undo, and
the way back puts the notes field back."""

from __future__ import annotations

from sqlalchemy import inspect, text

from kith.store import db, undo


def _at_0011(database):
    engine = db.make_engine(database)
    db.upgrade(engine, "0011")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, name, name_key, is_me, notes, created_at, updated_at) VALUES "
                "(1, 'Jane Doe', 'jane doe', FALSE, 'met at PyCon', '2026-01-01 09:00:00', '2026-03-02 10:30:00'),"
                "(2, 'Sam Lee', 'sam lee', FALSE, '   ', '2026-01-01 09:00:00', '2026-01-05 08:00:00'),"
                "(3, 'Kim Park', 'kim park', FALSE, NULL, '2026-01-01 09:00:00', '2026-01-05 08:00:00')"
            )
        )
        conn.execute(
            text("INSERT INTO identity (person_id, kind, value) VALUES (1, 'email', 'jane@x.example')")
        )
    return engine


def test_notes_become_dated_notes_and_nothing_else_is_lost(database):
    engine = _at_0011(database)
    db.upgrade(engine, "0012")
    with engine.connect() as conn:
        notes = conn.execute(text("SELECT person_id, written_at, text, source FROM note")).all()
        assert [(n[0], str(n[1]), *n[2:]) for n in notes] == [
            (1, "2026-03-02 10:30:00", "met at PyCon", "manual")
        ]
        columns = {c["name"] for c in inspect(conn).get_columns("person")}
        assert {"birthday", "anniversary"} <= columns and "notes" not in columns
        assert conn.execute(text("SELECT count(*) FROM identity")).scalar() == 1  # no cascade fired
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 3
        triggers = set(undo.triggers(conn))
        assert {"undo_note_insert", "undo_note_update", "undo_note_delete"} <= triggers
        assert len(triggers) == 3 * len(undo.journaled(conn))


def test_the_way_back_puts_the_notes_field_back(database):
    engine = _at_0011(database)
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
        assert "note" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM identity")).scalar() == 1
