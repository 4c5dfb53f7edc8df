"""Undo: a journal of changes kept by the database itself, so that ``kith undo`` reverts the last one.

Every table of user data (``schema.user_tables``) has three SQLite triggers (after insert, update and
delete). While a step is being recorded (the newest ``undo_step`` is "open"), each row change appends to
``undo_entry`` the statement that reverts it: a DELETE of an inserted row, an UPDATE putting back the old
values of the columns an update changed, an INSERT of a deleted row. Every way of writing is covered the
same way: ORM flushes, bulk ``update``/``delete`` statements (a merge), ``ON DELETE CASCADE`` and
``SET NULL`` (their row changes fire the child tables' triggers, children before the parent). The
derived caches (tie sums) are not journaled: an undo invalidates them instead.

- An action is made undoable with ``@undoable("edit {person.name}")`` (its label, formatted with the
  action's arguments) or ``with recording(session, label):``. The actions of one transaction (one
  command, one request) make one step; nested actions belong to the outer one.
- ``undo_last(session)`` replays the newest change's statements in reverse order (nothing is recorded
  meanwhile), replaces the step with an "undone" record and invalidates the strength cache when
  interactions or people came back or went.
- Imports are bulk and not journaled: ``unjournaled(session, label)`` empties the history, leaving a
  "barrier" saying why nothing older can be undone, and takes the triggers away while the import writes
  (each costs a little for every row, even with no step open). ``kith forget`` clears the history too
  (``clear``), so that nothing of the forgotten person stays in the journal; it is not undoable.
- The history keeps the last ``HISTORY`` steps.

On PostgreSQL the triggers call one PL/pgSQL function per table that writes the same journal rows
(``kith.store.undo_postgresql``), so ``kith undo`` works the same on both databases. A migration that adds
or recreates a journaled table (Alembic's batch mode copies a table and drops its triggers) calls
``install_triggers`` again.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kith.errors import Conflict
from kith.store import undo_postgresql
from kith.store.journal_sql import name as _name
from kith.store.journal_sql import reverting
from kith.store.schema import undo_step, user_tables

#: steps kept (changes, undone records and barriers together); older ones are dropped
HISTORY = 50
#: the kinds of step (see ``schema.undo_step``)
OPEN, CHANGE, UNDONE, BARRIER = "open", "change", "undone", "barrier"
#: labels of the actions of one step shown before "and N more"
LABELS_SHOWN = 3

P = ParamSpec("P")
R = TypeVar("R")

_STATE = "kith.undo"


# -------------------------------------------------------------------------------------------- triggers


def trigger_sql(table: str, columns: list[str], key: list[str]) -> list[str]:
    """The three journal triggers of ``table`` (its ``columns``; ``key``: its primary key columns)."""
    t = _name(table)
    recording = f"(SELECT kind FROM undo_step ORDER BY id DESC LIMIT 1) = '{OPEN}'"
    sql = reverting(
        table, columns, key, quote="quote", differs="IS NOT", step="(SELECT max(id) FROM undo_step)"
    )
    return [
        f"CREATE TRIGGER {_name(f'undo_{table}_insert')} AFTER INSERT ON {t} "
        f"WHEN {recording} BEGIN {sql.inserted} END",
        f"CREATE TRIGGER {_name(f'undo_{table}_update')} AFTER UPDATE ON {t} "
        f"WHEN {recording} AND ({sql.changed}) BEGIN {sql.updated} END",
        f"CREATE TRIGGER {_name(f'undo_{table}_delete')} AFTER DELETE ON {t} "
        f"WHEN {recording} BEGIN {sql.deleted} END",
    ]


def _columns(connection: Connection, table: str) -> tuple[list[str], list[str]]:
    """A table's columns and primary key columns as the database has them (empty: no such table)."""
    if connection.dialect.name == "postgresql":
        return undo_postgresql.columns(connection, table)
    info = connection.exec_driver_sql(f"PRAGMA table_info({_name(table)})").fetchall()
    columns = [row[1] for row in info]
    key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5] > 0]
    return columns, key


def journaled(connection: Connection) -> list[str]:
    """The tables of user data this database has (some may come with a later migration)."""
    return [t.name for t in user_tables() if _columns(connection, t.name)[0]]


def install_triggers(connection: Connection) -> None:
    """(Re)create the journal triggers of every table of user data, from its columns in the database.

    Called by the migration that made the journal, and again by any later one that changes a journaled
    table's columns or recreates it."""
    drop_triggers(connection)
    make = trigger_sql
    if connection.dialect.name == "postgresql":
        make = functools.partial(undo_postgresql.trigger_sql, open_kind=OPEN)
    for table in journaled(connection):
        for statement in make(table, *_columns(connection, table)):
            connection.exec_driver_sql(statement)
        if connection.dialect.name == "postgresql":
            undo_postgresql.deferrable_foreign_keys(connection, table)


