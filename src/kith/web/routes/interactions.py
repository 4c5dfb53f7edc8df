"""Interactions by number: the list, one interaction, correcting and deleting it (API and forms).
Logging a new one is ``log``."""

from __future__ import annotations

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith.channels import KIND_CHANNELS
from kith.corrections import KEEP
from kith.errors import BadInput, KithError
from kith.interactions import InteractionEdit, correct_interaction, delete_interaction, get_interaction
from kith.store import MAX_ROW_ID
from kith.store.schema import DIRECTIONS
from kith.timeline import LIST_LIMIT, interaction_list, interaction_record
from kith.web.pages import as_of, db, form_time, page, person_path, saved
from kith.web.routing import Router
from kith.web.views import SHARED_GOES, confirmation, is_shared, split_names

router = Router()


class InteractionPatch(BaseModel):
    """A correction of an interaction, as ``kith interaction edit`` takes it: only the fields given
    change; null clears duration_minutes, summary or notes."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: str | None = Field(None, description="coffee, lunch, meeting, call, video, email, message, like...")
    when: str | None = Field(None, description="2026-03-01, 'last friday 3pm' (not in the future).")
    with_: list[str] = Field([], alias="with", description="People to add: names, emails or #ids.")
    without: list[str] = Field([], description="People to remove: names, emails or #ids.")
    direction: str | None = Field(None, description="outbound (you reached out), inbound or mutual.")
    duration_minutes: int | None = Field(None, ge=0)
    summary: str | None = None
    notes: str | None = None

    def typed(self) -> InteractionEdit:
        given = self.model_fields_set

        def value(name: str, *, clears: bool = False):
            found = getattr(self, name)
            return found if name in given and (clears or found is not None) else KEEP

        return InteractionEdit(
            kind=value("kind"),
            when=value("when"),
            add=list(self.with_),
            remove=list(self.without),
            direction=value("direction"),
            duration_minutes=value("duration_minutes", clears=True),
            summary=value("summary", clears=True),
            notes=value("notes", clears=True),
        )


@router.get(
    "/api/interactions",
    tags=["interactions"],
    summary="List interactions, newest first (one person's with ?person=ID), with their numbers",
)
def api_interactions(
    person: int | None = Query(None, description="Only interactions with this person (an id)."),
    limit: int = Query(LIST_LIMIT, ge=0, le=MAX_ROW_ID, description="The latest N (0: all)."),
    session: Session = Depends(db, scope="function"),
) -> list[dict]:
    return interaction_list(session, person, limit)


@router.get("/api/interactions/{interaction_id}", tags=["interactions"], summary="One interaction")
def api_interaction(interaction_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return interaction_record(get_interaction(session, interaction_id))


@router.patch("/api/interactions/{interaction_id}", tags=["interactions"], summary="Correct an interaction")
def api_edit_interaction(
    interaction_id: int, change: InteractionPatch, session: Session = Depends(db, scope="function")
) -> dict:
    return correct_interaction(session, interaction_id, change.typed(), now=as_of())


@router.delete("/api/interactions/{interaction_id}", tags=["interactions"], summary="Delete an interaction")
def api_delete_interaction(interaction_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the interaction as it was."""
    return delete_interaction(session, interaction_id)


#: the kinds the edit form offers (any kind ``kith log`` knows)
KINDS = sorted(k for k in KIND_CHANNELS if "-" not in k and "_" not in k)


def _shown_minutes(record: dict) -> str:
    return "" if record["duration_s"] is None else str(round(record["duration_s"] / 60))


def _edit_page(
    request: Request, session: Session, record: dict, back: str, values: dict, error: str | None = None
):
    data = {
        "interaction": record,
        "back": person_path(back, record["participants"][0]["id"] if record["participants"] else None),
        "kinds": KINDS if record["kind"] in KINDS else [record["kind"], *KINDS],
        "directions": DIRECTIONS,
        "values": values,
        "error": error,
        # what the form first showed: a field left so stays exactly as stored (shown to the minute)
        "shown_when": form_time(record["when"]),
        "shown_minutes": _shown_minutes(record),
        "shared": is_shared(request, session, "interaction", record["id"]),
    }
    return page(request, "interaction_edit.html", data, 400 if error else 200)


@router.get("/interactions/{interaction_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_page(
    request: Request, interaction_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = interaction_record(get_interaction(session, interaction_id))
    values = {
        "kind": record["kind"],
        "when": form_time(record["when"]),
        "keep": [p["id"] for p in record["participants"]],
        "add": "",
        "direction": record["direction"],
        "duration_minutes": _shown_minutes(record),
        "summary": record["summary"] or "",
        "notes": record["notes"] or "",
    }
    return _edit_page(request, session, record, back, values)


@router.post("/interactions/{interaction_id}/edit", include_in_schema=False)
def edit_submit(
    request: Request,
    interaction_id: int,
    kind: str = Form(...),
    when: str = Form(""),
    shown_when: str = Form(""),
    keep: list[int] = Form([]),
    shown: list[int] = Form([]),
    add: str = Form(""),
    direction: str = Form(...),
    duration_minutes: str = Form(""),
    shown_minutes: str = Form(""),
    summary: str = Form(""),
    notes: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record = interaction_record(get_interaction(session, interaction_id))
    values = {
        "kind": kind,
        "when": when,
        "keep": keep,
        "add": add,
        "direction": direction,
        "duration_minutes": duration_minutes,
        "summary": summary,
        "notes": notes,
    }
    minutes = duration_minutes.strip()
    try:
        if minutes and not minutes.isdigit():
            raise BadInput("the duration is a whole number of minutes")
        typed = InteractionEdit(
            kind=kind,
            when=KEEP if when.strip() == shown_when else when,
            add=split_names(add),
            remove=[f"#{pid}" for pid in shown if pid not in keep],
            direction=direction,
            duration_minutes=KEEP if minutes == shown_minutes else int(minutes) if minutes else None,
            summary=summary,
            notes=notes,
        )
        with session.begin_nested():  # a refused correction leaves nothing half done
            correct_interaction(session, interaction_id, typed, now=as_of())
    except KithError as exc:
        return _edit_page(request, session, record, back, values, str(exc))
    first = record["participants"][0]["id"] if record["participants"] else None
    return saved(back, first)


@router.get("/interactions/{interaction_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def delete_page(
    request: Request, interaction_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = interaction_record(get_interaction(session, interaction_id))
    first = record["participants"][0]["id"] if record["participants"] else None
    back_to = person_path(back, first)
    return confirmation(
        request,
        title=f"Delete interaction #{record['id']}?",
        question=f"{record['kind']} with {', '.join(record['people'])} on {form_time(record['when'])[:-1]} UTC"
        + (f": {record['notes'] or record['summary']}" if record["notes"] or record["summary"] else ""),
        consequences=[
            "It no longer counts for anyone's last contact, strength or agenda. A promise made in it stays.",
            *([SHARED_GOES] if is_shared(request, session, "interaction", record["id"]) else []),
        ],
        action=f"/interactions/{record['id']}/delete",
        button="Delete the interaction",
        back=back_to,
        fields={"back": back_to},
    )


@router.post("/interactions/{interaction_id}/delete", include_in_schema=False)
def delete_submit(
    interaction_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")
):
    record = delete_interaction(session, interaction_id)
    first = record["participants"][0]["id"] if record["participants"] else None
    return saved(back, first, notice="deleted")
