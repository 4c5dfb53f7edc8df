"""The access token: with ``kith serve --token-file FILE``, every request must show the token in FILE.

The Host check stops a web page from reaching kith through DNS rebinding, but any machine that can
connect can send ``Host: localhost`` itself; so kith listens beyond loopback (``--host``) only with a
token, and then answers nothing without it:

- API clients send ``Authorization: Bearer TOKEN`` with each request (and need no CSRF token then: a
  browser never adds that header on its own).
- A browser logs in once, with the form that any page shows instead of itself (``/login``), or by
  opening a page with ``?token=TOKEN``; kith answers with a cookie (HttpOnly, SameSite=Strict, 30 days)
  holding a value derived from the token, never the token, and sends the browser on to the page without
  the token in its address.
- Tokens and cookies are compared in constant time (``hmac.compare_digest``).

The token file must be readable by its owner alone and hold one token of at least ``MIN_TOKEN_CHARS``
printable ASCII characters, e.g. made with
``python3 -c "import secrets; print(secrets.token_urlsafe(32))" > FILE``.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kith.errors import BadInput
from kith.web.security import cross_site_problem

MIN_TOKEN_CHARS = 32
AUTH_COOKIE = "kith_auth"
AUTH_COOKIE_MAX_AGE_S = 30 * 24 * 3600
LOGIN_PATH = "/login"
#: what anyone may fetch: the style sheet and icons the login page uses, and the API docs' scripts
PUBLIC_PREFIXES = ("/static/",)
#: the largest login form read (a token and where to go next)
MAX_LOGIN_BODY = 8 * 1024
MAKE_ONE = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'


def read_token_file(path: Path) -> str:
    """The access token in ``path``; BadInput when the file is missing, others can read it, or the token
    is too short or not one word of printable ASCII."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"token file {path} is not a file")
        if os.name == "posix" and info.st_mode & 0o077:
            raise BadInput(
                f"token file {path} can be read by other users (mode {stat.S_IMODE(info.st_mode):o}); "
                f"make it yours alone: chmod 600 {path}"
            )
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise BadInput(f"token file {path} does not exist; make one with: {MAKE_ONE} > {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"cannot read the token file {path} ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    if len(token) < MIN_TOKEN_CHARS:
        raise BadInput(
            f"the token in {path} is too short ({len(token)} characters; at least {MIN_TOKEN_CHARS}); "
            f"make one with: {MAKE_ONE} > {path}"
        )
    if not re.fullmatch(r"[!-~]+", token):
        raise BadInput(f"the token in {path} must be one line of letters, digits and punctuation, no spaces")
    return token


async def passed_over(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> bool:
    """What an access check never looks at, dealt with: the server's lifespan goes on to ``app``, a
    websocket is closed (kith serves none); False for an HTTP request, which the check must judge."""
    if scope["type"] == "lifespan":
        await app(scope, receive, send)
        return True
    if scope["type"] != "http":
        await send({"type": "websocket.close", "code": 1008})
        return True
    return False


def request_headers(scope: Scope) -> dict[str, str]:
    """An HTTP request's headers by lower-case name (the last of a repeated one)."""
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


class TokenAuth:
    """ASGI middleware: 401 for any request without the access token (a login page for a browser)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()
        self.cookie = hmac.new(self.token, b"kith web login", hashlib.sha256).hexdigest()

    def _is_token(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if await passed_over(self.app, scope, receive, send):
            return
        headers = request_headers(scope)
        path, method = scope["path"], scope.get("method", "GET")
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, credentials = authorization.partition(" ")
            if scheme.lower() == "bearer" and self._is_token(credentials.strip()):
                scope.setdefault("state", {})["bearer"] = True
                await self.app(scope, receive, send)
                return
            await self._refuse(scope, receive, send, headers, "the access token is wrong")
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if path == LOGIN_PATH and method == "POST":
            await self._login(scope, receive, send, headers)
        elif path == LOGIN_PATH:
            await _login_page(dict(query).get("next", "/"), None, 200)(scope, receive, send)
        elif path.startswith(PUBLIC_PREFIXES) or hmac.compare_digest(
            cookie_value(headers.get("cookie", ""), AUTH_COOKIE).encode(), self.cookie.encode()
        ):
            await self.app(scope, receive, send)
        elif method in ("GET", "HEAD") and any(k == "token" for k, _ in query):
            given = next(v for k, v in query if k == "token")
            if not self._is_token(given):
                await self._refuse(scope, receive, send, headers, "that is not the access token")
                return
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            await self._logged_in(path + (f"?{rest}" if rest else ""))(scope, receive, send)
        else:
            await self._refuse(scope, receive, send, headers, None)

    async def _login(self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]) -> None:
        form = await login_form(scope, receive, send, headers)
        if form is None:
            return
        target = local_path(form.get("next", "/"))
        if not self._is_token(form.get("token", "").strip()):
            await _login_page(target, "That is not the access token.", 401)(scope, receive, send)
            return
        await self._logged_in(target)(scope, receive, send)

    def _logged_in(self, target: str) -> Response:
        response = RedirectResponse(local_path(target), status_code=303)
        response.set_cookie(
            AUTH_COOKIE, self.cookie, max_age=AUTH_COOKIE_MAX_AGE_S, httponly=True, samesite="strict"
        )
        return response

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str], why: str | None
    ) -> None:
        accept = headers.get("accept", "")
        path = scope["path"]
        response: Response
        if path.startswith("/api/") or path == "/openapi.json" or "text/html" not in accept:
            detail = why or "this kith server needs its access token: send Authorization: Bearer TOKEN"
            response = JSONResponse({"detail": detail, "status": 401}, status_code=401)
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            rest = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "token"])
            response = _login_page(path + (f"?{rest}" if rest else ""), why and why.capitalize() + ".", 401)
        response.headers["www-authenticate"] = 'Bearer realm="kith"'
        await response(scope, receive, send)


async def login_form(
    scope: Scope, receive: Receive, send: Send, headers: dict[str, str]
) -> dict[str, str] | None:
    """The fields of a login form posted from kith's own page; None when it was refused (403 from another
    site, 413 when too large), the refusal already sent."""
    problem = cross_site_problem(
        headers.get("origin"), headers.get("sec-fetch-site"), headers.get("host", "")
    )
    if problem:
        await HTMLResponse(html.escape(problem), status_code=403)(scope, receive, send)
        return None
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_LOGIN_BODY:
            await HTMLResponse("the login form is too large", status_code=413)(scope, receive, send)
            return None
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def cookie_value(header: str, name: str) -> str:
    """The value of the cookie ``name`` in a Cookie header ("" when absent)."""
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def local_path(target: str) -> str:
    """``target`` when it is a path on this server, else "/" (never a redirect to another site)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return "/"
    return target


def _login_page(target: str, problem: str | None, status: int) -> HTMLResponse:
    notice = f'<p class="error" role="alert">{html.escape(problem)}</p>' if problem else ""
    return HTMLResponse(
        f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · kith</title><link rel="stylesheet" href="/static/kith.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><main>
<h1>Log in to kith</h1>
<p>This kith server needs its access token: the text in the file given to <code>kith serve --token-file</code>.</p>
{notice}
<form method="post" action="{LOGIN_PATH}">
<input type="hidden" name="next" value="{html.escape(local_path(target))}">
<label>Access token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Log in</button>
</form>
</main></body>
</html>
""",
        status_code=status,
    )