def triggers(connection: Connection) -> dict[str, str]:
    """The journal triggers the database has: each name, with the table it is on."""
    if connection.dialect.name == "postgresql":
        return undo_postgresql.triggers(connection)
    found = connection.exec_driver_sql(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'"
    ).fetchall()
    return dict(found)  # type: ignore[arg-type]


def drop_triggers(connection: Connection) -> None:
    """Remove every journal trigger."""
    if connection.dialect.name == "postgresql":
        undo_postgresql.drop_triggers(connection)
        return
    for name in triggers(connection):
        connection.exec_driver_sql(f"DROP TRIGGER {_name(name)}")


# ------------------------------------------------------------------------------------------- recording


@dataclass
class _Recording:
    """The step the current transaction records into (kept in ``session.info``)."""

    step_id: int
    labels: list[str] = field(default_factory=list)
    depth: int = 0


def _now() -> str:
    from kith.clock import now

    return now().astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _joined(labels: list[str]) -> str:
    shown = "; ".join(labels[:LABELS_SHOWN])
    more = len(labels) - LABELS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _prune(connection: Connection, keep: int) -> None:
    """Drop all but the newest ``keep`` steps and their entries."""
    cut = connection.execute(
        text("SELECT id FROM undo_step ORDER BY id DESC LIMIT 1 OFFSET :keep"), {"keep": keep}
    ).scalar()
    if cut is not None:
        connection.execute(text("DELETE FROM undo_entry WHERE step_id <= :cut"), {"cut": cut})
        connection.execute(text("DELETE FROM undo_step WHERE id <= :cut"), {"cut": cut})


def _new_step(connection: Connection, kind: str, label: str) -> int:
    """Insert a step; its id."""
    values = {"kind": kind, "label": label, "at": _now()}
    if connection.dialect.name == "sqlite":
        sql = "INSERT INTO undo_step (kind, label, created_at) VALUES (:kind, :label, :at)"
        return int(connection.execute(text(sql), values).lastrowid)
    sql = "INSERT INTO undo_step (kind, label, created_at) VALUES (:kind, :label, :at) RETURNING id"
    return int(connection.execute(text(sql), values).scalar_one())


def _open(session: Session, label: str) -> _Recording:
    """Open a new step, or reopen this transaction's step when it is still the newest."""
    connection = session.connection()
    state: _Recording | None = session.info.get(_STATE)
    newest = connection.exec_driver_sql("SELECT max(id) FROM undo_step").scalar()
    if state is not None and state.step_id == newest:
        connection.execute(text(f"UPDATE undo_step SET kind = '{OPEN}' WHERE id = :id"), {"id": newest})
    else:
        # a step left open by a writer that failed half-way records nothing more
        connection.exec_driver_sql(f"UPDATE undo_step SET kind = '{CHANGE}' WHERE kind = '{OPEN}'")
        _prune(connection, HISTORY - 1)
        state = _Recording(_new_step(connection, OPEN, label))
        session.info[_STATE] = state
    if label not in state.labels:
        state.labels.append(label)
    return state


def _close(session: Session, state: _Recording) -> None:
    """End recording: the step becomes a change, or goes when nothing changed."""
    connection = session.connection()
    step = {"id": state.step_id}
    if connection.execute(text("SELECT 1 FROM undo_entry WHERE step_id = :id LIMIT 1"), step).first():
        connection.execute(
            text(f"UPDATE undo_step SET kind = '{CHANGE}', label = :label WHERE id = :id"),
            {**step, "label": _joined(state.labels)},
        )
    else:
        connection.execute(text("DELETE FROM undo_step WHERE id = :id"), step)
        session.info.pop(_STATE, None)


@contextmanager
def recording(session: Session, label: str) -> Iterator[None]:
    """Record the row changes made in the block as the undoable step ``label`` (same transaction).

    Nested blocks belong to the outer step; blocks one after the other in a transaction make one step
    (labels joined). A block that changes nothing leaves no step."""
    state: _Recording | None = session.info.get(_STATE)
    if state is not None and state.depth > 0:
        yield
        return
    session.flush()  # changes made before the block belong to no step
    state = _open(session, label)
    state.depth = 1
    try:
        yield
        session.flush()
    except BaseException:
        state.depth = 0
        if session.is_active:  # the caller may go on with the transaction: stop recording in it
            _close(session, state)
        raise
    state.depth = 0
    _close(session, state)


