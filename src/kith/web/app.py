"""Build kith's web application: pages and JSON API over one database, behind the local-app defences.

``create_app(settings)`` wires the routes of every page area (``kith.web.routes``), the
security middleware (Host check, upload limit, CSRF, strict headers) and the error pages: a core error
becomes a page or a JSON ``{"detail": ..., "status": ...}`` with the right status, and an unexpected one a
plain 500 page; a traceback never reaches the browser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kith import __version__
from kith.errors import (
    AmbiguousCompany,
    AmbiguousPerson,
    BadInput,
    Busy,
    Conflict,
    KithError,
    NotFound,
    StoreError,
)
from kith.settings import Settings, get_settings
from kith.store import MAX_ROW_ID
from kith.web import views
from kith.web.access import TokenAuth
from kith.web.docs import add_api_docs, describe_errors
from kith.web.pages import STATIC_DIR, page, wants_json
from kith.web.routes import (
    account,
    agenda,
    commitments,
    dashboard,
    duplicates,
    friends,
    importing,
    interactions,
    intros,
    invitations,
    job,
    ledger,
    log,
    network,
    notes,
    peec,
    people,
    prune,
    reach,
    report,
    undo,
)
from kith.web.routes import settings as settings_page
from kith.web.routes import team as team_routes
from kith.web.security import (
    DEFAULT_MAX_UPLOAD,
    HostCheck,
    SecurityHeaders,
    SessionCookie,
    UploadLimit,
    csrf_protect,
    form_token,
    install_secret,
)
from kith.web.snapshot import Snapshot
from kith.web.team_access import TeamAuth
from kith.web.workspace import Workspaces

logger = logging.getLogger("kith.web")

#: seconds a client is asked to wait before repeating a write refused because the database was busy
RETRY_AFTER_S = 5

STATUS_FOR = ((NotFound, 404), (AmbiguousPerson, 409), (Conflict, 409), (BadInput, 400), (StoreError, 503))

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Cannot use this input",
    503: "Database unavailable",
}


#: FastAPI's OpenTelemetry, all of it off: it would trace every request (and record exceptions with their
#: messages) to whatever providers the process has, and export them when ``FASTAPI_OTEL_AUTO_CONFIGURE``
#: is set. kith never sends what it holds anywhere, whatever the environment says.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(
    settings: Settings | None = None,
    *,
    allowed_hosts: Iterable[str] = (),
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    background: bool = False,
    access_token: str | None = None,
    team: bool = False,
) -> FastAPI:
    """kith's web app over the database of ``settings`` (default: the environment's).

    ``access_token``: answer only requests that show it (``kith.web.access``; ``kith serve --token-file``).

    ``team``: a team's server on PostgreSQL (``kith serve --team``): every request needs a member's login
    or API token (``kith.web.team_access``) and works in that member's private kith
    (``kith.web.workspace``).

    ``background``: compute the slow shared figures (the agenda) in background threads, starting when
    the server starts, so that no page waits for them (``kith serve`` turns it on).
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="kith",
        version=__version__,
        description="kith's JSON API: people, interactions, agenda, ledger and reports. State-changing "
        "requests need an X-CSRF-Token header: GET /api/csrf gives one, tied to the session cookie it sets, "
        "so send that cookie back with it. Requests from another site (Origin, Sec-Fetch-Site) are refused.",
        dependencies=[Depends(csrf_protect), Depends(no_impossible_ids)],
        lifespan=_warm_up if background else None,
        docs_url=None,  # kith.web.docs serves it, from local files
        redoc_url=None,
        openapi_url="/openapi.json",
        telemetry=NO_TELEMETRY,
    )
    app.state.settings = settings
    app.state.csrf_secret = install_secret(settings.home)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.team = team
    app.state.snapshot = None if team else Snapshot(settings, background=background)
    app.state.workspaces = (
        Workspaces(settings, background=background, prepare=views.prepare) if team else None
    )

    for module in (
        dashboard,
        people,
        notes,
        prune,
        duplicates,
        log,
        interactions,
        commitments,
        settings_page,
        agenda,
        importing,
        ledger,
        invitations,
        friends,
        peec,
        reach,
        intros,
        job,
        network,
        report,
        undo,
    ):
        app.include_router(module.router)
    if team:
        app.include_router(account.router)
        app.include_router(team_routes.router)
    add_api_docs(app)  # before /static, which would otherwise answer for /static/docs
    describe_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get(
        "/api/csrf",
        tags=["security"],
        summary="A token for the X-CSRF-Token header of API writes (keep the session cookie it sets)",
    )
    def csrf_token(request: Request) -> dict:
        return {"token": form_token(request), "header": "X-CSRF-Token"}

    _error_handlers(app)
    # the last added runs first: the Host check answers before anything else looks at the request, then
    # the access token is checked (its refusals get the security headers too)
    app.add_middleware(SessionCookie)
    app.add_middleware(UploadLimit, max_bytes=max_upload_bytes)
    if access_token is not None:
        app.add_middleware(TokenAuth, token=access_token)
    if team:
        app.add_middleware(TeamAuth, settings=settings)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HostCheck, allowed_hosts=allowed_hosts)
    return app


#: on a team server's start, the figures of this many members, the most recently active first, are
#: prepared in the background (each further member's when they first ask)
PREPARED_AT_START = 50


