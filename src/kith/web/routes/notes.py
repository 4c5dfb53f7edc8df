"""Dated notes: a person's notes, adding one, correcting and deleting one by its number (API and forms;
the list and the form to add one are on the person's page)."""

from __future__ import annotations

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from kith.corrections import KEEP
from kith.errors import KithError
from kith.notes import (
    NoteEdit,
    correct_note,
    delete_note,
    get_note,
    note_record,
    person_notes,
    write_note,
)
from kith.people.lookup import get_person
from kith.web.pages import as_of, db, form_time, page, person_path, saved
from kith.web.routing import Router
from kith.web.views import SHARED_GOES, confirmation, is_shared

router = Router()


class NewNote(BaseModel):
    """A note to add, as ``kith note NAME TEXT`` takes it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The note (new lines kept).")
    when: str | None = Field(None, description="When to date it: 'yesterday', 2026-06-01 (default: now).")


class NotePatch(BaseModel):
    """A correction of a note, as ``kith note edit`` takes it: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The note, corrected.")
    when: str | None = Field(None, description="Its date: 2026-06-01, 'last friday' (not in the future).")

    def typed(self) -> NoteEdit:
        return NoteEdit(
            text=KEEP if self.text is None else self.text, when=KEEP if self.when is None else self.when
        )


@router.get(
    "/api/people/{person_id}/notes",
    tags=["notes"],
    summary="A person's notes, newest first, with their numbers",
)
def api_notes(person_id: int, session: Session = Depends(db, scope="function")) -> list[dict]:
    return person_notes(session, person_id)


@router.post("/api/people/{person_id}/notes", tags=["notes"], status_code=201, summary="Add a dated note")
def api_add_note(person_id: int, new: NewNote, session: Session = Depends(db, scope="function")) -> dict:
    """Earlier notes stay; answers with the new note."""
    person = get_person(session, person_id)
    return note_record(write_note(session, person, new.text, now=as_of(), when=new.when))


@router.get("/api/notes/{note_id}", tags=["notes"], summary="One note")
def api_note(note_id: int, session: Session = Depends(db, scope="function")) -> dict:
    return note_record(get_note(session, note_id))


@router.patch("/api/notes/{note_id}", tags=["notes"], summary="Correct a note's text or date")
def api_edit_note(note_id: int, change: NotePatch, session: Session = Depends(db, scope="function")) -> dict:
    return correct_note(session, note_id, change.typed(), now=as_of())


@router.delete("/api/notes/{note_id}", tags=["notes"], summary="Delete a note")
def api_delete_note(note_id: int, session: Session = Depends(db, scope="function")) -> dict:
    """Answers with the note as it was."""
    return delete_note(session, note_id)


@router.post("/people/{person_id}/notes", include_in_schema=False)
def add_form(
    person_id: int,
    text: str = Form(""),
    when: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    write_note(session, get_person(session, person_id), text, now=as_of(), when=when)
    return saved("", person_id)


def _edit_page(
    request: Request, session: Session, record: dict, back: str, values: dict, error: str | None = None
):
    data = {
        "note": record,
        "back": person_path(back, record["person_id"]),
        "values": values,
        "error": error,
        "shown_when": form_time(record["when"]),
        "shared": is_shared(request, session, "note", record["id"]),
    }
    return page(request, "note_edit.html", data, 400 if error else 200)


@router.get("/notes/{note_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_page(
    request: Request, note_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = note_record(get_note(session, note_id))
    return _edit_page(
        request, session, record, back, {"text": record["text"], "when": form_time(record["when"])}
    )


@router.post("/notes/{note_id}/edit", include_in_schema=False)
def edit_submit(
    request: Request,
    note_id: int,
    text: str = Form(""),
    when: str = Form(""),
    shown_when: str = Form(""),
    back: str = Form(""),
    session: Session = Depends(db, scope="function"),
):
    record = note_record(get_note(session, note_id))
    typed = NoteEdit(
        text=KEEP if text.replace("\r\n", "\n").strip() == record["text"] else text,
        when=KEEP if when.strip() == shown_when else when,
    )
    try:
        with session.begin_nested():  # a refused correction leaves nothing half done
            if typed != NoteEdit():  # saving the form unchanged is no mistake
                correct_note(session, note_id, typed, now=as_of())
    except KithError as exc:
        return _edit_page(request, session, record, back, {"text": text, "when": when}, str(exc))
    return saved(back, record["person_id"])


@router.get("/notes/{note_id}/delete", response_class=HTMLResponse, include_in_schema=False)
def delete_page(
    request: Request, note_id: int, back: str = "", session: Session = Depends(db, scope="function")
):
    record = note_record(get_note(session, note_id))
    back_to = person_path(back, record["person_id"])
    return confirmation(
        request,
        title=f"Delete note #{record['id']}?",
        question=f"Your note on {record['person']} of {record['when'][:10]}: {record['text']}",
        consequences=[
            "The note is deleted; your other notes on them stay. Undo brings it back.",
            *([SHARED_GOES] if is_shared(request, session, "note", record["id"]) else []),
        ],
        action=f"/notes/{record['id']}/delete",
        button="Delete the note",
        back=back_to,
        fields={"back": back_to},
    )


@router.post("/notes/{note_id}/delete", include_in_schema=False)
def delete_submit(note_id: int, back: str = Form(""), session: Session = Depends(db, scope="function")):
    record = delete_note(session, note_id)
    return saved(back, record["person_id"])
