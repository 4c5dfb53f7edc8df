"""Introductions the user asks for: someone they know (``via``) introduces them to someone (``target``).

An ``Intro`` is asked, then made, declined or withdrawn (``STATES``):

- **asked** (``ask_intro``): the request is recorded with a promise of the user's to ``via``, "follow up
  on the introduction to TARGET", due in ``FOLLOW_UP_DAYS`` (so the agenda brings it back). Nobody is
  asked for an introduction to themselves or to the user, and one pair has one open request at a time.
- **made** (``intro_made``): ``target`` was introduced by ``via`` (their "met via", when not said
  already), the ledger gets a favour from ``via`` (an intro), and the follow-up promise is kept. Until the
  user logs an interaction with each after that day, the agenda proposes thanking ``via`` and a first
  contact with ``target`` (``kith.agenda.reach``). An introduction can be recorded as made without having
  been asked in kith.
- **declined** or **withdrawn** (``close_intro``): nothing more to follow up; the promise is kept.

``intro_list`` is the read model of ``kith intros --json`` and ``GET /api/intros``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.commitments import add_commitment, complete
from kith.errors import BadInput, Conflict, NotFound
from kith.ledger import record_favour
from kith.store import get_row
from kith.store.schema import Commitment, Intro, Person
from kith.store.undo import undoable
from kith.text import safe_text

STATES = ("asked", "made", "declined", "withdrawn")
#: the follow-up promise of an ask is due this many days later
FOLLOW_UP_DAYS = 7
#: what ``close_intro`` records for each way an open request can end without an introduction
CLOSINGS = {"declined": "declined", "withdraw": "withdrawn", "withdrawn": "withdrawn"}


def follow_up_text(target: Person) -> str:
    """The promise an ask leaves with the user."""
    return f"follow up on the introduction to {target.name}"


def _check_pair(via: Person, target: Person) -> None:
    if via.is_me:
        raise BadInput("you cannot introduce yourself: name the person you ask for the introduction")
    if target.is_me:
        raise BadInput(f"{via.name} cannot introduce you to yourself: name the person you want to meet")
    if via.id == target.id:
        raise BadInput(f"{via.name} cannot introduce you to themselves: ask them directly")


def open_intro(session: Session, via: Person, target: Person) -> Intro | None:
    """The pair's open (asked) request, if any."""
    return session.scalar(
        select(Intro).where(Intro.via_id == via.id, Intro.target_id == target.id, Intro.state == "asked")
    )


@undoable(lambda via, target, **_: f"ask {via.name} for an introduction to {target.name}")
def ask_intro(
    session: Session, via: Person, target: Person, *, now: datetime, note: str | None = None
) -> Intro:
    """Record that the user asked ``via`` for an introduction to ``target``, with a promise to follow up."""
    _check_pair(via, target)
    if open_intro(session, via, target) is not None:
        raise Conflict(
            f"you already asked {via.name} for an introduction to {target.name}; kith intros lists it"
        )
    made = session.scalar(
        select(Intro).where(Intro.via_id == via.id, Intro.target_id == target.id, Intro.state == "made")
    )
    if made is not None and made.made_at is not None:
        raise Conflict(f"{via.name} introduced you to {target.name} already (on {made.made_at:%Y-%m-%d})")
    promise = add_commitment(
        session, via, follow_up_text(target), now=now, due=now + timedelta(days=FOLLOW_UP_DAYS)
    )
    intro = Intro(
        via_id=via.id,
        target_id=target.id,
        state="asked",
        note=safe_text(note or "", multiline=True).strip() or None,
        asked_at=now,
        commitment_id=promise.id,
    )
    session.add(intro)
    session.flush()
    return intro


@undoable(lambda via, target, **_: f"{via.name} introduced you to {target.name}")
def intro_made(
    session: Session, via: Person, target: Person, *, now: datetime, when: datetime | None = None
) -> Intro:
    """Record that ``via`` introduced the user to ``target``: met via, a favour, the promise kept."""
    _check_pair(via, target)
    at = when or now
    if at > now:
        raise BadInput("an introduction made is in the past: --when cannot be after now")
    intro = open_intro(session, via, target)
    if intro is None:
        done = session.scalar(
            select(Intro).where(Intro.via_id == via.id, Intro.target_id == target.id, Intro.state == "made")
        )
        if done is not None and done.made_at is not None:
            raise Conflict(f"{via.name} introduced you to {target.name} already (on {done.made_at:%Y-%m-%d})")
        intro = Intro(via_id=via.id, target_id=target.id)
        session.add(intro)
    intro.state, intro.made_at = "made", at
    if target.met_via_id is None:
        target.met_via_id = via.id
    favour = record_favour(session, via, "get", "intro", when=at, note=f"introduced you to {target.name}")
    intro.favour_id = favour.id
    _keep_promise(session, intro, now)
    session.flush()
    return intro


