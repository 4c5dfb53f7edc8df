"""Introductions: the ``/intros`` page (the list, and the notice after an ask), the "Request the intro"
form on each ``/reach`` card, and ``/api/intros`` (what ``kith intros --json`` prints, asking, and how a
request ended, correcting and deleting one)."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith.corrections import KEEP
from kith.errors import BadInput, KithError
from kith.people.lookup import resolve
from kith.reach import intros
from kith.reach.intros import IntroEdit
from kith.web.forms import REFUSED, FormError, refills, refused
from kith.web.pages import as_of, db, form_time, page
from kith.web.reach_page import reach_page_of
from kith.web.routing import Router
from kith.web.views import confirmation, typed_time

router = Router()


class IntroAsk(BaseModel):
    """An introduction asked for: ``via`` introduces you to ``target``."""

    via: str = Field(description="Whom you ask: a name, email or #id.")
    target: str = Field(description="The person you want to meet: a name, email or #id.")
    note: str | None = None


class IntroWhen(BaseModel):
    """When an introduction was made, or a request for one ended (default: now)."""

    when: str | None = Field(None, description="When (not in the future).")


class IntroPatch(BaseModel):
    """A correction of an introduction, as ``kith intro edit`` takes it: only the fields given change; a
    null note clears it."""

    model_config = ConfigDict(extra="forbid")

    note: str | None = None
    asked: str | None = Field(None, description="When you asked (not in the future).")
    made: str | None = Field(None, description="When it was made (only one that was made).")

    def typed(self) -> IntroEdit:
        return IntroEdit(
            note=self.note if "note" in self.model_fields_set else KEEP,
            asked=KEEP if self.asked is None else self.asked,
            made=KEEP if self.made is None else self.made,
        )


@router.get("/api/intros", tags=["intros"], summary="Introductions asked for and made")
def api_intros(state: str | None = None, session: Session = Depends(db, scope="function")) -> list[dict]:
    """Exactly what ``kith intros --json`` prints (``state``: asked, made, declined or withdrawn)."""
    return intros.intro_list(session, state=state)


@router.post("/api/intros", tags=["intros"], status_code=201, summary="Ask someone for an introduction")
def api_ask(ask: IntroAsk, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the introduction and ``notes``: what kith says about it, recorded all the same
    ("you know Tom Lee yourself (friends): you could write to them directly", "kith knows of no tie
    between Jane Doe and Tom Lee")."""
    via, target = resolve(session, ask.via), resolve(session, ask.target)
    at = as_of()
    record = intros.intro_record(intros.ask_intro(session, via, target, now=at, note=ask.note))
    return {**record, "notes": intros.ask_notes(session, via, target, at)}