def undoable(label: str | Callable[..., str]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make an action (its first parameter the session) record its changes as one undoable step.

    ``label`` says what it did, in the user's words: a format string over the action's arguments
    (``"edit {person.name}"``) or a function of them (keyword arguments)."""

    def wrap(action: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(action)

        @functools.wraps(action)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            text = label(**arguments) if callable(label) else label.format(**arguments)
            with recording(arguments["session"], " ".join(text.split())):
                return action(*args, **kwargs)

        return run

    return wrap


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_ended(session: Session) -> None:
    session.info.pop(_STATE, None)


def names(people: Any) -> str:
    """People's names for a label: "Jane Doe and Sam Lee"."""
    listed = list(dict.fromkeys(p.name for p in people))
    return " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)


# ----------------------------------------------------------------------------------------- the history


@dataclass(frozen=True)
class Step:
    """A step of the history as the user sees it."""

    id: int
    kind: str
    label: str
    created_at: datetime

    def record(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "created_at": self.created_at.isoformat(),
        }


def _steps(session: Session, *where: Any, limit: int) -> list[Step]:
    query = select(undo_step).where(*where).order_by(undo_step.c.id.desc()).limit(limit)
    return [Step(row.id, row.kind, row.label, row.created_at) for row in session.execute(query)]


def history(session: Session, limit: int = HISTORY) -> list[Step]:
    """The recent steps, newest first."""
    return _steps(session, limit=limit)


def last_change(session: Session) -> Step | None:
    """The change ``undo_last`` would revert (None: nothing to undo)."""
    found = _steps(session, undo_step.c.kind == CHANGE, limit=1)
    return found[0] if found else None


def nothing_to_undo(session: Session) -> str:
    """Why there is nothing to undo, in one sentence."""
    found = _steps(session, undo_step.c.kind == BARRIER, limit=1)
    barrier = found[0] if found else None
    if barrier is None:
        return "Nothing to undo."
    return f"Nothing to undo since {barrier.label} ({barrier.created_at:%Y-%m-%d %H:%M} UTC), which cannot be undone."


#: tables whose rows the strength cache sums: undoing a change to them invalidates it
_SUMMED = ("interaction", "interaction_participant")


def undo_last(session: Session, expected: int | None = None) -> Step | None:
    """Revert the newest change (None when there is none); ``expected``: its id, as a page showed it,
    refused (Conflict) when another change came since."""
    session.flush()
    step = last_change(session)
    if step is None:
        return None
    if expected is not None and expected != step.id:
        raise Conflict(f"the last change is now {step.label!r}; reload the page to undo it")
    connection = session.connection()
    this = {"id": step.id}
    entries = connection.execute(
        text("SELECT table_name, op, statement FROM undo_entry WHERE step_id = :id ORDER BY id DESC"), this
    ).fetchall()
    try:
        with session.begin_nested(), _replaying(connection):
            for _table, _op, statement in entries:
                _replay(connection, statement)
    except IntegrityError as exc:
        raise Conflict(
            f"cannot undo {step.label!r}: a later change that cannot be undone depends on it "
            f"({' '.join(str(exc.orig).split())[:120]})"
        ) from None
    connection.execute(text("DELETE FROM undo_entry WHERE step_id = :id"), this)
    connection.execute(text("DELETE FROM undo_step WHERE id = :id"), this)
    _prune(connection, HISTORY - 1)
    _new_step(connection, UNDONE, step.label)
    session.expire_all()
    if any(t in _SUMMED or (t == "person" and op != "U") for t, op, _ in entries):
        from kith.strength.aggregates import invalidate

        invalidate(session)
    return step


def _replaying(connection: Connection):
    """On PostgreSQL, the step's foreign keys checked at its end (``undo_postgresql.replaying``)."""
    if connection.dialect.name == "postgresql":
        return undo_postgresql.replaying(connection)
    return nullcontext()


def _replay(connection: Connection, statement: str) -> None:
    """Run a journaled statement as it is (its values are literals; a "%" in one is no placeholder)."""
    if connection.dialect.name != "sqlite":  # psycopg reads "%" as a placeholder's start
        statement = statement.replace("%", "%%")
    connection.exec_driver_sql(statement)


@contextmanager
def unjournaled(session: Session, label: str) -> Iterator[None]:
    """Bulk writes that are not journaled (an import, a restore): the history is cleared (a barrier,
    ``label``, says why) and the triggers are taken away for the block, since each would otherwise run
    for every row written, then put back. SQLite's DDL is transactional: when the transaction fails,
    its rollback puts them back too."""
    clear(session, label)
    if session.get_bind().dialect.name == "postgresql":
        undo_postgresql.journal_off(session.connection(), True)
        try:
            yield
        finally:
            if session.is_active:
                undo_postgresql.journal_off(session.connection(), False)
        return
    drop_triggers(session.connection())
    try:
        yield
    finally:
        if session.is_active:
            install_triggers(session.connection())


def clear(session: Session, label: str) -> None:
    """Empty the history, leaving a barrier: ``label`` (an import, a forget) cannot be undone, nor
    anything before it. The barrier names what happened, never whom."""
    session.flush()
    connection = session.connection()
    connection.exec_driver_sql("DELETE FROM undo_entry")
    connection.exec_driver_sql("DELETE FROM undo_step")
    _new_step(connection, BARRIER, label)
    session.info.pop(_STATE, None)
