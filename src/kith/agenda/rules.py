"""The agenda's rules: each turns the facts about the user's ties into suggested actions for the week.

The kinds of item (``items.KINDS``):

- ``follow-up``: a new connection (made within ``FOLLOW_UP_WINDOW_DAYS``) with no interaction since,
  ``follow_up_days`` (default 7) after connecting: reach out.
- ``keep-in-touch``: the last contact is a cadence ago; the cadence is the person's own (``kith edit NAME
  --cadence DAYS``), else the tie's rhythm learned from its history (its usual gap, once it has enough
  contacts: ``kith.strength.engine.usual_gap_days``), else the circle's (``CADENCES``); listed from
  ``HORIZON_DAYS`` before it is due. Circles with no cadence (dormant, collected) get none.
  Any logged interaction resets it; marking it done counts as a contact for the next cycle.
- ``fading``: strength fell to at most ``FADING_RATIO`` of what it was ``FADING_LOOKBACK_DAYS`` ago and
  by at least ``FADING_DROP``, from a tie that mattered (at least ``FADING_MIN_BEFORE``).
- ``job-change``: a recent job change (``LifeEvent`` kind ``job_change``) with no contact since:
  congratulate.
- ``commitment``: something the user promised, due within ``HORIZON_DAYS`` or overdue.
- ``resurface``: a dormant tie (no contact for a year) with long tenure (``RESURFACE_TENURE_YEARS``) and
  value in its history (favours, or ``RESURFACE_MIN_INTERACTIONS`` interactions): you never know.
- ``give-first``: the user received more favours from someone than they gave, and the last favour
  between them is under ``GIVE_FIRST_RECENT_DAYS`` old.
- ``richer-step``: an ongoing tie (``RICHER_MIN_YEAR`` contacts in the past year, the last within
  ``RICHER_RECENT_DAYS``) that never went beyond writing (suggest a call) or beyond calls (suggest a
  coffee).

Priority: a base per kind (``BASE``: a promise first, then a new connection, a fading tie, giving
back, keeping in touch, a job change, a richer step, a dormant tie) plus up to about 15 for urgency
(days overdue) or value (strength, favours, tenure), as each rule says.

A person gets at most one "reach out" item (follow-up, keep-in-touch, fading, resurface, richer-step):
the one with the highest priority. People the user likes get ``LIKED_BONUS`` more priority; people the
user said they do not enjoy get ``DISLIKED_PENALTY`` less.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from kith.agenda.facts import FADING_LOOKBACK_DAYS, Facts, PersonFacts
from kith.agenda.items import AgendaItem, Rules
from kith.channels import CHANNEL_LABELS, CHANNELS
from kith.wording import ago

HORIZON_DAYS = 7
FOLLOW_UP_WINDOW_DAYS = 60
FADING_RATIO = 0.7
FADING_DROP = 0.10
FADING_MIN_BEFORE = 0.3
RESURFACE_DORMANT_DAYS = 365
RESURFACE_TENURE_YEARS = 3
RESURFACE_MIN_INTERACTIONS = 5
RICHER_MIN_YEAR = 3
RICHER_RECENT_DAYS = 90
GIVE_FIRST_RECENT_DAYS = 365
#: a promise this many days overdue is called long overdue
LONG_OVERDUE_DAYS = 30
LIKED_BONUS = 15
DISLIKED_PENALTY = 10

REACH_OUT = ("follow-up", "keep-in-touch", "fading", "resurface", "richer-step")
WRITTEN = ("social", "message", "email")
#: the next richer step: message -> call -> coffee
NEXT_STEP = {"social": "call", "message": "call", "email": "call", "call": "in_person", "video": "in_person"}
CIRCLE_WEIGHT = {"intimate": 12, "close": 10, "friends": 6, "meaningful": 3}
#: base priority of each kind; each rule adds up to about 15 for urgency or value (see the rule)
PLATFORMS = {"linkedin": "LinkedIn", "github": "GitHub"}
BASE = {
    "commitment": 75,
    "follow-up": 50,
    "fading": 45,
    "give-first": 40,
    "keep-in-touch": 35,
    "job-change": 35,
    "richer-step": 30,
    "resurface": 20,
}


def _days(delta: timedelta) -> int:
    return int(delta.total_seconds() // 86400)


def _richest(p: PersonFacts) -> str | None:
    return next((c for c in CHANNELS if c in p.channels), None)


def _label(channel: str) -> str:
    return "coffee (in person)" if channel == "in_person" else CHANNEL_LABELS.get(channel, channel)


def _item(p: PersonFacts, kind: str, priority: float, **fields) -> AgendaItem:
    bonus = LIKED_BONUS if p.liked else -DISLIKED_PENALTY if p.liked is False else 0
    return AgendaItem(
        id=f"{kind}:{p.id}",
        kind=kind,
        person_id=p.id,
        person=p.name,
        priority=max(0, min(100, round(priority + bonus))),
        liked=p.liked,
        **fields,
    )


def follow_up(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    if p.connected_on is None:
        return None
    connected = datetime.combine(p.connected_on, time(0, 0), tzinfo=UTC)
    age = _days(facts.as_of - connected)
    if age < rules.follow_up_days or age > FOLLOW_UP_WINDOW_DAYS:
        return None
    if p.last is not None and p.last >= connected:
        return None
    where = f"on {PLATFORMS.get(p.platform, p.platform.capitalize())}" if p.platform else ""
    return _item(
        p,
        "follow-up",
        BASE["follow-up"] + min(age - rules.follow_up_days, 10),
        reason=f"You connected {where} {age} days ago ({p.connected_on:%Y-%m-%d}) and have not been "
        "in touch since; a connection is not a relationship yet.".replace("  ", " "),
        action="Send a short note: where you met and something worth talking about",
        channel="message",
        due=connected + timedelta(days=rules.follow_up_days),
        since=connected,
    )


def keep_in_touch(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    by_circle = rules.cadences.get(p.circle or "", None)
    cadence = p.cadence_days or (by_circle and p.rhythm_days) or by_circle
    if not cadence or p.last is None:
        return None
    anchor = p.last
    mark = facts.marks.get(f"keep-in-touch:{p.id}")
    if mark is not None and mark.state == "done" and mark.marked_at > anchor:
        anchor = mark.marked_at
    due = anchor + timedelta(days=cadence)
    if due > facts.as_of + timedelta(days=HORIZON_DAYS):
        return None
    overdue = max(0, _days(facts.as_of - due))
    why = (
        f"you asked to keep in touch every {cadence} days"
        if p.cadence_days
        else f"you are usually in touch every {cadence} days (your rhythm with them, learned from "
        "your history)"
        if cadence == p.rhythm_days
        else f"you keep in touch with your {p.circle} circle every {cadence} days"
    )
    channel = _richest_recent(p, facts) or "message"
    return _item(
        p,
        "keep-in-touch",
        BASE["keep-in-touch"] + CIRCLE_WEIGHT.get(p.circle or "", 0) + min(overdue * 10 / cadence, 10),
        reason=f"Last in touch {ago(p.last, facts.as_of)} ({p.last:%Y-%m-%d}); {why}.",
        action=f"Get in touch: {_label(channel)}",
        channel=channel,
        due=due,
        since=due,
    )


def _richest_recent(p: PersonFacts, facts: Facts) -> str | None:
    year_ago = facts.as_of - timedelta(days=365)
    return next((c for c in CHANNELS if c in p.channels and p.channels[c][2] > year_ago), None)


def fading(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    before, now = p.strength_before, p.strength
    if before is None or now is None or before < FADING_MIN_BEFORE:
        return None
    if now > before * FADING_RATIO or before - now < FADING_DROP:
        return None
    channel = "in_person" if "in_person" in p.channels else "call"
    last = f"; last in touch {ago(p.last, facts.as_of)}" if p.last else ""
    return _item(
        p,
        "fading",
        BASE["fading"] + min((before - now) * 50, 15),
        reason=f"Your tie is fading: strength fell from {before:.2f} to {now:.2f} in the last "
        f"{FADING_LOOKBACK_DAYS} days{last}. Worth saving.",
        action=f"Suggest a catch-up: {_label(channel)}",
        channel=channel,
        due=facts.as_of,
        since=p.last or facts.as_of - timedelta(days=FADING_LOOKBACK_DAYS),
    )


def resurface(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    if p.last is None or p.circle not in (None, "dormant"):
        return None
    quiet = _days(facts.as_of - p.last)
    known = p.known_since
    if quiet < RESURFACE_DORMANT_DAYS or known is None:
        return None
    tenure = (facts.as_of - known).days / 365.25
    favours = p.given + p.received
    if tenure < RESURFACE_TENURE_YEARS or (favours == 0 and p.count < RESURFACE_MIN_INTERACTIONS):
        return None
    history = f"{p.count} interactions"
    if favours:
        history += f" and {favours} favour{'s' if favours != 1 else ''} exchanged"
    return _item(
        p,
        "resurface",
        BASE["resurface"] + min(favours * 3, 9) + min(tenure, 6),
        reason=f"Dormant: last in touch {ago(p.last, facts.as_of)}, but you go back {tenure:.0f} years "
        f"({history}). You never know.",
        action="Send a friendly note: what you are up to, and ask about them",
        channel="email",
        due=facts.as_of,
        since=p.last,
    )


def richer_step(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    richest = _richest(p)
    step = NEXT_STEP.get(richest or "")
    if richest is None or step is None or p.last is None or p.count_year < RICHER_MIN_YEAR:
        return None
    if _days(facts.as_of - p.last) > RICHER_RECENT_DAYS:
        return None
    so_far = "in writing" if richest in WRITTEN else "by call"
    return _item(
        p,
        "richer-step",
        BASE["richer-step"] + min(p.count_year, 10) / 2,
        reason=f"{p.count_year} contacts in the past year, all {so_far}: a richer channel deepens a tie.",
        action=f"Suggest the next step: {_label(step)}",
        channel=step,
        due=facts.as_of + timedelta(days=HORIZON_DAYS),
        since=p.channels[richest][1],
    )


def give_first(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    if p.received <= p.given or p.last_favour_at is None:
        return None
    if _days(facts.as_of - p.last_favour_at) > GIVE_FIRST_RECENT_DAYS:
        return None
    return _item(
        p,
        "give-first",
        BASE["give-first"] + 3 * min(p.received - p.given, 5),
        reason=f"You received {p.received} favour{'s' if p.received != 1 else ''} from them and gave "
        f"{p.given}: give before you ask again.",
        action="Offer something: an intro, an article that fits, or your help",
        channel="email",
        due=facts.as_of + timedelta(days=HORIZON_DAYS),
        since=p.last_favour_at,
    )


PERSON_RULES = (follow_up, keep_in_touch, fading, resurface, richer_step, give_first)


def job_change_items(facts: Facts) -> list[AgendaItem]:
    latest = {event.person_id: event for event in facts.job_changes}
    items = []
    for pid, event in latest.items():
        p = facts.people.get(pid)
        if p is None or (p.last is not None and p.last >= event.occurred_at):
            continue
        items.append(
            _item(
                p,
                "job-change",
                BASE["job-change"] + 40 * (p.strength or 0),
                reason=f"New job, seen {ago(event.occurred_at, facts.as_of)}: {event.summary}.",
                action="Congratulate them on the new role",
                channel="message",
                due=event.occurred_at + timedelta(days=HORIZON_DAYS),
                since=event.occurred_at,
            )
        )
    return items


def commitment_items(facts: Facts) -> list[AgendaItem]:
    items = []
    horizon = facts.as_of + timedelta(days=HORIZON_DAYS)
    for c in facts.commitments:
        p = facts.people.get(c.person_id)
        due = c.due_at or c.created_at + timedelta(days=HORIZON_DAYS)
        if p is None or due > horizon:
            continue
        late = _days(facts.as_of - due)
        when = (
            f"overdue by {late} day{'s' if late != 1 else ''}"
            if late >= 1
            else "due today"
            if facts.as_of >= due or due.date() == facts.as_of.date()
            else f"due {due:%Y-%m-%d}"
        )
        priority = (
            BASE["commitment"] + min(late, 10)
            if late >= 1
            else BASE["commitment"] - 5 - _days(due - facts.as_of)
        )
        item = _item(
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


def candidates(facts: Facts, rules: Rules) -> list[AgendaItem]:
    """Every item the rules find, before marks and the weekly cap, best first."""
    items = commitment_items(facts) + job_change_items(facts)
    for p in facts.people.values():
        found = [item for rule in PERSON_RULES if (item := rule(p, facts, rules)) is not None]
        reach = [i for i in found if i.kind in REACH_OUT]
        if reach:
            best = max(reach, key=lambda i: (i.priority, -REACH_OUT.index(i.kind)))
            found = [i for i in found if i.kind not in REACH_OUT or i is best]
        items.extend(found)
    return sorted(items, key=lambda i: (-i.priority, i.due, i.id))


def is_hidden(item: AgendaItem, facts: Facts) -> bool:
    """True when a mark hides the item: snoozed until later, or done/dismissed in this occurrence."""
    mark = facts.marks.get(item.id)
    if mark is None:
        return False
    if mark.state == "snoozed":
        return mark.until is not None and facts.as_of < mark.until
    return mark.marked_at >= item.since
