"""Duplicates: the pairs imports proposed as possibly one person, merged or dismissed; and merging one
person into another from their page (with a confirmation page) or the API."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.people import duplicates
from kith.people.lookup import describe, get_person, resolve
from kith.people.merge import check_merge, merge_people, namesakes_apart
from kith.web import views
from kith.web.pages import db, page
from kith.web.routing import Router

router = Router()


class MergeEntry(BaseModel):
    """The duplicate to fold into this person."""

    other_id: int = Field(
        description="The other person's id: everything about them moves here, then they go."
    )


@router.get(
    "/api/duplicates", tags=["people"], summary="People who might be the same (as kith duplicates --json)"
)
def api_duplicates(
    include_dismissed: bool = Query(False, alias="all", description="Include dismissed proposals."),
    session: Session = Depends(db, scope="function"),
) -> list[dict]:
    return [
        duplicates.proposal_record(p)
        for p in duplicates.proposals(session, include_dismissed=include_dismissed)
    ]


@router.post(
    "/api/duplicates/{proposal_id}/dismiss", tags=["people"], summary="Say two proposed people are different"
)
def api_dismiss(proposal_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return duplicates.proposal_record(duplicates.dismiss(session, proposal_id))


@router.post("/api/people/{person_id}/merge", tags=["people"], summary="Fold another person into this one")
def api_merge(
    person_id: int, entry: MergeEntry, request: Request, session: Session = Depends(db, scope="function")
) -> dict:
    """Identities, roles, history, ledger, tags and promises of ``other_id`` move to this person, who is
    returned; the other is deleted."""
    merge_people(session, get_person(session, person_id), get_person(session, entry.other_id))
    return views.person_view(request, session, person_id)


@router.get("/duplicates", response_class=HTMLResponse, include_in_schema=False)
def duplicates_page(request: Request, session: Session = Depends(db, scope="function")):
    data = {
        "proposals": [duplicates.proposal_record(p) for p in duplicates.proposals(session)],
        "saved": request.query_params.get("saved", ""),
    }
    return page(request, "duplicates.html", data)


@router.post("/duplicates/{proposal_id}/dismiss", include_in_schema=False)
def dismiss_form(proposal_id: int, session: Session = Depends(db, scope="function")):
    duplicates.dismiss(session, proposal_id)
    return RedirectResponse("/duplicates?saved=dismissed", status_code=303)


@router.get("/people/{person_id}/merge", response_class=HTMLResponse, include_in_schema=False)
def merge_page(
    request: Request, person_id: int, into: str = "", session: Session = Depends(db, scope="function")
):
    """Without ``into``: choose whom to merge this person into; with it: confirm the merge."""
    other = get_person(session, person_id)
    if not into.strip():
        return page(
            request, "merge.html", {"person": {"id": other.id, "name": other.name, "label": describe(other)}}
        )
    keep = resolve(session, into)
    check_merge(keep, other)
    kept, gone = namesakes_apart(keep, other)
    return views.confirmation(
        request,
        title=f"Merge {gone} into {kept}",
        question=f"Merge {describe(other)} into {describe(keep)}?",
        consequences=[
            f"Everything about {gone} moves to {kept}: emails, phones and profiles, roles, "
            "interactions, favours, promises, tags, invitations and requests for help; notes are added.",
            f"{other.name} (#{other.id}) is then deleted; {keep.name} (#{keep.id}) keeps their name.",
        ],
        action=f"/people/{other.id}/merge",
        button=f"Merge into {kept}",
        back=f"/people/{other.id}",
        fields={"into": str(keep.id)},
        instead=(f"/people/{keep.id}/merge?into={quote('#' + str(other.id))}", f"Keep {gone} instead"),
    )


@router.post("/people/{person_id}/merge", include_in_schema=False)
def merge_form(person_id: int, into: int = Form(...), session: Session = Depends(db, scope="function")):
    kept = merge_people(session, get_person(session, into), get_person(session, person_id))
    return RedirectResponse(f"/people/{kept.id}?saved=merged", status_code=303)
