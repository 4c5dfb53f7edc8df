"""The picture of the user's network (``/network`` and ``GET /api/network``): the circles as rings, the
groups among the people and the strongest bridges to them, from ``kith.reach.picture``."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from kith.reach.picture import network_picture, picture_record
from kith.web import views
from kith.web.pages import as_of, db, page, ties, who_knows_whom
from kith.web.routing import Router
from kith.web.workspace import workspace

router = Router()


def picture_of(request: Request, session: Session) -> dict:
    """The picture, shared between requests until the data changes."""
    at = as_of()
    return workspace(request).snapshot.get(
        session,
        "network-picture",
        lambda s: network_picture(s, at, ties(request, s, at), who_knows_whom(request, s, at)),
    )


@router.get("/api/network", tags=["reach"], summary="The network's rings, groups and bridges")
def api_network(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    """How many people are on each ring, the groups among them and the best bridge into each group."""
    return picture_record(picture_of(request, session))


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network_page(request: Request, session: Session = Depends(db, scope="function")):
    picture = picture_of(request, session)
    record = picture_record(picture)
    return page(
        request,
        "network.html",
        {"picture": record, "chart": views.network_chart(picture), "legend": views.network_legend(record)},
    )
