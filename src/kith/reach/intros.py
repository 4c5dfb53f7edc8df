"""Introductions the user asks for: someone they know (``via``) introduces them to someone (``target``).

An ``Intro`` is asked, then made, declined or withdrawn (``STATES``):

- **asked** (``ask_intro``): the request is recorded with a promise of the user's to ``via``, "follow up
  on the introduction to TARGET", due in ``FOLLOW_UP_DAYS`` (so the agenda brings it back). Nobody is
  asked for an introduction to themselves or to the user, and one pair has one open request at a time.
  An ask is recorded even when the user knows ``target`` well or kith knows of no tie between the two,
  and said so (``ask_notes``: "note: ..." on the command line, ``notes`` in the API, the page's notice).
- **made** (``intro_made``): ``target`` was introduced by ``via`` (their "met via", when not said
  already), the ledger gets a favour from ``via`` (an intro), and the follow-up promise is kept. Until the
  user logs an interaction with each after that day, the agenda proposes thanking ``via`` and a first
  contact with ``target`` (``kith.agenda.reach``). An introduction can be recorded as made without having
  been asked in kith.
- **declined** or **withdrawn** (``close_intro``): nothing more to follow up; the promise is kept.

An introduction recorded wrong is corrected (``edit_intro``: its note, when it was asked, when it was
made; the favour of a made one moves with it) or deleted (``delete_intro``: with the follow-up promise
and the favour it left; who the person was met via stays as it is).

``intro_list`` is the read model of ``kith intros --json`` and ``GET /api/intros``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.commitments import add_commitment, complete
from kith.corrections import KEEP, Keep, history_changed
from kith.errors import BadInput, Conflict, NotFound
from kith.ledger import record_favour
from kith.store import get_row, ref_number
from kith.store.schema import Commitment, Favour, Intro, Person
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
            f"you already asked {via.name} for an introduction to {target.name}; it is in your introductions"
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


def ask_notes(session: Session, via: Person, target: Person, as_of: datetime) -> list[str]:
    """What to say, not refuse, on asking ``via`` for an introduction to ``target``: that the user
    knows ``target`` well enough to write to them (as reach says it), and that kith knows of no tie
    between the two (``reach.graph.evidence_between``). Empty when neither."""
    from kith.reach.contact import already_known
    from kith.reach.graph import evidence_between
    from kith.strength.service import tie

    notes = []
    known = already_known(session, [target.id], {target.id: tie(session, target.id, as_of)})
    if known:
        circle = known[0]["circle"]
        notes.append(f"you know {target.name} yourself ({circle}): you could write to them directly")
    if evidence_between(session, via.id, target.id, as_of) is None:
        notes.append(f"kith knows of no tie between {via.name} and {target.name}")
    return notes


@undoable(lambda via, target, **_: f"{via.name} introduced you to {target.name}")
def intro_made(
    session: Session, via: Person, target: Person, *, now: datetime, when: datetime | None = None
) -> Intro:
    """Record that ``via`` introduced the user to ``target``: met via, a favour, the promise kept."""
    _check_pair(via, target)
    at = when or now
    if at > now:
        raise BadInput("an introduction made is in the past: its time cannot be after now")
    intro = open_intro(session, via, target)
    if intro is None:
        done = session.scalar(
            select(Intro).where(Intro.via_id == via.id, Intro.target_id == target.id, Intro.state == "made")
        )
        if done is not None and done.made_at is not None:
            raise Conflict(f"{via.name} introduced you to {target.name} already (on {done.made_at:%Y-%m-%d})")
        intro = Intro(via_id=via.id, target_id=target.id)
        session.add(intro)
    elif intro.asked_at is not None and at < intro.asked_at:
        # recorded as asked after it was made: it was asked no later than it was made
        intro.asked_at = at
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
def close_intro(
    session: Session, via: Person, target: Person, state: str, *, now: datetime, when: datetime | None = None
) -> Intro:
    """End an open request without an introduction: ``via`` declined, or the user withdrew it, at
    ``when`` (default: now; not before it was asked, not after now)."""
    if state not in CLOSINGS:
        raise BadInput(f"an open request ends declined or withdrawn, not {state!r}")
    at = when or now
    if at > now:
        raise BadInput("a request ends in the past: its time cannot be after now")
    intro = open_intro(session, via, target)
    if intro is None:
        raise NotFound(
            f"no open request to {via.name} for an introduction to {target.name}; your introductions list the open ones"
        )
    if intro.asked_at is not None and at < intro.asked_at:
        raise BadInput(f"the request was asked on {intro.asked_at:%Y-%m-%d}: it cannot end before that")
    intro.state, intro.ended_at = CLOSINGS[state], at
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
        # when it was declined or withdrawn (None while asked, when made, or when ended before kith kept it)
        "ended_at": intro.ended_at.isoformat() if intro.ended_at else None,
        "commitment_id": intro.commitment_id,
        "favour_id": intro.favour_id,
    }


def intro_list(session: Session, *, state: str | None = None) -> list[dict]:
    """Every introduction (or those in ``state``), the latest asked first (one recorded made without an
    ask by when it was made), then the highest number."""
    if state is not None and state not in STATES:
        raise BadInput(f"unknown state {state!r}; use one of: {', '.join(STATES)}")
    stmt = select(Intro).options(selectinload(Intro.via), selectinload(Intro.target))
    if state is not None:
        stmt = stmt.where(Intro.state == state)
    found = list(session.scalars(stmt))
    found.sort(key=lambda i: ((i.asked_at or i.made_at or datetime.min).isoformat(), i.id), reverse=True)
    return [intro_record(i) for i in found]


def get_intro(session: Session, intro_id: int | str) -> Intro:
    """The introduction numbered ``intro_id`` (12, "12" or "#12"); NotFound otherwise."""
    text = ref_number(intro_id)
    if not text.isdigit():
        raise BadInput(f"an introduction is named by its number, not {intro_id!r}")
    intro = get_row(session, Intro, int(text))
    if intro is None:
        raise NotFound(f"no introduction #{text}; the list of introductions shows their numbers")
    return intro


@undoable(lambda intro_id, **_: f"correct introduction #{ref_number(intro_id)}")
def edit_intro(
    session: Session,
    intro_id: int | str,
    *,
    now: datetime,
    note: str | None | Keep = KEEP,
    asked_at: datetime | Keep = KEEP,
    made_at: datetime | Keep = KEEP,
) -> Intro:
    """Correct an introduction: its note (None clears it), when it was asked, when it was made (only
    one that was made; its favour moves with it). KEEP leaves a field as it is; no time is after now."""
    intro = get_intro(session, intro_id)
    if all(value is KEEP for value in (note, asked_at, made_at)):
        raise BadInput("nothing to change: say what to correct (the note, when asked or when made)")
    for value in (asked_at, made_at):
        if not isinstance(value, Keep) and value > now:
            raise BadInput("an introduction is corrected with what happened: no time after now")
    if not isinstance(made_at, Keep) and intro.state != "made":
        raise BadInput(f"introduction #{intro.id} was not made ({intro.state}): it has no time made")
    asked = intro.asked_at if isinstance(asked_at, Keep) else asked_at
    made = intro.made_at if isinstance(made_at, Keep) else made_at
    for then, word in ((made, "made"), (intro.ended_at, intro.state)):
        if asked is None or then is None or then >= asked:
            continue
        if not isinstance(asked_at, Keep):  # both said: they contradict each other
            raise BadInput(
                f"introduction #{intro.id} cannot be {word} ({then:%Y-%m-%d}) before it was asked ({asked:%Y-%m-%d})"
            )
        asked = then  # asked no later than it was made or ended
    if not isinstance(note, Keep):
        intro.note = safe_text(note or "", multiline=True).strip() or None
    intro.asked_at, intro.made_at = asked, made
    if not isinstance(made_at, Keep) and intro.favour_id is not None:
        favour = session.get(Favour, intro.favour_id)
        if favour is not None:
            favour.occurred_at = made_at
            history_changed(session, [intro.via_id], ties=False)
    session.flush()
    return intro


@undoable(lambda intro_id, **_: f"delete introduction #{ref_number(intro_id)}")
def delete_intro(session: Session, intro_id: int | str) -> dict:
    """Delete an introduction recorded by mistake, with the follow-up promise and the favour it left;
    returns it as it was (``intro_record``)."""
    intro = get_intro(session, intro_id)
    record = intro_record(intro)
    promise = session.get(Commitment, intro.commitment_id) if intro.commitment_id is not None else None
    favour = session.get(Favour, intro.favour_id) if intro.favour_id is not None else None
    session.delete(intro)
    session.flush()
    for row in (promise, favour):
        if row is not None:
            session.delete(row)
    if favour is not None:
        history_changed(session, [record["via"]["id"]], ties=False)
    session.flush()
    return record


@dataclass
class IntroEdit:
    """A correction of an introduction as typed (``kith intro edit``, the list's edit form, ``PATCH
    /api/intros/{id}``): KEEP leaves a field as it is; an empty note clears it."""

    note: str | None | Keep = KEEP
    asked: str | Keep = KEEP
    made: str | Keep = KEEP


def correct_intro(session: Session, intro_id: int | str, typed: IntroEdit, *, now: datetime) -> Intro:
    """Read a correction as typed (dates as kith reads them) and make it (``edit_intro``)."""
    from kith.when import parse_when

    def at(value: str | Keep) -> datetime | Keep:
        return value if isinstance(value, Keep) else parse_when(value, now, past_only=True)

    return edit_intro(
        session, intro_id, now=now, note=typed.note, asked_at=at(typed.asked), made_at=at(typed.made)
    )


#: the states of a request that ended without an introduction: its path is offered after the others
ENDED = ("declined", "withdrawn")


def intros_on(session: Session, paths: list[dict]) -> None:
    """Mark each path (a ``reach.paths`` record) with the latest introduction already asked of its first
    person to the one they are asked to introduce you to: its second (the target, or on a three-hop path
    the one who knows the target) (``intro``: its state and dates; None when there is none), so that an
    answer does not offer to ask twice."""
    pairs = {(p["people"][0]["id"], p["people"][1]["id"]) for p in paths}
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
        found = latest.get((path["people"][0]["id"], path["people"][1]["id"]))
        path["intro"] = None
        if found is not None:
            path["intro"] = {
                "id": found.id,
                "state": found.state,
                "asked_at": found.asked_at.isoformat() if found.asked_at else None,
                "made_at": found.made_at.isoformat() if found.made_at else None,
                "ended_at": found.ended_at.isoformat() if found.ended_at else None,
            }
            path["intro"]["words"] = intro_words(path["intro"])
            if found.state == "made":
                path["ask"] = made_ask(path["people"])


def made_ask(people: list[dict]) -> str:
    """The ask of a path whose introduction was made: write to the one introduced (on a three-hop path,
    ask them for the last introduction)."""
    via, met = people[0]["name"], people[1]["name"]
    if len(people) == 2:
        return f"{via} introduced you to {met}: write to {met}."
    return f"{via} introduced you to {met}: ask {met} to introduce you to {people[-1]['name']}."


def intro_words(intro: dict | None) -> str:
    """A path's introduction in words ("" when none was asked): "You asked on 2026-06-14; made on ..."."""
    if intro is None:
        return ""
    asked = f"You asked on {intro['asked_at'][:10]}" if intro["asked_at"] else "Recorded"
    if intro["state"] == "made":
        return f"{asked}; made on {intro['made_at'][:10]}" if intro["made_at"] else f"{asked}; made"
    if intro["state"] == "asked":
        return f"{asked}; not made yet"
    ended = intro.get("ended_at")
    return f"{asked}; {intro['state']} on {ended[:10]}" if ended else f"{asked}; {intro['state']}"