@router.get("/api/intros/{intro_id}", tags=["intros"], summary="One introduction")
def api_one(intro_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return intros.intro_record(intros.get_intro(session, intro_id))


@router.patch("/api/intros/{intro_id}", tags=["intros"], summary="Correct an introduction")
def api_edit(intro_id: int, change: IntroPatch, session: Session = Depends(db, scope="function")) -> dict:
    return intros.intro_record(intros.correct_intro(session, intro_id, change.typed(), now=as_of()))


@router.delete("/api/intros/{intro_id}", tags=["intros"], summary="Delete an introduction")
def api_delete(intro_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Deletes its follow-up promise and its favour with it; answers with the introduction as it was."""
    return intros.delete_intro(session, intro_id)


@router.post("/api/intros/{intro_id}/made", tags=["intros"], summary="Record that an introduction was made")
def api_made(
    intro_id: int, made: IntroWhen | None = None, session: Session = Depends(db, scope="function")
) -> dict:
    intro = intros.get_intro(session, intro_id)
    now = as_of()
    when = typed_time(made.when if made else None, now)
    return intros.intro_record(intros.intro_made(session, intro.via, intro.target, now=now, when=when))


@router.post(
    "/api/intros/{intro_id}/{ending}", tags=["intros"], summary="Record a request declined or withdrawn"
)
def api_ended(
    intro_id: int,
    ending: str,
    ended: IntroWhen | None = None,
    session: Session = Depends(db, scope="function"),
) -> dict:
    """``ending``: declined or withdraw; ``when`` (optional): when it ended (default: now)."""
    intro = intros.get_intro(session, intro_id)
    now = as_of()
    when = typed_time(ended.when if ended else None, now)
    return intros.intro_record(
        intros.close_intro(session, intro.via, intro.target, ending, now=now, when=when)
    )


@router.get("/intros", response_class=HTMLResponse, include_in_schema=False)
def intros_page(request: Request, session: Session = Depends(db, scope="function")):
    return _list_page(request, session)


def _list_page(request: Request, session: Session, form_error: FormError | None = None) -> HTMLResponse:
    """The list, and a refused form's error beside that form (``kith.web.forms``)."""
    state = request.query_params.get("state") or None
    state_error = ""
    try:
        listed = intros.intro_list(session, state=state)
    except BadInput as exc:  # the same words as the command and the API, above the whole list
        state, state_error, listed = None, str(exc), intros.intro_list(session)
    saved = "" if form_error else request.query_params.get("saved", "")
    notice = next((i for i in listed if str(i["id"]) == saved), None)
    notes = []
    if notice is not None and notice["state"] == "asked":
        asked = intros.get_intro(session, notice["id"])
        notes = intros.ask_notes(session, asked.via, asked.target, as_of())
    data = {
        "intros": listed,
        "notice": notice,
        "notes": notes,
        "state": state,
        "state_error": state_error,
        "states": intros.STATES,
        "changed": saved if saved in ("deleted", "corrected") else "",
        "form_error": form_error,
    }
    shown = refused(page(request, "intros.html", data), form_error)
    if state_error:
        shown.status_code = REFUSED
    return shown


def _page_of_ask(request: Request, session: Session, error: FormError) -> HTMLResponse:
    """The page a refused ask was sent from: a warm path's card on the reach page, else the list."""
    back = error.values.get("back", "")
    if back.startswith("/reach?"):
        return reach_page_of(request, session, back, error)
    return _list_page(request, session, error)


@router.post("/intros", include_in_schema=False)
@refills("ask", _page_of_ask)
def intro_ask_form(
    request: Request,
    via: str = Form(""),
    target: str = Form(""),
    note: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    """The list's "Ask for an introduction" (names, emails or #ids) and the "Request the intro" button of
    a warm path (#ids, ``back``: the reach page it is on): then the list, saying what was asked."""
    if not via.strip() or not target.strip():
        raise BadInput("say whom you ask and whom you want to meet: a name, email or #id each")
    asked, meet = resolve(session, via), resolve(session, target)
    intro = intros.ask_intro(session, asked, meet, now=as_of(), note=note or None)
    return RedirectResponse(f"/intros?saved={intro.id}", status_code=303)


def _edit_page(request: Request, record: dict, values: dict, error: str | None = None):
    data = {
        "intro": record,
        "values": values,
        "error": error,
        "shown": {"asked": form_time(record["asked_at"]), "made": form_time(record["made_at"])},
    }
    return page(request, "intro_edit.html", data, 400 if error else 200)


@router.get("/intros/{intro_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def intro_edit_page(request: Request, intro_id: int, session: Session = Depends(db, scope="function")):
    record = intros.intro_record(intros.get_intro(session, intro_id))
    values = {
        "note": record["note"] or "",
        "asked": form_time(record["asked_at"]),
        "made": form_time(record["made_at"]),
    }
    return _edit_page(request, record, values)


@router.post("/intros/{intro_id}/edit", include_in_schema=False)
def intro_edit_submit(
    request: Request,
    intro_id: int,
    note: str = Form(""),
    asked: str = Form(""),
    made: str = Form(""),
    shown_asked: str = Form(""),
    shown_made: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record = intros.intro_record(intros.get_intro(session, intro_id))
    values = {"note": note, "asked": asked, "made": made}
    typed = IntroEdit(
        note=note,
        asked=KEEP if asked.strip() in ("", shown_asked) else asked,
        made=KEEP if made.strip() in ("", shown_made) else made,
    )
    try:
        with session.begin_nested():
            intros.correct_intro(session, intro_id, typed, now=as_of())
    except KithError as exc:
        return _edit_page(request, record, values, str(exc))
    return RedirectResponse("/intros?saved=corrected", status_code=303)


@router.get("/intros/{intro_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def intro_delete_ask(request: Request, intro_id: int, session: Session = Depends(db, scope="function")):
    i = intros.intro_record(intros.get_intro(session, intro_id))
    day = (i["made_at"] or i["ended_at"] or i["asked_at"] or "")[:10]
    return confirmation(
        request,
        title=f"Delete introduction #{i['id']}?",
        question=f"{i['via']['name']} → {i['target']['name']}: {i['state']}" + (f" on {day}" if day else ""),
        consequences=[
            "Its promise to follow up and the favour recorded when it was made are deleted with it.",
            f"Who {i['target']['name']} was met via stays as it is.",
        ],
        action=f"/intros/{i['id']}/delete",
        button="Delete the introduction",
        back="/intros",
    )


@router.post("/intros/{intro_id}/delete", include_in_schema=False)
def intro_delete_form(intro_id: int, session: Session = Depends(db, scope="function")):
    intros.delete_intro(session, intro_id)
    return RedirectResponse("/intros?saved=deleted", status_code=303)


@router.post("/intros/{intro_id}/{ending}", include_in_schema=False)
def intro_end_form(intro_id: int, ending: str, session: Session = Depends(db, scope="function")):
    """The list's buttons: made, declined, withdraw."""
    intro = intros.get_intro(session, intro_id)
    if ending == "made":
        intros.intro_made(session, intro.via, intro.target, now=as_of())
    else:
        intros.close_intro(session, intro.via, intro.target, ending, now=as_of())
    return RedirectResponse(f"/intros?saved={intro_id}", status_code=303)
