"""Interactions: logging what actually happened with people, and reading a person's timeline.

An interaction always involves the user; ``participants`` are the other people (several for a group
lunch). Direction is relative to the user: ``outbound`` (the user reached out), ``inbound`` (they did) or
``mutual`` (co-presence with no initiator, such as a meeting both were invited to).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kith.channels import channel_for_kind
from kith.errors import BadInput
from kith.store.schema import DIRECTIONS, Commitment, Interaction, InteractionParticipant, Person
from kith.store.undo import names, undoable
from kith.strength.aggregates import record as record_tie
from kith.text import one_line, safe_text

#: a promise made while logging without a due date comes due this long after the interaction
DEFAULT_PROMISE_DAYS = 7
#: the longest interaction kith records (a week: a conference, a trip together)
MAX_DURATION_S = 7 * 24 * 3600


def _and(names: Sequence[str]) -> str:
    listed = list(dict.fromkeys(names))
    return " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)


@undoable(lambda kind, names, **_: f"log {kind} with {_and(names)}")
def log(
    session: Session,
    *,
    kind: str,
    names: Sequence[str],
    now: datetime,
    when: str | None = None,
    direction: str = "outbound",
    duration_minutes: int | None = None,
    note: str | None = None,
    promise: str | None = None,
    due: str | None = None,
    add: Sequence[str] = (),
) -> Interaction:
    """Log what the user typed (``kith log``, the log form, ``POST /api/interactions``): the names
    resolved (a name in ``add``, confirmed as someone new, is added when it matches nobody), the date
    phrases read (``when`` defaults to now, ``due`` to a week later), then ``log_interaction``."""
    from kith.people.core import resolve_names
    from kith.when import parse_when

    if due is not None and promise is None:
        raise BadInput("a due date needs a promise (--due needs --promise)")
    occurred = parse_when(when, now, past_only=True) if when is not None else now
    promise_due = parse_when(due, now) if due is not None else None
    people = resolve_names(session, names, add=add, now=now)
    return log_interaction(
        session,
        kind=kind,
        people=people,
        when=occurred,
        direction=direction,
        duration_s=duration_minutes * 60 if duration_minutes is not None else None,
        notes=note,
        promise=promise,
        promise_due=promise_due,
    )


@undoable(lambda kind, people, **_: f"log {kind} with {names(people)}")
def log_interaction(
    session: Session,
    *,
    kind: str,
    people: Sequence[Person],
    when: datetime,
    direction: str = "outbound",
    duration_s: int | None = None,
    summary: str | None = None,
    notes: str | None = None,
    promise: str | None = None,
    promise_due: datetime | None = None,
    source: str = "manual",
    external_id: str | None = None,
    channel: str | None = None,
) -> Interaction:
    """Record one interaction with ``people`` (and a promise the user made in it, if any)."""
    kind, kind_channel = channel_for_kind(kind)
    if direction not in DIRECTIONS:
        raise BadInput(f"unknown direction {direction!r}; use one of: {', '.join(DIRECTIONS)}")
    if not people:
        raise BadInput("an interaction needs at least one person besides you")
    if any(p.is_me for p in people):
        raise BadInput("you are part of every interaction already; name the other people")
    if duration_s is not None and duration_s < 0:
        raise BadInput("a duration cannot be negative")
    if duration_s is not None and duration_s > MAX_DURATION_S:
        raise BadInput(f"a duration cannot be longer than a week ({MAX_DURATION_S // 60} minutes)")
    unique = list({p.id: p for p in people}.values())
    interaction = Interaction(
        occurred_at=when,
        channel=channel or kind_channel,
        kind=kind,
        duration_s=duration_s,
        direction=direction,
        summary=safe_text(summary or "", multiline=True).strip() or None,
        notes=safe_text(notes or "", multiline=True).strip() or None,
        source=source,
        external_id=external_id,
    )
    session.add(interaction)
    session.flush()
    session.add_all(
        InteractionParticipant(
            interaction_id=interaction.id, person_id=p.id, occurred_at=when, channel=interaction.channel
        )
        for p in unique
    )
    # keep the cached strength sums current without rescoring everyone
    record_tie(session, interaction, [p.id for p in unique])
    if promise is not None:
        text = one_line(promise)
        if not text:
            raise BadInput("a promise cannot be empty")
        session.add(
            Commitment(
                person_id=unique[0].id,
                owed_by="me",
                text=text,
                due_at=promise_due or when + timedelta(days=DEFAULT_PROMISE_DAYS),
                interaction_id=interaction.id,
                created_at=when,
            )
        )
    session.flush()
    return interaction
