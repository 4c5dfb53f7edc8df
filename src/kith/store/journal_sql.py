"""The SQL that the undo journal's triggers evaluate for a row change: the statement that reverts it.

Both databases' triggers (``kith.store.undo`` on SQLite, ``kith.store.undo_postgresql``) build the same
three statements as text, from the row's old and new values: a DELETE by primary key for an insert, an
UPDATE putting back only the columns that changed for an update, an INSERT of every column for a delete.
They differ in three words, given here as parameters: the function that writes a value as a SQL literal
(SQLite's ``quote``, PostgreSQL's ``quote_nullable``), the comparison that treats two NULLs as equal
(``IS NOT``, ``IS DISTINCT FROM``), and how the trigger names the step being recorded.
"""

from __future__ import annotations

from dataclasses import dataclass


def name(identifier: str) -> str:
    """``identifier`` quoted as a SQL name."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Reverting:
    """The journal's INSERT for each kind of row change, and the condition that an update changed a column."""

    inserted: str
    updated: str
    deleted: str
    changed: str


def reverting(
    table: str, columns: list[str], key: list[str], *, quote: str, differs: str, step: str
) -> Reverting:
    """The journal rows' INSERT statements for ``table`` (its ``columns``; ``key``: its primary key)."""
    t = name(table)

    def journal(op: str, statement: str) -> str:
        return (
            "INSERT INTO undo_entry (step_id, table_name, op, statement) VALUES "
            f"({step}, {literal(table)}, '{op}', {statement});"
        )

    def where(row: str) -> str:
        parts = [f"{literal(f' {name(c)} = ')} || {quote}({row}.{name(c)})" for c in key]
        return f"{literal(' WHERE')} || " + f" || {literal(' AND')} || ".join(parts)

    changed = " OR ".join(f"OLD.{name(c)} {differs} NEW.{name(c)}" for c in columns)
    # only the columns this update changed, each as ', "c" = old' (the first comma cut off)
    sets = " || ".join(
        f"CASE WHEN OLD.{name(c)} {differs} NEW.{name(c)} "
        f"THEN {literal(f', {name(c)} = ')} || {quote}(OLD.{name(c)}) ELSE '' END"
        for c in columns
    )
    values = f" || {literal(', ')} || ".join(f"{quote}(OLD.{name(c)})" for c in columns)
    names = ", ".join(name(c) for c in columns)
    return Reverting(
        inserted=journal("I", f"{literal(f'DELETE FROM {t}')} || {where('NEW')}"),
        updated=journal("U", f"{literal(f'UPDATE {t} SET')} || substr({sets}, 2) || {where('NEW')}"),
        deleted=journal("D", f"{literal(f'INSERT INTO {t} ({names}) VALUES (')} || {values} || ')'"),
        changed=changed,
    )
