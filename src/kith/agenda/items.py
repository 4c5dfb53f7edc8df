"""Agenda items and the settings the rules read.

Every item has a stable id (``KIND:PERSON_ID``, or ``commitment:ID``), a reason in plain words, an
action, a channel, a priority (0 to 100, higher first) and a due time. ``since`` is when the item's
current occurrence began: a done or dismissed mark made after it hides the item until a new occurrence
(a new job change, a new last contact...) begins. The rules that make them are in ``rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kith.channels import LOG_KIND
from kith.store import settings as stored_settings

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
    "follow-up",
    "job-change",
    "fading",
    "give-first",
    "keep-in-touch",
    "richer-step",
    "resurface",
    "birthday",
    "anniversary",
)


@dataclass
class AgendaItem:
    """One suggested action for the week."""

    id: str
    kind: str
    person_id: int
    person: str
    reason: str
    action: str
    channel: str
    priority: int
    due: datetime
    since: datetime
    liked: bool | None = None
    extra: dict = field(default_factory=dict)

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
        }


@dataclass
class Rules:
    """The user's agenda settings (``agenda.*`` in ``kith.store.settings``)."""

    size: int = stored_settings.default("agenda.size")
    follow_up_days: int = stored_settings.default("agenda.follow_up_days")
    cadences: dict[str, int | None] = field(default_factory=lambda: dict(CADENCES))
