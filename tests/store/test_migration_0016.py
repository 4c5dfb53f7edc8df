"""Migration 0016 on a database at 0015 with data in it (SQLite and PostgreSQL): every row keeps its
number and its references, the undo journal still journals the rebuilt tables, and from then on a
number a deleted row had is never given again, whatever the table."""

from __future__ import annotations

from sqlalchemy import text

from kith.store import db, undo
from kith.store.schema import user_tables

ROWS = [
    "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at, met_via_id) VALUES "
    "(1, 'Ada Lovelace', 'ada lovelace', TRUE, '2026-01-01 09:00:00', '2026-01-01 09:00:00', NULL),"
    "(2, 'Jane Doe', 'jane doe', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00', NULL),"
    "(3, 'Tom Lee', 'tom lee', FALSE, '2026-01-01 09:00:00', '2026-01-01 09:00:00', 2)",
    "INSERT INTO job_target (id, company, company_key, state, added_at)"
    " VALUES (4, 'Acme', 'acme', 'active', '2026-06-01 09:00:00')",
    "INSERT INTO job_event (id, target_id, kind, person_id, occurred_at) VALUES"
    " (2, 4, 'application', NULL, '2026-06-02 09:00:00'), (3, 4, 'referral', 3, '2026-06-03 09:00:00')",
    "INSERT INTO intro (id, via_id, target_id, state, asked_at) VALUES (5, 2, 3, 'asked', '2026-06-04 09:00:00')",
    "INSERT INTO note (id, person_id, written_at, text, source) VALUES (7, 3, '2026-06-05 09:00:00', 'hi', 'manual')",
]


NEW_ROWS = [
    "INSERT INTO job_event (target_id, kind, occurred_at) VALUES (4, 'interview', '2026-06-06 09:00:00')",
    "INSERT INTO intro (via_id, target_id, state, asked_at) VALUES (2, 3, 'asked', '2026-06-06 09:00:00')",
    "INSERT INTO note (person_id, written_at, text, source) VALUES (3, '2026-06-06 09:00:00', 'x', 'manual')",
]


def _ids(conn, table: str) -> list[int]:
    return list(conn.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars())


def filled_at(database, revision: str):
    """An engine on ``database`` migrated to ``revision`` with ``ROWS`` in it (on PostgreSQL, the
    sequences moved past the numbers the rows were given, as an import moves them)."""
    engine = db.make_engine(database)
    db.upgrade(engine, revision)
    with engine.begin() as conn:
        for sql in ROWS:
            conn.execute(text(sql))
        if conn.dialect.name == "postgresql":
            for table in ("person", "job_target", "job_event", "intro", "note"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
    return engine


def test_rows_keep_their_numbers_and_no_number_is_given_twice_after(database):
    engine = filled_at(database, "0015")
    db.upgrade(engine, "0016")
    with engine.begin() as conn:
        assert _ids(conn, "person") == [1, 2, 3]
        assert conn.execute(text("SELECT met_via_id FROM person WHERE id = 3")).scalar() == 2
        assert conn.execute(text("SELECT id, target_id, person_id FROM job_event ORDER BY id")).all() == [
            (2, 4, None),
            (3, 4, 3),
        ]
        assert _ids(conn, "intro") == [5] and _ids(conn, "note") == [7]
        triggers = undo.triggers(conn)
        assert len(triggers) == 3 * len(undo.journaled(conn))
        assert {"undo_job_event_insert", "undo_person_delete", "undo_intro_update"} <= set(triggers)
        # the highest numbers go, and new rows come: none takes a number a deleted row had
        conn.execute(text("DELETE FROM job_event WHERE id = 3"))
        conn.execute(text("DELETE FROM intro WHERE id = 5"))
        conn.execute(text("DELETE FROM note WHERE id = 7"))
        for sql in NEW_ROWS:
            conn.execute(text(sql))
        assert _ids(conn, "job_event") == [2, 4]
        assert _ids(conn, "intro") == [6]
        assert _ids(conn, "note") == [8]


def test_every_numbered_table_of_user_data_never_gives_a_number_twice(database):
    """On SQLite each such table says AUTOINCREMENT (a new table's migration must say it too)."""
    engine = db.make_engine(database)
    db.upgrade(engine)
    numbered = [t.name for t in user_tables() if [c.name for c in t.primary_key.columns] == ["id"]]
    assert {"job_event", "intro", "note", "interaction", "favour", "stated_tie", "person"} <= set(numbered)
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL's sequences never give a number twice
    with engine.connect() as conn:
        for table in numbered:
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            assert "AUTOINCREMENT" in sql, table
