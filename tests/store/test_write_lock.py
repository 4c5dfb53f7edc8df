"""One writer at a time, on SQLite (its write lock, ``BEGIN IMMEDIATE``) and PostgreSQL (an advisory
lock each write transaction takes first): another writer waits, gives up after its wait naming the
long writer that holds the lock, and readers never wait."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kith.settings import Settings
from kith.store import db, locks
from kith.store.schema import Person


def test_a_second_writer_waits_then_gives_up_naming_the_holder_and_readers_never_wait(tmp_path, database):
    settings = Settings(home=tmp_path, database_url=database)
    holding, release, done = threading.Event(), threading.Event(), threading.Event()

    def long_writer() -> None:
        with db.transaction(settings, holder="kith import linkedin") as session:
            session.add(Person(name="Jane Doe", name_key="jane doe"))
            session.flush()
            holding.set()
            release.wait(30)
        done.set()

    db.open_engine(settings)
    thread = threading.Thread(target=long_writer)
    thread.start()
    try:
        assert holding.wait(30)
        other = db.make_engine(database)  # another process's connection: no shared gate
        writing = other.execution_options(**{db.WRITE: True, db.WAIT_MS: 300})
        with pytest.raises(OperationalError) as refused, writing.begin():
            pass
        assert locks.is_busy(refused.value)
        holder, pid, seconds = locks.writer(other)
        assert holder == "kith import linkedin" and seconds >= 0
        assert "kith import linkedin" in locks.busy_message(other, 0.3)
        with other.connect() as reader:  # the uncommitted person is not seen, and nothing waits
            assert reader.execute(select(func.count()).select_from(Person)).scalar() == 0
    finally:
        release.set()
        thread.join(30)
    assert done.is_set()
    with other.execution_options(**{db.WRITE: True, db.WAIT_MS: 300}).begin() as conn:
        assert conn.execute(select(func.count()).select_from(Person)).scalar() == 1
    assert locks.writer(other) is None
    other.dispose()
