"""Who can introduce you: the warm paths to a person, to someone at a company or with a tag (``/reach``
and ``GET /api/reach``, the same read model as ``kith reach --json``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.reach.paths import LIMIT, reach
from kith.web.pages import as_of, db, page, ties, who_knows_whom

router = APIRouter()


@router.get("/api/reach", tags=["reach"], summary="Warm paths to a person, a company or a tag")
def api_reach(
    request: Request,
    person: int | None = None,
    company: str | None = None,
    tag: str | None = None,
    limit: int = LIMIT,
    session: Session = Depends(db, scope="function"),
) -> dict:
    """Exactly what ``kith reach --json`` prints: one of ``person`` (an id), ``company`` or ``tag``."""
    at = as_of()
    mine = ties(request, session, at)
    graph = who_knows_whom(request, session, at)
    return reach(session, at, person_id=person, company=company, tag=tag, limit=limit, mine=mine, graph=graph)


@router.get("/reach", response_class=HTMLResponse, include_in_schema=False)
def reach_page(request: Request, company: str = "", session: Session = Depends(db, scope="function")):
    data: dict = {"company": company, "answer": None, "error": None}
    if company.strip():
        try:
            at = as_of()
            mine, graph = ties(request, session, at), who_knows_whom(request, session, at)
            data["answer"] = reach(session, at, company=company, mine=mine, graph=graph)
        except (BadInput, NotFound) as exc:
            data["error"] = str(exc)
    return page(request, "reach.html", data)
