"""The undo journal's triggers on PostgreSQL: the same journal rows as SQLite's triggers (``kith.store.undo``).

PostgreSQL triggers call a function, so each journaled table gets one PL/pgSQL function
(``undo_journal_<table>``) and three row triggers (``undo_<table>_insert``, ``_update``, ``_delete``, the
names SQLite's have) that call it after each row change. While the newest ``undo_step`` is open, the
function appends to ``undo_entry`` the statement that reverts the change, built as SQLite's triggers build
it: a DELETE by primary key for an insert, an UPDATE of only the columns that changed for an update, an
INSERT of every column for a delete. Values are written as SQL literals with ``quote_nullable``, which
PostgreSQL reads back to the same value (text, numbers, booleans, dates and times; a float8 prints its
shortest exact form).

One thing differs: PostgreSQL runs the row triggers of an ``ON DELETE CASCADE`` or ``SET NULL`` after
the parent's own (SQLite runs them before), so a step journals a parent's delete before its children's, and
replaying it backwards would put a child back before its parent. The journaled tables' foreign keys are
therefore made ``DEFERRABLE INITIALLY IMMEDIATE`` (checked as before everywhere else; cascades are never
deferred), and an undo defers them while it replays a step and checks them all at its end
(``replaying``): a step is put back whole, or refused as SQLite refuses it.

Bulk writes that are not journaled (an import, a restore) do not drop the triggers as on SQLite (DDL
there locks the table against every reader until the commit); they set the transaction's
``kith.unjournaled`` to ``on``, and the function returns at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, inspect

from kith.store.journal_sql import literal as _literal
from kith.store.journal_sql import name as _name
from kith.store.journal_sql import reverting

#: the transaction-local setting that turns the journal off (``unjournaled``)
OFF_SETTING = "kith.unjournaled"


def function_name(table: str) -> str:
    return f"undo_journal_{table}"


def trigger_sql(table: str, columns: list[str], key: list[str], open_kind: str) -> list[str]:
    """The journal function of ``table`` (its ``columns``; ``key``: its primary key) and its three triggers."""
    t = _name(table)
    sql = reverting(table, columns, key, quote="quote_nullable", differs="IS DISTINCT FROM", step="step")
    body = f"""
DECLARE
  step integer;
  kind text;
BEGIN
  IF current_setting('{OFF_SETTING}', true) = 'on' THEN RETURN NULL; END IF;
  SELECT s.id, s.kind INTO step, kind FROM undo_step s ORDER BY s.id DESC LIMIT 1;
  IF kind IS DISTINCT FROM '{open_kind}' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    {sql.inserted}
  ELSIF TG_OP = 'UPDATE' THEN
    IF {sql.changed} THEN
      {sql.updated}
    END IF;
  ELSE
    {sql.deleted}
  END IF;
  RETURN NULL;
END"""
    function = _name(function_name(table))
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $kith${body}$kith$",
        *(
            f"CREATE TRIGGER {_name(f'undo_{table}_{event.lower()}')} AFTER {event} ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ]


def deferrable_foreign_keys(connection: Connection, table: str) -> None:
    """Make the foreign keys of ``table`` deferrable (still checked at once unless an undo defers them)."""
    found = connection.exec_driver_sql(
        "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace"
        f" WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema() AND t.relname = {_literal(table)}"
    ).fetchall()
    for (constraint,) in found:
        connection.exec_driver_sql(
            f"ALTER TABLE {_name(table)} ALTER CONSTRAINT {_name(constraint)} DEFERRABLE INITIALLY IMMEDIATE"
        )


@contextmanager
def replaying(connection: Connection) -> Iterator[None]:
    """Foreign keys checked once, at the end of the block, rather than statement by statement."""
    connection.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
    yield
    connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")


def columns(connection: Connection, table: str) -> tuple[list[str], list[str]]:
    """A table's columns and primary key columns as the database has them (empty: no such table)."""
    inspector = inspect(connection)
    if not inspector.has_table(table):
        return [], []
    names = [c["name"] for c in inspector.get_columns(table)]
    return names, list(inspector.get_pk_constraint(table)["constrained_columns"])


def triggers(connection: Connection) -> dict[str, str]:
    """The journal triggers: each name, with the table it is on."""
    found = connection.exec_driver_sql(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE NOT t.tgisinternal AND n.nspname = current_schema() AND t.tgname LIKE 'undo\\_%%'"
    ).fetchall()
    return dict(found)  # type: ignore[arg-type]


def drop_triggers(connection: Connection) -> None:
    """Remove every journal trigger and function."""
    for trigger, table in triggers(connection).items():
        connection.exec_driver_sql(f"DROP TRIGGER {_name(trigger)} ON {_name(table)}")
    functions = connection.exec_driver_sql(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = current_schema() AND p.proname LIKE 'undo\\_journal\\_%%'"
    ).fetchall()
    for (function,) in functions:
        connection.exec_driver_sql(f"DROP FUNCTION {_name(function)}()")


def journal_off(connection: Connection, off: bool) -> None:
    """Turn the journal off (``True``) or on again for the rest of this transaction."""
    connection.exec_driver_sql(f"SELECT set_config('{OFF_SETTING}', '{'on' if off else 'off'}', true)")
