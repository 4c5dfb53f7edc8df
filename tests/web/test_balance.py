"""A server of several processes keeps their connections even (``kith.web.balance``): each process counts
the connections it holds in a shared table, and one holding two or more than a sibling closes a
connection after answering on it, so that the client connects again, to any process."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time

import pytest
import uvicorn
from live_server import free_port, kith_serve

from kith.web import balance
from kith.web.balance import BALANCE_FILE_ENV, Table, make_table


def test_a_process_is_crowded_while_it_holds_two_connections_more_than_a_sibling(tmp_path):
    path = tmp_path / "connections"
    make_table(path, 3)
    first, second = Table(path), Table(path)  # two slots (this process stands for both)
    first.change(+3)
    second.change(+1)
    assert first.crowded() and not second.crowded()
    first.change(-1)
    assert not first.crowded()  # 2 against 1: as even as 3 connections can be
    with pytest.raises(RuntimeError, match="no free slot"):
        Table(path), Table(path)  # the third slot is taken; a fourth process finds none


def test_the_slot_of_a_process_that_ended_is_taken_again_and_never_compared(tmp_path):
    path = tmp_path / "connections"
    make_table(path, 2)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    gone = int(ended.stdout)
    first = Table(path)
    first.change(+4)
    # a sibling that held nothing and ended (the server starts another in its place)
    balance._SLOT.pack_into(first._map, balance._SLOT.size, gone, 0)
    assert not first.crowded()
    second = Table(path)  # its replacement takes the slot
    assert second._slot == 1 and first.crowded()


@pytest.fixture
def even_server(tmp_path, monkeypatch):
    """uvicorn in a thread with kith's protocol and a table of two slots: its own and a sibling's (a
    ``Table`` this test moves by hand); the base address and the sibling."""
    path = tmp_path / "connections"
    make_table(path, 2)
    monkeypatch.setattr(balance, "_table", None)
    balance.join({BALANCE_FILE_ENV: str(path)})
    sibling = Table(path)

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        http="kith.web.balance:EvenHttp",
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield port, sibling
    server.should_exit = True
    thread.join(timeout=10)


def ask(connection: http.client.HTTPConnection) -> str | None:
    """One request on ``connection``: what the response says of the connection (None: kept alive)."""
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200 and response.read() == b"ok"
    return response.getheader("connection")


def held() -> int:
    assert balance._table is not None
    return balance._table.held


def test_a_crowded_process_answers_then_closes_the_connection_and_counts_it_gone(even_server):
    port, sibling = even_server
    one, two = (http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(2))
    assert ask(one) is None and held() == 1  # 1 against the sibling's 0: even enough
    assert ask(two) == "close" and held() == 1  # 2 against 0: the second answered, then let go
    assert ask(one) is None
    sibling.change(+3)  # the sibling is the crowded one now: nothing here closes
    assert ask(two) is None and held() == 2  # the client connected again (http.client does)
    assert [ask(one), ask(two), ask(one)] == [None, None, None]
    one.close()
    two.close()
    deadline = time.monotonic() + 10
    while held() != 0:  # the server sees the clients go
        assert time.monotonic() < deadline, held()
        time.sleep(0.02)


def test_kith_serve_keeps_its_processes_connections_even(kith_home, tmp_path, monkeypatch):
    """Two processes and six clients that keep their connections: whatever the kernel's first split,
    the table ends even, every request answered."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))  # where serve makes its table
    with kith_serve(kith_home, "--workers", "2", probe="/api/people") as (base, _first):
        [table] = folder.glob("kith-serve-*.connections")
        assert table.stat().st_mode & 0o777 == 0o600
        port = int(base.rsplit(":", 1)[1])
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(6)]
        for client in clients:
            client.request("GET", "/api/people")
            assert client.getresponse().read()
        even = False
        for _ in range(60):
            for client in clients:
                client.request("GET", "/api/people")
                response = client.getresponse()
                assert response.status == 200, response.read()
                response.read()
            data = table.read_bytes()
            counts = sorted(
                balance._SLOT.unpack_from(data, n * balance._SLOT.size)[1]
                for n in range(len(data) // balance._SLOT.size)
            )
            if counts == [3, 3]:
                even = True
                break
        assert even, counts
        for client in clients:
            client.close()
    assert not table.exists()  # removed as the server stops
