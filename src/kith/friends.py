"""The real-friends test: who comes through when you ask for help.

A ``HelpRequest`` is something the user asked for ("help moving house on Saturday"), sent to some people
(``HelpRequestRecipient``, ``asked`` True). When someone comes through, ``answered_at`` is set. Someone
who was not asked but helped anyway is added to the request with ``asked`` False: that says even more
about them, and the report counts it apart.

The report counts, per person, how often they were asked, how often they came through when asked, and
how often they came through without being asked; people asked at least once who never came through are
listed apart.

The actions (each returns what it wrote, for every surface to format): ``ask``, ``edit_request``,
``delete_request``, ``answered``, ``edit_answer``, ``delete_answer``. The read model: ``friends_report``
(``kith friends --json``, ``GET /api/friends`` and the friends page), whose requests have the shape of
``request_record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import BadInput, NotFound
from kith.store import get_row
from kith.store.schema import HelpRequest, HelpRequestRecipient, Person
from kith.store.undo import undoable

#: a request is one short sentence or two
MAX_REQUEST_CHARS = 500


def _request_text(text: str | None) -> str:
    """The request's words, spaces collapsed; BadInput when empty or too long."""
    clean = " ".join((text or "").split())
    if not clean:
        raise BadInput("say what you asked for, e.g. 'help moving house'")
    if len(clean) > MAX_REQUEST_CHARS:
        raise BadInput(f"a request is at most {MAX_REQUEST_CHARS} characters (this one has {len(clean)})")
    return clean


@undoable("ask for help: {text}")
def ask(session: Session, text: str, people: list[Person], *, when: datetime) -> HelpRequest:
    """Record a request for help sent to ``people``."""
    text = _request_text(text)
    if not people:
        raise BadInput("name at least one person you asked")
    if any(p.is_me for p in people):
        raise BadInput("you cannot ask yourself for help")
    request = HelpRequest(text=text, asked_at=when)
    session.add(request)
    session.flush()
    for pid in dict.fromkeys(p.id for p in people):
        session.add(HelpRequestRecipient(request_id=request.id, person_id=pid, asked=True))
    session.flush()
    return request


def get_request(session: Session, ref: str | int) -> HelpRequest:
    """The request numbered ``ref`` (3, "3" or "#3")."""
    text = str(ref).strip().lstrip("#")
    if not text.isdigit():
        raise BadInput(f"a request is the number it was given when asked, like 3 (got {ref!r})")
    request = get_row(session, HelpRequest, int(text))
    if request is None:
        raise NotFound(f"no request #{text}; the friends report lists them")
    return request


def _recipients(session: Session, request: HelpRequest) -> list[HelpRequestRecipient]:
    return list(
        session.scalars(select(HelpRequestRecipient).where(HelpRequestRecipient.request_id == request.id))
    )


@undoable("edit request #{request.id}")
def edit_request(
    session: Session, request: HelpRequest, *, text: str | None = None, when: datetime | None = None
) -> HelpRequest:
    """Correct a request's words or when it was asked (None leaves either as it is); it cannot move after
    an answer it got."""
    if text is None and when is None:
        raise BadInput("nothing to change: give the request's new text or when you asked")
    if text is not None:
        request.text = _request_text(text)
    if when is not None:
        answers = [r.answered_at for r in _recipients(session, request) if r.answered_at is not None]
        if answers and when > min(answers):
            raise BadInput(
                f"request #{request.id} got an answer on {min(answers):%Y-%m-%d}; it cannot have been "
                "asked after that"
            )
        request.asked_at = when
    session.flush()
    return request


@undoable("delete request #{request.id}")
def delete_request(session: Session, request: HelpRequest) -> dict:
    """Delete a request and who came through on it; returns its record as it was."""
    record = request_record(session, request)
    session.delete(request)  # its recipients go by ON DELETE CASCADE
    session.flush()
    return record


@dataclass
class Answer:
    request: HelpRequest
    person: Person
    asked: bool  # False: they were not asked but came through anyway
    already: datetime | None  # set when this answer was recorded before
    answered_at: datetime | None = None  # when they came through (None: an answer taken back)


def answer_record(answer: Answer) -> dict:
    """The JSON shape of one person's answer to a request."""
    return {
        "request_id": answer.request.id,
        "person": {"id": answer.person.id, "name": answer.person.name},
        "asked": answer.asked,
        "answered_at": answer.answered_at.isoformat() if answer.answered_at else None,
        "already": answer.already is not None,
    }


def _check_answer_time(request: HelpRequest, when: datetime) -> None:
    if when < request.asked_at:
        raise BadInput(
            f"request #{request.id} was made on {request.asked_at:%Y-%m-%d}; an answer cannot come before it"
        )