@asynccontextmanager
async def _warm_up(app: FastAPI):
    """On start: open (and migrate) the database once, then compute the shared figures in the
    background (``kith.web.views.prepare``), before requests and background threads could race to
    migrate it. A team's server publishes its directory, then prepares its members' figures."""
    if app.state.team:  # each member's kith opens (and migrates) when they first ask
        threading.Thread(target=_start_team, args=(app,), name="kith-team-start", daemon=True).start()
        yield
        return
    from kith.store.db import open_engine

    open_engine(app.state.settings)
    threading.Thread(
        target=views.prepare, args=(app.state.snapshot,), name="kith-prepare", daemon=True
    ).start()
    yield


def _start_team(app: FastAPI) -> None:
    """On a team server's start: publish the members whose kith changed since their last publication
    (``kith.team.directory.refresh``), so that the first team question need not wait for it; then
    prepare the figures of the members most likely to ask first."""
    from kith.clock import now
    from kith.team.accounts import schemas_by_last_use
    from kith.team.directory import refresh

    settings = app.state.settings
    try:
        refresh(settings, now())
    except Exception:
        logger.exception("kith.web: publishing the team's directory on start failed")
    try:
        app.state.workspaces.prepare_members(schemas_by_last_use(settings, PREPARED_AT_START))
    except Exception:
        logger.exception("kith.web: preparing the members' figures on start failed")


def error_response(
    request: Request,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> Response:
    """A core or HTTP error as JSON (API) or as a page (browser); ``headers`` go with it (a 405's Allow);
    ``extra`` fields go into the JSON (an ambiguous company's ``candidates``)."""
    if wants_json(request):
        body = {"detail": message, "status": status, **(extra or {})}
        return JSONResponse(body, status_code=status, headers=headers)
    title = TITLES.get(status, "Something went wrong")
    response = page(request, "error.html", {"title": title, "status": status, "message": message}, status)
    response.headers.update(headers or {})
    return response


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route answers at this path: a path's GET and POST are two routes, and the router
    names only the first one's in a 405's Allow header."""
    return [m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") if _answered(request, m)]


def _answered(request: Request, method: str, path: str | None = None) -> bool:
    """Whether a route of the app answers ``method`` at ``path`` (the request's own by default)."""
    from starlette.routing import Match

    scope = {**request.scope, "method": method, **({"path": path} if path is not None else {})}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)


def _form_only(request: Request) -> str:
    """What a browser is told when it opens an address that only takes a form (a bookmark, a reload, the
    address bar): where the form is, when the page above it has one."""
    said = f"{request.url.path} is where a form sends what it records; it has no page of its own."
    parts = [p for p in request.url.path.split("/") if p]
    for end in range(len(parts) - 1, 0, -1):
        above = "/" + "/".join(parts[:end])
        if _answered(request, "GET", above):
            return f"{said} The form is on {above}."
    return said


#: PostgreSQL's code for a number its column cannot hold
NUMBER_OUT_OF_RANGE = "22003"


async def no_impossible_ids(request: Request) -> None:
    """A record number in the address beyond what the database holds names no record: 404, as for a
    number no record has (the database would refuse to look it up). Asynchronous, as it does no I/O:
    FastAPI would run a plain function in a worker thread, a hand-off on every request."""
    for value in request.path_params.values():
        if isinstance(value, str) and value.isdigit() and int(value) > MAX_ROW_ID:
            raise NotFound(f"there is no record #{value}")


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: DataError) -> Response:
        # a number the database cannot hold (an id in a form or a body beyond any record's): bad input
        logger.info("kith.web: %s %s: %s", request.method, request.url.path, str(exc.orig).splitlines()[0])
        number = getattr(exc.orig, "sqlstate", None) == NUMBER_OUT_OF_RANGE
        said = (
            "a number given is larger than any of kith's records" if number else "a value given does not fit"
        )
        return error_response(request, 400, said)

    @app.exception_handler(KithError)
    async def kith_error(request: Request, exc: KithError) -> Response:
        status = next((code for cls, code in STATUS_FOR if isinstance(exc, cls)), 400)
        extra: dict[str, object] = {"candidates": exc.candidates} if isinstance(exc, AmbiguousCompany) else {}
        if exc.suggestions():
            extra["suggestions"] = exc.suggestions()
        response = error_response(request, status, str(exc), extra=extra)
        if isinstance(exc, Busy):
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page at {request.url.path}"
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() != "allow"}
        if exc.status_code == 405:
            allowed = _allowed_methods(request)
            headers["allow"] = ", ".join(allowed)
            if request.method == "GET" and "POST" in allowed and not wants_json(request):
                message = _form_only(request)
        return error_response(request, exc.status_code, message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(
                str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")
            )
            problems.append(
                f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid")
            )
        return error_response(request, 422, "; ".join(problems) or "invalid input")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        logger.error("kith.web: %s %s failed", request.method, request.url.path, exc_info=exc)
        message = "kith hit an unexpected error; the details are in the server's log"
        if wants_json(request):
            return JSONResponse({"detail": message, "status": 500}, status_code=500)
        try:
            return page(
                request,
                "error.html",
                {"title": "Something went wrong", "status": 500, "message": message},
                500,
            )
        except Exception:
            return Response(message, status_code=500, media_type="text/plain")
