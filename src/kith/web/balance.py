"""Keeping the connections of a server of several processes (``kith serve --workers N``) even between them.

Every process accepts from the same listening socket, and the kernel gives a new connection to any of
them. A browser, a proxy or a script keeps its connection open for request after request, so a process
that happened to accept more connections at the start keeps answering for more clients: measured with
8 clients on a team server of 2 processes, one process held 7 connections and the other 1, and one
core did the work of both while the other idled (``docs/performance.md``).

So each process says in a small table shared with its siblings (a memory-mapped file ``serve`` makes,
a slot of a process id and a count per process) how many connections it holds. A process that holds
two or more than a sibling answers the request in hand and closes its connection (``Connection:
close``, which every HTTP client follows by connecting again): the new connection goes to any process,
and once they are even no connection is closed. A request is never refused or cut short.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
from pathlib import Path

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: where ``serve`` tells its processes the table's file is
BALANCE_FILE_ENV = "KITH_WEB_BALANCE_FILE"
#: a slot: the process id (0: free) and the connections it holds
_SLOT = struct.Struct("=qq")


def make_table(path: Path, processes: int) -> None:
    """An empty table of ``processes`` slots at ``path`` (readable by its owner only)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, bytes(_SLOT.size * processes))
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Table:
    """This process's slot in the table at ``path``: the first free one, or one whose process ended (a
    process the server started again in its place)."""

    def __init__(self, path: Path) -> None:
        with open(path, "r+b") as file:
            self._map = mmap.mmap(file.fileno(), 0)
            fcntl.flock(file, fcntl.LOCK_EX)  # siblings starting at once take different slots
            try:
                slots = len(self._map) // _SLOT.size
                taken = (
                    n
                    for n in range(slots)
                    if (pid := _SLOT.unpack_from(self._map, n * _SLOT.size)[0]) == 0 or not _alive(pid)
                )
                slot = next(taken, None)
                if slot is None:
                    raise RuntimeError(f"no free slot in {path}: more server processes than it was made for")
                self._slot = slot
                self.pid = os.getpid()
                _SLOT.pack_into(self._map, self._slot * _SLOT.size, self.pid, 0)
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)
        self.held = 0

    def change(self, by: int) -> None:
        """This process holds ``by`` more connections (or fewer)."""
        self.held += by
        _SLOT.pack_into(self._map, self._slot * _SLOT.size, self.pid, self.held)

    def crowded(self) -> bool:
        """Whether this process holds two connections or more than a sibling that is running."""
        for n in range(len(self._map) // _SLOT.size):
            if n == self._slot:
                continue
            pid, held = _SLOT.unpack_from(self._map, n * _SLOT.size)
            if pid and held <= self.held - 2 and _alive(pid):
                return True
        return False


#: this process's slot, once ``join`` found one (None: a server of one process, or a test's app)
_table: Table | None = None


def join(environ: dict[str, str] | None = None) -> None:
    """Take this process's slot in the table ``serve`` named in the environment, if it named one."""
    global _table
    path = (os.environ if environ is None else environ).get(BALANCE_FILE_ENV)
    if path and _table is None:
        _table = Table(Path(path))


class EvenHttp(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol (httptools), counting this process's connections in the table and
    closing, after its response, a connection of a process holding more than its share."""

    _counted = False

    def connection_made(self, transport) -> None:  # type: ignore[no-untyped-def]
        super().connection_made(transport)
        if _table is not None:
            _table.change(+1)
            self._counted = True

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._let_go()

    def _let_go(self) -> None:
        if self._counted and _table is not None:
            _table.change(-1)
            self._counted = False

    def on_headers_complete(self) -> None:
        before = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is None or cycle is before or not cycle.keep_alive or _table is None:
            return
        if _table.crowded():
            cycle.keep_alive = False  # uvicorn says "Connection: close" and closes after the response
            self._let_go()  # counted as gone now, so that the next request does not close another too
