"""The weekly agenda: a short list of things worth doing for your relationships this week.

``build_agenda(session, as_of)`` gathers the facts (``facts.py``), applies the rules (``rules.py``:
commitments, replies owed, follow-ups after meeting and connecting, keep-in-touch, fading ties, job
changes and the one item for new roles of collected connections, dormant ties to resurface, give first,
richer steps), hides what the user marked (``marks.py``: done, snoozed, dismissed) and keeps the list
short: the week holds a doable number (``Setting`` ``agenda.size``, default 7), the whole list at most
``LIST_WEEKS`` weeks of it, best first; what ranks below that can wait (``Agenda.later`` counts it) and
comes up as the list is cleared. At least a third of the week (``LIVE_SHARE``: 2 of 7) is a reason to
meet or call (in person, video, phone) when the list has any: the best of them move up into the week in
place of its last written items, since picking up the phone is the advice kith is built on. The one
``new-roles`` item (congratulations to connections never
contacted, however many) always stays on the list: at its end when nothing else leaves room.
``agenda_ics(items)`` renders items as an iCalendar feed (``ics.py``).

Settings (``Setting`` rows, JSON values): ``agenda.size`` (items per week), ``agenda.follow_up_days``
(days before a new connection gets a follow-up item), ``agenda.cadences`` (circle -> days, merged over
``items.CADENCES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from kith.agenda.facts import gather
from kith.agenda.ics import agenda_ics
from kith.agenda.items import CADENCES, KINDS, AgendaItem, Rules
from kith.agenda.marks import MarkResult, mark_item
from kith.agenda.occasions import NEW_ROLES_ID
from kith.agenda.rules import candidates, is_hidden, without_carried
from kith.errors import BadInput
from kith.store import settings as stored_settings
from kith.store.undo import undoable
from kith.wording import count

__all__ = [
    "Agenda",
    "AgendaItem",
    "KINDS",
    "MarkResult",
    "agenda_ics",
    "build_agenda",
    "get_rules",
    "mark_item",
    "set_follow_up_days",
    "set_size",
]

SIZE_KEY = "agenda.size"
FOLLOW_UP_KEY = "agenda.follow_up_days"
CADENCES_KEY = "agenda.cadences"
MAX_SIZE = 100
#: the whole list (this week and the rest) holds at most this many weeks of items
LIST_WEEKS = 4
#: at least this share of the week's items (rounded down) are reasons to meet or call, when there are any
LIVE_SHARE = 1 / 3


@dataclass
class Agenda:
    """The week's items (capped) and the rest (up to ``LIST_WEEKS`` weeks in all), best first; ``later``
    counts what ranks below and can wait."""

    week: list[AgendaItem]
    rest: list[AgendaItem]
    size: int
    ties_available: bool
    later: int = 0

    @property
    def items(self) -> list[AgendaItem]:
        return self.week + self.rest


def get_rules(session: Session) -> Rules:
    """The user's agenda settings, with defaults for what is not set."""
    cadences = dict(CADENCES)
    cadences.update(stored_settings.read(session, CADENCES_KEY) or {})
    return Rules(
        size=int(stored_settings.read(session, SIZE_KEY)),
        follow_up_days=int(stored_settings.read(session, FOLLOW_UP_KEY)),
        cadences=cadences,
    )


@undoable("set the agenda's size to {size}")
def set_size(session: Session, size: int) -> None:
    """Store how many items the week's list holds."""
    _check_size(size)
    stored_settings.write(session, SIZE_KEY, size)


@undoable(lambda days, **_: f"follow up new connections after {count(days, 'day')}")
def set_follow_up_days(session: Session, days: int) -> None:
    """Store after how many days a new connection not yet followed up becomes an item."""
    from kith.agenda.rules import FOLLOW_UP_WINDOW_DAYS

    if not 1 <= days < FOLLOW_UP_WINDOW_DAYS:
        raise BadInput(
            f"a follow-up comes 1 to {FOLLOW_UP_WINDOW_DAYS - 1} days after connecting, not {days}"
        )
    stored_settings.write(session, FOLLOW_UP_KEY, days)


def _check_size(size: int) -> None:
    if not 1 <= size <= MAX_SIZE:
        raise BadInput(f"the week's list holds 1 to {MAX_SIZE} items, not {size}")


def build_agenda(session: Session, as_of: datetime, *, limit: int | None = None) -> Agenda:
    """The agenda at ``as_of``: marked items hidden, best first, ``limit`` (or the setting) this week."""
    rules = get_rules(session)
    size = rules.size if limit is None else limit
    _check_size(size)
    facts = gather(session, as_of)
    visible = without_carried([item for item in candidates(facts, rules) if not is_hidden(item, facts)])
    visible = with_live_week(visible, size)
    listed = visible[: size * LIST_WEEKS]
    group = next((item for item in visible if item.id == NEW_ROLES_ID), None)
    if group is not None and group not in listed:
        # the one item that stands for every new role among your connections stays on the list: last
        listed[-1] = group
    return Agenda(listed[:size], listed[size:], size, facts.ties_available, len(visible) - len(listed))


def with_live_week(ranked: list[AgendaItem], size: int) -> list[AgendaItem]:
    """``ranked`` with its first ``size`` items (the week) holding at least ``LIVE_SHARE`` of them to
    meet or call when the list has them: the best such items below the week take the places of the
    week's last written items, which head the rest."""
    week, rest = ranked[:size], ranked[size:]
    short = int(size * LIVE_SHARE + 1e-9) - sum(1 for item in week if item.live)
    written = [item for item in week if not item.live]
    rising = [item for item in rest if item.live][: min(max(short, 0), len(written))]
    if not rising:
        return ranked
    leaving = {id(item) for item in written[-len(rising) :]}
    moved = {id(item) for item in rising}
    kept = [item for item in week if id(item) not in leaving]
    return (
        kept
        + rising
        + [item for item in week if id(item) in leaving]
        + [item for item in rest if id(item) not in moved]
    )
