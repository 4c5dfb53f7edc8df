"""The network report with its charts (drawn on the server as SVG by ``kith.charts``)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith import reports
from kith.web import views
from kith.web.pages import as_of, db, page
from kith.web.routing import Router

router = Router()


def report_of(request: Request, session: Session) -> dict:
    """The report, with this week's agenda as the server keeps it (the same as a fresh one)."""
    now = as_of()
    return reports.network_report(session, now, views.agenda_of(request, session, now).week)


@router.get("/api/report", tags=["report"], summary="The network report as data")
def api_report(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    return report_of(request, session)


@router.get("/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, session: Session = Depends(db, scope="function")):
    report = report_of(request, session)
    return page(request, "report.html", {"report": report, "charts": views.report_charts(report)})
