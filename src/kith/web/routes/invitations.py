"""Invitations under the user's acceptance policy: advice with its reason, accept or decline, correct or
delete one; the policy itself is edited on the settings page.

An invitation is addressed by whose it is (``/invitations/{person_id}``), as ``kith invitations accept
NAME`` addresses it: a person has one pending invitation per platform, and ``platform`` says which when
they have several."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith import policy
from kith.errors import BadInput
from kith.people.core import find_or_add
from kith.people.lookup import get_person
from kith.store.schema import Invitation
from kith.web import views
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()

DECISIONS = {"accept": "accepted", "decline": "declined"}
PLATFORM = Query(None, description="Which pending invitation, when the person has several (linkedin...).")


class InvitationEntry(BaseModel):
    """An incoming connection request."""

    name: str = Field(
        description="Who invited you: a name, email or #id in kith, or a new person's full name (added)."
    )
    message: str | None = None
    when: str | None = Field(None, description="When it was sent (default: now).")
    platform: str = "linkedin"


class InvitationChange(BaseModel):
    """A correction to a pending invitation; absent fields stay as they are."""

    message: str | None = Field(None, description="The note that came with it ('' clears it).")
    when: str | None = Field(None, description="When it was sent: 2026-06-01, 'last tuesday'...")


class Decision(BaseModel):
    """Accepting can first log the meeting the invitation's message mentions, in one step."""

    log_meeting: bool = Field(
        default=False, description="Accept only: also log the meeting (one step; undo takes back both)."
    )
    when: str | None = Field(
        default=None, description="With log_meeting: when you met (default: when the invitation was sent)."
    )
    kind: str | None = Field(default=None, description="With log_meeting: what it was (default: meeting).")


class PolicyChange(BaseModel):
    """Your acceptance rule; absent parts stay as they are."""

    met_in_person: bool | None = None
    conversations: int | None = Field(None, ge=1, le=policy.MAX_CONVERSATIONS)


def _pending(session: Session, person_id: int, platform: str | None) -> Invitation:
    return policy.pending_invitation(session, get_person(session, person_id), platform or None)


def add(session: Session, entry: InvitationEntry, now: datetime) -> None:
    person, _added = find_or_add(session, entry.name, now=now)
    when = views.typed_time(entry.when, now) or now
    policy.add_invitation(session, person, when=when, message=entry.message, platform=entry.platform)


def decide(
    session: Session, person_id: int, action: str, platform: str | None, decision: Decision | None = None
) -> None:
    if action not in DECISIONS:
        raise BadInput(f"unknown action {action!r}; use accept or decline")
    decision = decision or Decision()
    person = get_person(session, person_id)
    now = as_of()
    if not decision.log_meeting:
        if decision.when or decision.kind:
            raise BadInput("when and kind go with log_meeting")
        policy.decide_invitation(session, person, DECISIONS[action], now=now, platform=platform or None)
        return
    if action != "accept":
        raise BadInput("log_meeting goes with accept")
    policy.accept_after_meeting(
        session,
        person,
        now=now,
        when=views.typed_time(decision.when, now),
        kind=decision.kind or policy.MEETING_KIND,
        platform=platform or None,
    )


@router.get(
    "/api/invitations", tags=["invitations"], summary="Your policy and pending invitations with advice"
)
def api_invitations(session: Session = Depends(db, scope="function")) -> dict:
    return policy.invitations_view(session, as_of())


@router.post("/api/invitations", tags=["invitations"], status_code=201, summary="Record an invitation")
def api_add_invitation(entry: InvitationEntry, session: Session = Depends(db, scope="function")) -> dict:
    now = as_of()
    add(session, entry, now)
    return policy.invitations_view(session, now)


@router.patch(
    "/api/invitations/{person_id}", tags=["invitations"], summary="Correct someone's pending invitation"
)
def api_edit_invitation(
    person_id: int,
    change: InvitationChange,
    platform: str | None = PLATFORM,
    session: Session = Depends(db, scope="function"),
) -> dict:
    now = as_of()
    invitation = _pending(session, person_id, platform)
    policy.edit_invitation(
        session, invitation, message=change.message, when=views.typed_time(change.when, now)
    )
    return policy.invitations_view(session, now)


