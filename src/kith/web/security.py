"""The web's defences as a local app: CSRF tokens, the Origin check, the Host check and upload limits.

- **CSRF.** Every state-changing request (POST, PUT, PATCH, DELETE) carries a token signed with a
  per-install secret kept in ``$KITH_HOME/web-secret``: a hidden ``csrf_token`` field in forms, an
  ``X-CSRF-Token`` header for the API (get one from ``GET /api/csrf``). A token is tied to the browser
  session that asked for it (the ``kith_session`` cookie, HttpOnly and SameSite=Strict, set with the first
  page or ``/api/csrf``) and expires after a day; a missing, forged, foreign or expired token is a 403.
  Another site cannot read a page (same-origin policy), so it cannot learn a token.
- **Origin check.** A state-changing request that a browser says comes from another site
  (``Sec-Fetch-Site`` other than ``same-origin``) or from another origin (an ``Origin`` header that does
  not name this server) is a 403 before its token is even looked at. Clients that send neither (scripts,
  curl) are not browsers and are judged by their token alone.
- **Host check** (DNS rebinding): the ``Host`` header must be a host name or an IP literal with an optional
  numeric port, naming the loopback interface (``127.0.0.1``, ``localhost``, ``[::1]``, any port) or a
  name the user allowed with ``kith serve --allow-host``; anything else (``localhost:80@evil.example``)
  is a 400 before any route runs.
- **Upload limit**: a body larger than the limit is a 413, refused from its ``Content-Length`` before it is
  read, or as soon as the streamed bytes pass the limit.

With ``kith serve --token-file``, every request also needs the access token (``kith.web.access``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
import secrets
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith.store.private import private_folder

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
#: default upload limit: 200 MB (a large LinkedIn export or mailbox fits)
DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024
#: a form token older than this is refused (the page must be reloaded)
TOKEN_MAX_AGE_S = 24 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: the browser session CSRF tokens are tied to
SESSION_COOKIE = "kith_session"
_SESSION = re.compile(r"[0-9a-f]{32}")


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


def make_token(secret: bytes, session: str, issued: float | None = None) -> str:
    """A fresh CSRF token for ``session``: issue time, random nonce, signature over both and the session."""
    payload = f"{int(issued if issued is not None else time.time()):x}.{secrets.token_hex(8)}"
    return f"{payload}.{_sign(secret, f'{payload}.{session}')}"


def token_problem(
    secret: bytes, token: str | None, session: str | None, now: float | None = None
) -> str | None:
    """Why ``token`` is not acceptable from ``session``, or None when it is."""
    if not token:
        return "missing CSRF token; reload the page and try again"
    parts = token.split(".")
    if len(parts) != 3 or not session:
        return "invalid CSRF token; reload the page and try again"
    issued_hex, nonce, signature = parts
    if not hmac.compare_digest(_sign(secret, f"{issued_hex}.{nonce}.{session}"), signature):
        return "invalid CSRF token; reload the page and try again"
    try:
        issued = int(issued_hex, 16)
    except ValueError:
        return "invalid CSRF token; reload the page and try again"
    age = (now if now is not None else time.time()) - issued
    if age > TOKEN_MAX_AGE_S or age < -300:
        return "the page is too old (expired CSRF token); reload it and try again"
    return None


def session_of(request: Request) -> str | None:
    """The browser session the request belongs to (its ``kith_session`` cookie), if it has a valid one."""
    value = request.cookies.get(SESSION_COOKIE)
    return value if value and _SESSION.fullmatch(value) else None


def form_token(request: Request) -> str:
    """A CSRF token for the request's session; a request without one starts a session (the response
    sets its cookie, see ``SessionCookie``)."""
    state = request.scope.setdefault("state", {})
    session = session_of(request) or state.get("new_session")
    if session is None:
        session = state["new_session"] = secrets.token_hex(16)
    return make_token(request.app.state.csrf_secret, session)


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request from another site, or without a valid token
    for its session (403). A request that proved the access token in its Authorization header needs no
    CSRF token: a browser never adds that header on its own."""
    if request.method in SAFE_METHODS:
        return
    problem = cross_site_problem(
        request.headers.get("origin"), request.headers.get("sec-fetch-site"), request.headers.get("host", "")
    )
    if problem:
        raise HTTPException(status_code=403, detail=problem)
    if request.scope.get("state", {}).get("bearer"):
        return
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    problem = token_problem(request.app.state.csrf_secret, token, session_of(request))
    if problem:
        raise HTTPException(status_code=403, detail=problem)


