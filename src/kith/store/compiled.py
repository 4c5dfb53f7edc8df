"""Running a select built once straight on the driver's cursor: ``kith.store.db.rows``'s way.

A page sends a dozen or more small selects, each built once (a module's constant). SQLAlchemy's
execution of one (its cache key, an execution context, a result object) took twice or three times the
CPU of the driver's own work for it: 0.2 to 0.35 ms against 0.05 to 0.07 on PostgreSQL. Here each
statement is compiled by SQLAlchemy once per dialect; a call fills in the parameters (expanding ``IN``
lists and bind processors included, SQLAlchemy's ``construct_expanded_state``), runs the SQL on the
session's connection through SQLAlchemy's own cursor execution (so its events, logging and error
translation still apply: a driver's error is SQLAlchemy's ``OperationalError``, ``DataError``...), and
reads the rows whole, each column through the result processor SQLAlchemy would use (aware UTC
datetimes, SQLite's dates and booleans). A row is a named tuple: by position, by name, sliced.

Reads that do not depend on each other (a person page's details) can be sent together
(``rows_together``): on PostgreSQL they go out in one pipeline (psycopg's pipeline mode) and their
answers come back in one round trip; each round trip is also a wait for Python's lock among the
server's busy threads when it ends.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.sql import CompoundSelect, Select
from sqlalchemy.sql.compiler import SQLCompiler

#: statements compiled per dialect, at most this many (a statement built on each call would otherwise
#: fill it: one that is not found again is compiled again, as SQLAlchemy's own cache does)
MAX_COMPILED = 1_000


class Rows:
    """A statement's rows, read whole: iterate them, or ``all``, ``first``, ``one``, ``one_or_none``,
    ``scalar`` and ``scalars`` as SQLAlchemy's results offer them."""

    __slots__ = ("_found",)

    def __init__(self, found: list) -> None:
        self._found = found

    def __iter__(self) -> Iterator[Any]:
        return iter(self._found)

    def all(self) -> list:
        return self._found

    def first(self) -> Any:
        return self._found[0] if self._found else None

    def one_or_none(self) -> Any:
        if len(self._found) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return self.first()

    def one(self) -> Any:
        if not self._found:
            raise NoResultFound("No row was found when one was required")
        return self.one_or_none()

    def scalar(self) -> Any:
        return self._found[0][0] if self._found else None

    def scalars(self) -> list:
        return [row[0] for row in self._found]


class _Compiled:
    """One statement compiled for one dialect, and how its rows are read."""

    __slots__ = ("statement", "compiled", "row", "types", "processors")

    def __init__(self, statement: Select | CompoundSelect, compiled: SQLCompiler) -> None:
        self.statement = statement  # held, so that the key (its id) names nothing else while kept
        self.compiled = compiled
        self.types = [column.type for column in statement.selected_columns]
        # the rows' names (as the driver says them, like SQLAlchemy's) and each column's result
        # processor: known once the driver has described the columns
        self.row: Any = None
        self.processors: list[tuple[int, Callable[[Any], Any]]] = []


def _row_type(names: list[str]) -> Any:
    """A named tuple class of these fields (a duplicate name, or one Python cannot take, is renamed)."""
    return namedtuple("Row", names, rename=True)


_compiled: dict[tuple[int, str], _Compiled] = {}
_lock = threading.Lock()


def select_rows(connection: Connection, statement: Select | CompoundSelect, params: dict) -> Rows:
    """The rows of the select ``statement`` with ``params`` on ``connection`` (a plain connection's
    reads: the team's look-ups; a session's go through ``kith.store.db.rows``)."""
    found = compiled_rows(connection, statement, params)
    if found is None:
        raise TypeError(f"not a select that runs compiled: {statement}")
    return found


def compiled_rows(connection: Connection, statement: Any, params: dict) -> Rows | None:
    """The rows of ``statement`` with ``params`` on ``connection``; None when it is not a select (the
    caller runs it the usual way)."""
    found = _compiled_for(connection, statement)
    if found is None:
        return None
    sql, values = _bound(found, connection, params)
    cursor = connection.connection.cursor()
    try:
        connection._cursor_execute(cursor, sql, values)
        return _read(found, cursor, connection)
    finally:
        cursor.close()