@undoable(
    lambda via, target, state, **_: (
        f"the introduction to {target.name} by {via.name}: {CLOSINGS.get(state, state)}"
    )
)
def close_intro(session: Session, via: Person, target: Person, state: str, *, now: datetime) -> Intro:
    """End an open request without an introduction: ``via`` declined, or the user withdrew it."""
    if state not in CLOSINGS:
        raise BadInput(f"an open request ends declined or withdrawn, not {state!r}")
    intro = open_intro(session, via, target)
    if intro is None:
        raise NotFound(
            f"no open request to {via.name} for an introduction to {target.name}; kith intros lists them"
        )
    intro.state = CLOSINGS[state]
    _keep_promise(session, intro, now)
    session.flush()
    return intro


def _keep_promise(session: Session, intro: Intro, now: datetime) -> None:
    """The follow-up promise is kept: nothing is left to follow up."""
    if intro.commitment_id is not None:
        promise = session.get(Commitment, intro.commitment_id)
        if promise is not None:
            complete(session, promise, now=now)


def intro_record(intro: Intro) -> dict:
    """The one shape of an introduction, in every command, page and API answer."""
    return {
        "id": intro.id,
        "via": {"id": intro.via_id, "name": intro.via.name},
        "target": {"id": intro.target_id, "name": intro.target.name},
        "state": intro.state,
        "note": intro.note,
        "asked_at": intro.asked_at.isoformat() if intro.asked_at else None,
        "made_at": intro.made_at.isoformat() if intro.made_at else None,
        "commitment_id": intro.commitment_id,
        "favour_id": intro.favour_id,
    }


def intro_list(session: Session, *, state: str | None = None) -> list[dict]:
    """Every introduction (or those in ``state``), the latest asked or made first."""
    if state is not None and state not in STATES:
        raise BadInput(f"unknown state {state!r}; use one of: {', '.join(STATES)}")
    stmt = select(Intro).options(selectinload(Intro.via), selectinload(Intro.target))
    if state is not None:
        stmt = stmt.where(Intro.state == state)
    found = list(session.scalars(stmt))
    found.sort(key=lambda i: ((i.made_at or i.asked_at or datetime.min).isoformat(), i.id), reverse=True)
    return [intro_record(i) for i in found]


def get_intro(session: Session, intro_id: int) -> Intro:
    """The introduction numbered ``intro_id``; NotFound otherwise."""
    intro = get_row(session, Intro, intro_id)
    if intro is None:
        raise NotFound(f"no introduction #{intro_id}; kith intros lists them")
    return intro


def intros_on(session: Session, paths: list[dict]) -> None:
    """Mark each path (a ``reach.paths`` record) with the latest introduction already asked of its first
    person to its last (``intro``: its state and dates; None when there is none), so that an answer
    does not offer to ask twice."""
    pairs = {(p["people"][0]["id"], p["people"][-1]["id"]) for p in paths}
    if not pairs:
        return
    latest: dict[tuple[int, int], Intro] = {}
    for intro in session.scalars(
        select(Intro)
        .where(Intro.via_id.in_({a for a, _ in pairs}), Intro.target_id.in_({b for _, b in pairs}))
        .order_by(Intro.id)
    ):
        latest[(intro.via_id, intro.target_id)] = intro
    for path in paths:
        found = latest.get((path["people"][0]["id"], path["people"][-1]["id"]))
        path["intro"] = None
        if found is not None:
            path["intro"] = {
                "id": found.id,
                "state": found.state,
                "asked_at": found.asked_at.isoformat() if found.asked_at else None,
                "made_at": found.made_at.isoformat() if found.made_at else None,
            }
            path["intro"]["words"] = intro_words(path["intro"])


def intro_words(intro: dict | None) -> str:
    """A path's introduction in words ("" when none was asked): "You asked on 2026-06-14; made on ..."."""
    if intro is None:
        return ""
    asked = f"You asked on {intro['asked_at'][:10]}" if intro["asked_at"] else "Recorded"
    if intro["state"] == "made":
        return f"{asked}; made on {intro['made_at'][:10]}" if intro["made_at"] else f"{asked}; made"
    return f"{asked}; {intro['state']}" if intro["state"] != "asked" else f"{asked}; not made yet"
