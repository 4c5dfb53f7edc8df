"""Quick log: record an interaction from a form (as fast as ``kith log``) or the API.

A name that matches nobody is not a dead end: the form comes back offering to add that person and log
(a second step, confirmed with a checkbox and a button), and the API takes the names to add in
``add_people``."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.channels import KIND_CHANNELS
from kith.errors import BadInput, UnknownPerson
from kith.interactions import log
from kith.store.schema import DIRECTIONS, Commitment, Interaction
from kith.timeline import interaction_record
from kith.web.pages import as_of, db, page, person_page_path
from kith.web.routing import Router
from kith.web.views import split_names

router = Router()

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
    add_people: list[str] = Field(
        default_factory=list,
        description="Names among names that match nobody yet, to add as new people first (any other "
        "unknown name is a 404, and nothing is written).",
    )


def log_entry(session: Session, entry: LogEntry, now: datetime) -> Interaction:
    """Log ``entry`` (the one core call behind the form and the API); a field left empty is not given."""
    return log(
        session,
        kind=entry.kind,
        names=entry.names,
        now=now,
        when=_given(entry.when),
        direction=entry.direction,
        duration_minutes=entry.duration_minutes,
        note=entry.note,
        promise=_given(entry.promise),
        due=_given(entry.due),
        add=entry.add_people,
    )


def _given(text: str | None) -> str | None:
    return text if text and text.strip() else None


@router.post("/api/interactions", tags=["interactions"], status_code=201, summary="Log an interaction")
def api_log(entry: LogEntry, session: Session = Depends(db, scope="function")) -> dict:
    interaction = log_entry(session, entry, as_of())
    return interaction_record(interaction)


def log_form(
    request: Request,
    values: dict,
    *,
    error: str | None = None,
    logged: dict | None = None,
    unknown: UnknownPerson | None = None,
    status=200,
):
    data = {
        "unknown": unknown.unknown if unknown else [],
        "closest": unknown.candidates if unknown else [],
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
    kind: str = "coffee",
    logged: int | None = None,
    session: Session = Depends(db, scope="function"),
):
    done = None
    if logged is not None:
        interaction = session.get(Interaction, logged)
        if interaction is not None:
            done = interaction_record(interaction) | {
                "participants": [{"id": p.id, "name": p.name} for p in interaction.participants],
                # what was promised while logging it, as the CLI's "promise noted" says
                "promises": list(
                    session.scalars(
                        select(Commitment.text).where(Commitment.interaction_id == interaction.id)
                    )
                ),
            }
    return log_form(request, {"names": names, "kind": kind, "direction": "outbound"}, logged=done)


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
    add_people: list[str] = Form([]),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    """Log an interaction; then the log page says what was logged, or, from a person's page (``back``),
    that page does."""
    values = {
        "back": person_page_path(back) or "",
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
            add_people=add_people,
        )
        with session.begin_nested():
            interaction = log_entry(session, entry, as_of())
    except UnknownPerson as exc:
        # the second step: offer to add whoever kith does not know yet, keeping what was typed
        return log_form(request, values, unknown=exc, status=400)
    except KithError as exc:
        # show the form again with what was typed, so nothing has to be retyped
        return log_form(request, values, error=str(exc), status=400)
    if values["back"]:
        return RedirectResponse(f"{values['back']}?saved=logged", status_code=303)
    return RedirectResponse(f"/log?logged={interaction.id}", status_code=303)
