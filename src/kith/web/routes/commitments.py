"""Promises by number: the list, one promise, correcting, keeping, reopening and cancelling it (API and
forms). Recording one is ``kith promise`` or a log with a promise."""

from __future__ import annotations

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith import commitments
from kith.commitments import CommitmentEdit
from kith.corrections import KEEP
from kith.errors import KithError
from kith.web.pages import as_of, db, form_time, page, person_path, saved
from kith.web.routing import Router
from kith.web.views import confirmation

router = Router()


class CommitmentPatch(BaseModel):
    """A correction of a promise, as ``kith promise edit`` takes it: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="What was promised.")
    due: str | None = Field(None, description="When it is due: 'friday', 2026-07-01...")

    def typed(self) -> CommitmentEdit:
        return CommitmentEdit(
            text=KEEP if self.text is None else self.text, due=KEEP if self.due is None else self.due
        )


@router.get(
    "/api/commitments",
    tags=["commitments"],
    summary="Open promises both ways, soonest due first (?all=true: kept ones too; ?person=ID)",
)
def api_commitments(
    person: int | None = Query(None, description="Only promises with this person (an id)."),
    all_: bool = Query(False, alias="all", description="Include the promises already kept."),
    session: Session = Depends(db, scope="function"),
) -> list[dict]:
    return commitments.commitment_list(session, as_of(), person_id=person, include_done=all_)


@router.get("/api/commitments/{commitment_id}", tags=["commitments"], summary="One promise")
def api_commitment(commitment_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return commitments.commitment_record(commitments.get_commitment(session, commitment_id), as_of())


@router.patch(
    "/api/commitments/{commitment_id}", tags=["commitments"], summary="Correct a promise's text or due date"
)
def api_edit_commitment(
    commitment_id: int, change: CommitmentPatch, session: Session = Depends(db, scope="function")
) -> dict:
    return commitments.correct_commitment(session, commitment_id, change.typed(), now=as_of())


@router.delete(
    "/api/commitments/{commitment_id}", tags=["commitments"], summary="Cancel a promise (it is deleted)"
)
def api_cancel_commitment(commitment_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the promise as it was."""
    return commitments.cancel_commitment(session, commitment_id, now=as_of())


@router.post(
    "/api/commitments/{commitment_id}/kept",
    tags=["commitments"],
    summary="Mark a promise kept (yours or one made to you)",
)
def api_keep_commitment(commitment_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return commitments.keep_commitment(session, commitment_id, now=as_of())


@router.delete(
    "/api/commitments/{commitment_id}/kept", tags=["commitments"], summary="Reopen a promise marked kept"
)
def api_reopen_commitment(commitment_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return commitments.reopen_commitment(session, commitment_id, now=as_of())


def _edit_page(request: Request, record: dict, back: str, values: dict, error: str | None = None):
    data = {
        "commitment": record,
        "back": person_path(back, record["person_id"]),
        "values": values,
        "error": error,
        "shown_due": form_time(record["due_at"]),
    }
    return page(request, "commitment_edit.html", data, 400 if error else 200)


@router.get("/commitments/{commitment_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_page(
    request: Request, commitment_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = commitments.commitment_record(commitments.get_commitment(session, commitment_id), as_of())
    return _edit_page(request, record, back, {"text": record["text"], "due": form_time(record["due_at"])})


@router.post("/commitments/{commitment_id}/edit", include_in_schema=False)
def edit_submit(
    request: Request,
    commitment_id: int,
    text: str = Form(""),
    due: str = Form(""),
    shown_due: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record = commitments.commitment_record(commitments.get_commitment(session, commitment_id), as_of())
    typed = CommitmentEdit(
        text=KEEP if text == record["text"] else text, due=KEEP if due.strip() == shown_due else due
    )
    try:
        with session.begin_nested():
            if typed != CommitmentEdit():  # saving the form unchanged is no mistake
                commitments.correct_commitment(session, commitment_id, typed, now=as_of())
    except KithError as exc:
        return _edit_page(request, record, back, {"text": text, "due": due}, str(exc))
    return saved(back, record["person_id"])


@router.get("/commitments/{commitment_id}/cancel", response_class=HTMLResponse, include_in_schema=False)
def cancel_page(
    request: Request, commitment_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = commitments.commitment_record(commitments.get_commitment(session, commitment_id), as_of())
    who = f"You promised {record['person']}" if record["owed_by"] == "me" else f"{record['person']} promised"
    back_to = person_path(back, record["person_id"])
    return confirmation(
        request,
        title=f"Cancel promise #{record['id']}?",
        question=f"{who}: {record['text']}",
        consequences=["The promise is deleted: it leaves the person's page and your agenda."],
        action=f"/commitments/{record['id']}/cancel",
        button="Cancel the promise",
        back=back_to,
        fields={"back": back_to},
        keep="Keep it",
    )


@router.post("/commitments/{commitment_id}/cancel", include_in_schema=False)
def cancel_submit(commitment_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")):
    record = commitments.cancel_commitment(session, commitment_id, now=as_of())
    return saved(back, record["person_id"], notice="cancelled")


@router.post("/commitments/{commitment_id}/kept", include_in_schema=False)
def kept_submit(commitment_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")):
    record = commitments.keep_commitment(session, commitment_id, now=as_of())
    return saved(back, record["person_id"])


@router.post("/commitments/{commitment_id}/reopen", include_in_schema=False)
def reopen_submit(commitment_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")):
    record = commitments.reopen_commitment(session, commitment_id, now=as_of())
    return saved(back, record["person_id"])
