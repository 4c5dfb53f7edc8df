"""The real-friends test: who came through when you asked for help (and who did unasked); asking,
recording who came through, and correcting or deleting either."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import friends
from kith.errors import BadInput
from kith.people.core import resolve_names
from kith.people.lookup import get_person, resolve
from kith.store.schema import HelpRequest
from kith.web import views
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()


class HelpRequestEntry(BaseModel):
    """Something you asked for, and whom you asked."""

    text: str = Field(description="What you asked for, in a few words.")
    names: list[str] = Field(min_length=1, description="Whom you asked: names, emails or #ids.")
    when: str | None = Field(None, description="When you asked (default: now).")


class HelpRequestChange(BaseModel):
    """A correction to a request; absent fields stay as they are."""

    text: str | None = None
    when: str | None = Field(None, description="When you asked: 2026-06-01, 'last saturday'...")


class AnswerEntry(BaseModel):
    """Someone who came through (asked or not)."""

    name: str = Field(description="Who came through: a name, email or #id.")
    when: str | None = Field(None, description="When (default: now).")


class AnswerChange(BaseModel):
    """When someone came through, corrected."""

    when: str = Field(description="2026-06-03, 'last sunday'...")


def _request(session: Session, request_id: int) -> HelpRequest:
    return friends.get_request(session, request_id)


def ask(session: Session, entry: HelpRequestEntry, now: datetime) -> HelpRequest:
    people = resolve_names(session, entry.names, now=now)
    return friends.ask(session, entry.text, people, when=views.typed_time(entry.when, now) or now)


def answer(session: Session, request_id: int, entry: AnswerEntry, now: datetime) -> friends.Answer:
    request = _request(session, request_id)
    person = resolve(session, entry.name)
    return friends.answered(session, request, person, when=views.typed_time(entry.when, now) or now)


def _when_required(text: str, now: datetime) -> datetime:
    when = views.typed_time(text, now)
    if when is None:
        raise BadInput("say when they came through, e.g. 2026-06-03 or 'last sunday'")
    return when


# ------------------------------------------------------------------------------------------- API


@router.get(
    "/api/friends", tags=["friends"], summary="Who came through when you asked for help, and every request"
)
def api_friends(session: Session = Depends(db, scope="function")) -> dict:
    return friends.friends_report(session)


@router.post("/api/help-requests", tags=["friends"], status_code=201, summary="Record a request for help")
def api_ask(entry: HelpRequestEntry, session: Session = Depends(db, scope="function")) -> dict:
    return friends.request_record(session, ask(session, entry, as_of()))


@router.get("/api/help-requests/{request_id}", tags=["friends"], summary="One request for help")
def api_request(request_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return friends.request_record(session, _request(session, request_id))


@router.patch("/api/help-requests/{request_id}", tags=["friends"], summary="Correct a request for help")
def api_edit_request(
    request_id: int, change: HelpRequestChange, session: Session = Depends(db, scope="function")
) -> dict:
    when = views.typed_time(change.when, as_of())
    request = friends.edit_request(session, _request(session, request_id), text=change.text, when=when)
    return friends.request_record(session, request)


@router.delete("/api/help-requests/{request_id}", tags=["friends"], summary="Delete a request for help")
def api_delete_request(request_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """The request as it was, with who was on it."""
    return friends.delete_request(session, _request(session, request_id))


@router.post(
    "/api/help-requests/{request_id}/answers",
    tags=["friends"],
    status_code=201,
    summary="Record that someone came through (asked or not)",
)
def api_answer(request_id: int, entry: AnswerEntry, session: Session = Depends(db, scope="function")) -> dict:
    return friends.answer_record(answer(session, request_id, entry, as_of()))


@router.patch(
    "/api/help-requests/{request_id}/answers/{person_id}",
    tags=["friends"],
    summary="Correct when someone came through",
)
def api_edit_answer(
    request_id: int, person_id: int, change: AnswerChange, session: Session = Depends(db, scope="function")
) -> dict:
    request, person = _request(session, request_id), get_person(session, person_id)
    result = friends.edit_answer(session, request, person, when=_when_required(change.when, as_of()))
    return friends.answer_record(result)


@router.delete(
    "/api/help-requests/{request_id}/answers/{person_id}",
    tags=["friends"],
    summary="Take back that someone came through",
)
def api_delete_answer(
    request_id: int, person_id: int, session: Session = Depends(db, scope="function")
) -> dict:
    """Someone asked is back to no answer yet; someone not asked leaves the request."""
    request, person = _request(session, request_id), get_person(session, person_id)
    return friends.answer_record(friends.delete_answer(session, request, person))


# ------------------------------------------------------------------------------------------- pages

NOTICES = {
    "asked": "Request recorded.",
    "answered": "Recorded.",
    "unasked": "Recorded: they came through without being asked.",
    "already": "That was recorded already.",
    "edited": "Corrected.",
    "deleted": "Deleted.",
    "taken-back": "Taken back.",
}


@router.get("/friends", response_class=HTMLResponse, include_in_schema=False)
def friends_page(request: Request, session: Session = Depends(db, scope="function")):
    data = friends.friends_report(session)
    data["notice"] = NOTICES.get(request.query_params.get("saved", ""))
    return page(request, "friends.html", data)


@router.post("/friends/requests", include_in_schema=False)
def ask_submit(
    text: str = Form(""),
    names: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    if not views.split_names(names):
        raise BadInput("say whom you asked (one or more names, separated by commas)")
    ask(session, HelpRequestEntry(text=text, names=views.split_names(names), when=when or None), as_of())
    return RedirectResponse("/friends?saved=asked", status_code=303)


@router.get("/friends/requests/{request_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def request_edit_page(request: Request, request_id: int, session: Session = Depends(db, scope="function")):
    record = friends.request_record(session, _request(session, request_id))
    return page(request, "help_request_edit.html", {"request_record": record})


@router.post("/friends/requests/{request_id}/edit", include_in_schema=False)
def request_edit(
    request_id: int,
    text: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    found = _request(session, request_id)
    asked_at = views.typed_time(when, as_of(), shown=f"{found.asked_at:%Y-%m-%d}")
    friends.edit_request(session, found, text=text, when=asked_at)
    return RedirectResponse("/friends?saved=edited", status_code=303)


@router.get("/friends/requests/{request_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def request_delete_page(request: Request, request_id: int, session: Session = Depends(db, scope="function")):
    record = friends.request_record(session, _request(session, request_id))
    asked = ", ".join(p["name"] for p in record["people"]) or "nobody any more"
    return views.confirmation(
        request,
        title="Delete a request for help",
        question=f"Delete request #{record['id']}: {record['text']}?",
        consequences=[f"Who was on it ({asked}) and who came through go with it; the people stay."],
        action=f"/friends/requests/{record['id']}/delete",
        button="Delete the request",
        back="/friends",
    )


@router.post("/friends/requests/{request_id}/delete", include_in_schema=False)
def request_delete(request_id: int, session: Session = Depends(db, scope="function")):
    friends.delete_request(session, _request(session, request_id))
    return RedirectResponse("/friends?saved=deleted", status_code=303)


@router.post("/friends/requests/{request_id}/answers", include_in_schema=False)
def answer_submit(
    request_id: int,
    name: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    result = answer(session, request_id, AnswerEntry(name=name, when=when or None), as_of())
    saved = "already" if result.already else ("answered" if result.asked else "unasked")
    return RedirectResponse(f"/friends?saved={saved}", status_code=303)


@router.get(
    "/friends/requests/{request_id}/answers/{person_id}/edit",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def answer_edit_page(
    request: Request, request_id: int, person_id: int, session: Session = Depends(db, scope="function")
):
    found = friends.get_answer(session, _request(session, request_id), get_person(session, person_id))
    return page(
        request, "answer_edit.html", {"answer": friends.answer_record(found), "text": found.request.text}
    )


@router.post("/friends/requests/{request_id}/answers/{person_id}/edit", include_in_schema=False)
def answer_edit(
    request_id: int, person_id: int, when: str = Form(""), session: Session = Depends(db, scope="function")
):
    request, person = _request(session, request_id), get_person(session, person_id)
    friends.edit_answer(session, request, person, when=_when_required(when, as_of()))
    return RedirectResponse("/friends?saved=edited", status_code=303)


@router.get(
    "/friends/requests/{request_id}/answers/{person_id}/delete",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def answer_delete_page(
    request: Request, request_id: int, person_id: int, session: Session = Depends(db, scope="function")
):
    found = friends.get_answer(session, _request(session, request_id), get_person(session, person_id))
    name, rid = found.person.name, found.request.id
    after = "stays asked, with no answer yet" if found.asked else "leaves the request (not asked)"
    return views.confirmation(
        request,
        title="Take back an answer",
        question=f"Take back that {name} came through on #{rid}: {found.request.text}?",
        consequences=[f"{name} {after}."],
        action=f"/friends/requests/{rid}/answers/{found.person.id}/delete",
        button="Take it back",
        back="/friends",
    )


@router.post("/friends/requests/{request_id}/answers/{person_id}/delete", include_in_schema=False)
def answer_delete(request_id: int, person_id: int, session: Session = Depends(db, scope="function")):
    friends.delete_answer(session, _request(session, request_id), get_person(session, person_id))
    return RedirectResponse("/friends?saved=taken-back", status_code=303)
