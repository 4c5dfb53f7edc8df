"""Agenda items and the settings the rules read.

Every item has a stable id (``KIND:PERSON_ID``, ``commitment:ID``, or ``new-roles:0`` for the one item
that gathers congratulations to connections never contacted), a reason in plain words, an action, a
channel, a priority (0 to 100, higher first), a due time and the people it is about. ``since`` is when the item's
current occurrence began: a done or dismissed mark made after it hides the item until a new occurrence
(a new job change, a new last contact...) begins. The rules that make them are in ``rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kith.channels import LOG_KIND
from kith.store import settings as stored_settings

if TYPE_CHECKING:
    from kith.agenda.facts import PersonFacts

#: keep-in-touch cadence in days for each circle (None: no keep-in-touch reminders)
CADENCES: dict[str, int | None] = {
    "intimate": 14,
    "close": 30,
    "friends": 60,
    "meaningful": 90,
    "acquaintance": 180,
    "dormant": None,
    "collected": None,
}

KINDS = (
    "commitment",
    "reply",
    "follow-up",
    "job-change",
    "fading",
    "give-first",
    "keep-in-touch",
    "richer-step",
    "resurface",
    "birthday",
    "anniversary",
    "new-roles",
    "intro-thanks",
    "intro-contact",
    "job-step",
    "job-interview",
    "job-balance",
    "colleague-ask",
)
#: channels where both sides are there at once: in person, video, phone (the "meet or call" items)
LIVE_CHANNELS = ("in_person", "video", "call")
#: kinds of item that a like or a one-line message could do (congratulations), listed after the rest
LIGHT_KINDS = ("job-change", "new-roles")


@dataclass
class AgendaItem:
    """One suggested action for the week."""

    id: str
    kind: str
    #: None for an item about several people (``new-roles``): ``people`` lists them
    person_id: int | None
    person: str
    reason: str
    action: str
    channel: str
    priority: int
    due: datetime
    since: datetime
    liked: bool | None = None
    extra: dict = field(default_factory=dict)
    #: (id, name, what is new) of each person a group item is about
    group: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def live(self) -> bool:
        """A reason to meet in person or talk (in person, video or phone), not to write."""
        return self.channel in LIVE_CHANNELS

    @property
    def light(self) -> bool:
        """Could be done with a like or a line: listed after everything that builds the tie more."""
        return self.kind in LIGHT_KINDS and not self.live

    def record(self) -> dict:
        """The JSON shape (``kith agenda --json``)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "person": self.person,
            "person_id": self.person_id,
            "reason": self.reason,
            "action": self.action,
            "channel": self.channel,
            # what to log once it is done: the kind the log form starts with
            "log_kind": LOG_KIND.get(self.channel, "coffee"),
            "priority": self.priority,
            # whole seconds: items due "now" would otherwise carry the clock's microseconds
            "due": self.due.replace(microsecond=0).isoformat(),
            "liked": self.liked,
            # in person, video or phone: what the report counts as the week's real contact
            "in_person_or_call": self.live,
            "people": [{"id": pid, "name": name, "news": news} for pid, name, news in self.group]
            if self.group
            else [{"id": self.person_id, "name": self.person, "news": None}],
        }


@dataclass
class Rules:
    """The user's agenda settings (``agenda.*`` in ``kith.store.settings``)."""

    size: int = stored_settings.default("agenda.size")
    follow_up_days: int = stored_settings.default("agenda.follow_up_days")
    cadences: dict[str, int | None] = field(default_factory=lambda: dict(CADENCES))


# ----------------------------------------------------------------- what every rule builds an item with

#: how far ahead an item is listed before it is due
HORIZON_DAYS = 7
#: priority added for people the user likes, taken for people they do not enjoy
LIKED_BONUS = 15
DISLIKED_PENALTY = 10
#: priority added to a reason to meet in person or talk (video, phone)
LIVE_BONUS = {"in_person": 10, "video": 8, "call": 8}
#: base priority of each kind; each rule adds up to about 15 for urgency or value (see the rule)
BASE = {
    "commitment": 75,
    "reply": 55,
    "follow-up": 50,
    "fading": 45,
    "give-first": 40,
    "keep-in-touch": 35,
    "job-change": 35,
    "richer-step": 30,
    "resurface": 20,
    "new-roles": 20,
    "intro-thanks": 60,
    "intro-contact": 65,
    "job-step": 70,  # a search under way: its next step comes before the rhythm of keeping in touch
    "job-interview": 80,
    "job-balance": 75,
    "colleague-ask": 60,
}


def days_between(delta: timedelta) -> int:
    """Whole days in ``delta``, rounded down."""
    return int(delta.total_seconds() // 86400)


def person_item(p: PersonFacts, kind: str, priority: float, **fields) -> AgendaItem:
    """An item about one person, its priority moved by whether the user likes them and by a reason to
    meet or call."""
    bonus = LIKED_BONUS if p.liked else -DISLIKED_PENALTY if p.liked is False else 0
    bonus += LIVE_BONUS.get(fields["channel"], 0)
    return AgendaItem(
        id=f"{kind}:{p.id}",
        kind=kind,
        person_id=p.id,
        person=p.name,
        priority=max(0, min(100, round(priority + bonus))),
        liked=p.liked,
        **fields,
    )