class SessionCookie:
    """ASGI middleware: set the ``kith_session`` cookie on a response whose page started a session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            session = scope.get("state", {}).get("new_session")
            if message["type"] == "http.response.start" and session:
                cookie = f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


# ------------------------------------------------------------------------------------------------ Origin


def cross_site_problem(origin: str | None, fetch_site: str | None, host: str) -> str | None:
    """Why a state-changing request looks sent by another site, or None when it does not.

    ``Sec-Fetch-Site`` (sent by current browsers) must be ``same-origin`` (or ``none``: typed by the
    user); ``Origin`` (sent by browsers with every POST) must name the server the ``Host`` header names:
    the same host and port, ``null`` (a sandboxed frame, a file) never."""
    if fetch_site is not None and fetch_site.strip().lower() not in ("same-origin", "none"):
        return "refused: this request was sent by another site"
    if origin is None:
        return None
    parts = urlsplit(origin.strip().lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"refused: this request was sent from {origin!r}, not from kith's own pages"
    default = 443 if parts.scheme == "https" else 80
    target = parse_host(host)
    origin_name = host_name(parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]")
    if target is None or (origin_name, port or default) != (target[0], target[1] or default):
        return f"refused: this request was sent from {origin!r}, not from kith's own pages"
    return None


# ------------------------------------------------------------------------------------------------ Host

_HOST = re.compile(
    r"(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)\.?)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)


def parse_host(header: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header value, the name lower-cased (an IPv6 literal in brackets); None
    unless it is a host name or an IP literal with an optional numeric port, and nothing else."""
    match = _HOST.fullmatch(header.lower())
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else None
    if port is not None and port > 65535:
        return None
    if match["ipv6"] is not None:
        try:
            return f"[{ipaddress.IPv6Address(match['ipv6']).compressed}]", port
        except ValueError:
            return None
    name = match["name"]
    if len(name) > 253:
        return None
    return name, port


def host_name(header: str) -> str | None:
    """The name part of a Host header value (without the port), lower-cased; None when malformed."""
    parsed = parse_host(header)
    return parsed[0] if parsed else None


class HostCheck:
    """ASGI middleware: 400 unless the Host header names loopback or an allowed name."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = LOOPBACK_HOSTS | {name for h in allowed_hosts if h and (name := host_name(h))}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        name = host_name(header)
        if name not in self.allowed:
            message = (
                "400 Bad Request: this kith server only answers to localhost "
                "(start it with --allow-host NAME to allow another name)"
                if name
                else "400 Bad Request: the Host header is not a host name with an optional port"
            )
            response = PlainTextResponse(message, status_code=400)
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


#: every answer but the static files (the style sheet, the script, the icon): what a page or an API call
#: shows is the user's own, so no browser or proxy keeps a copy of it (after logging out on a shared
#: computer, the Back button must not bring a member's page back from the browser's cache)
PRIVATE_ANSWER = {"cache-control": "no-store"}


class SecurityHeaders:
    """ASGI middleware: a strict Content-Security-Policy and friends on every response (a page that sets
    its own policy, the API docs with their inline set-up script, keeps it), and ``no-store`` on all but
    the static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        self.private = [*self.headers, *((k.encode(), v.encode()) for k, v in PRIVATE_ANSWER.items())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.headers if scope["path"].startswith("/static/") else self.private

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                present = {k.lower() for k, _ in headers}
                message["headers"] = [*headers, *((k, v) for k, v in added if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
