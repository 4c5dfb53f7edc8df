"""What a team server (``kith serve --team`` only) adds: introductions asked of colleagues (the
``/team/asks`` page with accept, decline and withdraw, the form on ``/reach``'s "Through your team" cards,
``/api/team/asks``: what ``kith team asks --json`` prints) and what members share with the team (the
``/team/shared`` page, the "share" buttons of notes and interactions, ``/api/team/shared``)."""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kith.errors import BadInput
from kith.team import requests as asks
from kith.team import sharing
from kith.web.access import local_path
from kith.web.pages import as_of, page
from kith.web.routing import Router
from kith.web.views import NOTICES
from kith.web.workspace import workspace

router = Router()


class ColleagueAsk(BaseModel):
    """Ask ``colleague`` to introduce you to ``person`` (a shared record's id: ``team.colleagues[].knows[].id``
    of ``GET /api/reach?company=...``)."""

    colleague: str = Field(description="The colleague's email.")
    person: int = Field(description="The person's id in the team's directory.")
    note: str | None = Field(None, max_length=asks.MAX_NOTE)


class Answer(BaseModel):
    """A word for the colleague with an answer (optional)."""

    note: str | None = Field(None, max_length=asks.MAX_NOTE)


@router.get("/api/team/asks", tags=["team"], summary="Introductions asked of you and by you")
async def api_asks(request: Request) -> dict:
    """Exactly what ``kith team asks --json`` prints: ``to_me`` and ``from_me``, newest first."""
    return await run_in_threadpool(asks.requests, workspace(request).settings)


@router.post("/api/team/asks", tags=["team"], status_code=201, summary="Ask a colleague for an introduction")
async def api_ask(request: Request, body: ColleagueAsk) -> dict:
    settings = workspace(request).settings
    return await run_in_threadpool(asks.ask, settings, body.colleague, body.person, body.note, as_of())


@router.post("/api/team/asks/{ask_id}/accept", tags=["team"], summary="Accept a request made to you")
async def api_accept(request: Request, ask_id: int, body: Answer | None = None) -> dict:
    note = body.note if body else None
    return await run_in_threadpool(asks.answer, workspace(request).settings, ask_id, True, note, as_of())


@router.post("/api/team/asks/{ask_id}/decline", tags=["team"], summary="Decline a request made to you")
async def api_decline(request: Request, ask_id: int, body: Answer | None = None) -> dict:
    note = body.note if body else None
    return await run_in_threadpool(asks.answer, workspace(request).settings, ask_id, False, note, as_of())


@router.post("/api/team/asks/{ask_id}/withdraw", tags=["team"], summary="Withdraw a request you made")
async def api_withdraw(request: Request, ask_id: int) -> dict:
    return await run_in_threadpool(asks.withdraw, workspace(request).settings, ask_id, as_of())


@router.get("/team/asks", response_class=HTMLResponse, include_in_schema=False)
async def asks_page(request: Request, saved: int | None = None, promised: int | None = None):
    found = await run_in_threadpool(asks.requests, workspace(request).settings)
    # the request just made or answered, as it is now (none when the number is no request of yours)
    done = next((r for r in found["to_me"] + found["from_me"] if r["id"] == saved), None)
    return page(request, "team_asks.html", {**found, "saved": done, "promised": promised if done else None})


@router.post("/team/asks", include_in_schema=False)
async def ask_form(
    request: Request, colleague: str = Form(...), person_id: int = Form(...), note: str = Form("")
):
    settings = workspace(request).settings
    made = await run_in_threadpool(asks.ask, settings, colleague, person_id, note or None, as_of())
    return RedirectResponse(f"/team/asks?saved={made['id']}", status_code=303)


@router.post("/team/asks/{ask_id}", include_in_schema=False)
async def answer_form(request: Request, ask_id: int, action: str = Form(...), note: str = Form("")):
    settings = workspace(request).settings
    if action not in ("accept", "decline", "withdraw"):
        raise BadInput("say accept, decline or withdraw")
    promised = ""
    if action == "withdraw":
        await run_in_threadpool(asks.withdraw, settings, ask_id, as_of())
    else:
        answered = await run_in_threadpool(
            asks.answer, settings, ask_id, action == "accept", note or None, as_of()
        )
        promised = f"&promised={answered['promise']['id']}" if answered["promise"] else ""
    return RedirectResponse(f"/team/asks?saved={ask_id}{promised}", status_code=303)


class ShareItem(BaseModel):
    """One of your notes or interactions, to share with the team."""

    kind: str = Field(description="note or interaction.")
    id: int = Field(description="Its id in your kith.")


@router.get("/api/team/shared", tags=["team"], summary="What the team's members have shared, newest first")
async def api_shared(request: Request) -> list[dict]:
    """Exactly what ``kith team shared --json`` prints."""
    return await run_in_threadpool(sharing.shared, workspace(request).settings)


@router.post("/api/team/shared", tags=["team"], status_code=201, summary="Share a note or an interaction")
async def api_share(request: Request, body: ShareItem) -> dict:
    return await run_in_threadpool(sharing.share, workspace(request).settings, body.kind, body.id, as_of())


@router.delete(
    "/api/team/shared/{kind}/{item_id}",
    tags=["team"],
    status_code=204,
    summary="Stop sharing a note or an interaction",
)
async def api_unshare(request: Request, kind: str, item_id: int) -> Response:
    await run_in_threadpool(sharing.unshare, workspace(request).settings, kind, item_id)
    return Response(status_code=204)


#: what the page says after sharing or unsharing (``?saved=``), as the person page does
SHARING_NOTICES = {said: NOTICES[said] for said in ("shared", "unshared")}


@router.get("/team/shared", response_class=HTMLResponse, include_in_schema=False)
async def shared_page(request: Request):
    items = await run_in_threadpool(sharing.shared, workspace(request).settings)
    saved = SHARING_NOTICES.get(request.query_params.get("saved", ""))
    return page(request, "team_shared.html", {"items": items, "saved": saved})


@router.post("/team/shared", include_in_schema=False)
async def share_form(
    request: Request,
    kind: str = Form(...),
    item_id: int = Form(...),
    back: str = Form("/team/shared"),
    unshare: str = Form(""),
):
    settings = workspace(request).settings
    if unshare:
        await run_in_threadpool(sharing.unshare, settings, kind, item_id)
    else:
        await run_in_threadpool(sharing.share, settings, kind, item_id, as_of())
    target = local_path(back)
    said = "unshared" if unshare else "shared"
    return RedirectResponse(f"{target}{'&' if '?' in target else '?'}saved={said}", status_code=303)
