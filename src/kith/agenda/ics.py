"""The agenda as an iCalendar feed (RFC 5545) that a calendar app can subscribe to.

Each item becomes an all-day event on its due date (overdue items on the feed's own date, so they stay
in sight; a birthday or an anniversary on its day), with the action as the summary and the reason as
the description. The event's UID is the item's stable id, so a refreshed feed updates events rather
than duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from kith.agenda.items import AgendaItem
from kith.channels import CHANNEL_LABELS


def agenda_ics(items: Iterable[AgendaItem], *, generated_at: datetime | None = None) -> bytes:
    """The items as an iCalendar feed (bytes); ``generated_at`` defaults to kith's clock."""
    from icalendar import Calendar, Event

    if generated_at is None:
        from kith.clock import now

        generated_at = now()
    calendar = Calendar()
    calendar.add("prodid", "-//kith//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "kith agenda")
    for item in items:
        day = max(item.due, generated_at).date()
        event = Event()
        event.add("uid", f"{item.id}@kith")
        event.add("dtstamp", generated_at)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{item.person}: {item.action}")
        channel = CHANNEL_LABELS.get(item.channel, item.channel)
        event.add("description", f"{item.reason}\nChannel: {channel}. Item: {item.id}")
        event.add("categories", [item.kind])
        # RFC 5545 priority: 1 is the highest, 9 the lowest
        event.add("priority", max(1, min(9, 10 - (item.priority + 9) // 10)))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
