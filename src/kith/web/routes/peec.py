"""PEEC statements: Profession, Expertise, Environment, Call to action, per event; written, corrected and
deleted."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import peec
from kith.web import views
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()


class PeecEntry(BaseModel):
    """A PEEC statement; every part is required."""

    event: str | None = None
    profession: str
    expertise: str
    environment: str
    call_to_action: str


class PeecChange(BaseModel):
    """A correction: the parts given change (each checked, and the whole length); absent ones stay."""

    event: str | None = Field(None, description="The event it is for; '' for none.")
    profession: str | None = None
    expertise: str | None = None
    environment: str | None = None
    call_to_action: str | None = None


def _statement(session: Session, statement_id: int):
    return peec.find_statement(session, statement_id=statement_id)


@router.get("/api/peec", tags=["peec"], summary="Your PEEC statements, newest first")
def api_peec(session: Session = Depends(db, scope="function")) -> dict:
    return peec.statements_view(session)


@router.post("/api/peec", tags=["peec"], status_code=201, summary="Write a PEEC statement")
def api_add_peec(entry: PeecEntry, session: Session = Depends(db, scope="function")) -> dict:
    parts = entry.model_dump(exclude={"event"})
    return peec.statement_record(peec.create_statement(session, parts, event=entry.event, now=as_of()))


@router.get("/api/peec/{statement_id}", tags=["peec"], summary="One PEEC statement")
def api_one_peec(statement_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return peec.statement_record(_statement(session, statement_id))


@router.patch("/api/peec/{statement_id}", tags=["peec"], summary="Correct a PEEC statement")
def api_edit_peec(
    statement_id: int, change: PeecChange, session: Session = Depends(db, scope="function")
) -> dict:
    parts = change.model_dump(exclude={"event"})
    statement = peec.edit_statement(session, _statement(session, statement_id), parts, event=change.event)
    return peec.statement_record(statement)


@router.delete("/api/peec/{statement_id}", tags=["peec"], summary="Delete a PEEC statement")
def api_delete_peec(statement_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """The statement as it was."""
    return peec.delete_statement(session, _statement(session, statement_id))


@router.get("/peec", response_class=HTMLResponse, include_in_schema=False)
def peec_page(request: Request, session: Session = Depends(db, scope="function")):
    data = peec.statements_view(session)
    data["saved"] = request.query_params.get("saved", "")
    return page(request, "peec.html", data)


def _parts(profession: str, expertise: str, environment: str, call_to_action: str) -> dict[str, str | None]:
    """A statement's four parts as the form sent them (the write and the correction alike)."""
    return {
        "profession": profession,
        "expertise": expertise,
        "environment": environment,
        "call_to_action": call_to_action,
    }


@router.post("/peec", include_in_schema=False)
def peec_submit(
    event: str = Form(""),
    profession: str = Form(""),
    expertise: str = Form(""),
    environment: str = Form(""),
    call_to_action: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    parts = _parts(profession, expertise, environment, call_to_action)
    peec.create_statement(session, parts, event=event or None, now=as_of())
    return RedirectResponse("/peec?saved=added", status_code=303)


@router.get("/peec/{statement_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def peec_edit_page(request: Request, statement_id: int, session: Session = Depends(db, scope="function")):
    data = peec.statements_view(session)
    data["statement"] = peec.statement_record(_statement(session, statement_id))
    return page(request, "peec_edit.html", data)


@router.post("/peec/{statement_id}/edit", include_in_schema=False)
def peec_edit(
    statement_id: int,
    event: str = Form(""),
    profession: str = Form(""),
    expertise: str = Form(""),
    environment: str = Form(""),
    call_to_action: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    parts = _parts(profession, expertise, environment, call_to_action)
    peec.edit_statement(session, _statement(session, statement_id), parts, event=event)
    return RedirectResponse("/peec?saved=edited", status_code=303)


@router.get("/peec/{statement_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def peec_delete_page(request: Request, statement_id: int, session: Session = Depends(db, scope="function")):
    statement = _statement(session, statement_id)
    label = f"PEEC statement #{statement.id}" + (f" for {statement.event}" if statement.event else "")
    return views.confirmation(
        request,
        title="Delete a PEEC statement",
        question=f"Delete {label}?",
        consequences=[f"Profession: {statement.profession}"],
        action=f"/peec/{statement.id}/delete",
        button="Delete it",
        back="/peec",
    )


@router.post("/peec/{statement_id}/delete", include_in_schema=False)
def peec_delete(statement_id: int, session: Session = Depends(db, scope="function")):
    peec.delete_statement(session, _statement(session, statement_id))
    return RedirectResponse("/peec?saved=deleted", status_code=303)
