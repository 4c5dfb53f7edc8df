"""Job-seeker mode on the web: the ``/job`` board (a card per target company with its stage, the people
there, the best way in and the next step; forms to add a target and record an application; the week's
balance and the funnel chart) and ``/api/job`` (what ``kith job --json`` and ``kith job report --json``
print, adding targets, changing their role, recording, correcting and deleting steps)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith.corrections import KEEP
from kith.errors import KithError
from kith.job import targets
from kith.job.board import job_board, step_record, target_board
from kith.job.report import job_report
from kith.job.targets import StepEdit
from kith.web.forms import FormError, refills, refused
from kith.web.pages import as_of, db, form_time, page, ties, who_knows_whom
from kith.web.routing import Router
from kith.web.views import confirmation, job_funnel_chart

router = Router()


class TargetEntry(BaseModel):
    """A company to target, and the role wanted there."""

    company: str
    role: str | None = None
    #: target the company as typed even when one kith knows is close to it (refused otherwise, 409)
    new: bool = False


class StepEntry(BaseModel):
    """A step of the search at a target company."""

    company: str
    kind: str = Field(description=", ".join(targets.EVENT_KINDS))
    role: str | None = None
    via: str | None = Field(None, description="Who a referral went through: a name, email or #id.")
    when: str | None = Field(None, description="When (default: now).")
    note: str | None = None


class StepPatch(BaseModel):
    """A correction of a step, as ``kith job step edit`` takes it: only the fields given change; a null
    role, person or note clears it."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(None, description=", ".join(targets.EVENT_KINDS))
    when: str | None = Field(None, description="When (not in the future).")
    role: str | None = None
    via: str | None = Field(None, description="Who it went through: a name, email or #id; null: nobody.")
    note: str | None = None

    def typed(self) -> StepEdit:
        given = self.model_fields_set
        return StepEdit(
            kind=KEEP if self.kind is None else self.kind,
            when=KEEP if self.when is None else self.when,
            role=self.role if "role" in given else KEEP,
            via=self.via if "via" in given else KEEP,
            note=self.note if "note" in given else KEEP,
        )


