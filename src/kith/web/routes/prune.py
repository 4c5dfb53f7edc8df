"""Letting go: the connections to let go of with their reasons (page, JSON and CSV), and archiving a chosen
set of them in one step."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.exporters.prune_csv import prune_csv
from kith.people.archive import archive_people
from kith.people.lookup import get_person
from kith.prune import prune_list
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()


class ArchiveChoice(BaseModel):
    """The people to archive in one step (one undo brings them all back)."""

    ids: list[int] = Field(description="Their ids, as GET /api/prune lists them.", min_length=1)


def _archive(session: Session, ids: list[int]) -> list[dict]:
    people = [get_person(session, pid) for pid in dict.fromkeys(ids)]
    return archive_people(session, people, now=as_of())


@router.get("/api/prune", tags=["people"], summary="The connections to let go of, each with its reason")
def api_prune(session: Session = Depends(db, scope="function")) -> dict:
    return prune_list(session, as_of())


@router.post("/api/prune/archive", tags=["people"], summary="Archive a chosen set of people in one step")
def api_prune_archive(choice: ArchiveChoice, session: Session = Depends(db, scope="function")) -> list[dict]:
    """Answers with each person's archive record (``changed`` false: they already were)."""
    return _archive(session, choice.ids)


@router.get("/prune", response_class=HTMLResponse, include_in_schema=False)
def prune_page(request: Request, session: Session = Depends(db, scope="function")):
    data = prune_list(session, as_of())
    data["archived"] = request.query_params.get("saved", "")
    return page(request, "prune.html", data)


@router.get("/prune.csv", include_in_schema=False)
def prune_download(session: Session = Depends(db, scope="function")) -> Response:
    return Response(
        prune_csv(prune_list(session, as_of())),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kith-let-go.csv"'},
    )


@router.post("/prune/archive", include_in_schema=False)
def prune_archive_form(person: list[int] = Form([]), session: Session = Depends(db, scope="function")):
    if not person:
        raise BadInput("choose at least one person to archive")
    done = sum(1 for record in _archive(session, person) if record["changed"])
    return RedirectResponse(f"/prune?saved={done}", status_code=303)
