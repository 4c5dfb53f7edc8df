"""Interactions: logging what actually happened with people, and reading a person's timeline.

An interaction always involves the user; ``participants`` are the other people (several for a group
lunch). Direction is relative to the user: ``outbound`` (the user reached out), ``inbound`` (they did) or
``mutual`` (co-presence with no initiator, such as a meeting both were invited to).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.channels import channel_for_kind
from kith.errors import BadInput
from kith.store.schema import DIRECTIONS, Commitment, Interaction, InteractionParticipant, Person
from kith.store.undo import names, undoable
from kith.strength.aggregates import record as record_tie

#: a promise made while logging without a due date comes due this long after the interaction
DEFAULT_PROMISE_DAYS = 7
#: the longest interaction kith records (a week: a conference, a trip together)
MAX_DURATION_S = 7 * 24 * 3600


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
        summary=(summary or "").strip() or None,
        notes=(notes or "").strip() or None,
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
        text = promise.strip()
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


def timeline(session: Session, person: Person, limit: int | None = 50) -> list[Interaction]:
    """A person's interactions, newest first."""
    stmt = (
        select(Interaction)
        .join(InteractionParticipant)
        .where(InteractionParticipant.person_id == person.id)
        .options(selectinload(Interaction.participants))
        # the participant row's copy of the time: the (person, time) index then gives the order
        .order_by(InteractionParticipant.occurred_at.desc(), InteractionParticipant.interaction_id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def interaction_record(interaction: Interaction) -> dict:
    """The JSON shape of an interaction."""
    return {
        "id": interaction.id,
        "when": interaction.occurred_at.isoformat(),
        "kind": interaction.kind,
        "channel": interaction.channel,
        "direction": interaction.direction,
        "duration_s": interaction.duration_s,
        "summary": interaction.summary,
        "notes": interaction.notes,
        "source": interaction.source,
        "people": [p.name for p in interaction.participants],
    }
