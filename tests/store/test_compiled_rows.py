# pytest fixtures imported from web_client are named as test parameters:
# ruff: noqa: F811
"""``kith.store.db.rows`` runs a select compiled once on the driver's cursor (``kith.store.compiled``):
the rows, their names and their values' types must be exactly what SQLAlchemy's own execution gives,
on SQLite and on PostgreSQL, and a driver's error must still be SQLAlchemy's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import counted_pipelines
from sqlalchemy import bindparam, select, text, type_coerce
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from web_client import api, jane, web  # noqa: F401

from kith.settings import get_settings
from kith.store import compiled, db
from kith.store.db import rows, transaction
from kith.store.schema import Interaction, Person, Role, UTCDateTime


def same_as_sqlalchemy(session, statement, params: dict) -> list:
    """The rows of ``rows``, checked against SQLAlchemy's execution of the same statement."""
    fast = rows(session, statement, params)
    assert isinstance(fast, compiled.Rows)
    slow = session.connection().execute(statement, params).all()
    found = fast.all()
    assert [tuple(row) for row in found] == [tuple(row) for row in slow]
    assert [[type(value) for value in row] for row in found] == [[type(v) for v in row] for row in slow]
    for row, other in zip(found, slow, strict=True):
        assert row._fields == other._fields
        for name in row._fields:
            assert getattr(row, name) == getattr(other, name)
    return found


def test_the_pages_reads_give_what_sqlalchemy_gives(jane, kith, web, api, monkeypatch):
    """Every select the person page, the people list, reach and the agenda run through ``rows``,
    checked against SQLAlchemy as they run, on a kith with dates, times, booleans, tags and roles."""
    kith("edit", "Jane Doe", "--birthday", "1990-02-03", "--title", "CTO")
    kith(
        "log", "call", "Sam Lee", "--when", "2026-06-10", "--promise", "send the deck", "--due", "2026-06-20"
    )
    kith("note", "Jane Doe", "likes climbing")
    checked: set[int] = set()
    real = compiled.compiled_rows

    def both(connection, statement, params):
        found = real(connection, statement, params)
        if found is not None:
            slow = connection.execute(statement, params).all()
            assert [tuple(row) for row in found] == [tuple(row) for row in slow], statement
            assert [[type(v) for v in row] for row in found] == [[type(v) for v in row] for row in slow]
            assert all(row._fields == other._fields for row, other in zip(found, slow, strict=True))
            checked.add(id(statement))
        return found

    def together(connection, wanted):
        found = real_together(connection, wanted)
        for (statement, params), one in zip(wanted, found, strict=True):
            slow = connection.execute(statement, params).all()
            assert [tuple(row) for row in one] == [tuple(row) for row in slow], statement
            assert [[type(v) for v in row] for row in one] == [[type(v) for v in row] for row in slow]
            checked.add(id(statement))
        return found

    real_together = compiled.rows_together
    monkeypatch.setattr("kith.store.db.compiled_rows", both)
    monkeypatch.setattr(compiled, "rows_together", together)
    for path in (f"/people/{jane}", "/people", "/people?sort=strength", "/people?q=acme", "/", "/agenda"):
        assert web.get(path).status_code == 200, path
    assert api.get("/api/reach", params={"company": "Acme"}).status_code == 200
    assert kith("show", "Jane Doe", "--json").json()["person"]["name"] == "Jane Doe"
    assert len(checked) >= 12  # the person page alone runs more than that


def test_times_in_and_out_are_aware_utc_and_lists_expand(jane, kith):
    kith("log", "call", "Sam Lee", "--when", "2026-06-10")
    since = select(Interaction.occurred_at, Interaction.channel).where(
        Interaction.occurred_at >= bindparam("since", type_=UTCDateTime())
    )
    named = select(Person.name).where(Person.id.in_(bindparam("ids", expanding=True))).order_by(Person.name)
    with transaction(get_settings(), write=False) as session:
        found = same_as_sqlalchemy(
            # 13:00 in UTC+1 is the call's time: compared as UTC, the call is found
            session,
            since.order_by(Interaction.occurred_at),
            {"since": datetime(2026, 6, 10, 13, tzinfo=timezone(timedelta(hours=1)))},
        )
        assert [row.occurred_at for row in found] == [datetime(2026, 6, 10, 12, tzinfo=UTC)]  # a day's noon
        assert found[0].occurred_at.tzinfo is not None
        ids = [row.id for row in session.connection().execute(select(Person.id))]
        assert [r.name for r in same_as_sqlalchemy(session, named, {"ids": ids})] == [
            "Ada Lovelace",
            "Jane Doe",
            "Sam Lee",
        ]
        assert same_as_sqlalchemy(session, named, {"ids": []}) == []
        coerced = select(type_coerce(Role.started_on, Role.started_on.type), Role.title, Person.is_me)
        same_as_sqlalchemy(session, coerced.join(Person, Person.id == Role.person_id), {})
        limited = select(Person.name).order_by(Person.name).limit(2)
        assert [row.name for row in same_as_sqlalchemy(session, limited, {})] == ["Ada Lovelace", "Jane Doe"]


