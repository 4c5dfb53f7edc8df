"""The give/get ledger: balances and styles per relationship, recording favours."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import ledger
from kith.people.core import resolve
from kith.store.schema import FAVOUR_KINDS
from kith.web.pages import as_of, db, page

router = APIRouter()


def ledger_view(session: Session, now: datetime) -> dict:
    rows = [b.record() for b in ledger.balances(session, now)]
    return {"balances": rows, "styles": ledger.STYLES, "kinds": FAVOUR_KINDS}


class FavourEntry(BaseModel):
    """A favour between you and someone: you gave it ("give") or received it ("get")."""

    name: str = Field(description="Who: a name, email or #id.")
    direction: str = Field(description="give (you gave) or get (you received).")
    kind: str = Field(description=", ".join(FAVOUR_KINDS))
    when: str | None = Field(None, description="When (default: now).")
    note: str | None = None


def record(session: Session, entry: FavourEntry, now: datetime) -> dict:
    from kith.when import parse_when

    when = parse_when(entry.when, now, past_only=True) if entry.when and entry.when.strip() else now
    person = resolve(session, entry.name)
    ledger.record_favour(session, person, entry.direction, entry.kind, when=when, note=entry.note)
    return ledger.balance(session, person, now).record()


@router.get("/api/ledger", tags=["ledger"], summary="Give/get balance and style of every relationship")
def api_ledger(session: Session = Depends(db, scope="function")) -> dict:
    return ledger_view(session, as_of())


@router.post("/api/favours", tags=["ledger"], status_code=201, summary="Record a favour given or received")
def api_favour(entry: FavourEntry, session: Session = Depends(db, scope="function")) -> dict:
    return record(session, entry, as_of())


@router.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
def ledger_page(request: Request, session: Session = Depends(db, scope="function")):
    data = ledger_view(session, as_of())
    data["saved"] = request.query_params.get("saved") == "1"
    return page(request, "ledger.html", data)


@router.post("/ledger", include_in_schema=False)
def ledger_submit(
    name: str = Form(...),
    direction: str = Form(...),
    kind: str = Form(...),
    when: str = Form(""),
    note: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record(
        session,
        FavourEntry(name=name, direction=direction, kind=kind, when=when or None, note=note or None),
        as_of(),
    )
    target = f"{back}?saved=1" if back.startswith("/people/") and back[8:].isdigit() else "/ledger?saved=1"
    return RedirectResponse(target, status_code=303)
