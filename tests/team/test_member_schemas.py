"""Each member's private kith is a PostgreSQL schema of its own (``Settings.schema``): migrated there from
empty, separate from the others, its writers locked apart from theirs, its undo journal its own."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from kith.clock import now
from kith.errors import StoreError
from kith.people.core import PersonFields, add_person
from kith.settings import Settings
from kith.store import db, locks
from kith.store.schema import Person
from kith.store.undo import undo_last


@pytest.fixture
def members(team_database, tmp_path) -> tuple[Settings, Settings]:
    """Two members' private kiths in one database."""
    return (
        Settings(home=tmp_path, database_url=team_database, schema="kith_member_1"),
        Settings(home=tmp_path, database_url=team_database, schema="kith_member_2"),
    )


def people(settings: Settings) -> list[str]:
    with db.transaction(settings, write=False) as session:
        return list(session.scalars(select(Person.name).where(Person.is_me.is_(False))))


def test_a_member_schema_is_migrated_from_empty_and_holds_everything_kith_creates(members, team_database):
    a, _ = members
    engine = db.open_engine(a)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_schema()")).scalar() == "kith_member_1"
        assert conn.execute(text("SELECT version_num FROM kith_member_1.alembic_version")).scalar() == (
            db.HEAD_REVISION
        )
        where = conn.execute(
            text(
                "SELECT n.nspname, count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind = 'r' AND n.nspname IN ('public', 'kith_member_1') GROUP BY n.nspname"
            )
        ).all()
        assert dict(where).keys() == {"kith_member_1"}  # nothing landed in the default schema
        functions = conn.execute(
            text(
                "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                " WHERE p.proname LIKE 'undo\\_journal\\_%'"
            )
        ).scalars()
        assert set(functions) == {"kith_member_1"}
    db.dispose_engines()
    assert db.open_engine(a) is not engine  # opened again: at the head already, nothing to do
    assert people(a) == []


def test_two_members_data_are_separate(members):
    a, b = members
    with db.transaction(a) as session:
        add_person(session, PersonFields(name="Jane Doe"), now=now())
    with db.transaction(b) as session:
        add_person(session, PersonFields(name="Sam Lee"), now=now())
    assert people(a) == ["Jane Doe"]
    assert people(b) == ["Sam Lee"]
    single = Settings(home=a.home, database_url=a.database_url)  # the database's own (default) kith
    assert people(single) == []


def test_members_writers_do_not_wait_for_each_other(members):
    a, b = members
    db.open_engine(b)
    holding, release = threading.Event(), threading.Event()

    def long_writer() -> None:
        with db.transaction(a) as session:
            add_person(session, PersonFields(name="Jane Doe"), now=now())
            session.flush()
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=long_writer)
    thread.start()
    try:
        assert holding.wait(30)
        other_b = db.make_engine(b.database_url, schema=b.schema)  # another process's, for member B
        with other_b.execution_options(**{db.WRITE: True, db.WAIT_MS: 300}).begin() as conn:
            conn.execute(text("SELECT 1"))  # got B's lock at once
        other_b.dispose()
        other_a = db.make_engine(a.database_url, schema=a.schema)  # another writer of A's waits
        with (
            pytest.raises(OperationalError) as refused,
            other_a.execution_options(**{db.WRITE: True, db.WAIT_MS: 300}).begin(),
        ):
            pass
        assert locks.is_busy(refused.value)
        other_a.dispose()
    finally:
        release.set()
        thread.join(30)
    assert people(a) == ["Jane Doe"]


def test_undo_works_inside_a_member_schema(members):
    a, b = members
    with db.transaction(b) as session:
        add_person(session, PersonFields(name="Sam Lee"), now=now())
    with db.transaction(a) as session:
        add_person(session, PersonFields(name="Jane Doe"), now=now())
    with db.transaction(a) as session:
        add_person(session, PersonFields(name="Max Power", company="Initech"), now=now())
    with db.transaction(a) as session:
        step = undo_last(session)
    assert step is not None and step.label == "add Max Power"
    assert people(a) == ["Jane Doe"]
    assert people(b) == ["Sam Lee"]  # A's undo undid A's newest change; B's kith is untouched
    with db.transaction(b) as session:
        step = undo_last(session)
    assert step is not None and step.label == "add Sam Lee"
    assert people(b) == []
    assert people(a) == ["Jane Doe"]


def test_a_schema_needs_postgresql_and_a_plain_name(tmp_path):
    with pytest.raises(StoreError, match="PostgreSQL"):
        db.make_engine(f"sqlite:///{tmp_path / 'x.db'}", schema="kith_member_1")
    with pytest.raises(StoreError, match="schema name"):
        db.check_schema_name('x"; DROP TABLE person; --')
    assert locks.schema_lock_key("kith_member_1") != locks.schema_lock_key("kith_member_2")
    assert -(2**31) <= locks.schema_lock_key("kith_member_1") < 2**31


def test_counting_people_in_one_schema_ignores_the_others(members):
    a, b = members
    for settings, name in ((a, "Jane Doe"), (b, "Sam Lee"), (b, "Max Power")):
        with db.transaction(settings) as session:
            add_person(session, PersonFields(name=name), now=now())
    with db.transaction(b, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_(False))) == 2


def test_a_busy_message_names_only_the_same_members_long_writer(members):
    a, b = members
    db.open_engine(b)
    holding, release = threading.Event(), threading.Event()

    def importing() -> None:
        with db.transaction(a, holder="kith import linkedin") as session:
            add_person(session, PersonFields(name="Jane Doe"), now=now())
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=importing)
    thread.start()
    try:
        assert holding.wait(30)
        other_a = db.make_engine(a.database_url, schema=a.schema)
        other_b = db.make_engine(b.database_url, schema=b.schema)
        single = db.make_engine(a.database_url)
        found = locks.writer(other_a)
        assert found is not None and found[0] == "kith import linkedin"
        assert locks.writer(other_b) is None  # B is never told what A is doing
        assert locks.writer(single) is None
        for engine in (other_a, other_b, single):
            engine.dispose()
    finally:
        release.set()
        thread.join(30)
