"""How much each kind of who-knows-whom evidence weighs (``kith.reach.graph`` gathers the evidence).

Each piece of evidence has a weight from 0 to 1. The functions here take scalars or NumPy arrays, so
that the plain gathering (``kith.reach.graph``) and the fast loader (``kith.reach.load``) weigh alike.
See ``kith.reach.graph`` for what each kind means; in short: a logged gathering 0.5, a calendar meeting
0.3 and an email thread 0.15 (both scaled down by their size), colleagues 0.3 to 0.8 and a school 0.5 or
0.2 (scaled down by how many of the user's people were there), met via 0.6, stated 0.9 or the closeness
the user gave. Colleagues and schools whose time together is over fade: their weight halves every
``FADE_HALF_LIFE_DAYS`` (five years) since it ended, so a friend who works with someone now counts for
more than a class shared a decade ago. A tie's weight is 1 - the product of (1 - each weight), at most
``MAX_WEIGHT``.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

TOGETHER_FIRST = 0.5
MEETING, SMALL_MEETING = 0.3, 4
THREAD, SMALL_THREAD = 0.15, 2
COLLEAGUES_MOMENT, COLLEAGUES_LONG, COLLEAGUES_LONG_DAYS = 0.3, 0.8, 730
SCHOOL_TOGETHER, SCHOOL_SAME = 0.5, 0.2
SMALL_ORGANISATION = 5
MAX_ORGANISATION = 200
#: a shared organisation or school that is over counts half as much every this many days since it ended
#: (a product choice: ties decay once the setting that held them is gone; kept well above a year so that
#: last year's colleague is still a warm path)
FADE_HALF_LIFE_DAYS = 5 * 365
MET_VIA = 0.6
STATED = 0.9
MAX_WEIGHT = 0.95
WEAK_BELOW = 0.1
#: an ended role this many days long or shorter (a company typed wrong and put right the next day) was
#: never "together" with anyone there
BRIEF_ROLE_DAYS = 1
#: the same, in SQL over ``role`` (``{day}``: a date column as a day number, as ``kith.reach.load`` has it)
BRIEF_ROLE_SQL = "started_on IS NOT NULL AND ended_on IS NOT NULL AND {end} - {start} <= " + str(
    BRIEF_ROLE_DAYS
)
#: what a gathering was, from its interaction's source and channel (None: not a gathering)
GATHERING_SQL = (
    "CASE WHEN {i}.source = 'calendar' THEN 'meeting' WHEN {i}.channel IN ('email', 'message') THEN 'thread'"
    " WHEN {i}.channel = 'social' THEN NULL ELSE 'together' END"
)
#: what a gathering in an interaction log was, from its channel (``kith.reach.logedges``): a log is an
#: organisation's metadata, so its meetings and calls weigh as calendar events (scaled by their size)
#: and its mail and messages as threads; a social reaction ties nobody. ("together" is the user's own
#: word that they were there, which no log says.)
LOG_GATHERING = {
    "in_person": "meeting",
    "video": "meeting",
    "call": "meeting",
    "email": "thread",
    "message": "thread",
    "social": None,
}
_BASE = {"together": TOGETHER_FIRST, "meeting": MEETING, "thread": THREAD}
_SMALL = {"together": np.inf, "meeting": SMALL_MEETING, "thread": SMALL_THREAD}
_REPLY = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def gathering_chance(kind: str, size):
    """What one gathering of ``size`` people (besides the user) says about two of them (scalar or array)."""
    return _BASE[kind] * np.minimum(1.0, _SMALL[kind] / np.asarray(size, dtype=float))


def faded(weight, since):
    """``weight`` of a time together that ended ``since`` days ago (0 or less: it goes on)."""
    return weight * 0.5 ** (np.maximum(np.asarray(since, dtype=float), 0.0) / FADE_HALF_LIFE_DAYS)


def colleagues_weight(days, size, since=0):
    """Two people at one organisation of ``size`` known people, together for ``days``, which ended
    ``since`` days ago (scalar or array)."""
    weight = COLLEAGUES_MOMENT + (COLLEAGUES_LONG - COLLEAGUES_MOMENT) * np.minimum(
        1.0, np.asarray(days, dtype=float) / COLLEAGUES_LONG_DAYS
    )
    return faded(weight * np.minimum(1.0, SMALL_ORGANISATION / np.asarray(size, dtype=float)), since)


def brief_role(started: date | None, ended: date | None) -> bool:
    """Whether a role is too short to have been at a place together with anyone: it ended at most
    ``BRIEF_ROLE_DAYS`` after it began (both days known)."""
    return started is not None and ended is not None and (ended - started).days <= BRIEF_ROLE_DAYS


def school_weight(overlap, size, since=0):
    """Two people at one school of ``size`` known people, their years shared (or unknown), which ended
    ``since`` days ago (unknown years: not faded, and weak anyway)."""
    base = np.where(np.asarray(overlap, dtype=bool), SCHOOL_TOGETHER, SCHOOL_SAME)
    return faded(base * np.minimum(1.0, SMALL_ORGANISATION / np.asarray(size, dtype=float)), since)


def thread_key(channel: str, subject: str | None, interaction_id: int) -> str:
    """Messages with the same subject, replies and forwards aside, are one thread."""
    topic = " ".join(_REPLY.sub("", subject or "").casefold().split())
    return f"{channel}:{topic}" if topic else f"{channel}#{interaction_id}"
