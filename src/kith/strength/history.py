"""The user's history as engine arrays: every interaction with each person, and who was together.

Codes: 0 is the user, ``i + 1`` the person ``ids[i]``. The user's own interactions are directed where the
user (``outbound``) or they (``inbound``) reached out; interactions with several people also tie those
people to each other (undirected co-presence), which is what embeddedness is computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import String, bindparam, select, text, type_coerce
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.store.schema import Favour, UTCDateTime
from kith.strength import engine


@dataclass
class History:
    """Everything scoring needs from the database, as arrays. Codes: 0 is the user, ``i + 1`` the person
    ``ids[i]``."""

    ids: np.ndarray
    me_id: int | None
    #: the user's interactions with each person (directed where the user or they reached out)
    ego: engine.Events
    #: co-presence between two people at the same interaction
    group: engine.Events
    #: favours: time, the person's code, and whether the user gave it
    favour_t: np.ndarray
    favour_code: np.ndarray
    favour_given: np.ndarray

    @property
    def code_of(self) -> dict[int, int]:
        return {int(pid): i + 1 for i, pid in enumerate(self.ids)}


def load_history(
    session: Session,
    ids: np.ndarray,
    me_id: int | None,
    *,
    favours: bool = True,
    only: list[int] | None = None,
    after: float | None = None,
    until: float | None = None,
) -> History:
    """Every interaction (and favour) of the people ``ids`` as engine events; with ``only``, just the
    interactions those people took part in (codes stay those of ``ids``); with ``after`` and ``until``
    (UNIX seconds), just those dated after ``after`` and up to ``until`` (read through the time index)."""
    code_of = {int(pid): i + 1 for i, pid in enumerate(ids)}
    sql = (
        "SELECT p.interaction_id, p.person_id, i.occurred_at, i.channel, i.duration_s, i.direction"
        " FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id"
    )
    if after is not None and until is not None:
        # a second either side, so that the exact bounds below are those of the engine's own timestamps
        window = text(
            sql + " WHERE i.occurred_at > :after AND i.occurred_at <= :until ORDER BY p.interaction_id"
        ).bindparams(bindparam("after", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime()))
        bounds = {"after": _datetime(after - 1.0), "until": _datetime(until + 1.0)}
        raw = session.execute(window, bounds).all()
    elif only is not None and len(only) <= 500:
        query = text(
            sql + " WHERE p.interaction_id IN (SELECT interaction_id FROM interaction_participant"
            " WHERE person_id IN :only) ORDER BY p.interaction_id"
        ).bindparams(bindparam("only", expanding=True))
        raw = session.execute(query, {"only": only}).all()
    else:
        raw = session.execute(text(sql + " ORDER BY p.interaction_id")).all()
    columns = list(zip(*raw, strict=True)) or [()] * 6
    # one array per column (a million rows load in seconds, not a million Python objects per step)
    person = np.array(columns[1], dtype=np.int64)
    lookup = np.zeros(int(person.max(initial=0)) + 1, dtype=np.int64)
    known_ids = np.array([pid for pid in code_of if pid < len(lookup)], dtype=np.int64)
    lookup[known_ids] = [code_of[int(pid)] for pid in known_ids]
    who = lookup[person]
    t = timestamps(list(columns[2])) if len(columns[2]) else np.zeros(0)
    keep = who > 0
    if after is not None and until is not None:
        keep &= (t > after) & (t <= until)
    iid = np.array(columns[0], dtype=np.int64)[keep]
    who = who[keep]
    t = t[keep]
    channel_index = {c: i for i, c in enumerate(CHANNELS)}
    ch = np.array([channel_index.get(c, 0) for c in columns[3]], dtype=np.int64)[keep]
    dur = np.array([np.nan if d is None else d for d in columns[4]], dtype=float)[keep]
    direction = np.array([{"inbound": 1, "mutual": 2}.get(d, 0) for d in columns[5]], dtype=np.int8)[keep]
    inbound = direction == 1
    me = np.zeros(len(who), np.int64)
    ego = engine.Events(
        t=t,
        a=np.where(inbound, who, me),
        b=np.where(inbound, me, who),
        channel=ch,
        duration=dur,
        directed=direction != 2,
    )
    favour_t, favour_code, favour_given = np.zeros(0), np.zeros(0, np.int64), np.zeros(0, bool)
    if favours and me_id is not None:
        found = [
            (timestamps([when])[0], code_of[other], given)
            for giver, receiver, when in session.execute(
                select(Favour.giver_id, Favour.receiver_id, type_coerce(Favour.occurred_at, String()))
            )
            for other, given in ((receiver, True), (giver, False))
            if (giver if given else receiver) == me_id and other in code_of
        ]
        if found:
            favour_t = np.array([f[0] for f in found])
            favour_code = np.array([f[1] for f in found], dtype=np.int64)
            favour_given = np.array([f[2] for f in found], dtype=bool)
    return History(ids, me_id, ego, _co_presence(iid, who, t, ch, dur), favour_t, favour_code, favour_given)


def _datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def timestamps(values) -> np.ndarray:
    """UNIX seconds from stored times (SQLite gives text, other databases datetimes)."""
    if not values:
        return np.zeros(0)
    if isinstance(values[0], str):
        stamps = np.array(values, dtype="datetime64[us]")
        return stamps.astype("int64") / 1e6
    return np.array(
        [v.replace(tzinfo=UTC).timestamp() if v.tzinfo is None else v.timestamp() for v in values]
    )


def _co_presence(iid, who, t, ch, dur) -> engine.Events:
    """Undirected events between every two people who shared an interaction (rows sorted by ``iid``)."""
    a_parts, b_parts, idx_parts = [], [], []
    starts = np.flatnonzero(np.r_[True, iid[1:] != iid[:-1]]) if len(iid) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(iid)])
    for offset in range(1, int(sizes.max(initial=1))):
        i = np.arange(len(iid) - offset)
        j = i + offset
        same = iid[i] == iid[j]
        a_parts.append(who[i[same]])
        b_parts.append(who[j[same]])
        idx_parts.append(i[same])
    if not idx_parts:
        empty = np.zeros(0)
        return engine.Events(
            empty,
            empty.astype(np.int64),
            empty.astype(np.int64),
            empty.astype(np.int64),
            empty,
            empty.astype(bool),
        )
    idx = np.concatenate(idx_parts)
    return engine.Events(
        t=t[idx],
        a=np.concatenate(a_parts),
        b=np.concatenate(b_parts),
        channel=ch[idx],
        duration=dur[idx],
        directed=np.zeros(len(idx), bool),
    )
