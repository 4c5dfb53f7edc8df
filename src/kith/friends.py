"""The real-friends test: who comes through when you ask for help.

A ``HelpRequest`` is something the user asked for ("help moving house on Saturday"), sent to some people
(``HelpRequestRecipient``). When someone comes through, ``answered_at`` is set. Someone who was not asked
but helped anyway is added to the request as answered: that says even more about them.

The report counts, per person, how often they were asked and how often they came through; people asked
at least once who never came through are listed apart. (Someone who helped unasked counts as asked
once and answered once on that request.)
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


@undoable("ask for help: {text}")
def ask(session: Session, text: str, people: list[Person], *, when: datetime) -> HelpRequest:
    """Record a request for help sent to ``people``."""
    text = " ".join((text or "").split())
    if not text:
        raise BadInput("say what you asked for, e.g. kith ask 'help moving house' --to 'Jane Doe'")
    if len(text) > MAX_REQUEST_CHARS:
        raise BadInput(f"a request is at most {MAX_REQUEST_CHARS} characters (this one has {len(text)})")
    if not people:
        raise BadInput("name at least one person you asked, with --to NAME")
    if any(p.is_me for p in people):
        raise BadInput("you cannot ask yourself for help")
    request = HelpRequest(text=text, asked_at=when)
    session.add(request)
    session.flush()
    for pid in dict.fromkeys(p.id for p in people):
        session.add(HelpRequestRecipient(request_id=request.id, person_id=pid))
    session.flush()
    return request


def get_request(session: Session, ref: str) -> HelpRequest:
    """The request numbered ``ref`` ("3" or "#3")."""
    text = (ref or "").strip().lstrip("#")
    if not text.isdigit():
        raise BadInput(f"REQUEST is the number kith ask printed, like 3 (got {ref!r})")
    request = get_row(session, HelpRequest, int(text))
    if request is None:
        raise NotFound(f"no request #{text}; kith friends lists them")
    return request


@dataclass
class Answer:
    request: HelpRequest
    person: Person
    asked: bool  # False: they were not asked but came through anyway
    already: datetime | None  # set when this answer was recorded before


@undoable("{person.name} came through on request #{request.id}")
def answered(session: Session, request: HelpRequest, person: Person, *, when: datetime) -> Answer:
    """Record that ``person`` came through on ``request``."""
    if person.is_me:
        raise BadInput("you cannot answer your own request")
    if when < request.asked_at:
        raise BadInput(
            f"request #{request.id} was made on {request.asked_at:%Y-%m-%d}; an answer cannot come before it"
        )
    row = session.get(HelpRequestRecipient, (request.id, person.id))
    if row is None:
        session.add(HelpRequestRecipient(request_id=request.id, person_id=person.id, answered_at=when))
        session.flush()
        return Answer(request, person, asked=False, already=None)
    if row.answered_at is not None:
        return Answer(request, person, asked=True, already=row.answered_at)
    row.answered_at = when
    session.flush()
    return Answer(request, person, asked=True, already=None)


def friends_report(session: Session) -> dict:
    """Per person who was asked or helped: asked, answered, unasked help; and every request."""
    rows = session.execute(
        select(HelpRequest, HelpRequestRecipient, Person)
        .join(HelpRequestRecipient, HelpRequestRecipient.request_id == HelpRequest.id)
        .join(Person, Person.id == HelpRequestRecipient.person_id)
        .order_by(HelpRequest.asked_at, HelpRequest.id, Person.name_key)
    ).all()
    requests: dict[int, dict] = {}
    people: dict[int, dict] = {}
    for request, recipient, person in rows:
        entry = requests.setdefault(
            request.id,
            {
                "id": request.id,
                "text": request.text,
                "asked_at": request.asked_at.isoformat(),
                "answered": [],
                "unanswered": [],
            },
        )
        entry["answered" if recipient.answered_at else "unanswered"].append(person.name)
        stats = people.setdefault(
            person.id, {"id": person.id, "name": person.name, "asked": 0, "answered": 0}
        )
        stats["asked"] += 1
        if recipient.answered_at:
            stats["answered"] += 1
    for stats in people.values():
        stats["share"] = round(stats["answered"] / stats["asked"], 3) if stats["asked"] else 0.0
    ranked = sorted(people.values(), key=lambda s: (-s["answered"], -s["share"], s["name"]))
    return {
        "people": ranked,
        "came_through": [s for s in ranked if s["answered"]],
        "never_answered": [s for s in ranked if not s["answered"]],
        "requests": list(requests.values()),
    }
