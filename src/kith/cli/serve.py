"""The ``kith serve`` command: the web UI and JSON API on this machine."""

from __future__ import annotations

import typer

from kith.cli.output import console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (default: loopback only)."),
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
        help="Server processes answering at once (default: 2 on a machine with 2 cores or more, else 1).",
    ),
) -> None:
    """Serve the web UI and JSON API (on 127.0.0.1 unless told otherwise).

    Open the printed address in a browser; the API is described at /api/docs and /openapi.json.

    Example: kith serve --port 8765
    """
    from kith.settings import get_settings
    from kith.web.server import check_address, is_loopback
    from kith.web.server import serve as run

    check_address(host, port)
    out = console()
    if not is_loopback(host):
        out.print(
            f"warning: listening on {host}: other machines can reach kith and everything in it; "
            "only requests naming an --allow-host name (or localhost) are answered",
            markup=False,
            style="yellow",
        )
    shown = f"[{host}]" if ":" in host else host
    out.print(f"kith is serving on http://{shown}:{port}/  (Ctrl+C to stop)", markup=False)
    run(
        get_settings(),
        host=host,
        port=port,
        allowed_hosts=allow_host,
        max_upload_bytes=max_upload_mb * 1024 * 1024,
        workers=workers,
    )
