"""Invitations under the user's acceptance policy: advice with its reason, accept or decline; the
policy itself is edited on the settings page."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import policy
from kith.errors import BadInput
from kith.people.core import get_person, resolve
from kith.web import views
from kith.web.pages import as_of, db, page

router = APIRouter()

DECISIONS = {"accept": "accepted", "decline": "declined"}


def invitations_view(session: Session, now: datetime) -> dict:
    return {"policy": views.policy_record(session), "invitations": policy.invitation_advice(session, now)}


class InvitationEntry(BaseModel):
    """An incoming connection request."""

    name: str = Field(description="Who invited you: a name, email or #id already in kith.")
    message: str | None = None
    platform: str = "linkedin"


class PolicyChange(BaseModel):
    """Your acceptance rule; absent parts stay as they are."""

    met_in_person: bool | None = None
    conversations: int | None = Field(None, ge=1, le=policy.MAX_CONVERSATIONS)


@router.get("/api/invitations", tags=["invitations"], summary="Pending invitations with advice")
def api_invitations(session: Session = Depends(db, scope="function")) -> dict:
    return invitations_view(session, as_of())


@router.post("/api/invitations", tags=["invitations"], status_code=201, summary="Record an invitation")
def api_add_invitation(entry: InvitationEntry, session: Session = Depends(db, scope="function")) -> dict:
    now = as_of()
    policy.add_invitation(
        session, resolve(session, entry.name), when=now, message=entry.message, platform=entry.platform
    )
    return invitations_view(session, now)


@router.post("/api/invitations/{person_id}/{action}", tags=["invitations"], summary="Accept or decline")
def api_decide(person_id: int, action: str, session: Session = Depends(db, scope="function")) -> dict:
    decide(session, person_id, action)
    return invitations_view(session, as_of())


@router.get("/api/policy", tags=["invitations"], summary="Your acceptance policy")
def api_policy(session: Session = Depends(db, scope="function")) -> dict:
    return views.policy_record(session)


@router.put("/api/policy", tags=["invitations"], summary="Change your acceptance policy")
def api_set_policy(change: PolicyChange, session: Session = Depends(db, scope="function")) -> dict:
    policy.set_policy(session, met_in_person=change.met_in_person, conversations=change.conversations)
    return views.policy_record(session)


def decide(session: Session, person_id: int, action: str) -> None:
    if action not in DECISIONS:
        raise BadInput(f"unknown action {action!r}; use accept or decline")
    policy.decide_invitation(session, get_person(session, person_id), DECISIONS[action], now=as_of())


@router.get("/invitations", response_class=HTMLResponse, include_in_schema=False)
def invitations_page(request: Request, session: Session = Depends(db, scope="function")):
    return page(request, "invitations.html", invitations_view(session, as_of()))


@router.post("/invitations", include_in_schema=False)
def invitations_add(
    name: str = Form(...), message: str = Form(""), session: Session = Depends(db, scope="function")
):
    policy.add_invitation(session, resolve(session, name), when=as_of(), message=message or None)
    return RedirectResponse("/invitations?saved=1", status_code=303)


@router.post("/invitations/{person_id}/{action}", include_in_schema=False)
def invitations_decide(person_id: int, action: str, session: Session = Depends(db, scope="function")):
    decide(session, person_id, action)
    return RedirectResponse("/invitations?saved=1", status_code=303)


@router.post("/settings/policy", include_in_schema=False)
def settings_policy(
    conversations: str = Form(""),
    met_in_person: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    if conversations.strip() and not conversations.strip().isdigit():
        raise BadInput("the number of conversations is a whole number")
    policy.set_policy(
        session,
        met_in_person=met_in_person == "on",
        conversations=int(conversations) if conversations.strip() else None,
    )
    return RedirectResponse("/settings?saved=policy", status_code=303)
