"""Undo from the web: the recent changes, and reverting the last one (a form and the API)."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.store import undo
from kith.web.pages import db, page
from kith.web.routing import Router

router = Router()


class UndoRequest(BaseModel):
    """Which change to undo: the last one, or (``step``) only if the last one is still that one."""

    step: int | None = Field(
        None, description="The id of the change shown to the user; a 409 when another came since."
    )


def undo_result(session: Session, step: int | None) -> dict:
    """Undo the last change; what was undone (None: nothing) and a sentence saying so."""
    done = undo.undo_last(session, expected=step)
    message = f"Undid: {done.label}" if done is not None else undo.nothing_to_undo(session)
    return {"undone": done.record() if done is not None else None, "message": message}


@router.get("/api/undo", tags=["undo"], summary="The recent changes, newest first, and the one undo reverts")
def api_history(session: Session = Depends(db, scope="function")) -> dict:
    last = undo.last_change(session)
    return {
        "last_change": last.record() if last is not None else None,
        "history": [s.record() for s in undo.history(session)],
    }


@router.post("/api/undo", tags=["undo"], summary="Undo the last change (imports and forgetting cannot be)")
def api_undo(body: UndoRequest | None = None, session: Session = Depends(db, scope="function")) -> dict:
    return undo_result(session, body.step if body else None)


@router.get("/undo", response_class=HTMLResponse, include_in_schema=False)
def undo_page(request: Request, session: Session = Depends(db, scope="function")):
    data = api_history(session)
    newest = data["history"][0] if data["history"] else None
    data["message"] = ""
    if request.query_params.get("undone") and newest is not None and newest["kind"] == undo.UNDONE:
        data["message"] = f"Undid: {newest['label']}"
    elif request.query_params.get("nothing"):
        data["message"] = undo.nothing_to_undo(session)
    return page(request, "undo.html", data)


@router.post("/undo", include_in_schema=False)
def undo_submit(step: str = Form(""), session: Session = Depends(db, scope="function")):
    if step.strip() and not step.strip().isdigit():
        raise BadInput("the change to undo is a number")
    result = undo_result(session, int(step) if step.strip() else None)
    return RedirectResponse("/undo?undone=1" if result["undone"] else "/undo?nothing=1", status_code=303)
