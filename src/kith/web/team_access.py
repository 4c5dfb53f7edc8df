"""Logging in to a team's server (``kith serve --team``): every page and API call belongs to a member.

- A browser logs in with its member's email and password at ``/login``; kith answers with a session
  cookie (``kith_team``: HttpOnly, SameSite=Lax, ``Secure`` when the request came over HTTPS, for
  ``SESSION_DAYS`` from its last use) whose value the server keeps only as a hash (``kith.team.sessions``).
  ``POST /logout`` (with its CSRF token, ``kith.web.routes.account``) ends the session on the server.
- API clients send ``Authorization: Bearer TOKEN`` (``kith team token``) with each request, and need no
  CSRF token then: a browser never adds that header on its own.
- Anything else is refused before any route runs: a page sends the browser to ``/login``, an API call is
  a 401 in JSON. Too many failed logins for an email are a 429 with ``Retry-After``.

The request's member is put in its scope (``kith.web.workspace.MEMBER``), and every route works in that
member's private kith. Database work runs in a worker thread: the event loop never waits on it, nor on
Argon2's deliberate slowness.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kith.clock import now
from kith.settings import Settings
from kith.team.sessions import SESSION_DAYS, TooManyAttempts, WrongLogin, log_in, session_member
from kith.team.tokens import token_member
from kith.web.access import (
    LOGIN_PATH,
    PUBLIC_PREFIXES,
    cookie_value,
    local_path,
    login_form,
    passed_over,
    request_headers,
)
from kith.web.workspace import MEMBER

TEAM_COOKIE = "kith_team"


def session_cookie(session_id: str | None, scope: Scope) -> str:
    """The Set-Cookie value that keeps ``session_id`` (None: that removes it)."""
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    if session_id is None:
        return f"{TEAM_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"
    age = SESSION_DAYS * 24 * 3600
    return f"{TEAM_COOKIE}={session_id}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax{secure}"


class TeamAuth:
    """ASGI middleware: a request goes on only as a member (a session cookie or a bearer token)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if await passed_over(self.app, scope, receive, send):
            return
        headers = request_headers(scope)
        path, method = scope["path"], scope.get("method", "GET")
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, credentials = authorization.partition(" ")
            member = None
            if scheme.lower() == "bearer" and credentials.strip():
                member = await run_in_threadpool(token_member, self.settings, credentials.strip(), now())
            if member is None:
                await _refuse(scope, receive, send, headers, "the API token is wrong or was revoked")
                return
            state = scope.setdefault("state", {})
            state["bearer"], state[MEMBER] = True, member
            await self.app(scope, receive, send)
            return
        if path == LOGIN_PATH and method == "POST":
            await self._login(scope, receive, send, headers)
            return
        if path == LOGIN_PATH:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            session_id = cookie_value(headers.get("cookie", ""), TEAM_COOKIE)
            member = (
                await run_in_threadpool(session_member, self.settings, session_id, now())
                if session_id
                else None
            )
            if member is not None:
                # logged in already: where they were going
                await RedirectResponse(local_path(query.get("next", "/")), status_code=303)(
                    scope, receive, send
                )
                return
            said = LOGGED_OUT if query.get("out") else None
            await login_page(query.get("next", "/"), None, 200, said=said)(scope, receive, send)
            return
        if path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        session_id = cookie_value(headers.get("cookie", ""), TEAM_COOKIE)
        member = (
            await run_in_threadpool(session_member, self.settings, session_id, now()) if session_id else None
        )
        if member is None:
            await _refuse(scope, receive, send, headers, None)
            return
        scope.setdefault("state", {})[MEMBER] = member
        await self.app(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]) -> None:
        form = await login_form(scope, receive, send, headers)
        if form is None:
            return
        target = local_path(form.get("next", "/"))
        email = form.get("email", "").strip()
        response: Response
        try:
            _, session_id = await run_in_threadpool(
                log_in, self.settings, email, form.get("password", ""), now()
            )
        except WrongLogin:
            response = login_page(target, "The email or the password is wrong.", 401, email)
        except TooManyAttempts as exc:
            response = login_page(target, f"{str(exc).capitalize()}.", 429, email)
            response.headers["retry-after"] = str(exc.retry_after_s)
        else:
            response = RedirectResponse(target, status_code=303)
            response.headers.append("set-cookie", session_cookie(session_id, scope))
        await response(scope, receive, send)


async def _refuse(
    scope: Scope, receive: Receive, send: Send, headers: dict[str, str], why: str | None
) -> None:
    """401 in JSON for an API client; a browser asking for a page is sent to the login form."""
    path = scope["path"]
    response: Response
    if path.startswith("/api/") or path == "/openapi.json" or "text/html" not in headers.get("accept", ""):
        detail = why or "log in first: this kith server needs an account (Authorization: Bearer TOKEN)"
        response = JSONResponse({"detail": detail, "status": 401}, status_code=401)
        response.headers["www-authenticate"] = 'Bearer realm="kith"'
    else:
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        response = RedirectResponse(f"{LOGIN_PATH}?{urlencode({'next': target})}", status_code=303)
    await response(scope, receive, send)


#: what the login page says after a logout (``/login?out=1``)
LOGGED_OUT = "You are logged out."


def login_page(
    target: str, problem: str | None, status: int, email: str = "", said: str | None = None
) -> HTMLResponse:
    """The team's login form (email and password), styled as kith's pages; ``said``: a notice above it."""
    notice = f'<p class="error" role="alert">{html.escape(problem)}</p>' if problem else ""
    if said:
        notice += f'<p class="notice" role="status">{html.escape(said)}</p>'
    return HTMLResponse(
        f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · kith</title><link rel="stylesheet" href="/static/kith.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><main>
<h1>Log in to kith</h1>
<p>Your team's kith server: log in with your email and password.</p>
{notice}
<form method="post" action="{LOGIN_PATH}">
<input type="hidden" name="next" value="{html.escape(local_path(target))}">
<label>Email <input type="email" name="email" value="{html.escape(email)}" autocomplete="username" required autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
</main></body>
</html>
""",
        status_code=status,
    )