def rows_together(connection: Connection, wanted: list[tuple[Select | CompoundSelect, dict]]) -> list[Rows]:
    """The rows of each select of ``wanted`` (a statement and its parameters), in order, none depending
    on another's: on PostgreSQL sent together and answered in one round trip (psycopg's pipeline mode)
    rather than one a statement; elsewhere (SQLite answers in-process) one after another. A driver's
    error is SQLAlchemy's, as ``compiled_rows``'s."""
    if connection.dialect.name != "postgresql" or len(wanted) < 2:
        return [select_rows(connection, statement, params) for statement, params in wanted]
    sent = []
    for statement, params in wanted:
        found = _compiled_for(connection, statement)
        if found is None:
            raise TypeError(f"not a select that runs compiled: {statement}")
        sent.append((found, *_bound(found, connection, params)))
    raw: Any = connection.connection.dbapi_connection
    cursors: list[Any] = []
    sql, values, cursor = None, None, None
    try:
        try:
            with raw.pipeline():
                for _found, sql, values in sent:
                    cursor = connection.connection.cursor()
                    cursors.append(cursor)
                    connection._cursor_execute(cursor, sql, values)
            # the block's end sent the sync and read every answer
        except connection.dialect.loaded_dbapi.Error as exc:
            connection._handle_dbapi_exception(exc, sql, values, cursor, None)  # raises SQLAlchemy's
        return [_read(sent[n][0], cursor, connection) for n, cursor in enumerate(cursors)]
    finally:
        for cursor in cursors:
            cursor.close()


def _compiled_for(connection: Connection, statement: Any) -> _Compiled | None:
    """``statement`` compiled for the connection's dialect (once); None for anything but a select."""
    if not isinstance(statement, Select | CompoundSelect):
        return None
    dialect = connection.dialect
    key = (id(statement), dialect.name)
    found = _compiled.get(key)
    if found is None or found.statement is not statement:
        compiled = statement.compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler) or len(compiled._result_columns) != len(
            statement.selected_columns
        ):
            return None
        found = _Compiled(statement, compiled)
        with _lock:
            if len(_compiled) >= MAX_COMPILED:
                _compiled.clear()
            _compiled[key] = found
    return found


def _bound(found: _Compiled, connection: Connection, params: dict) -> tuple[str, Any]:
    """The SQL to send (``IN`` lists expanded) and its parameters, each through its bind processor."""
    compiled = found.compiled
    state = compiled.construct_expanded_state(params)
    # the bind processors (an aware time made naive UTC...): the statement's, and those of the
    # values an expanding list became (a tuple's would be a list of them: kith binds no tuples)
    processors: Mapping[str, Any] = compiled._bind_processors
    if state.processors:
        processors = {**processors, **state.processors}
    values = state.parameters
    if processors:
        values = {
            name: processors[name](value) if name in processors else value for name, value in values.items()
        }
    if connection.dialect.positional:
        return state.statement, tuple(values[name] for name in state.positiontup or ())
    return state.statement, values


def _read(found: _Compiled, cursor: Any, connection: Connection) -> Rows:
    """The rows an executed cursor holds, each column through its result processor."""
    if found.row is None:
        dialect = connection.dialect
        described = cursor.description
        made = (
            (n, kind._cached_result_processor(dialect, column[1]))
            for n, (kind, column) in enumerate(zip(found.types, described, strict=True))
        )
        found.processors = [(n, process) for n, process in made if process is not None]
        found.row = _row_type([column[0] for column in described])
    fetched = cursor.fetchall()
    make = found.row._make
    if not found.processors:
        return Rows(list(map(make, fetched)))
    out = []
    for raw in fetched:
        row = list(raw)
        for n, process in found.processors:
            row[n] = process(row[n])
        out.append(make(row))
    return Rows(out)
