"""Introductions: the ``/intros`` page (the list, and the notice after an ask), the "Request the intro"
form on each ``/reach`` card, and ``/api/intros`` (what ``kith intros --json`` prints, asking, and how a
request ended)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.people.core import get_person, resolve
from kith.reach import intros
from kith.web.pages import as_of, db, page
from kith.web.views import typed_time

router = APIRouter()


class IntroAsk(BaseModel):
    """An introduction asked for: ``via`` introduces you to ``target``."""

    via: str = Field(description="Whom you ask: a name, email or #id.")
    target: str = Field(description="The person you want to meet: a name, email or #id.")
    note: str | None = None


class IntroMade(BaseModel):
    """When an introduction was made (default: now)."""

    when: str | None = Field(None, description="When (not in the future).")


@router.get("/api/intros", tags=["intros"], summary="Introductions asked for and made")
def api_intros(state: str | None = None, session: Session = Depends(db, scope="function")) -> list[dict]:
    """Exactly what ``kith intros --json`` prints (``state``: asked, made, declined or withdrawn)."""
    return intros.intro_list(session, state=state)


@router.post("/api/intros", tags=["intros"], status_code=201, summary="Ask someone for an introduction")
def api_ask(ask: IntroAsk, session: Session = Depends(db, scope="function")) -> dict:
    via, target = resolve(session, ask.via), resolve(session, ask.target)
    return intros.intro_record(intros.ask_intro(session, via, target, now=as_of(), note=ask.note))


@router.post("/api/intros/{intro_id}/made", tags=["intros"], summary="Record that an introduction was made")
def api_made(
    intro_id: int, made: IntroMade | None = None, session: Session = Depends(db, scope="function")
) -> dict:
    intro = intros.get_intro(session, intro_id)
    now = as_of()
    when = typed_time(made.when if made else None, now)
    return intros.intro_record(intros.intro_made(session, intro.via, intro.target, now=now, when=when))


@router.post(
    "/api/intros/{intro_id}/{ending}", tags=["intros"], summary="Record a request declined or withdrawn"
)
def api_ended(intro_id: int, ending: str, session: Session = Depends(db, scope="function")) -> dict:
    """``ending``: declined or withdraw."""
    intro = intros.get_intro(session, intro_id)
    return intros.intro_record(intros.close_intro(session, intro.via, intro.target, ending, now=as_of()))


@router.get("/intros", response_class=HTMLResponse, include_in_schema=False)
def intros_page(request: Request, session: Session = Depends(db, scope="function")):
    listed = intros.intro_list(session)
    saved = request.query_params.get("saved", "")
    notice = next((i for i in listed if str(i["id"]) == saved), None)
    return page(request, "intros.html", {"intros": listed, "notice": notice})


@router.post("/intros", include_in_schema=False)
def intro_ask_form(
    via_id: int = Form(...),
    target_id: int = Form(...),
    note: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    """The "Request the intro" button of a warm path: then the list, saying what was asked."""
    via, target = get_person(session, via_id), get_person(session, target_id)
    intro = intros.ask_intro(session, via, target, now=as_of(), note=note or None)
    return RedirectResponse(f"/intros?saved={intro.id}", status_code=303)


@router.post("/intros/{intro_id}/{ending}", include_in_schema=False)
def intro_end_form(intro_id: int, ending: str, session: Session = Depends(db, scope="function")):
    """The list's buttons: made, declined, withdraw."""
    intro = intros.get_intro(session, intro_id)
    if ending == "made":
        intros.intro_made(session, intro.via, intro.target, now=as_of())
    else:
        intros.close_intro(session, intro.via, intro.target, ending, now=as_of())
    return RedirectResponse(f"/intros?saved={intro_id}", status_code=303)
