"""A pooled PostgreSQL connection is checked before use only when it sat idle (``kith.store.db.ping_when_idle``):
one closed by the server while it waited is replaced without failing the statement, and one in steady use
is not pinged on every checkout."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kith.store import db


@pytest.fixture
def engine(postgresql_server):
    name = postgresql_server.create_database()
    made = db.make_engine(postgresql_server.url(name))
    yield made
    made.dispose()
    postgresql_server.drop_database(name)


@pytest.fixture
def pings(engine, monkeypatch) -> list[int]:
    """The pings the engine's pool sends, counted."""
    sent: list[int] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        sent.append(1)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def backend(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def end_backend(engine, pid: int) -> None:
    """Close connection ``pid`` (idle in the pool) from the server's side, as a restart or an
    administrator would, over a connection of another engine; return once it is gone."""
    from conftest import eventually
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    other = create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with other.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
            alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            eventually(lambda: conn.execute(alive, {"pid": pid}).scalar_one() == 0, "the connection ending")
    finally:
        other.dispose()


def test_a_connection_in_steady_use_is_not_pinged(engine, pings):
    first = backend(engine)
    for _ in range(5):
        assert backend(engine) == first  # the same pooled connection each time
    assert pings == []


def test_an_idle_connection_closed_by_the_server_is_replaced_before_use(engine, pings, monkeypatch):
    first = backend(engine)
    end_backend(engine, first)
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)  # every pooled connection has sat long enough

    with engine.connect() as conn:
        again = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert again != first
    assert pings  # found dead by the ping, not by the statement


def test_without_the_ping_the_dead_connection_fails_once_then_every_old_one_is_replaced(engine, pings):
    """What the ping saves: a connection that died while in steady use fails the statement it was given
    (as any connection that dies mid-request would), and the pool then replaces it."""
    from sqlalchemy.exc import OperationalError

    first = backend(engine)
    end_backend(engine, first)
    with pytest.raises(OperationalError), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert backend(engine) != first
