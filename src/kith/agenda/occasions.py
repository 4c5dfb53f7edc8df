"""Items that come from an occasion rather than from the rhythm of a tie: a job change (congratulate;
the collected connections' folded into one ``new-roles`` item), a promise coming due, a birthday or an
anniversary ahead. ``rules.candidates`` gathers them with the per-person rules."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from kith.agenda.facts import Facts, PersonFacts
from kith.agenda.items import BASE, HORIZON_DAYS, AgendaItem, days_between, person_item
from kith.birthdays import leap_note, local_day, stored_yearly, when_words
from kith.wording import ago, count

#: circles where a tie is a relationship: congratulate them by phone
RELATIONSHIP_CIRCLES = ("intimate", "close", "friends", "meaningful")
#: the one item that gathers congratulations to connections never contacted (from this many on)
NEW_ROLES_ID = "new-roles:0"
FOLD_FROM = 2
#: names a group item's reason spells out before "and N more"
NAMES_IN_REASON = 3
#: a promise this many days overdue is called long overdue
LONG_OVERDUE_DAYS = 30


def job_change_items(facts: Facts) -> list[AgendaItem]:
    """Congratulations: one item per tie with real contact, and one for all the collected connections."""
    latest = {event.person_id: event for event in facts.job_changes}
    items, collected = [], []
    for pid, event in latest.items():
        p = facts.people.get(pid)
        if p is None or (p.last is not None and p.last >= event.occurred_at):
            continue
        if p.real_count == 0:
            collected.append((p, event))
            continue
        items.append(_congratulate(p, event, facts))
    if len(collected) >= FOLD_FROM:
        items.append(new_rolesperson_item(collected, facts))
    else:
        items.extend(_congratulate(p, event, facts) for p, event in collected)
    return items


def _congratulate(p: PersonFacts, event, facts: Facts) -> AgendaItem:
    """One congratulation: by phone for a relationship, by message otherwise."""
    relationship = p.circle in RELATIONSHIP_CIRCLES
    first = (
        " You have never been in touch: a congratulation is a natural first message, a chance to start "
        "a relationship."
        if p.real_count == 0
        else ""
    )
    return person_item(
        p,
        "job-change",
        BASE["job-change"] + 20 * (p.strength or 0),
        reason=f"New job, seen {ago(event.occurred_at, facts.as_of)}: {event.summary}.{first}",
        action="Call to congratulate them on the new role"
        if relationship
        else "Congratulate them on the new role",
        channel="call" if relationship else "message",
        due=event.occurred_at + timedelta(days=HORIZON_DAYS),
        since=event.occurred_at,
    )


def new_rolesperson_item(collected: list, facts: Facts) -> AgendaItem:
    """The one item for job changes of connections never contacted: a chance to start a relationship."""
    collected.sort(key=lambda pe: (-(pe[1].occurred_at.timestamp()), pe[0].name))
    names = [p.name for p, _ in collected]
    shown = ", ".join(names[:NAMES_IN_REASON])
    more = len(names) - NAMES_IN_REASON
    listed = f"{shown} and {count(more, 'other')}" if more > 0 else shown
    newest = max(event.occurred_at for _, event in collected)
    n = len(collected)
    return AgendaItem(
        id=NEW_ROLES_ID,
        kind="new-roles",
        person_id=None,
        person=count(n, "connection") + " with a new role",
        reason=f"{listed}: {'a connection' if n == 1 else 'connections'} you have never been in touch "
        f"with started a new role. A congratulation is a natural first message: a chance to start a "
        "relationship.",
        action="Pick the ones you would like to know and congratulate them with a personal note",
        channel="message",
        priority=BASE["new-roles"] + min(n, 10),
        due=newest + timedelta(days=HORIZON_DAYS),
        since=newest,
        group=[(p.id, p.name, event.summary or "") for p, event in collected],
    )


def commitment_items(facts: Facts) -> list[AgendaItem]:
    items = []
    horizon = facts.as_of + timedelta(days=HORIZON_DAYS)
    for c in facts.commitments:
        p = facts.people.get(c.person_id)
        due = c.due_at or c.created_at + timedelta(days=HORIZON_DAYS)
        if p is None or due > horizon:
            continue
        late = days_between(facts.as_of - due)
        when = (
            f"overdue by {count(late, 'day')}"
            if late >= 1
            else "due today"
            if facts.as_of >= due or due.date() == facts.as_of.date()
            else f"due {due:%Y-%m-%d}"
        )
        priority = (
            BASE["commitment"] + min(late, 10)
            if late >= 1
            else BASE["commitment"] - 5 - days_between(due - facts.as_of)
        )
        item = person_item(
            p,
            "commitment",
            priority,
            reason=f"You promised on {c.created_at:%Y-%m-%d}: {c.text} ({when})."
            + (" Long overdue: do it now, or tell them it is off." if late > LONG_OVERDUE_DAYS else ""),
            action=c.text,
            channel="email",
            due=due,
            since=c.created_at,
        )
        item.id = f"commitment:{c.id}"
        item.extra["commitment_id"] = c.id
        items.append(item)
    return items


#: birthdays and anniversaries come onto the agenda this many days ahead: within the week, so that "on
#: Friday" can mean one day only
YEARLY_AHEAD_DAYS = 6
#: their base priority (the other kinds' are in ``BASE``): low, so that the birthdays of everyone an
#: address book brought in do not crowd out the week; the tie's strength adds up to 40
YEARLY_BASE = 30


def yearly_date_items(facts: Facts) -> list[AgendaItem]:
    """``birthday`` and ``anniversary``: a person's birthday or anniversary is today or within
    ``YEARLY_AHEAD_DAYS`` (by the user's calendar): send a note or call. 29 February falls on 28
    February in a year without one, and the reason says so. Priority: ``YEARLY_BASE`` plus up to 40 for
    the tie's strength, and 5 more on the day and the day before."""
    today = local_day(facts.as_of)
    items = []
    for p in facts.people.values():
        for kind, stored in (("birthday", p.birthday), ("anniversary", p.anniversary)):
            value = stored_yearly(stored)
            if value is None:
                continue
            day = value.next_on(today)
            if (day - today).days > YEARLY_AHEAD_DAYS:
                continue
            years = value.years_on(day)
            counted = ""
            if years:
                counted = f" They turn {years}." if kind == "birthday" else f" {count(years, 'year')}."
            due = datetime.combine(day, time(12, 0), tzinfo=UTC)
            items.append(
                person_item(
                    p,
                    kind,
                    YEARLY_BASE + 40 * (p.strength or 0) + (5 if (day - today).days <= 1 else 0),
                    reason=f"{p.name}'s {kind} is {when_words(day, today)}{leap_note(value, day)}: "
                    f"send a note or call.{counted}",
                    action=f"Wish them a happy {kind}",
                    channel="message",
                    due=due,
                    since=due - timedelta(days=YEARLY_AHEAD_DAYS + 1),
                )
            )
    return items
