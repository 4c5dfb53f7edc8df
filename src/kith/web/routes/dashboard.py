"""The dashboard: connections against relationships, circles, this week's agenda, recent interactions."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith import reports, timeline
from kith.people import directory
from kith.people.core import me_id
from kith.web import views
from kith.web.pages import as_of, db, page
from kith.web.pages import ties as all_ties
from kith.web.routing import Router
from kith.web.workspace import workspace

router = Router()
#: interactions listed on the dashboard
RECENT = 10


def dashboard_view(request: Request, session: Session, now: datetime) -> dict:
    ties = all_ties(request, session, now)

    def counts(session: Session) -> dict:
        people = directory.people_ids(session)
        circles = {pid: ties[pid].circle if pid in ties else "collected" for pid in people}
        return reports.network_counts(session, circles) | {
            "interactions": directory.interaction_total(session)
        }

    data = {
        "counts": workspace(request).snapshot.get(session, "counts", counts),
        "recent": workspace(request).snapshot.get(
            session, "recent", lambda s: timeline.recent_interactions(s, RECENT)
        ),
        "agenda": views.agenda_items(request, session, now),
        "me": me_id(session) is not None,
    }
    data["agenda_pending"] = data["agenda"] is None
    return data


@router.get("/api/dashboard", tags=["dashboard"], summary="Headline figures, agenda and recent interactions")
def api_dashboard(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    return dashboard_view(request, session, as_of())


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, session: Session = Depends(db, scope="function")):
    data = dashboard_view(request, session, as_of())
    counts = data["counts"]
    if counts["people"]:
        data["circles_svg"] = views.circles_chart(counts["circles"], counts["headline"])
    return page(request, "dashboard.html", data)
