"""PEEC statements: Profession, Expertise, Environment, Call to action, per event."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kith import peec
from kith.web.pages import as_of, db, page

router = APIRouter()


def peec_view(session: Session) -> dict:
    statements = [peec.statement_record(s) for s in reversed(peec.list_statements(session))]
    parts = [{"key": k, "label": label, "hint": hint} for k, label, hint in peec.PARTS]
    return {"statements": statements, "parts": parts, "max_words": peec.MAX_WORDS}


class PeecEntry(BaseModel):
    """A PEEC statement; every part is required."""

    event: str | None = None
    profession: str
    expertise: str
    environment: str
    call_to_action: str


@router.get("/api/peec", tags=["peec"], summary="Your PEEC statements, newest first")
def api_peec(session: Session = Depends(db, scope="function")) -> dict:
    return peec_view(session)


@router.post("/api/peec", tags=["peec"], status_code=201, summary="Write a PEEC statement")
def api_add_peec(entry: PeecEntry, session: Session = Depends(db, scope="function")) -> dict:
    parts = entry.model_dump(exclude={"event"})
    return peec.statement_record(peec.create_statement(session, parts, event=entry.event, now=as_of()))


@router.get("/peec", response_class=HTMLResponse, include_in_schema=False)
def peec_page(request: Request, session: Session = Depends(db, scope="function")):
    return page(request, "peec.html", peec_view(session))


@router.post("/peec", include_in_schema=False)
def peec_submit(
    event: str = Form(""),
    profession: str = Form(""),
    expertise: str = Form(""),
    environment: str = Form(""),
    call_to_action: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    parts: dict[str, str | None] = {
        "profession": profession,
        "expertise": expertise,
        "environment": environment,
        "call_to_action": call_to_action,
    }
    peec.create_statement(session, parts, event=event or None, now=as_of())
    return RedirectResponse("/peec?saved=1", status_code=303)
