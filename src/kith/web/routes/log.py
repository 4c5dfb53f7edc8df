"""Quick log: record an interaction from a form (as fast as ``kith log``) or the API."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.channels import KIND_CHANNELS
from kith.errors import BadInput
from kith.interactions import log_interaction
from kith.people.core import resolve
from kith.store.schema import DIRECTIONS, Interaction
from kith.timeline import interaction_record
from kith.web.pages import as_of, db, page, split_names

router = APIRouter()

#: the kinds offered in the form, most common first (any kind ``kith log`` knows is accepted)
FORM_KINDS = (
    "coffee",
    "lunch",
    "dinner",
    "drinks",
    "meeting",
    "event",
    "video",
    "call",
    "email",
    "message",
    "like",
    "comment",
)


class LogEntry(BaseModel):
    """One interaction, as ``kith log`` takes it."""

    kind: str = Field(description="coffee, lunch, meeting, call, video, email, message, like...")
    names: list[str] = Field(min_length=1, description="Who was there: names, emails or #ids.")
    when: str | None = Field(None, description="2026-03-01, 'yesterday', 'last friday 3pm' (default: now).")
    direction: str = Field("outbound", description="outbound (you reached out), inbound or mutual.")
    duration_minutes: int | None = Field(None, ge=0)
    note: str | None = None
    promise: str | None = Field(None, description="Something you promised to do for them.")
    due: str | None = Field(None, description="When the promise is due (default: a week later).")


def log_entry(session: Session, entry: LogEntry, now: datetime) -> Interaction:
    """Resolve the names and dates of ``entry`` and log it (the one core call behind form and API)."""
    from kith.when import parse_when

    occurred = parse_when(entry.when, now, past_only=True) if entry.when and entry.when.strip() else now
    promise_due = parse_when(entry.due, now) if entry.due and entry.due.strip() else None
    people = [resolve(session, name) for name in entry.names]
    return log_interaction(
        session,
        kind=entry.kind,
        people=people,
        when=occurred,
        direction=entry.direction,
        duration_s=entry.duration_minutes * 60 if entry.duration_minutes is not None else None,
        notes=entry.note,
        promise=entry.promise if entry.promise and entry.promise.strip() else None,
        promise_due=promise_due,
    )


@router.post("/api/interactions", tags=["interactions"], status_code=201, summary="Log an interaction")
def api_log(entry: LogEntry, session: Session = Depends(db, scope="function")) -> dict:
    interaction = log_entry(session, entry, as_of())
    return interaction_record(interaction)


def log_form(
    request: Request, values: dict, *, error: str | None = None, logged: dict | None = None, status=200
):
    data = {
        "kinds": FORM_KINDS,
        "all_kinds": sorted(k for k in KIND_CHANNELS if "-" not in k and "_" not in k),
        "directions": DIRECTIONS,
        "values": values,
        "error": error,
        "logged": logged,
    }
    return page(request, "log.html", data, status)


@router.get("/log", response_class=HTMLResponse, include_in_schema=False)
def log_page(
    request: Request,
    names: str = "",
    logged: int | None = None,
    session: Session = Depends(db, scope="function"),
):
    done = None
    if logged is not None:
        interaction = session.get(Interaction, logged)
        if interaction is not None:
            done = interaction_record(interaction) | {
                "participants": [{"id": p.id, "name": p.name} for p in interaction.participants]
            }
    return log_form(request, {"names": names, "kind": "coffee", "direction": "outbound"}, logged=done)


@router.post("/log", include_in_schema=False)
def log_submit(
    request: Request,
    kind: str = Form(...),
    names: str = Form(""),
    when: str = Form(""),
    direction: str = Form("outbound"),
    duration_minutes: str = Form(""),
    note: str = Form(""),
    promise: str = Form(""),
    due: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    values = {
        "kind": kind,
        "names": names,
        "when": when,
        "direction": direction,
        "duration_minutes": duration_minutes,
        "note": note,
        "promise": promise,
        "due": due,
    }
    from kith.errors import KithError

    try:
        if duration_minutes.strip() and not duration_minutes.strip().isdigit():
            raise BadInput("the duration is a whole number of minutes")
        if not split_names(names):
            raise BadInput("say who was there (one or more names, separated by commas)")
        entry = LogEntry(
            kind=kind,
            names=split_names(names),
            when=when or None,
            direction=direction,
            duration_minutes=int(duration_minutes) if duration_minutes.strip() else None,
            note=note or None,
            promise=promise or None,
            due=due or None,
        )
        with session.begin_nested():
            interaction = log_entry(session, entry, as_of())
    except KithError as exc:
        # show the form again with what was typed, so nothing has to be retyped
        return log_form(request, values, error=str(exc), status=400)
    return RedirectResponse(f"/log?logged={interaction.id}", status_code=303)