def test_a_result_answers_as_sqlalchemys_does(jane):
    names = select(Person.id, Person.name).order_by(Person.id)
    one = select(Person.name, Person.is_me).where(Person.id == bindparam("id"))
    with transaction(get_settings(), write=False) as session:
        assert rows(session, names).scalar() == 1
        assert rows(session, names).scalars() == [1, jane, jane + 1]
        assert rows(session, names).first() == (1, "Ada Lovelace")
        with pytest.raises(MultipleResultsFound):
            rows(session, names).one_or_none()
        assert rows(session, one, {"id": jane}).one() == ("Jane Doe", False)
        assert rows(session, one, {"id": 10_000}).one_or_none() is None
        with pytest.raises(NoResultFound):
            rows(session, one, {"id": 10_000}).one()
        both = select(Person.name, Person.name.label("name"), Person.birthday).where(Person.id == jane)
        row = rows(session, both).one()  # a repeated name is renamed, as a position it is the same
        assert row[0] == row[1] == "Jane Doe" and row.birthday is None
        assert row[:2] == ("Jane Doe", "Jane Doe")


def test_what_is_not_a_select_runs_the_usual_way_and_errors_are_sqlalchemys(jane):
    with transaction(get_settings(), write=False) as session:
        assert rows(session, text("SELECT 1 AS one")).scalar() == 1
        with pytest.raises(DBAPIError):  # the driver's error, translated as SQLAlchemy does it
            rows(session, select(Person.id).where(text("no_such_column = 1")))


def test_a_statement_built_on_each_call_is_compiled_again_and_the_store_stays_bounded(jane, monkeypatch):
    monkeypatch.setattr(compiled, "MAX_COMPILED", 5)
    with transaction(get_settings(), write=False) as session:
        names = dict(session.connection().execute(select(Person.id, Person.name)).all())
        for n in range(20):
            found = rows(session, select(Person.name).where(Person.id == n)).all()
            assert found == ([(names[n],)] if n in names else [])
    assert len(compiled._compiled) <= 5


def test_a_plain_connection_s_select_runs_compiled_and_anything_else_is_refused(jane):
    from sqlalchemy import update

    with transaction(get_settings(), write=False) as session:
        conn = session.connection()
        found = compiled.select_rows(
            conn, select(Person.name).where(Person.id == bindparam("id")), {"id": jane}
        )
        assert found.scalars() == ["Jane Doe"]
        with pytest.raises(TypeError, match="not a select"):
            compiled.select_rows(conn, update(Person).values(liked=True), {})  # type: ignore[arg-type]


def test_reads_sent_together_are_each_what_it_gives_alone_in_one_round_trip(jane, kith, monkeypatch):
    """``rows_together``: on PostgreSQL the selects go out in one pipeline (one round trip), on SQLite one
    after another; either way each one's rows are what ``rows`` gives for it alone."""
    kith("log", "call", "Sam Lee", "--when", "2026-06-10")
    pipelines = counted_pipelines(monkeypatch)
    named = select(Person.name).where(Person.id.in_(bindparam("ids", expanding=True))).order_by(Person.name)
    since = select(Interaction.occurred_at).where(
        Interaction.occurred_at >= bindparam("since", type_=UTCDateTime())
    )
    one = select(Person.name, Person.is_me).where(Person.id == bindparam("id"))
    wanted = [
        (named, {"ids": [jane, jane + 1]}),
        (since, {"since": datetime(2026, 6, 1, tzinfo=UTC)}),
        (one, {"id": jane}),
        (one, {"id": 10_000}),
    ]
    with transaction(get_settings(), write=False) as session:
        alone = [rows(session, statement, params).all() for statement, params in wanted]
        together = [found.all() for found in db.rows_together(session, wanted)]
        postgresql = session.get_bind().dialect.name == "postgresql"
    assert together == alone
    assert [tuple(r) for r in together[0]] == [("Jane Doe",), ("Sam Lee",)]
    assert datetime(2026, 6, 10, 12, tzinfo=UTC) in [row.occurred_at for row in together[1]]
    assert together[3] == []
    assert len(pipelines) == (1 if postgresql else 0)


def test_an_error_among_reads_sent_together_is_sqlalchemys(jane):
    wanted = [
        (select(Person.name).where(Person.id == bindparam("id")), {"id": jane}),
        (select(Person.id).where(text("no_such_column = 1")), {}),
    ]
    with transaction(get_settings(), write=False) as session, pytest.raises(DBAPIError):
        db.rows_together(session, wanted)
    with transaction(get_settings(), write=False) as session:  # the connection serves the next one
        assert db.rows_together(session, wanted[:1])[0].scalars() == ["Jane Doe"]