@undoable("{person.name} came through on request #{request.id}")
def answered(session: Session, request: HelpRequest, person: Person, *, when: datetime) -> Answer:
    """Record that ``person`` came through on ``request`` (asked or not)."""
    if person.is_me:
        raise BadInput("you cannot answer your own request")
    _check_answer_time(request, when)
    row = session.get(HelpRequestRecipient, (request.id, person.id))
    if row is None:
        session.add(
            HelpRequestRecipient(request_id=request.id, person_id=person.id, asked=False, answered_at=when)
        )
        session.flush()
        return Answer(request, person, asked=False, already=None, answered_at=when)
    if row.answered_at is not None:
        return Answer(request, person, asked=row.asked, already=row.answered_at, answered_at=row.answered_at)
    row.answered_at = when
    session.flush()
    return Answer(request, person, asked=row.asked, already=None, answered_at=when)


def _answer_row(session: Session, request: HelpRequest, person: Person) -> HelpRequestRecipient:
    row = session.get(HelpRequestRecipient, (request.id, person.id))
    if row is None or row.answered_at is None:
        raise NotFound(f"{person.name} has not come through on request #{request.id}")
    return row


def get_answer(session: Session, request: HelpRequest, person: Person) -> Answer:
    """``person``'s answer to ``request``; NotFound when they have not come through on it."""
    row = _answer_row(session, request, person)
    return Answer(request, person, asked=row.asked, already=None, answered_at=row.answered_at)


@undoable("edit the answer of {person.name} on request #{request.id}")
def edit_answer(session: Session, request: HelpRequest, person: Person, *, when: datetime) -> Answer:
    """Correct when ``person`` came through on ``request``."""
    row = _answer_row(session, request, person)
    _check_answer_time(request, when)
    row.answered_at = when
    session.flush()
    return Answer(request, person, asked=row.asked, already=None, answered_at=when)


@undoable("delete the answer of {person.name} on request #{request.id}")
def delete_answer(session: Session, request: HelpRequest, person: Person) -> Answer:
    """Take back that ``person`` came through on ``request``: someone asked is back to no answer yet;
    someone not asked leaves the request."""
    row = _answer_row(session, request, person)
    asked = row.asked
    if asked:
        row.answered_at = None
    else:
        session.delete(row)
    session.flush()
    return Answer(request, person, asked=asked, already=None, answered_at=None)


# ------------------------------------------------------------------------------------- the report


def _request_entry(request: HelpRequest) -> dict:
    return {
        "id": request.id,
        "text": request.text,
        "asked_at": request.asked_at.isoformat(),
        "answered": [],  # asked, and came through
        "unanswered": [],  # asked, no answer yet
        "unasked": [],  # came through without being asked
        "people": [],  # everyone on the request: id, name, asked, answered_at
    }


def _add_recipient(entry: dict, recipient: HelpRequestRecipient, person: Person) -> None:
    if not recipient.asked:
        entry["unasked"].append(person.name)
    else:
        entry["answered" if recipient.answered_at else "unanswered"].append(person.name)
    entry["people"].append(
        {
            "id": person.id,
            "name": person.name,
            "asked": recipient.asked,
            "answered_at": recipient.answered_at.isoformat() if recipient.answered_at else None,
        }
    )


def _rows(session: Session, request_id: int | None = None):
    stmt = (
        select(HelpRequest, HelpRequestRecipient, Person)
        .join(HelpRequestRecipient, HelpRequestRecipient.request_id == HelpRequest.id, isouter=True)
        .join(Person, Person.id == HelpRequestRecipient.person_id, isouter=True)
        .order_by(HelpRequest.asked_at, HelpRequest.id, Person.name_key, Person.id)
    )
    if request_id is not None:
        stmt = stmt.where(HelpRequest.id == request_id)
    return session.execute(stmt).all()


def request_record(session: Session, request: HelpRequest) -> dict:
    """One request as the report lists it: who came through (asked, and unasked) and who has not yet."""
    session.flush()
    entry = _request_entry(request)
    for _request, recipient, person in _rows(session, request.id):
        if recipient is not None:
            _add_recipient(entry, recipient, person)
    return entry


def friends_report(session: Session) -> dict:
    """Per person asked or who helped: times asked, times they came through when asked, times they came
    through unasked, and the share of asks answered (None when never asked); and every request."""
    requests: dict[int, dict] = {}
    people: dict[int, dict] = {}
    for request, recipient, person in _rows(session):
        entry = requests.setdefault(request.id, _request_entry(request))
        if recipient is None:
            continue  # everyone on it was forgotten since
        _add_recipient(entry, recipient, person)
        stats = people.setdefault(
            person.id, {"id": person.id, "name": person.name, "asked": 0, "answered": 0, "unasked": 0}
        )
        if not recipient.asked:
            stats["unasked"] += 1
        else:
            stats["asked"] += 1
            stats["answered"] += 1 if recipient.answered_at else 0
    for stats in people.values():
        stats["share"] = round(stats["answered"] / stats["asked"], 3) if stats["asked"] else None
    ranked = sorted(
        people.values(),
        key=lambda s: (-(s["answered"] + s["unasked"]), -(s["share"] or 0.0), s["name"]),
    )
    return {
        "people": ranked,
        "came_through": [s for s in ranked if s["answered"] or s["unasked"]],
        "never_answered": [s for s in ranked if not s["answered"] and not s["unasked"]],
        "requests": list(requests.values()),
    }
