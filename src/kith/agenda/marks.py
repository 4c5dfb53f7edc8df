"""What the user did with an agenda item: done, snoozed (until a time) or dismissed (``AgendaMark``).

One mark per item id; a new mark replaces the old one. A done or dismissed mark hides the item until a
new occurrence of it begins (``items.is_hidden``); a snooze hides it until its time. Marking a commitment
done also completes the commitment, and so does marking done a follow-up that carries the promises
made at a first meeting. Only items the agenda would list today (snoozed or not) can be
marked, plus any open commitment of the user's (``commitment:ID``), even one not due yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kith.agenda.facts import gather
from kith.agenda.items import KINDS, AgendaItem
from kith.agenda.rules import candidates
from kith.errors import BadInput, Conflict, NotFound
from kith.store.schema import AgendaMark
from kith.store.undo import undoable

STATES = ("done", "snoozed", "dismissed")
#: a snooze without a date lasts a week
DEFAULT_SNOOZE_DAYS = 7


@dataclass
class MarkResult:
    item_id: str
    kind: str
    person: str
    state: str
    until: datetime | None
    #: what the user might do next, in plain words ("" when nothing)
    hint: str = ""


def _parse_id(item_id: str) -> tuple[str, str]:
    text = (item_id or "").strip().lower()
    kind, _, rest = text.partition(":")
    if kind not in KINDS or not rest.isdigit():
        raise BadInput(
            f"unknown agenda item {item_id!r}; items look like keep-in-touch:12 (see kith agenda --all)"
        )
    return text, kind


def _find(session: Session, key: str, kind: str, now: datetime) -> AgendaItem | MarkResult:
    from kith.agenda import get_rules

    for item in candidates(gather(session, now), get_rules(session)):
        if item.id == key:
            return item
    if kind == "commitment":
        from kith.commitments import get_commitment

        c = get_commitment(session, key.partition(":")[2])
        if c.done_at is not None:
            raise Conflict(
                f"{key} is already done (on {c.done_at:%Y-%m-%d}); kith commitments --all lists it"
            )
        if c.owed_by == "me":
            return MarkResult(key, kind, c.person.name, "", None)
        raise BadInput(f"{key} is what {c.person.name} promised you, not something on your agenda")
    _refuse_repeat(session.get(AgendaMark, key), key)
    raise NotFound(f"no agenda item {key!r} today; kith agenda --all lists them")


def _refuse_repeat(mark: AgendaMark | None, key: str, state: str | None = None) -> None:
    """Conflict when ``mark`` already says the item is done or dismissed (as ``state``, if given)."""
    if mark is not None and mark.state in ("done", "dismissed") and state in (None, mark.state):
        back = (
            "it comes back when the next one is due"
            if key.startswith("keep-in-touch:") and mark.state == "done"
            else "it comes back when something new happens"
        )
        raise Conflict(
            f"{key} is already {mark.state} (on {mark.marked_at:%Y-%m-%d}); {back} (kith agenda --all lists what is open)"
        )


@undoable("mark {item_id} {state}")
def mark_item(
    session: Session, item_id: str, state: str, *, now: datetime, until: datetime | None = None
) -> MarkResult:
    """Mark an agenda item done, snoozed (until ``until``, default a week) or dismissed."""
    if state not in STATES:
        raise BadInput(f"unknown state {state!r}; use one of: {', '.join(STATES)}")
    key, kind = _parse_id(item_id)
    if kind == "colleague-ask" and state != "snoozed":
        # the colleague waits for an answer: only accepting or declining ends the request
        raise BadInput(
            f"answer the request instead: kith team accept {key.partition(':')[2]} or kith team decline"
            f" {key.partition(':')[2]} (or on the Team tab); it can be snoozed"
        )
    found = _find(session, key, kind, now)
    if state == "snoozed":
        until = until or now + timedelta(days=DEFAULT_SNOOZE_DAYS)
        if until <= now:
            raise BadInput(f"snooze until a time after now, not {until:%Y-%m-%d %H:%M} UTC")
    else:
        until = None
    mark = session.get(AgendaMark, key)
    if isinstance(found, AgendaItem) and mark is not None and mark.marked_at >= found.since:
        _refuse_repeat(mark, key, state)
    if mark is None:
        mark = AgendaMark(item_key=key)
        session.add(mark)
    mark.state, mark.until, mark.marked_at = state, until, now
    hint = ""
    if state == "done" and kind == "commitment":
        from kith.commitments import complete, get_commitment

        complete(session, get_commitment(session, key.partition(":")[2]), now=now)
        hint = "commitment marked done"
    elif state == "done" and kind in ("keep-in-touch", "fading", "resurface", "richer-step"):
        hint = (
            f"log what you did so it counts for the tie (an interaction resets keep-in-touch): "
            f"kith log call {_quote(found.person)}"
        )
    elif state == "done" and isinstance(found, AgendaItem) and found.extra.get("commitment_ids"):
        from kith.commitments import complete, get_commitment

        for cid in found.extra["commitment_ids"]:
            complete(session, get_commitment(session, cid), now=now)
        hint = f"what you promised is marked done too; log the note you sent: kith log email {_quote(found.person)}"
    elif state == "done" and kind in ("job-step", "job-interview", "job-balance"):
        hint = "record the step it led to so the board follows: kith job"
    elif state == "done" and kind == "new-roles":
        hint = "log each congratulation you sent so it counts: kith log message NAME"
    elif state == "done" and isinstance(found, AgendaItem):
        hint = (
            f"log it so it counts for the tie: kith log {found.record()['log_kind']} {_quote(found.person)}"
        )
    session.flush()
    return MarkResult(key, kind, found.person, state, until, hint)


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name
