"""Migration 0015 on a database at 0014 (SQLite and PostgreSQL): schools, introductions and the job search's tables arrive
journaled for undo, a stated tie keeps its word and gains an empty closeness, and the way back removes
them all."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from kith.store import db, undo

NEW_TABLES = {"education", "intro", "job_target", "job_event"}


def _tables_and_triggers(conn) -> tuple[set[str], set[str]]:
    return set(inspect(conn).get_table_names()), set(undo.triggers(conn))


def test_reach_and_job_tables_arrive_journaled_and_leave_on_the_way_back(database):
    engine = db.make_engine(database)
    db.upgrade(engine, "0014")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at) VALUES "
                "(1, 'Jane Doe', 'jane doe', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00'),"
                "(2, 'Tom Lee', 'tom lee', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stated_tie (person_a_id, person_b_id, knows, how, stated_at)"
                " VALUES (1, 2, TRUE, 'college', '2026-06-01 10:00:00')"
            )
        )
    db.upgrade(engine, "0015")
    with engine.begin() as conn:
        tables, triggers = _tables_and_triggers(conn)
        assert tables >= NEW_TABLES
        for table in NEW_TABLES | {"stated_tie"}:
            assert {f"undo_{table}_insert", f"undo_{table}_update", f"undo_{table}_delete"} <= triggers
        assert len(triggers) == 3 * len(undo.journaled(conn))
        assert conn.execute(text("SELECT knows, how, closeness FROM stated_tie")).one() == (
            1,
            "college",
            None,
        )
        conn.execute(
            text(
                "INSERT INTO education (person_id, school, school_key, source, created_at)"
                " VALUES (1, 'Leeds', 'leeds', 'manual', '2026-06-01 10:00:00')"
            )
        )
    config = db.alembic_config()
    with engine.execution_options(**{db.WRITE: True}).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0014")
    with engine.connect() as conn:
        tables, triggers = _tables_and_triggers(conn)
        assert not NEW_TABLES & tables
        assert not any(t in name for t in NEW_TABLES for name in triggers)
        assert len(triggers) == 3 * len(undo.journaled(conn))
        assert conn.execute(text("SELECT knows, how FROM stated_tie")).one() == (1, "college")
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 2
