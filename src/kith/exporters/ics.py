"""Interactions and open commitments as an iCalendar file.

Each interaction is an event (its kind and people as the title, its channel as category, the people
with an email as attendees); each open commitment with a due date is a to-do due then. UIDs are stable
(``kith-interaction-ID``, ``kith-commitment-ID``), so importing the file again into a calendar updates
rather than duplicates.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kith.channels import CHANNEL_LABELS
from kith.store.schema import Commitment, Interaction, Person


def export(session: Session, now: datetime | None = None) -> str:
    """The calendar text (VEVENTs for interactions, VTODOs for due open commitments)."""
    from icalendar import Calendar, Event, Todo, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", "-//kith//kith export//EN")
    cal.add("version", "2.0")
    interactions = session.scalars(
        select(Interaction)
        .options(selectinload(Interaction.participants).selectinload(Person.identities))
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    for interaction in interactions:
        names = ", ".join(p.name for p in interaction.participants)
        event = Event()
        event.add("uid", f"kith-interaction-{interaction.id}")
        event.add("dtstamp", interaction.created_at or interaction.occurred_at)
        event.add("dtstart", interaction.occurred_at)
        if interaction.duration_s:
            with suppress(OverflowError):  # a duration running past the year 9999: the start alone
                event.add("dtend", interaction.occurred_at + timedelta(seconds=interaction.duration_s))
        event.add("summary", f"{interaction.kind} with {names}" if names else interaction.kind)
        details = "\n\n".join(t for t in (interaction.summary, interaction.notes) if t)
        if details:
            event.add("description", details)
        event.add("categories", [CHANNEL_LABELS.get(interaction.channel, interaction.channel)])
        for person in interaction.participants:
            emails = person.emails()
            if emails:
                attendee = vCalAddress(f"mailto:{emails[0]}")
                attendee.params["cn"] = vText(person.name)
                event.add("attendee", attendee, encode=False)
        cal.add_component(event)
    commitments = session.scalars(
        select(Commitment)
        .where(Commitment.done_at.is_(None), Commitment.due_at.is_not(None))
        .options(selectinload(Commitment.person))
        .order_by(Commitment.due_at, Commitment.id)
    )
    for commitment in commitments:
        todo = Todo()
        todo.add("uid", f"kith-commitment-{commitment.id}")
        todo.add("dtstamp", commitment.created_at)
        todo.add("due", commitment.due_at)
        who = commitment.person.name
        promise = f"promised to {who}" if commitment.owed_by == "me" else f"{who} promised"
        todo.add("summary", f"{commitment.text} ({promise})")
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")
