"""The dashboard: connections against relationships, circles, this week's agenda, recent interactions."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith.web import directory, timeline
from kith.web.pages import as_of, db, has, page
from kith.web.pages import ties as all_ties

router = APIRouter()
#: interactions listed on the dashboard
RECENT = 10


def dashboard_view(request: Request, session: Session, now: datetime) -> dict:
    ties = all_ties(request, session, now)

    def counts(session: Session) -> dict:
        circles = None
        if ties is None and has(request, "report"):
            from kith.reports import circles_by_person

            circles = circles_by_person(session, directory.people_ids(session), now)[0]
        return directory.network_counts(session, ties, circles)

    data = {
        "counts": request.app.state.snapshot.get(session, "counts", counts),
        "recent": request.app.state.snapshot.get(
            session, "recent", lambda s: timeline.recent_interactions(s, RECENT)
        ),
        "agenda": None,
        "agenda_pending": False,
    }
    if has(request, "agenda"):
        from kith.web.routes.agenda import agenda_items

        data["agenda"] = agenda_items(request, session, now)
        data["agenda_pending"] = data["agenda"] is None
    return data


@router.get("/api/dashboard", tags=["dashboard"], summary="Headline figures, agenda and recent interactions")
def api_dashboard(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    return dashboard_view(request, session, as_of())


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, session: Session = Depends(db, scope="function")):
    data = dashboard_view(request, session, as_of())
    counts = data["counts"]
    if counts["circles"] and has(request, "report"):
        from kith.web.routes.report import circles_chart

        headline = f"{counts['people']:,} people, {counts['in_touch']:,} in touch"
        data["circles_svg"] = circles_chart(counts["circles"], headline)
    return page(request, "dashboard.html", data)
