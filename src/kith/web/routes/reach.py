"""Who can introduce you: the warm paths to a person, to someone at a company, from a school, with a
title or a tag (``/reach`` and ``GET /api/reach``, the same read model as ``kith reach --json``), and
who knows whom in the user's words (``POST /api/ties`` and the forms, as ``kith knows``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.people.lookup import get_person, resolve
from kith.reach.paths import LIMIT, reach
from kith.reach.stated import rejected_ties, restore_tie, state_tie
from kith.team.reach import with_team
from kith.web.forms import FormError, refills
from kith.web.pages import as_of, contacts, db, ties, who_knows_whom
from kith.web.reach_page import MAX_SHOWN, reach_answer_page, reach_page_of
from kith.web.routing import Router
from kith.web.views import person_page
from kith.web.workspace import workspace

router = Router()


@router.get(
    "/api/reach", tags=["reach"], summary="Warm paths to a person, a company, a school, a title or a tag"
)
def api_reach(
    request: Request,
    person: int | None = None,
    company: str | None = None,
    school: str | None = None,
    title: str | None = None,
    tag: str | None = None,
    limit: int = LIMIT,
    session: Session = Depends(db, scope="function"),
) -> dict:
    """Exactly what ``kith reach --json`` prints: one of ``person`` (an id), ``company``, ``school``,
    ``title`` (every word in someone's current title) or ``tag``. No path answers with ``nearest``."""
    at = as_of()
    answer = reach(
        session,
        at,
        person_id=person,
        company=company,
        school=school,
        title=title,
        tag=tag,
        limit=limit,
        mine=ties(request, session, at),
        graph=who_knows_whom(request, session, at),
        known=contacts(request, session),
    )
    return with_team(workspace(request).settings, answer, at)


@router.get("/reach", response_class=HTMLResponse, include_in_schema=False)
def reach_page(
    request: Request,
    q: str = "",
    kind: str = "",
    company: str = "",
    limit: int = Query(LIMIT, ge=1, le=MAX_SHOWN, description="How many paths to show."),
    session: Session = Depends(db, scope="function"),
):
    """One search box (a person or a company, or a school, a title or a tag by its kind)."""
    if company.strip() and not q.strip():  # the page's links before it had kinds
        q, kind = company, "company"
    return reach_answer_page(request, session, q, kind, limit)


def _page_of_tie_form(request: Request, session: Session, error: FormError) -> HTMLResponse:
    """The page a refused "who knows whom" form was on: a person's page, else the reach page it names."""
    back = urlsplit(error.values.get("back", ""))
    if re.fullmatch(r"/people/\d+", back.path):
        return person_page(request, session, int(back.path.rsplit("/", 1)[1]), form_error=error)
    return reach_page_of(request, session, error.values.get("back", ""), error)


class TieSaid(BaseModel):
    """Two of your people, and whether they know each other (``kith knows A B [--not] [--how]``)."""

    first: int = Field(description="One person's id.")
    second: int = Field(description="The other person's id.")
    knows: bool = Field(True, description="False: they do not; a tie kith inferred is never proposed again.")
    how: str | None = Field(
        None, description='How they know each other ("college friends"); only with knows.'
    )


def _tie_record(first, second, stated) -> dict:
    return {
        "first": {"id": first.id, "name": first.name},
        "second": {"id": second.id, "name": second.name},
        "knows": stated.knows,
        "how": stated.how,
    }


@router.post("/api/ties", tags=["reach"], summary="Say that two of your people know each other, or do not")
def api_say_tie(said: TieSaid, session: Session = Depends(db, scope="function")) -> dict:
    """What ``kith knows`` says; undone by ``POST /api/undo``."""
    first, second = get_person(session, said.first), get_person(session, said.second)
    return _tie_record(first, second, state_tie(session, first, second, said.knows, said.how, as_of()))


class TiePair(BaseModel):
    """Two of your people."""

    first: int = Field(description="One person's id.")
    second: int = Field(description="The other person's id.")


@router.get("/api/ties/rejected", tags=["reach"], summary="The ties you said are not true")
def api_rejected(person: int | None = None, session: Session = Depends(db, scope="function")) -> list[dict]:
    """What ``kith knows --rejected --json`` prints (``person``: an id, their ties only)."""
    if person is not None:
        get_person(session, person)
    return rejected_ties(session, person)


@router.post("/api/ties/restore", tags=["reach"], summary="Take back a tie you said is not true")
def api_restore(pair: TiePair, session: Session = Depends(db, scope="function")) -> dict:
    """What ``kith knows A B --restore`` does: the tie is again what the evidence says."""
    first, second = get_person(session, pair.first), get_person(session, pair.second)
    return restore_tie(session, first, second)


@router.post("/ties/restore", include_in_schema=False)
def restore_form(
    first_id: int = Form(...), second_id: int = Form(...), session: Session = Depends(db, scope="function")
):
    """The person page's "restore" beside a tie said not true; then back to that page."""
    restore_tie(session, get_person(session, first_id), get_person(session, second_id))
    return RedirectResponse(f"/people/{first_id}?saved=restored#who-knows", status_code=303)


@router.post("/ties", include_in_schema=False)
@refills("tie", _page_of_tie_form)
def tie_form(
    request: Request,
    first_id: int = Form(...),
    second: str = Form(""),
    how: str = Form(""),
    knows: bool = Form(True),
    back: str = Form("/"),
    session: Session = Depends(db, scope="function"),
):
    """The person page's "Also knows" and "not true", and the reach page's "Who knows them?": the
    second person by name, email or ``#id``; then back to the page it came from."""
    first, other = get_person(session, first_id), resolve(session, second)
    state_tie(session, first, other, knows, how.strip() or None, as_of())
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    if re.fullmatch(r"/people/\d+", target):  # back to the person's ties, saying so, with its Undo
        target += "?saved=tie#who-knows"
    return RedirectResponse(target, status_code=303)
