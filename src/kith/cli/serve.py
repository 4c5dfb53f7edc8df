"""The ``kith serve`` command: the web UI and JSON API on this machine."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Interface to listen on (default: loopback only); any other needs --token-file or --team.",
    ),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Also answer to this Host name, e.g. a LAN name (repeatable)."
    ),
    max_upload_mb: int = typer.Option(200, "--max-upload-mb", min=1, help="Largest upload accepted, in MB."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        max=32,
        show_default=False,
        help="Server processes answering at once (default: 2 on a machine with 2 cores or more, else 1); "
        "they keep the clients' connections even between them.",
    ),
    token_file: Path | None = typer.Option(
        None,
        "--token-file",
        show_default=False,
        help="Answer only requests that show the access token in this file (yours alone, chmod 600; "
        "32 characters or more): API clients send 'Authorization: Bearer TOKEN', a browser logs in once. "
        "Required with a --host other than loopback (unless --team).",
    ),
    team: bool = typer.Option(
        False,
        "--team",
        help="Serve a team (KITH_DATABASE_URL on PostgreSQL, set up with kith team init): each member "
        "logs in with their email and password, or sends an API token, and sees only their own kith.",
    ),
) -> None:
    """Serve the web UI and JSON API (on 127.0.0.1 unless told otherwise).

    Open the printed address in a browser; the API is described at /api/docs and /openapi.json.
    As it starts, the server computes the figures most pages share (tie strengths, who knows whom, the
    agenda) in the background; with --team, for each member, the most recently active first. kith answers only requests addressed to localhost or an --allow-host name, refuses writes sent from
    another site (Origin and Sec-Fetch-Site headers) and needs a CSRF token for every write. Listening
    on another interface needs an access token (--token-file); the connection is plain HTTP, so use that
    only on a network you trust.

    Example: kith serve --port 8765

    Example: kith serve --host 0.0.0.0 --allow-host kith.lan --token-file ~/.kith-token

    Example: KITH_DATABASE_URL=postgresql+psycopg://kith@/kith kith serve --team --allow-host kith.firm.example

    With --team, every page and API call needs a member's login (the /login page, a session cookie) or
    API token (kith team token EMAIL); run it behind a reverse proxy that adds TLS (docs/team.md).
    """
    from kith.errors import BadInput
    from kith.settings import get_settings
    from kith.web.access import MAKE_ONE, read_token_file
    from kith.web.security import host_name
    from kith.web.server import check_address, is_loopback
    from kith.web.server import serve as run

    settings = get_settings()
    if team:
        from kith.team.store import require_team

        if token_file is not None:
            raise BadInput(
                "--team and --token-file do not go together: a team's members log in with their accounts"
            )
        require_team(settings)
    check_address(host, port)
    token_file = token_file.expanduser() if token_file is not None else None
    if not is_loopback(host) and token_file is None and not team:
        raise BadInput(
            f"listening on {host} lets other machines reach kith, so it needs an access token: "
            f"kith serve --host {host} --token-file FILE (make FILE with: {MAKE_ONE} > FILE; chmod 600 FILE), "
            "or serve a team with accounts: kith serve --team"
        )
    for name in allow_host:
        if host_name(name) is None:
            raise BadInput(f"--allow-host {name!r} is not a host name or an IP address")
    if token_file is not None:
        read_token_file(token_file)  # refused now, before anything is printed or started
    out = console()
    if not is_loopback(host):
        needs = "a member's login or API token" if team else "the access token"
        out.print(
            f"warning: listening on {host}: other machines can reach kith; each request needs {needs}, "
            "but the connection is not encrypted (plain HTTP): put a reverse proxy with TLS in front, "
            "or use it only on a network you trust",
            markup=False,
            style="yellow",
        )
    shown = f"[{host}]" if ":" in host else host
    out.print(f"kith is serving on http://{shown}:{port}/  (Ctrl+C to stop)", markup=False)
    if team:
        out.print("team mode: every request needs a member's login (/login) or API token", markup=False)
    if token_file is not None:
        out.print(
            f"every request needs the access token in {token_file}; a browser logs in once", markup=False
        )
    run(
        settings,
        host=host,
        port=port,
        allowed_hosts=allow_host,
        max_upload_bytes=max_upload_mb * 1024 * 1024,
        workers=workers,
        token_file=token_file,
        team=team,
    )
