"""The agenda's rules: each turns the facts about the user's ties into suggested actions for the week.

The kinds of item (``items.KINDS``; those from an occasion (a job change, a promise, a birthday) are built
in ``occasions`` and gathered here by ``candidates``):

- ``follow-up``: follow up after you meet, and after you connect:
  * a FIRST real meeting (in person, video or a call) in the last ``MET_FOLLOW_UP_DAYS`` with nothing
    from the user since: thank them and send what was promised, due ``PROMPT_DAYS`` after meeting; the
    promises made at that meeting travel with it (``without_carried``: not listed twice; marking the
    follow-up done keeps them too);
  * an invitation accepted in kith (``kith invitations accept``) with no interaction since: write
    back, due ``PROMPT_DAYS`` after accepting;
  * any other new connection (made within ``FOLLOW_UP_WINDOW_DAYS``) with no interaction since,
    ``follow_up_days`` (default 7) after connecting: reach out.
- ``reply``: their email or message (inbound), ``REPLY_AFTER_DAYS`` old or more and under
  ``RECENT_DAYS``, with nothing written, said or met from the user since (a like is no answer).
- ``keep-in-touch``: the last contact is a cadence ago; the cadence is the person's own (``kith edit NAME
  --cadence DAYS``), else the tie's rhythm learned from its history (its usual gap, once it has enough
  contacts: ``kith.strength.engine.usual_gap_days``), else the circle's (``CADENCES``); listed from
  ``HORIZON_DAYS`` before it is due. Circles with no cadence (dormant, collected) get none.
  Any logged interaction resets it; marking it done counts as a contact for the next cycle.
- ``fading``: strength fell to at most ``FADING_RATIO`` of what it was ``FADING_LOOKBACK_DAYS`` ago and
  by at least ``FADING_DROP``, from a tie that mattered (at least ``FADING_MIN_BEFORE``).
- ``job-change``: a recent job change (``LifeEvent`` kind ``job_change``) with no contact since:
  congratulate; by phone for a relationship (the intimate to meaningful circles), by message otherwise.
- ``new-roles``: the job changes of collected connections (no real contact ever: only likes or
  nothing), two or more, fold into ONE item (``new-roles:0``) with their count and names: a
  congratulation is a natural first message, a chance to start a relationship. A single one stays a
  ``job-change`` item that says so.
- ``commitment``: something the user promised, due within ``HORIZON_DAYS`` or overdue.
- ``resurface``: a dormant tie (no contact for a year) with long tenure (``RESURFACE_TENURE_YEARS``) and
  value in its history (favours, or ``RESURFACE_MIN_INTERACTIONS`` interactions): you never know.
- ``give-first``: the user received more favours from someone than they gave, and the last favour
  between them is under ``GIVE_FIRST_RECENT_DAYS`` old.
- ``richer-step``: an ongoing tie (``RICHER_MIN_YEAR`` contacts in the past year, the last within
  ``RICHER_RECENT_DAYS``) that never went beyond writing (suggest a call) or beyond calls (suggest a
  coffee).

Priority: a base per kind (``BASE``: a promise first, then a reply owed, a follow-up (one after a
first meeting at ``AFTER_MEETING``, just under a promise), a fading tie,
giving back, keeping in touch, a job change, a richer step, a dormant tie, the new roles) plus up to
about 15 for urgency (days overdue) or value (strength, favours, tenure), as each rule says, plus
``LIVE_BONUS`` for a reason to meet or call (in person, video, phone). An introduction made in the last
week is time-sensitive: its thanks and first contact rank above every promise but one to someone liked (``reach.FRESH_INTRO_DAYS``,
``reach.FRESH_INTRO_BONUS``), and their reason says so. The list reads like the advice:
everything that builds a tie comes first, and what a like could do (congratulations by message,
``items.LIGHT_KINDS``) after it, whatever its priority.

A person gets at most one "reach out" item (reply, follow-up, keep-in-touch, fading, resurface,
richer-step): the one with the highest priority. People the user likes get ``LIKED_BONUS`` more
priority; people the user said they do not enjoy get ``DISLIKED_PENALTY`` less.

A keep-in-touch item never suggests a like: a tie kept only by reactions gets a message.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from kith.agenda.facts import FADING_LOOKBACK_DAYS, LIVE_CHANNELS, Facts, PersonFacts
from kith.agenda.items import BASE, HORIZON_DAYS, AgendaItem, Rules, days_between, person_item
from kith.agenda.occasions import commitment_items, job_change_items, yearly_date_items
from kith.agenda.reach import colleague_ask_items, reach_items
from kith.channels import CHANNEL_LABELS, CHANNELS
from kith.wording import ago, count

FOLLOW_UP_WINDOW_DAYS = 60
#: after a first meeting or an accepted invitation, follow up within this many days
PROMPT_DAYS = 2
#: a first meeting is followed up for this long (after that a thank-you is stale)
MET_FOLLOW_UP_DAYS = 7
#: their email or message unanswered this long becomes a reply to write
REPLY_AFTER_DAYS = 3
FADING_RATIO = 0.7
FADING_DROP = 0.10
FADING_MIN_BEFORE = 0.3
RESURFACE_DORMANT_DAYS = 365
RESURFACE_TENURE_YEARS = 3
RESURFACE_MIN_INTERACTIONS = 5
RICHER_MIN_YEAR = 3
RICHER_RECENT_DAYS = 90
GIVE_FIRST_RECENT_DAYS = 365

REACH_OUT = ("reply", "follow-up", "keep-in-touch", "fading", "resurface", "richer-step")
#: the ways of reaching out that answer something owed (a message, a first meeting), not a rhythm
OWED = ("reply", "follow-up")
#: base priority of a follow-up after a first meeting: it cannot wait (a thank-you is due in days)
AFTER_MEETING = 70
WRITTEN = ("social", "message", "email")
#: written channels that can answer someone (a like cannot)
LETTERS = ("email", "message")
#: the next richer step: message -> call -> coffee
NEXT_STEP = {"social": "call", "message": "call", "email": "call", "call": "in_person", "video": "in_person"}
CIRCLE_WEIGHT = {"intimate": 12, "close": 10, "friends": 6, "meaningful": 3}
PLATFORMS = {"linkedin": "LinkedIn", "github": "GitHub"}


def _richest(p: PersonFacts) -> str | None:
    return next((c for c in CHANNELS if c in p.channels), None)


def _label(channel: str) -> str:
    return "coffee (in person)" if channel == "in_person" else CHANNEL_LABELS.get(channel, channel)


def follow_up(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    """Follow up after a first meeting, an accepted invitation or a new connection (first that applies)."""
    return after_meeting(p, facts) or after_connecting(p, facts, rules)


def _answered_since(p: PersonFacts, since: datetime) -> bool:
    """True when, after ``since``, the user wrote to them or they talked (a like is no answer)."""
    return any(
        c.at > since and (c.channel in LIVE_CHANNELS or (c.direction != "inbound" and c.channel in LETTERS))
        for c in p.recent
    )


def after_meeting(p: PersonFacts, facts: Facts) -> AgendaItem | None:
    met = p.first_met
    if met is None:
        return None
    when, channel = met
    age = days_between(facts.as_of - when)
    if age >= MET_FOLLOW_UP_DAYS or _answered_since(p, when):
        return None
    # what was promised at that meeting travels with the follow-up (one item, not two)
    carried = [
        c
        for c in facts.commitments
        if c.person_id == p.id and abs((c.created_at - when).total_seconds()) < 86400
    ]
    promised = [c.text for c in carried]
    send = f" and send what you promised: {'; '.join(promised)}" if promised else ""
    how = "in person" if channel == "in_person" else f"by {CHANNEL_LABELS[channel]}"
    item = person_item(
        p,
        "follow-up",
        AFTER_MEETING + min(age, 5) + (5 if promised else 0),
        reason=f"You met for the first time {ago(when, facts.as_of)} ({how}, {when:%Y-%m-%d}). "
        f"Follow up within a couple of days: thank them{send}.",
        action="Follow up: thank them"
        + (", send what you promised" if promised else "")
        + ", suggest a next step",
        channel="email",
        due=when + timedelta(days=PROMPT_DAYS),
        since=when,
    )
    if carried:
        item.extra["commitment_ids"] = [c.id for c in carried]
    return item


def after_connecting(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    if p.connected_on is None:
        return None
    connected = datetime.combine(p.connected_on, time(0, 0), tzinfo=UTC)
    age = days_between(facts.as_of - connected)
    accepted = p.connection_source == "invitation"
    wait = 0 if accepted else rules.follow_up_days
    if age < wait or age > FOLLOW_UP_WINDOW_DAYS:
        return None
    if p.last is not None and p.last >= connected:
        return None
    where = f"on {PLATFORMS.get(p.platform, p.platform.capitalize())}" if p.platform else ""
    if accepted:
        return person_item(
            p,
            "follow-up",
            BASE["follow-up"] + min(age, 10),
            reason=f"You accepted their invitation {where} on {p.connected_on:%Y-%m-%d}; a connection is "
            "not a relationship yet: write back within a couple of days.".replace("  ", " "),
            action="Write back: thank them for the invitation and suggest a call or a coffee",
            channel="message",
            due=connected + timedelta(days=PROMPT_DAYS),
            since=connected,
        )
    return person_item(
        p,
        "follow-up",
        BASE["follow-up"] + min(age - rules.follow_up_days, 10),
        reason=f"You connected {where} {count(age, 'day')} ago ({p.connected_on:%Y-%m-%d}) and have not been "
        "in touch since; a connection is not a relationship yet.".replace("  ", " "),
        action="Send a short note: where you met and something worth talking about",
        channel="message",
        due=connected + timedelta(days=rules.follow_up_days),
        since=connected,
    )


def reply(p: PersonFacts, facts: Facts, rules: Rules) -> AgendaItem | None:
    written = [c for c in p.recent if c.direction == "inbound" and c.channel in LETTERS]
    if not written:
        return None
    last = written[-1]
    age = days_between(facts.as_of - last.at)
    if age < REPLY_AFTER_DAYS or _answered_since(p, last.at):
        return None
    what = "an email" if last.channel == "email" else "a message"
    return person_item(
        p,
        "reply",
        BASE["reply"] + min(age - REPLY_AFTER_DAYS, 10),
        reason=f"They sent you {what} {ago(last.at, facts.as_of)} ({last.at:%Y-%m-%d}) and have no "
        "answer yet. Answering is the first rule of keeping in touch.",
        action=f"Reply to their {last.channel}" + ("; better still, call them" if age > 7 else ""),
        channel=last.channel,
        due=last.at + timedelta(days=REPLY_AFTER_DAYS),
        since=last.at,
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
    overdue = max(0, days_between(facts.as_of - due))
    why = (
        f"you asked to keep in touch every {count(cadence, 'day')}"
        if p.cadence_days
        else f"you are usually in touch every {count(cadence, 'day')} (your rhythm with them, learned from "
        "your history)"
        if cadence == p.rhythm_days
        else f"you keep in touch with your {p.circle} circle every {count(cadence, 'day')}"
    )
    channel = _richest_recent(p, facts) or "message"
    if channel == "social":  # a like keeps nothing: write to them
        channel = "message"
    return person_item(
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
    return person_item(
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
    quiet = days_between(facts.as_of - p.last)
    known = p.known_since
    if quiet < RESURFACE_DORMANT_DAYS or known is None:
        return None
    tenure = (facts.as_of - known).days / 365.25
    favours = p.given + p.received
    if tenure < RESURFACE_TENURE_YEARS or (favours == 0 and p.count < RESURFACE_MIN_INTERACTIONS):
        return None
    history = count(p.count, "interaction")
    if favours:
        history += f" and {count(favours, 'favour')} exchanged"
    return person_item(
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
    if days_between(facts.as_of - p.last) > RICHER_RECENT_DAYS:
        return None
    so_far = "in writing" if richest in WRITTEN else "by call"
    return person_item(
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
    if days_between(facts.as_of - p.last_favour_at) > GIVE_FIRST_RECENT_DAYS:
        return None
    return person_item(
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


PERSON_RULES = (reply, follow_up, keep_in_touch, fading, resurface, richer_step, give_first)


def candidates(facts: Facts, rules: Rules) -> list[AgendaItem]:
    """Every item the rules find, before marks and the weekly cap, best first."""
    congratulations = job_change_items(facts)
    items = commitment_items(facts) + congratulations + yearly_date_items(facts)
    items += reach_items(facts) + colleague_ask_items(facts)
    # a call to congratulate is the reason to get in touch: no second item to keep in touch with them
    congratulated = {i.person_id for i in congratulations if i.person_id is not None}
    for p in facts.people.values():
        found = [item for rule in PERSON_RULES if (item := rule(p, facts, rules)) is not None]
        if p.id in congratulated:
            found = [i for i in found if i.kind not in REACH_OUT or i.kind in OWED]
        reach = [i for i in found if i.kind in REACH_OUT]
        if reach:
            best = max(reach, key=lambda i: (i.priority, -REACH_OUT.index(i.kind)))
            found = [i for i in found if i.kind not in REACH_OUT or i is best]
        items.extend(found)
    # what builds a tie first; what a like could do after it
    return sorted(items, key=lambda i: (i.light, -i.priority, i.due, i.id))


def without_carried(items: list[AgendaItem]) -> list[AgendaItem]:
    """The items less the promises a follow-up among them carries (done with it)."""
    carried = {f"commitment:{cid}" for item in items for cid in item.extra.get("commitment_ids", ())}
    return [item for item in items if item.id not in carried]


def is_hidden(item: AgendaItem, facts: Facts) -> bool:
    """True when a mark hides the item: snoozed until later, or done/dismissed in this occurrence."""
    mark = facts.marks.get(item.id)
    if mark is None:
        return False
    if mark.state == "snoozed":
        return mark.until is not None and facts.as_of < mark.until
    return mark.marked_at >= item.since
