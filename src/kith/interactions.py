"""Interactions: logging what actually happened with people, and correcting or deleting what was logged.

An interaction always involves the user; ``participants`` are the other people (several for a group
lunch), at least one. Direction is relative to the user: ``outbound`` (the user reached out), ``inbound``
(they did) or ``mutual`` (co-presence with no initiator, such as a meeting both were invited to).

Each participant row repeats its interaction's time and channel (so a person's timeline and counts come
from one index): ``log_interaction`` writes them, and ``edit_interaction`` keeps them equal when a time or
kind is corrected. Reading interactions (their one record shape, a timeline) is ``kith.timeline``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from kith.channels import channel_for_kind
from kith.corrections import KEEP, Keep, history_changed
from kith.errors import BadInput
from kith.store import get_numbered, ref_number
from kith.store.schema import DIRECTIONS, Commitment, Interaction, InteractionParticipant, Person
from kith.store.undo import names, undoable
from kith.strength.aggregates import record as record_tie
from kith.text import one_line, safe_text
from kith.timeline import interaction_record
from kith.when import LEEWAY

#: a promise made while logging without a due date comes due this long after the interaction
DEFAULT_PROMISE_DAYS = 7
#: the longest interaction kith records (a week: a conference, a trip together)
MAX_DURATION_S = 7 * 24 * 3600
NEEDS_SOMEONE = "an interaction needs at least one person besides you"


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
    phrases read (``when`` defaults to now, ``due`` to a week later), then ``log_interaction``.

    Not an undoable step of its own: the steps inside it are (adding someone new, then logging), so
    the undo history names the people as kith knows them ("log call with Maya Patel", not the "maya"
    typed) and says when someone was added with the interaction."""
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
    if promise_due is not None and promise is None:
        raise BadInput("a due date needs a promise")
    _check_direction(direction)
    _check_people(people)
    _check_duration(duration_s)
    unique = list({p.id: p for p in people}.values())
    interaction = Interaction(
        occurred_at=when,
        channel=channel or kind_channel,
        kind=kind,
        duration_s=duration_s,
        direction=direction,
        summary=_text(summary),
        notes=_notes(notes),
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


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise BadInput(f"unknown direction {direction!r}; use one of: {', '.join(DIRECTIONS)}")


def _check_people(people: Sequence[Person], *, named_only: bool = False) -> None:
    """The people of an interaction: at least one (unless only ``named_only``, people named for a
    change), and never the user, who is part of every one."""
    if not people and not named_only:
        raise BadInput(NEEDS_SOMEONE)
    if any(p.is_me for p in people):
        raise BadInput("you are part of every interaction already; name the other people")


def _check_duration(duration_s: int | None) -> None:
    if duration_s is not None and duration_s < 0:
        raise BadInput("a duration cannot be negative")
    if duration_s is not None and duration_s > MAX_DURATION_S:
        raise BadInput(f"a duration cannot be longer than a week ({MAX_DURATION_S // 60} minutes)")


def _text(value: str | None) -> str | None:
    """A summary or notes as stored: control characters dropped, None when empty."""
    return safe_text(value or "", multiline=True).strip() or None


def _notes(value: str | None) -> str | None:
    """An interaction's notes as stored (``_text``), at most as long as a note about someone."""
    from kith.notes import MAX_TEXT

    text = _text(value)
    if text is not None and len(text) > MAX_TEXT:
        raise BadInput(
            f"an interaction's note is at most {MAX_TEXT:,} characters (this one has {len(text):,})"
        )
    return text


def get_interaction(session: Session, ref: str | int) -> Interaction:
    """The interaction numbered ``ref`` ("12", "#12" or 12), as ``kith interactions`` lists them."""
    return get_numbered(session, Interaction, ref, "interaction", "kith interactions")


@undoable(lambda ref, **_: f"correct interaction #{ref_number(ref)}")
def edit_interaction(
    session: Session,
    ref: str | int,
    *,
    now: datetime,
    kind: str | Keep = KEEP,
    when: datetime | Keep = KEEP,
    add: Sequence[Person] = (),
    remove: Sequence[Person] = (),
    direction: str | Keep = KEEP,
    duration_s: int | None | Keep = KEEP,
    summary: str | None | Keep = KEEP,
    notes: str | None | Keep = KEEP,
) -> dict:
    """Correct an interaction and return its record: its kind (and so its channel), time (not in the
    future), people (``add``, ``remove``; someone besides the user stays), direction, duration, summary
    and notes. KEEP leaves a field as it is; None clears a duration, a summary or notes. Everything is
    checked before anything changes, so a refused correction changes nothing."""
    interaction = get_interaction(session, ref)
    changes = (kind, when, direction, duration_s, summary, notes)
    if all(value is KEEP for value in changes) and not add and not remove:
        raise BadInput(
            "nothing to change: say what to correct (kind, when, people, direction, duration or notes)"
        )
    before = {p.id for p in interaction.participants}
    new_kind, new_channel = interaction.kind, interaction.channel
    if not isinstance(kind, Keep):
        new_kind, new_channel = channel_for_kind(kind)
        if new_kind == interaction.kind:  # the same kind again keeps the channel it was stored with
            new_channel = interaction.channel
    new_when = interaction.occurred_at if isinstance(when, Keep) else when
    if new_when != interaction.occurred_at and new_when > now + LEEWAY:
        raise BadInput(f"an interaction cannot be in the future ({new_when:%Y-%m-%d %H:%M} UTC is after now)")
    if not isinstance(direction, Keep):
        _check_direction(direction)
    if not isinstance(duration_s, Keep):
        _check_duration(duration_s)
    _check_people([*add, *remove], named_only=True)
    adding, removing = {p.id: p for p in add}, {p.id: p for p in remove}
    for pid in adding.keys() & removing.keys():
        raise BadInput(f"{adding[pid].name} cannot be both added to and removed from an interaction")
    for pid, person in removing.items():
        if pid not in before:
            raise BadInput(f"{person.name} was not in interaction #{interaction.id}")
    after = (before | adding.keys()) - removing.keys()
    if not after:
        raise BadInput(f"{NEEDS_SOMEONE}; add someone else first")

    moved = new_when != interaction.occurred_at or new_channel != interaction.channel
    ties = moved or after != before
    interaction.kind, interaction.channel, interaction.occurred_at = new_kind, new_channel, new_when
    if not isinstance(direction, Keep):
        ties = ties or direction != interaction.direction
        interaction.direction = direction
    if not isinstance(duration_s, Keep):
        ties = ties or duration_s != interaction.duration_s
        interaction.duration_s = duration_s
    if not isinstance(summary, Keep):
        interaction.summary = _text(summary)
    if not isinstance(notes, Keep):
        interaction.notes = _notes(notes)
    part = InteractionParticipant
    if removing:
        session.execute(
            delete(part).where(part.interaction_id == interaction.id, part.person_id.in_(list(removing)))
        )
    if moved:  # the participant rows' copies of the time and channel follow the interaction
        session.execute(
            update(part)
            .where(part.interaction_id == interaction.id)
            .values(occurred_at=new_when, channel=new_channel)
        )
    session.add_all(
        part(interaction_id=interaction.id, person_id=pid, occurred_at=new_when, channel=new_channel)
        for pid in sorted(adding.keys() - before)
    )
    session.flush()
    session.expire(interaction, ["participants"])
    history_changed(session, before | after, ties=ties)
    return interaction_record(interaction)


@undoable(lambda ref, **_: f"delete interaction #{ref_number(ref)}")
def delete_interaction(session: Session, ref: str | int) -> dict:
    """Delete an interaction and return its record as it was. A promise made in it stays (it is no
    longer tied to the interaction)."""
    interaction = get_interaction(session, ref)
    record = interaction_record(interaction)
    session.delete(interaction)  # its participant rows go with it (ON DELETE CASCADE)
    session.flush()
    history_changed(session, [p["id"] for p in record["participants"]], ties=True)
    return record


@dataclass
class InteractionEdit:
    """A correction as typed (the options of ``kith interaction edit``, the edit form, the body of
    ``PATCH /api/interactions/{id}``): dates as kith reads them, people by name, email or #id, a duration
    in minutes. KEEP leaves a field as it is; None clears a duration, a summary or notes."""

    kind: str | Keep = KEEP
    when: str | Keep = KEEP
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    direction: str | Keep = KEEP
    duration_minutes: int | None | Keep = KEEP
    summary: str | None | Keep = KEEP
    notes: str | None | Keep = KEEP


def correct_interaction(session: Session, ref: str | int, typed: InteractionEdit, *, now: datetime) -> dict:
    """Read a correction as typed and make it (``edit_interaction``): the one reading of dates, names and
    minutes behind the CLI, the form and the API."""
    from kith.people.lookup import resolve
    from kith.when import parse_when

    minutes = typed.duration_minutes
    return edit_interaction(
        session,
        ref,
        now=now,
        kind=typed.kind,
        when=typed.when if isinstance(typed.when, Keep) else parse_when(typed.when, now, past_only=True),
        add=[resolve(session, name) for name in typed.add],
        remove=[resolve(session, name) for name in typed.remove],
        direction=typed.direction,
        duration_s=minutes * 60 if isinstance(minutes, int) else minutes,
        summary=typed.summary,
        notes=typed.notes,
    )
