"""Introductions asked of colleagues on a team server (``kith serve --team`` only): the ``/team/asks``
page (asked of you, asked by you, with accept, decline and withdraw), the form on ``/reach``'s "Through
your team" cards, and ``/api/team/asks`` (what ``kith team asks --json`` prints, asking and answering)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kith.team import requests as asks
from kith.web.pages import as_of, page
from kith.web.workspace import workspace

router = APIRouter()


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
async def asks_page(request: Request, saved: int | None = None):
    found = await run_in_threadpool(asks.requests, workspace(request).settings)
    return page(request, "team_asks.html", {**found, "saved": saved})


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
    if action == "withdraw":
        await run_in_threadpool(asks.withdraw, settings, ask_id, as_of())
    else:
        accept = action == "accept"
        await run_in_threadpool(asks.answer, settings, ask_id, accept, note or None, as_of())
    return RedirectResponse(f"/team/asks?saved={ask_id}", status_code=303)
