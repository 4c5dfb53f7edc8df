"""Bulk inserts for imports: plain tuples in, rows out, as cheaply as the database allows.

An import writes tens of thousands of rows per table. Through SQLAlchemy Core each row is a dict whose
values pass through the column types' bind processors: about two thirds of an import's write time,
measured, against SQLite's own work. So on SQLite (the stdlib ``sqlite3`` driver) ``Bulk`` hands tuples
straight to the DBAPI cursor's ``executemany``, in the transaction the session already holds, with
times and dates given as the text SQLAlchemy itself would store (``datetime``, ``date``), and assigns
new primary keys itself (past the highest number the table ever gave, ``sqlite_sequence``, as
AUTOINCREMENT would: a deleted row's number is never given again; the import holds the write lock, so
nobody else's rows can interleave). Any other database (PostgreSQL) goes through Core ``executemany`` with the same tuples made
into dicts and ``RETURNING`` for new ids, so the SQL stays portable. Both give the same rows (tested).

On SQLite, the secondary indexes of the interaction tables are built once after the rows when those
tables were empty (``defer_indexes``, then ``finish``): cheaper than keeping them sorted row by row, and
still all or nothing, since SQLite's DDL belongs to the transaction (a failed import leaves them as they
were). Nothing an import reads goes through those indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session


def _sqlite_datetime(value: datetime | None) -> str | None:
    """A datetime as SQLAlchemy's SQLite dialect stores a ``UTCDateTime``: naive UTC text, microseconds."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("kith stores aware datetimes only")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without "+00:00" (faster than replace())


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


def raw_sqlite(session: Session):
    """The session's sqlite3 connection when the raw path applies (SQLite through the stdlib driver)."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or bind.dialect.driver != "pysqlite":
        return None
    return session.connection().connection.driver_connection


def _statement(table: Any, columns: Sequence[str]) -> tuple[str, tuple]:
    """The INSERT for ``columns``, and the constant defaults Core would fill in for the columns left out."""
    names, defaults = list(columns), []
    for column in table.columns:
        if column.name in columns or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.name}: give it a value (its default is computed)")
        names.append(column.name)
        defaults.append(column.default.arg)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return sql, tuple(defaults)


class Bulk:
    """Inserts of many rows given as tuples of ``columns``; values made storable by ``datetime``/``date``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.raw = raw_sqlite(session)
        #: adapters for datetime and date values in rows (text on the raw path, objects for Core)
        self.datetime: Callable[[datetime | None], Any] = _sqlite_datetime if self.raw else _same
        self.date: Callable[[date | None], Any] = _sqlite_date if self.raw else _same
        self._sql: dict[tuple[str, tuple[str, ...]], tuple[str, tuple]] = {}
        #: CREATE INDEX statements to run again in ``finish``
        self._deferred: list[str] = []

    def defer_indexes(self, *models: Any) -> None:
        """Drop the secondary indexes of these tables while they are empty (SQLite); ``finish`` builds them."""
        if self.raw is None:
            return
        for model in models:
            name = model.__table__.name
            if self.raw.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is not None:
                continue
            indexes = self.raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (name,),
            ).fetchall()
            for index, sql in indexes:
                self.raw.execute(f'DROP INDEX "{index}"')
                self._deferred.append(sql)

    def finish(self) -> None:
        """Build the indexes ``defer_indexes`` dropped (before the transaction commits)."""
        while self._deferred and self.raw is not None:
            self.raw.execute(self._deferred.pop())

    def insert(self, model: Any, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table."""
        if not rows:
            return
        table = model.__table__
        if self.raw is None:
            names = list(columns)
            self.session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
            return
        self.session.flush()  # ORM objects waiting to be written go first, as they would with Core
        key = (table.name, tuple(columns))
        if key not in self._sql:
            self._sql[key] = _statement(table, columns)
        sql, defaults = self._sql[key]
        self.raw.executemany(sql, [row + defaults for row in rows] if defaults else rows)

    def insert_new(self, model: Any, columns: Sequence[str], rows: Sequence[tuple]) -> list[int]:
        """Insert ``rows`` into a table with an integer ``id`` key; the new ids, in the order of ``rows``."""
        if not rows:
            return []
        s = self.session
        if self.raw is not None:
            table_name = model.__table__.name
            given = s.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table_name})
            before = max(s.scalar(select(func.max(model.id))) or 0, given or 0)
            ids = list(range(before + 1, before + 1 + len(rows)))
            self.insert(model, ("id", *columns), [(i, *row) for i, row in zip(ids, rows, strict=True)])
            return ids
        dicts = [dict(zip(columns, row, strict=True)) for row in rows]
        table = model.__table__
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(s.execute(stmt, dicts).scalars())
