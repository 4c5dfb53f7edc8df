"""Run kith's web app with uvicorn (``kith serve``, ``kith demo``)."""

from __future__ import annotations

from collections.abc import Iterable

from kith.settings import Settings
from kith.web.security import DEFAULT_MAX_UPLOAD, LOOPBACK_HOSTS


def is_loopback(host: str) -> bool:
    return host.strip("[]") in {h.strip("[]") for h in LOOPBACK_HOSTS}


def serve(
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    allowed_hosts: Iterable[str] = (),
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    log_level: str = "warning",
) -> None:
    """Serve kith on ``host:port`` until interrupted (loopback unless told otherwise)."""
    import uvicorn

    from kith.web.app import create_app

    app = create_app(settings, allowed_hosts=allowed_hosts, max_upload_bytes=max_upload_bytes)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, server_header=False)
