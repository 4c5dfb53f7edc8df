"""The web's defences as a local app: CSRF tokens, the Host check and upload limits.

- **CSRF.** Every state-changing request (POST, PUT, PATCH, DELETE) carries a token signed with a
  per-install secret kept in ``$KITH_HOME/web-secret``: a hidden ``csrf_token`` field in forms, an
  ``X-CSRF-Token`` header for the API (get one from ``GET /api/csrf``). A missing, forged or expired token
  is a 403. Another site cannot read a page (same-origin policy), so it cannot learn a token.
- **Host check** (DNS rebinding): the ``Host`` header must name the loopback interface (``127.0.0.1``,
  ``localhost``, ``[::1]``, any port) or a name the user allowed with ``kith serve --allow-host``;
  anything else is a 400 before any route runs.
- **Upload limit**: a body larger than the limit is a 413, refused from its ``Content-Length`` before it is
  read, or as soon as the streamed bytes pass the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith.store.private import private_folder

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
#: default upload limit: 200 MB (a large LinkedIn export or mailbox fits)
DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024
#: a form token older than this is refused (the page must be reloaded)
TOKEN_MAX_AGE_S = 7 * 24 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


# ------------------------------------------------------------------------------------------------ CSRF


def install_secret(home: Path) -> bytes:
    """The per-install signing secret, created (readable by the user only) on first use."""
    path = home / "web-secret"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        pass
    private_folder(home)
    value = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return bytes.fromhex(value)


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def make_token(secret: bytes, issued: float | None = None) -> str:
    """A fresh CSRF token: issue time, random nonce, signature."""
    payload = f"{int(issued if issued is not None else time.time()):x}.{secrets.token_hex(8)}"
    return f"{payload}.{_sign(secret, payload)}"


def token_problem(secret: bytes, token: str | None, now: float | None = None) -> str | None:
    """Why ``token`` is not acceptable, or None when it is."""
    if not token:
        return "missing CSRF token; reload the page and try again"
    parts = token.split(".")
    if len(parts) != 3:
        return "invalid CSRF token"
    issued_hex, nonce, signature = parts
    if not hmac.compare_digest(_sign(secret, f"{issued_hex}.{nonce}"), signature):
        return "invalid CSRF token"
    try:
        issued = int(issued_hex, 16)
    except ValueError:
        return "invalid CSRF token"
    age = (now if now is not None else time.time()) - issued
    if age > TOKEN_MAX_AGE_S or age < -300:
        return "the page is too old (expired CSRF token); reload it and try again"
    return None


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request without a valid token (403)."""
    if request.method in SAFE_METHODS:
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    problem = token_problem(request.app.state.csrf_secret, token)
    if problem:
        raise HTTPException(status_code=403, detail=problem)


# ------------------------------------------------------------------------------------------------ Host


def host_name(header: str) -> str:
    """The name part of a Host header value (without the port), lower-cased."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheck:
    """ASGI middleware: 400 unless the Host header names loopback or an allowed name."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = LOOPBACK_HOSTS | {host_name(h) for h in allowed_hosts if h}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        if host_name(header) not in self.allowed:
            response = PlainTextResponse(
                "400 Bad Request: this kith server only answers to localhost "
                "(start it with --allow-host NAME to allow another name)",
                status_code=400,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


# ------------------------------------------------------------------------------------------------ size


class UploadLimit:
    """ASGI middleware: 413 for a request body over ``max_bytes``, without reading it all."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_UPLOAD) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(status_code=413, detail=self._message())
            return message

        await self.app(scope, limited_receive, send)

    def _message(self) -> str:
        return f"the upload is larger than the limit of {self.max_bytes // (1024 * 1024)} MB"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        # answer at once, without reading the body; the connection closes afterwards
        message = self._message()
        response: Response
        if scope.get("path", "").startswith("/api/"):
            response = JSONResponse({"detail": message, "status": 413}, status_code=413)
        else:
            response = HTMLResponse(
                f"<!doctype html><title>Too large</title><h1>Too large</h1><p>{message}.</p>"
                '<p><a href="/">Back to kith</a></p>',
                status_code=413,
            )
        response.headers["connection"] = "close"
        await response(scope, receive, send)


SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
