"""Start a real ``kith serve`` in a process of its own on a free loopback port, for the tests that talk
to it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def kith_serve(home: Path, *options: str, probe: str = "/") -> Iterator[tuple[str, httpx.Response]]:
    """``kith serve OPTIONS`` on a free port with ``home`` as KITH_HOME: its base URL and its first
    answer to ``probe``, once it answers; stopped when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kith", "serve", "--port", str(port), *options],
        env={**os.environ, "KITH_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded machine starts it slowly
        while True:
            try:
                response = httpx.get(base + probe, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    ended = server.poll() is not None
                    pytest.fail(f"kith serve did not start: {server.stderr.read().decode() if ended else ''}")
                time.sleep(0.2)
        yield base, response
    finally:
        server.terminate()
        server.wait(timeout=20)
