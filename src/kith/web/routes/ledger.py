"""The give/get ledger: balances and styles per relationship, recording, correcting and deleting
favours."""

from __future__ import annotations

from datetime import datetime

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith import favours, ledger
from kith.corrections import KEEP
from kith.errors import KithError
from kith.favours import FavourEdit
from kith.people.lookup import resolve
from kith.store.schema import FAVOUR_KINDS
from kith.web.pages import as_of, db, form_time, page, person_path, saved
from kith.web.routing import Router
from kith.web.views import confirmation

router = Router()


def ledger_view(session: Session, now: datetime) -> dict:
    rows = [b.record() for b in ledger.ledger_list(session, now)]
    return {"balances": rows, "styles": ledger.STYLES, "kinds": FAVOUR_KINDS}


class FavourEntry(BaseModel):
    """A favour between you and someone: you gave it ("give") or received it ("get")."""

    name: str = Field(description="Who: a name, email or #id.")
    direction: str = Field(description="give (you gave) or get (you received).")
    kind: str = Field(description=", ".join(FAVOUR_KINDS))
    when: str | None = Field(None, description="When (default: now).")
    note: str | None = None


def record(session: Session, entry: FavourEntry, now: datetime) -> dict:
    from kith.when import parse_when

    when = parse_when(entry.when, now, past_only=True) if entry.when and entry.when.strip() else now
    person = resolve(session, entry.name)
    ledger.record_favour(session, person, entry.direction, entry.kind, when=when, note=entry.note)
    return ledger.balance(session, person, now).record()


@router.get("/api/ledger", tags=["ledger"], summary="Give/get balance and style of every relationship")
def api_ledger(session: Session = Depends(db, scope="function")) -> dict:
    return ledger_view(session, as_of())


@router.post("/api/favours", tags=["ledger"], status_code=201, summary="Record a favour given or received")
def api_favour(entry: FavourEntry, session: Session = Depends(db, scope="function")) -> dict:
    return record(session, entry, as_of())


@router.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
def ledger_page(request: Request, session: Session = Depends(db, scope="function")):
    data = ledger_view(session, as_of())
    data["saved"] = request.query_params.get("saved") == "1"
    return page(request, "ledger.html", data)


@router.post("/ledger", include_in_schema=False)
def ledger_submit(
    name: str = Form(...),
    direction: str = Form(...),
    kind: str = Form(...),
    when: str = Form(""),
    note: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record(
        session,
        FavourEntry(name=name, direction=direction, kind=kind, when=when or None, note=note or None),
        as_of(),
    )
    target = f"{back}?saved=1" if back.startswith("/people/") and back[8:].isdigit() else "/ledger?saved=1"
    return RedirectResponse(target, status_code=303)


class FavourPatch(BaseModel):
    """A correction of a favour, as ``kith favour edit`` takes it: only the fields given change; a null
    note clears it."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(None, description=", ".join(FAVOUR_KINDS))
    when: str | None = Field(None, description="When (not in the future).")
    note: str | None = None
    direction: str | None = Field(None, description="give (you gave it) or get (you received it).")

    def typed(self) -> FavourEdit:
        given = self.model_fields_set
        return FavourEdit(
            kind=KEEP if self.kind is None else self.kind,
            when=KEEP if self.when is None else self.when,
            note=self.note if "note" in given else KEEP,
            direction=KEEP if self.direction is None else self.direction,
        )


@router.get("/api/favours/{favour_id}", tags=["ledger"], summary="One favour")
def api_one_favour(favour_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return favours.read_favour(session, favour_id)


@router.patch("/api/favours/{favour_id}", tags=["ledger"], summary="Correct a favour")
def api_edit_favour(
    favour_id: int, change: FavourPatch, session: Session = Depends(db, scope="function")
) -> dict:
    return favours.correct_favour(session, favour_id, change.typed(), now=as_of())


@router.delete("/api/favours/{favour_id}", tags=["ledger"], summary="Delete a favour")
def api_delete_favour(favour_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the favour as it was."""
    return favours.delete_favour(session, favour_id)


def _edit_page(request: Request, record: dict, back: str, values: dict, error: str | None = None):
    data = {
        "favour": record,
        "back": person_path(back, record["person_id"]),
        "kinds": FAVOUR_KINDS,
        "values": values,
        "error": error,
        "shown_when": form_time(record["when"]),
    }
    return page(request, "favour_edit.html", data, 400 if error else 200)


@router.get("/favours/{favour_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_page(
    request: Request, favour_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = favours.read_favour(session, favour_id)
    values = {
        "kind": record["kind"],
        "when": form_time(record["when"]),
        "note": record["note"] or "",
        "direction": "give" if record["direction"] == "given" else "get",
    }
    return _edit_page(request, record, back, values)


@router.post("/favours/{favour_id}/edit", include_in_schema=False)
def edit_submit(
    request: Request,
    favour_id: int,
    kind: str = Form(...),
    when: str = Form(""),
    shown_when: str = Form(""),
    note: str = Form(""),
    direction: str = Form(...),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record = favours.read_favour(session, favour_id)
    values = {"kind": kind, "when": when, "note": note, "direction": direction}
    typed = FavourEdit(
        kind=kind, when=KEEP if when.strip() == shown_when else when, note=note, direction=direction
    )
    try:
        with session.begin_nested():
            favours.correct_favour(session, favour_id, typed, now=as_of())
    except KithError as exc:
        return _edit_page(request, record, back, values, str(exc))
    return saved(back, record["person_id"])


@router.get("/favours/{favour_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def delete_page(
    request: Request, favour_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = favours.read_favour(session, favour_id)
    what = (
        f"You gave {record['person']} {record['kind']}"
        if record["direction"] == "given"
        else f"{record['person']} gave you {record['kind']}"
    )
    back_to = person_path(back, record["person_id"])
    return confirmation(
        request,
        title=f"Delete favour #{record['id']}?",
        question=f"{what} on {record['when'][:10]}" + (f": {record['note']}" if record["note"] else ""),
        consequences=["It no longer counts in the give/get balance with them."],
        action=f"/favours/{record['id']}/delete",
        button="Delete the favour",
        back=back_to,
        fields={"back": back_to},
    )


@router.post("/favours/{favour_id}/delete", include_in_schema=False)
def delete_submit(favour_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")):
    record = favours.delete_favour(session, favour_id)
    return saved(back, record["person_id"], notice="deleted")
