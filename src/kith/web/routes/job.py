"""Job-seeker mode on the web: the ``/job`` board (a card per target company with its stage, the people
there, the best way in and the next step; forms to add a target and record an application; the week's
balance and the funnel chart) and ``/api/job`` (what ``kith job --json`` and ``kith job report --json``
print, adding targets and recording steps)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.job import targets
from kith.job.board import job_board, step_record, target_board
from kith.job.report import job_report
from kith.web.pages import as_of, db, page, ties, who_knows_whom
from kith.web.views import confirmation, job_funnel_chart

router = APIRouter()


class TargetEntry(BaseModel):
    """A company to target, and the role wanted there."""

    company: str
    role: str | None = None


class StepEntry(BaseModel):
    """A step of the search at a target company."""

    company: str
    kind: str = Field(description=", ".join(targets.EVENT_KINDS))
    role: str | None = None
    via: str | None = Field(None, description="Who a referral went through: a name, email or #id.")
    when: str | None = Field(None, description="When (default: now).")
    note: str | None = None


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
    at = as_of()
    return target_board(session, targets.add_target(session, entry.company, now=at, role=entry.role), at)


@router.post("/api/job/targets/close", tags=["job"], summary="Stop pursuing a target company")
def api_close_target(entry: TargetEntry, session: Session = Depends(db, scope="function")) -> dict:
    at = as_of()
    return target_board(session, targets.close_target(session, entry.company), at)


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


@router.get("/job", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, session: Session = Depends(db, scope="function")):
    at = as_of()
    mine = ties(request, session, at)
    board = job_board(session, at, mine=mine, graph=who_knows_whom(request, session, at))
    report = job_report(session, at, board=board)
    data = {
        "board": board,
        "report": report,
        "funnel_chart": job_funnel_chart(report),
        "kinds": targets.EVENT_KINDS,
        "saved": request.query_params.get("saved", ""),
    }
    return page(request, "job.html", data)


@router.post("/job/targets", include_in_schema=False)
def job_add_form(
    company: str = Form(...), role: str = Form(""), session: Session = Depends(db, scope="function")
):
    targets.add_target(session, company, now=as_of(), role=role or None)
    return RedirectResponse("/job?saved=target", status_code=303)


@router.post("/job/steps", include_in_schema=False)
def job_step_form(
    company: str = Form(...),
    kind: str = Form("application"),
    role: str = Form(""),
    via: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    targets.record_typed_step(
        session, company, kind, now=as_of(), when=when or None, role=role or None, via=via or None
    )
    return RedirectResponse("/job?saved=step", status_code=303)


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