@router.get(
    "/api/job", tags=["job"], summary="The target companies, each with its people, way in and next step"
)
def api_job(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    """Exactly what ``kith job --json`` prints."""
    at = as_of()
    return job_board(session, at, mine=ties(request, session, at), graph=who_knows_whom(request, session, at))


@router.get(
    "/api/job/report", tags=["job"], summary="The week's conversations against applications, and the funnel"
)
def api_job_report(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    """Exactly what ``kith job report --json`` prints."""
    at = as_of()
    return job_report(session, at, mine=ties(request, session, at))


@router.post("/api/job/targets", tags=["job"], status_code=201, summary="Add a target company")
def api_add_target(entry: TargetEntry, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the target's board, and ``notice`` when no one in kith works there yet. A company
    kith knows none of that name but one close to it ("Acne": Acme) is refused (409) with it in
    ``suggestions`` unless ``new`` is true; a company several organisations could be is refused (409)
    with their ``candidates``."""
    at = as_of()
    target = targets.add_target(session, entry.company, now=at, role=entry.role, new=entry.new)
    meant = targets.company_suggestion(session, target.company)
    return {
        **target_board(session, target, at),
        "notice": targets.company_notice(session, target.company),
        "suggestions": [{"value": meant, "label": meant}] if meant else [],
    }


@router.post("/api/job/targets/close", tags=["job"], summary="Stop pursuing a target company")
def api_close_target(entry: TargetEntry, session: Session = Depends(db, scope="function")) -> dict:
    at = as_of()
    return target_board(session, targets.close_target(session, entry.company), at)


@router.patch("/api/job/targets", tags=["job"], summary="Change the role wanted at a target company")
def api_edit_target(entry: TargetEntry, session: Session = Depends(db, scope="function")) -> dict:
    """``role``: the role wanted now (null or empty clears it)."""
    at = as_of()
    return target_board(session, targets.edit_target(session, entry.company, role=entry.role), at)


@router.delete("/api/job/targets", tags=["job"], summary="Remove a target company and its steps")
def api_remove_target(company: str, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the company and how many steps went with it."""
    return targets.remove_target(session, company)


@router.post("/api/job/steps", tags=["job"], status_code=201, summary="Record a step at a target company")
def api_step(entry: StepEntry, session: Session = Depends(db, scope="function")) -> dict:
    event = targets.record_typed_step(
        session,
        entry.company,
        entry.kind,
        now=as_of(),
        when=entry.when,
        role=entry.role,
        via=entry.via,
        note=entry.note,
    )
    return step_record(event)


@router.get("/api/job/steps/{step_id}", tags=["job"], summary="One step of the search")
def api_one_step(step_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return step_record(targets.get_step(session, step_id))


@router.patch("/api/job/steps/{step_id}", tags=["job"], summary="Correct a step of the search")
def api_edit_step(step_id: int, change: StepPatch, session: Session = Depends(db, scope="function")) -> dict:
    return step_record(targets.correct_step(session, step_id, change.typed(), now=as_of()))


@router.delete("/api/job/steps/{step_id}", tags=["job"], summary="Delete a step of the search")
def api_delete_step(step_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the step as it was."""
    return targets.delete_step(session, step_id)


@router.get("/job", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, session: Session = Depends(db, scope="function")):
    return _board_page(request, session)


def _board_page(request: Request, session: Session, form_error: FormError | None = None) -> HTMLResponse:
    """The board, and a refused form's error beside that form (``kith.web.forms``)."""
    at = as_of()
    mine = ties(request, session, at)
    board = job_board(session, at, mine=mine, graph=who_knows_whom(request, session, at))
    report = job_report(session, at, board=board)
    data: dict = {
        "board": board,
        "report": report,
        "funnel_chart": job_funnel_chart(report),
        "kinds": targets.EVENT_KINDS,
        "saved": "" if form_error else request.query_params.get("saved", ""),
        "form_error": form_error,
    }
    added = request.query_params.get("added", "")
    if data["saved"] == "target" and added and targets.find_target(session, added) is not None:
        data["notice"] = targets.company_notice(session, added)
        data["instead"] = {"added": added, "meant": targets.company_suggestion(session, added)}
    return refused(page(request, "job.html", data), form_error)


@router.post("/job/targets", include_in_schema=False)
@refills("target", _board_page)
def job_add_form(
    request: Request,
    company: str = Form(""),
    role: str = Form(""),
    new: bool = Form(False),
    session: Session = Depends(db, scope="function"),
):
    target = targets.add_target(session, company, now=as_of(), role=role or None, new=new)
    return RedirectResponse(f"/job?saved=target&added={quote(target.company)}", status_code=303)


@router.post("/job/steps", include_in_schema=False)
@refills("step", _board_page)
def job_step_form(
    request: Request,
    company: str = Form(""),
    kind: str = Form("application"),
    role: str = Form(""),
    via: str = Form(""),
    when: str = Form(""),
    note: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    targets.record_typed_step(
        session,
        company,
        kind,
        now=as_of(),
        when=when or None,
        role=role or None,
        via=via or None,
        note=note or None,
    )
    return RedirectResponse("/job?saved=step", status_code=303)


@router.post("/job/targets/role", include_in_schema=False)
@refills("role", _board_page)
def job_role_form(
    request: Request,
    company: str = Form(""),
    role: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    targets.edit_target(session, company, role=role)
    return RedirectResponse("/job?saved=role", status_code=303)


def _step_page(request: Request, event, values: dict, error: str | None = None):
    record = step_record(event)
    data = {
        "step": record,
        "company": event.target.company,
        "kinds": targets.EVENT_KINDS,
        "words": targets.EVENT_WORDS,
        "values": values,
        "error": error,
        "shown_when": form_time(record["occurred_at"]),
    }
    return page(request, "job_step_edit.html", data, 400 if error else 200)


@router.get("/job/steps/{step_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def step_edit_page(request: Request, step_id: int, session: Session = Depends(db, scope="function")):
    event = targets.get_step(session, step_id)
    record = step_record(event)
    values = {
        "kind": record["kind"],
        "when": form_time(record["occurred_at"]),
        "role": record["role"] or "",
        "via": f"#{record['person']['id']}" if record["person"] else "",
        "note": record["note"] or "",
    }
    return _step_page(request, event, values)


@router.post("/job/steps/{step_id}/edit", include_in_schema=False)
def step_edit_submit(
    request: Request,
    step_id: int,
    kind: str = Form(...),
    when: str = Form(""),
    shown_when: str = Form(""),
    role: str = Form(""),
    via: str = Form(""),
    note: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    targets.get_step(session, step_id)  # a step no row has: not found
    values = {"kind": kind, "when": when, "role": role, "via": via, "note": note}
    typed = StepEdit(
        kind=kind, when=KEEP if when.strip() == shown_when else when, role=role, via=via, note=note
    )
    try:
        with session.begin_nested():
            targets.correct_step(session, step_id, typed, now=as_of())
    except KithError as exc:
        session.expire_all()
        return _step_page(request, targets.get_step(session, step_id), values, str(exc))
    return RedirectResponse("/job?saved=corrected", status_code=303)


@router.get("/job/steps/{step_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def step_delete_ask(request: Request, step_id: int, session: Session = Depends(db, scope="function")):
    event = targets.get_step(session, step_id)
    record = step_record(event)
    what = targets.EVENT_WORDS.get(record["kind"], record["kind"])
    through = f" through {record['person']['name']}" if record["person"] else ""
    return confirmation(
        request,
        title=f"Delete job step #{record['id']}?",
        question=f"{what.capitalize()} at {event.target.company}{through} on {record['occurred_at'][:10]}",
        consequences=["It no longer counts on the board, in the funnel or for the next step."],
        action=f"/job/steps/{record['id']}/delete",
        button="Delete the step",
        back="/job",
    )


@router.post("/job/steps/{step_id}/delete", include_in_schema=False)
def step_delete_form(step_id: int, session: Session = Depends(db, scope="function")):
    targets.delete_step(session, step_id)
    return RedirectResponse("/job?saved=deleted", status_code=303)


@router.post("/job/close", include_in_schema=False)
def job_close_form(company: str = Form(...), session: Session = Depends(db, scope="function")):
    targets.close_target(session, company)
    return RedirectResponse("/job?saved=closed", status_code=303)


@router.get("/job/remove", response_class=HTMLResponse, include_in_schema=False)
def job_remove_ask(request: Request, company: str, session: Session = Depends(db, scope="function")):
    target = targets.get_target(session, company)
    return confirmation(
        request,
        title=f"Remove {target.company}?",
        question=f"Remove {target.company} from your job search?",
        consequences=[
            "Every step recorded there (applications, referrals, interviews, offers) goes with it."
        ],
        action="/job/remove",
        button="Remove",
        back="/job",
        fields={"company": target.company},
    )


@router.post("/job/remove", include_in_schema=False)
def job_remove_form(company: str = Form(...), session: Session = Depends(db, scope="function")):
    targets.remove_target(session, company)
    return RedirectResponse("/job?saved=removed", status_code=303)
