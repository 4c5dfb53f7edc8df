"""The weekly agenda: items with done / snooze / dismiss, the calendar feed, and the agenda settings."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import agenda
from kith.errors import BadInput
from kith.web import views
from kith.web.forms import FormError, refills, refused
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()

ACTIONS = {"done": "done", "snooze": "snoozed", "dismiss": "dismissed"}
#: items after the week's shown on the page unless all are asked for (?all=1)
REST_SHOWN = 50


def agenda_view(request: Request, session: Session, now: datetime) -> dict:
    built = views.agenda_of(request, session, now)
    return {
        "week": [i.record() for i in built.week],
        "rest": [i.record() for i in built.rest],
        "size": built.size,
        "ties_available": built.ties_available,
        # items of lower rank beyond the list (LIST_WEEKS weeks of items): they can wait
        "later": built.later,
    }


class Mark(BaseModel):
    """Snooze until when (default: a week); ignored for done and dismiss."""

    until: str | None = Field(None, description="'next monday', 2026-07-01...")


def mark(session: Session, item_id: str, action: str, until: str | None) -> agenda.MarkResult:
    from kith.when import parse_when

    if action not in ACTIONS:
        raise BadInput(f"unknown action {action!r}; use done, snooze or dismiss")
    now = as_of()
    until_at = parse_when(until, now) if until and until.strip() and action == "snooze" else None
    return agenda.mark_item(session, item_id, ACTIONS[action], now=now, until=until_at)


@router.get("/api/agenda", tags=["agenda"], summary="This week's agenda and the rest, best first")
def api_agenda(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    return agenda_view(request, session, as_of())


@router.post(
    "/api/agenda/{item_id}/{action}", tags=["agenda"], summary="Mark an item done, snooze or dismiss"
)
def api_mark(
    item_id: str, action: str, body: Mark | None = None, session: Session = Depends(db, scope="function")
) -> dict:
    result = mark(session, item_id, action, body.until if body else None)
    return {
        "id": result.item_id,
        "person": result.person,
        "state": result.state,
        "until": result.until.isoformat() if result.until else None,
        "hint": result.hint,
    }


@router.get(
    "/agenda.ics",
    tags=["agenda"],
    summary="The agenda as an iCalendar feed to subscribe to",
    response_class=Response,
    responses={
        200: {
            "description": "An iCalendar feed",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    },
)
def agenda_feed(request: Request, session: Session = Depends(db, scope="function")) -> Response:
    now = as_of()
    body = agenda.agenda_ics(views.agenda_of(request, session, now).items, generated_at=now)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": 'inline; filename="kith-agenda.ics"'},
    )


@router.get("/agenda", response_class=HTMLResponse, include_in_schema=False)
def agenda_page(request: Request, session: Session = Depends(db, scope="function")):
    return _agenda_page(request, session)


def _agenda_page(request: Request, session: Session, form_error: FormError | None = None) -> HTMLResponse:
    """The agenda, and a refused mark's error beside its item (above the list when the item is not on
    it: ``kith.web.forms``)."""
    data = agenda_view(request, session, as_of())
    data["marked"] = {} if form_error else marked_notice(request.query_params)
    data["hidden"] = 0
    if request.query_params.get("all") != "1" and len(data["rest"]) > REST_SHOWN:
        data["hidden"] = len(data["rest"]) - REST_SHOWN
        data["rest"] = data["rest"][:REST_SHOWN]
    data["form_error"] = form_error
    shown = {item["id"] for item in data["week"] + data["rest"]}
    data["refused_item"] = form_error.values.get("item_id") if form_error else None
    data["refused_above"] = form_error is not None and data["refused_item"] not in shown
    return refused(page(request, "agenda.html", data), form_error)


@router.post("/agenda/{item_id}/{action}", include_in_schema=False)
@refills("mark", _agenda_page)
def agenda_mark(
    request: Request,
    item_id: str,
    action: str,
    until: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    result = mark(session, item_id, action, until)
    if back.startswith("/people/") and back[len("/people/") :].isdigit():
        return RedirectResponse(f"{back}?saved=1", status_code=303)
    said = {"marked": result.item_id, "state": result.state, "person": result.person}
    if result.until is not None:
        said["until"] = f"{result.until:%Y-%m-%d}"
    if result.hint and result.kind != "commitment":  # the contact it was about is still to be logged
        said["log"] = "1"
    return RedirectResponse(f"/agenda?{urlencode(said)}", status_code=303)


#: what the agenda page says after an item was marked
MARKED = {"done": "Done", "snoozed": "Snoozed", "dismissed": "Dismissed"}


def marked_notice(query) -> dict | None:
    """The notice after marking an item (from the redirect's query): what happened to whose item, and
    whether to log the contact it was about."""
    item = query.get("marked", "")
    if not item:
        return None
    state = query.get("state", "")
    return {
        "text": f"{MARKED.get(state, 'Marked')}: {query.get('person') or item} ({item})"
        + (f" until {query['until']}" if state == "snoozed" and query.get("until") else "")
        + ".",
        "person": query.get("person", ""),
        "log": query.get("log") == "1",
    }


@router.post("/settings/agenda", include_in_schema=False)
def settings_agenda(size: str = Form(""), session: Session = Depends(db, scope="function")):
    if not size.strip().isdigit():
        raise BadInput("the week's list size is a whole number")
    agenda.set_size(session, int(size))
    return RedirectResponse("/settings?saved=agenda", status_code=303)
