"""The network report with its charts (drawn on the server as SVG by ``kith.charts``)."""

from __future__ import annotations

import json
import threading
from functools import lru_cache

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith import reports
from kith.web.pages import as_of, db, page

router = APIRouter()

#: matplotlib's pyplot is not thread-safe; the server answers requests on several threads
_draw_lock = threading.Lock()


@lru_cache(maxsize=16)
def _charts(report_json: str) -> dict[str, str]:
    from kith import charts

    report = json.loads(report_json)
    with _draw_lock:
        drawn = {
            "circles": charts.circles_svg(report),
            "channels": charts.channels_svg(report),
            "trend": charts.trend_svg(report),
        }
    return {name: inline_svg(svg) for name, svg in drawn.items()}


def inline_svg(svg: str) -> str:
    """An SVG document as an element to place in a page (no XML prologue or doctype)."""
    return svg[svg.find("<svg") :]


def report_charts(report: dict) -> dict[str, str]:
    return _charts(json.dumps(report, sort_keys=True, default=str))


def circles_chart(circles: dict[str, int], headline: str) -> str:
    """The circles bar chart alone (the dashboard's)."""
    return _circle_chart(json.dumps({"circles": circles, "headline": headline}))


@lru_cache(maxsize=64)
def _circle_chart(report_json: str) -> str:
    from kith import charts

    with _draw_lock:
        return inline_svg(charts.circles_svg(json.loads(report_json)))


@router.get("/api/report", tags=["report"], summary="The network report as data")
def api_report(session: Session = Depends(db, scope="function")) -> dict:
    return reports.network_report(session, as_of())


@router.get("/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, session: Session = Depends(db, scope="function")):
    report = reports.network_report(session, as_of())
    return page(request, "report.html", {"report": report, "charts": report_charts(report)})
