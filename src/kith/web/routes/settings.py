"""Settings: who you are, where kith keeps your data, the acceptance policy, keep-in-touch cadences and
the agenda's size."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from kith.people.core import set_me
from kith.people.lookup import get_me, phone_region
from kith.policy import policy_record
from kith.web import views
from kith.web.pages import db, page
from kith.web.routing import Router
from kith.web.workspace import workspace

router = Router()


def settings_view(request: Request, session: Session) -> dict:
    settings = workspace(request).settings
    me = get_me(session)
    data: dict = {
        "me": {"id": me.id, "name": me.name, "emails": me.emails()} if me else None,
        "region": phone_region(session),
        "home": str(settings.home),
        "database": "SQLite file" if settings.is_sqlite else "server database",
        "max_upload_mb": request.app.state.max_upload_bytes // (1024 * 1024),
    }
    data["policy"] = policy_record(session)
    data["agenda"] = views.settings_record(session)
    return data


@router.get("/api/settings", tags=["settings"], summary="Who you are and the settings in effect")
def api_settings(request: Request, session: Session = Depends(db, scope="function")) -> dict:
    return settings_view(request, session)


@router.get("/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request, session: Session = Depends(db, scope="function")):
    data = settings_view(request, session)
    data["saved"] = request.query_params.get("saved", "")
    return page(request, "settings.html", data)


@router.post("/settings/me", include_in_schema=False)
def settings_me(
    name: str = Form(""),
    email: str = Form(""),
    region: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    set_me(
        session,
        name=name if name.strip() else None,
        emails=[e.strip() for e in email.split(",") if e.strip()],
        region=region.strip() or None,
    )
    return RedirectResponse("/settings?saved=me", status_code=303)