@router.delete(
    "/api/invitations/{person_id}", tags=["invitations"], summary="Delete someone's pending invitation"
)
def api_delete_invitation(
    person_id: int, platform: str | None = PLATFORM, session: Session = Depends(db, scope="function")
) -> dict:
    """The invitation as it was; the person stays."""
    return policy.delete_invitation(session, _pending(session, person_id, platform))


@router.post("/api/invitations/{person_id}/{action}", tags=["invitations"], summary="Accept or decline")
def api_decide(
    person_id: int,
    action: str,
    body: Decision | None = None,
    platform: str | None = PLATFORM,
    session: Session = Depends(db, scope="function"),
) -> dict:
    """Accept or decline; accepting with ``{"log_meeting": true}`` first logs the meeting the message
    mentions, in one step."""
    decide(session, person_id, action, platform, body)
    return policy.invitations_view(session, as_of())


@router.get("/api/policy", tags=["invitations"], summary="Your acceptance policy")
def api_policy(session: Session = Depends(db, scope="function")) -> dict:
    return policy.policy_record(session)


@router.put("/api/policy", tags=["invitations"], summary="Change your acceptance policy")
def api_set_policy(change: PolicyChange, session: Session = Depends(db, scope="function")) -> dict:
    policy.set_policy(session, met_in_person=change.met_in_person, conversations=change.conversations)
    return policy.policy_record(session)


@router.get("/invitations", response_class=HTMLResponse, include_in_schema=False)
def invitations_page(request: Request, session: Session = Depends(db, scope="function")):
    data = policy.invitations_view(session, as_of())
    data["saved"] = request.query_params.get("saved", "")
    return page(request, "invitations.html", data)


@router.post("/invitations", include_in_schema=False)
def invitations_add(
    name: str = Form(...),
    message: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    add(session, InvitationEntry(name=name, message=message or None, when=when or None), as_of())
    return RedirectResponse("/invitations?saved=added", status_code=303)


@router.get("/invitations/{person_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def invitation_edit_page(
    request: Request,
    person_id: int,
    platform: str = "",
    session: Session = Depends(db, scope="function"),
):
    record = policy.invitation_record(_pending(session, person_id, platform))
    return page(request, "invitation_edit.html", {"invitation": record})


@router.post("/invitations/{person_id}/edit", include_in_schema=False)
def invitation_edit(
    person_id: int,
    platform: str = Form(""),
    message: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    invitation = _pending(session, person_id, platform)
    shown = invitation.sent_at.strftime("%Y-%m-%d") if invitation.sent_at else ""
    sent = views.typed_time(when, as_of(), shown=shown)
    new_message = message if message.strip() != (invitation.message or "") else None
    if new_message is not None or sent is not None:
        policy.edit_invitation(session, invitation, message=new_message, when=sent)
    return RedirectResponse("/invitations?saved=edited", status_code=303)


@router.get("/invitations/{person_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def invitation_delete_page(
    request: Request, person_id: int, platform: str = "", session: Session = Depends(db, scope="function")
):
    invitation = _pending(session, person_id, platform)
    return views.confirmation(
        request,
        title="Delete an invitation",
        question=f"Delete the invitation from {invitation.person.name} on {invitation.platform}?",
        consequences=[f"{invitation.person.name} stays in kith; only the invitation goes."],
        action=f"/invitations/{person_id}/delete",
        button="Delete the invitation",
        back="/invitations",
        fields={"platform": invitation.platform},
    )


@router.post("/invitations/{person_id}/delete", include_in_schema=False)
def invitation_delete(
    person_id: int, platform: str = Form(""), session: Session = Depends(db, scope="function")
):
    policy.delete_invitation(session, _pending(session, person_id, platform))
    return RedirectResponse("/invitations?saved=deleted", status_code=303)


@router.post("/invitations/{person_id}/{action}", include_in_schema=False)
def invitations_decide(
    person_id: int,
    action: str,
    platform: str = Form(""),
    log_meeting: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    logged = bool(log_meeting)
    decide(session, person_id, action, platform, Decision(log_meeting=logged, when=when or None))
    saved = "met" if logged else "accepted" if action == "accept" else "declined"
    return RedirectResponse(f"/invitations?saved={saved}", status_code=303)


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
