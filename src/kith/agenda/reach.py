"""Items from reaching further: thanking who introduced you and the first contact with whom they
introduced you to (``kith.reach.intros``), each until an interaction with that person is logged after
the introduction; and the job search's (``kith.job``): each active target's next step (``job-interview``
when it is to prepare for an interview booked ahead: due at the interview, one item per interview, so a
mark on one leaves the next), and this week's advice when online applications outnumber conversations. ``rules.candidates`` gathers them.

An introduction is time-sensitive: a warm introduction cools in days. For ``FRESH_INTRO_DAYS`` after it
was made, its two items get ``FRESH_INTRO_BONUS`` more priority, which puts them above any promise,
overdue or not (a promise is at most ``BASE["commitment"]`` + 10), but one to someone the user likes
(``items.LIKED_BONUS`` moves any item), and their reason says why; after that
they rank as their kind's base (``items.BASE``).

One thing to do is one item: a target's next step that is the first contact an introduction already
proposes is left out, and so is one that is following up an introduction asked while its promise to
follow up is open (the promise is the item, due when you said; marking it done keeps the promise)."""

from __future__ import annotations

from datetime import datetime, timedelta

from kith.agenda.facts import Facts
from kith.agenda.items import BASE, HORIZON_DAYS, AgendaItem, person_item

#: an introduction's items rank above every promise for this many days after it was made
FRESH_INTRO_DAYS = 7
#: ... by this much more priority than their kind's base
FRESH_INTRO_BONUS = 30


def reach_items(facts: Facts) -> list[AgendaItem]:
    """The introductions' items and the job search's; a target's next step that an introduction's item
    or an open promise already is, is left out (one item, not two, for one thing to do)."""
    intros = intro_items(facts)
    contacted = {i.person_id for i in intros if i.kind == "intro-contact"}
    promised = {c.id for c in facts.commitments}
    return intros + [
        i
        for i in job_items(facts)
        if i.kind != "job-step"
        or (i.person_id not in contacted and i.extra.get("promise_id") not in promised)
    ]


def intro_items(facts: Facts) -> list[AgendaItem]:
    """``intro-thanks`` (thank who introduced you) and ``intro-contact`` (the first contact), per
    introduction made, until you are in touch with that person after it."""
    items = []
    for intro in facts.intros:
        via, target = facts.people.get(intro.via_id), facts.people.get(intro.target_id)
        if via is None or target is None:
            continue
        day = f"{intro.made_at:%Y-%m-%d}"
        thanks = (
            via,
            "intro-thanks",
            "message",
            f"{via.name} introduced you to {target.name} on {day}.",
            f"Thank {via.name} for introducing you to {target.name}",
        )
        contact = (
            target,
            "intro-contact",
            "call",
            f"{via.name} introduced you on {day}: make the first contact while it is fresh.",
            f"First contact with {target.name}: {via.name} introduced you on {day}",
        )
        fresh = facts.as_of - intro.made_at < timedelta(days=FRESH_INTRO_DAYS)
        for p, kind, channel, reason, action in (thanks, contact):
            if p.last is not None and p.last > intro.made_at:
                continue  # in touch since: done
            if fresh:
                reason += " A fresh introduction cools in days: do it this week."
            item = person_item(
                p,
                kind,
                BASE[kind] + (FRESH_INTRO_BONUS if fresh else 0),
                reason=reason,
                action=action,
                channel=channel,
                due=intro.made_at + timedelta(days=2),
                since=intro.made_at,
            )
            item.id = f"{kind}:{intro.id}"
            items.append(item)
    return items


def job_items(facts: Facts) -> list[AgendaItem]:
    """``job-step`` per active target company and ``job-balance`` for a week of applications without
    enough conversations."""
    if facts.job is None:
        return []
    items = []
    for step in facts.job.steps:
        if step.interview_id is not None and step.interview_at is not None:
            items.append(_interview_item(facts, step, step.interview_id, step.interview_at))
            continue
        # with someone: a call, ranked like any item about them; else a note to the company's people
        item = _step_item(facts, step, "job-step", facts.as_of + timedelta(days=HORIZON_DAYS), "email")
        item.id = f"job-step:{step.target_id}"
        item.extra["promise_id"] = step.promise_id
        items.append(item)
    week = facts.job.week
    if week["advice"]:
        from kith.job.report import week_start

        start = week_start(facts.as_of)
        iso = start.isocalendar()
        items.append(
            AgendaItem(
                id=f"job-balance:{iso.year * 100 + iso.week}",
                kind="job-balance",
                person_id=None,
                person="Your job search",
                reason="The network is a job seeker's advantage: talk to people before you apply online.",
                action=week["advice"],
                channel="call",
                priority=BASE["job-balance"],
                due=start + timedelta(days=6),
                since=start,
            )
        )
    return items


def _interview_item(facts: Facts, step, interview_id: int, at: datetime) -> AgendaItem:
    """``job-interview``: an interview booked ahead, to prepare for (one item per interview, due at it)."""
    item = _step_item(facts, step, "job-interview", at, "call")
    item.id = f"job-interview:{interview_id}"
    return item


def _step_item(facts: Facts, step, kind: str, due: datetime, channel: str) -> AgendaItem:
    """A job search's next step as an item of ``kind``: about its person when it has one (a call, ranked
    like any item about them), else about the company, by ``channel``; its id is the caller's to give."""
    fields: dict = {
        "reason": f"Your job search at {step.company}: {step.why}.",
        "action": step.text,
        "due": due,
        "since": step.since,
    }
    p = facts.people.get(step.person_id) if step.person_id is not None else None
    if p is not None:  # shown after their name: the step's words without it
        return person_item(
            p, kind, BASE[kind], channel="call", **{**fields, "action": step.beside_name or step.text}
        )
    return AgendaItem(
        id="",
        kind=kind,
        person_id=None,
        person=step.company,
        channel=channel,
        priority=BASE[kind],
        **fields,
    )


def colleague_ask_items(facts: Facts) -> list[AgendaItem]:
    """``colleague-ask``: a colleague asked you (on a team's server) to introduce them to someone of
    yours; one item per open request, until you accept or decline it."""
    items = []
    for ask in facts.colleague_asks:
        person = facts.people.get(ask["local_id"])
        if person is None:
            continue
        asked = datetime.fromisoformat(ask["asked_at"])
        note = f": {ask['note']}" if ask["note"] else ""
        end = "" if note.endswith((".", "!", "?")) else "."
        item = person_item(
            person,
            "colleague-ask",
            BASE["colleague-ask"],
            reason=f"{ask['from']} asked you on {asked:%Y-%m-%d} to introduce them to {person.name}{note}{end}",
            action=f"Introduce {ask['from']} to {person.name}, or answer the request on the Team tab",
            channel="email",
            due=asked,
            since=asked,
        )
        item.id = f"colleague-ask:{ask['id']}"
        items.append(item)
    return items
