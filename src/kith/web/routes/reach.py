"""Who can introduce you: the warm paths to a person, to someone at a company, from a school, with a
title or a tag (``/reach`` and ``GET /api/reach``, the same read model as ``kith reach --json``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.reach.paths import KINDS, LIMIT, reach, reach_typed
from kith.web.pages import as_of, db, page, ties, who_knows_whom

router = APIRouter()


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
    return reach(
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
    )


@router.get("/reach", response_class=HTMLResponse, include_in_schema=False)
def reach_page(
    request: Request,
    q: str = "",
    kind: str = "",
    company: str = "",
    session: Session = Depends(db, scope="function"),
):
    """One search box (a person or a company, or a school, a title or a tag by its kind)."""
    if company.strip() and not q.strip():  # the page's links before it had kinds
        q, kind = company, "company"
    data: dict = {"q": q, "kind": kind, "kinds": KINDS, "answer": None, "error": None}
    if q.strip():
        try:
            at = as_of()
            mine, graph = ties(request, session, at), who_knows_whom(request, session, at)
            data["answer"] = reach_typed(session, at, q, kind, mine=mine, graph=graph)
        except (BadInput, NotFound) as exc:
            data["error"] = str(exc)
    return page(request, "reach.html", data)
