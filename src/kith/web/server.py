"""Run kith's web app with uvicorn (``kith serve``, ``kith demo``)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kith.settings import Settings, get_settings
from kith.web.security import DEFAULT_MAX_UPLOAD, LOOPBACK_HOSTS

#: how worker processes learn the options of ``serve`` (they build the app from the environment)
ALLOWED_HOSTS_ENV = "KITH_WEB_ALLOWED_HOSTS"
MAX_UPLOAD_ENV = "KITH_WEB_MAX_UPLOAD"
#: the token file's path (each worker reads the token itself: the token never enters the environment)
TOKEN_FILE_ENV = "KITH_WEB_TOKEN_FILE"
#: "1": the workers serve a team (``kith serve --team``)
TEAM_ENV = "KITH_WEB_TEAM"


def default_workers() -> int:
    """Two server processes on a machine with two cores or more, else one.

    One Python process answers on one core at a time, so a second doubles what the server can answer
    at once, and a page never waits behind another's slow work (an import, a report). Each process keeps
    its own copy of the shared figures (``kith.web.snapshot``), so more than two would mostly cost
    memory for one person's browser."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def is_loopback(host: str) -> bool:
    return host.strip("[]") in {h.strip("[]") for h in LOOPBACK_HOSTS}


def check_address(host: str, port: int) -> None:
    """BadInput, before anything is printed or started, when ``host:port`` cannot be listened on: the
    port is taken (another kith serve?) or the host is not an address of this machine."""
    import socket

    from kith.errors import BadInput

    name = host.strip("[]")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise BadInput(f"cannot listen on {host}: {exc.strerror or 'unknown host'}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BadInput(
                    f"port {port} on {host} is already in use (another kith serve?); choose another with --port"
                ) from None
            raise BadInput(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None


def serve(
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    allowed_hosts: Iterable[str] = (),
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    workers: int | None = None,
    log_level: str = "warning",
    token_file: Path | None = None,
    team: bool = False,
) -> None:
    """Serve kith on ``host:port`` until interrupted (loopback unless told otherwise).

    ``workers`` > 1 runs that many server processes on the same port (uvicorn's supervisor; call it from
    the main thread), so pages are answered on several cores at once; None: ``default_workers()``.
    ``token_file``: every request must show the access token it holds (``kith.web.access``).
    ``team``: a team's server; each request works in its member's kith (``kith.web.team_access``).
    Behind a reverse proxy on this machine that sets ``X-Forwarded-Proto``, uvicorn takes the request's
    scheme from it (so the session cookie is ``Secure``); a proxy elsewhere must be named in uvicorn's
    ``FORWARDED_ALLOW_IPS``.
    """
    import tempfile

    import uvicorn

    from kith.store.db import open_engine
    from kith.web.access import read_token_file
    from kith.web.app import create_app
    from kith.web.balance import BALANCE_FILE_ENV, make_table
    from kith.web.security import install_secret

    settings = settings or get_settings()
    token = read_token_file(token_file) if token_file is not None else None
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": False,
        "server_header": False,
    }
    if team:
        from kith.team.store import migrate

        migrate(settings)  # the team's tables at this kith's version, before any request or worker
    else:
        open_engine(settings)  # migrate once, before any request or worker
    if workers is None:
        workers = default_workers()
    if workers <= 1:
        app = create_app(
            settings,
            allowed_hosts=allowed_hosts,
            max_upload_bytes=max_upload_bytes,
            background=True,
            access_token=token,
            team=team,
        )
        uvicorn.run(app, **options)
        return
    install_secret(settings.home)  # once, before the workers race to create it
    # the processes' table of the connections each holds, to keep them even (``kith.web.balance``)
    handle, table = tempfile.mkstemp(prefix="kith-serve-", suffix=".connections")
    os.close(handle)
    make_table(Path(table), workers)
    os.environ.update(
        {
            "KITH_HOME": str(settings.home),
            "KITH_DATABASE_URL": settings.database_url,
            ALLOWED_HOSTS_ENV: ",".join(allowed_hosts),
            MAX_UPLOAD_ENV: str(max_upload_bytes),
            TOKEN_FILE_ENV: str(Path(token_file).resolve()) if token_file is not None else "",
            TEAM_ENV: "1" if team else "",
            BALANCE_FILE_ENV: table,
        }
    )
    try:
        uvicorn.run(
            "kith.web.server:app_from_environment",
            factory=True,
            workers=workers,
            http="kith.web.balance:EvenHttp",
            **options,
        )
    finally:
        Path(table).unlink(missing_ok=True)


def app_from_environment():
    """The app a worker process serves, configured by ``serve`` through the environment."""
    from kith.web import balance
    from kith.web.access import read_token_file
    from kith.web.app import create_app

    balance.join()

    hosts = [h for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",") if h]
    limit = int(os.environ.get(MAX_UPLOAD_ENV) or DEFAULT_MAX_UPLOAD)
    token_file = os.environ.get(TOKEN_FILE_ENV)
    token = read_token_file(Path(token_file)) if token_file else None
    return create_app(
        get_settings(),
        allowed_hosts=hosts,
        max_upload_bytes=limit,
        background=True,
        access_token=token,
        team=os.environ.get(TEAM_ENV) == "1",
    )
