"""A team member's own account on a team server: logging out (``kith serve --team`` only)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kith.web.access import LOGIN_PATH, cookie_value
from kith.web.pages import wants_json
from kith.web.routing import Router
from kith.web.team_access import TEAM_COOKIE, session_cookie

router = Router()


@router.post("/logout", tags=["account"], summary="Log out: end this browser's session on the server")
async def logout(request: Request) -> Response:
    from kith.team.sessions import log_out

    session_id = cookie_value(request.headers.get("cookie", ""), TEAM_COOKIE)
    if session_id:
        await run_in_threadpool(log_out, request.app.state.settings, session_id)
    response: Response
    if wants_json(request):
        response = JSONResponse({"logged_out": True})
    else:
        response = RedirectResponse(f"{LOGIN_PATH}?out=1", status_code=303)
    response.headers.append("set-cookie", session_cookie(None, request.scope))
    return response


@router.get("/api/me", tags=["account"], summary="Who you are logged in as on this team server")
def me(request: Request) -> dict:
    from kith.web.workspace import MEMBER

    member = request.scope["state"][MEMBER]
    return {"email": member.email, "role": member.role}
