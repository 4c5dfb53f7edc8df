"""Strength in the app: the user's tie to every person, from the database, through the pure engine.

``ties(session, as_of)`` scores every person except the user; ``tie(session, person_id, as_of)`` one of
them. The database side (what the user did with whom, shared employers and tags, favours, the user's
closeness and liking marks) is read here and handed to ``kith.strength.engine`` as arrays. Interactions
with several people also tie those people to each other (co-presence), which is what embeddedness
("mutual close contacts") is computed from.

Per-person aggregates are cached (``kith.strength.aggregates``, updated by every ``log_interaction``), so
scoring reads one row per person instead of every interaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.errors import NotFound
from kith.store.schema import Favour, Interaction, InteractionParticipant, Person, PersonTag, Role, Setting
from kith.strength import circles, engine, explain

CIRCLES = circles.CIRCLES
PARAMS_KEY = "strength.params"
#: a favour counts like this much channel-weighted contact for reciprocity (giving is reaching out)
FAVOUR_WEIGHT = 1.0


@dataclass
class Tie:
    """The user's tie to one person."""

    person_id: int
    strength: float
    circle: str
    components: dict[str, float]
    explanation: str
    last_contact: datetime | None

    def record(self) -> dict:
        """The JSON shape of a tie."""
        return {
            "person_id": self.person_id,
            "strength": round(self.strength, 4),
            "circle": self.circle,
            "components": {k: round(v, 4) for k, v in self.components.items()},
            "explanation": self.explanation,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
        }


def load_params(session: Session) -> engine.Params:
    """The model parameters: the defaults with the user's calibrated values (if any) applied."""
    row = session.get(Setting, PARAMS_KEY)
    if row is None:
        return engine.DEFAULTS
    return engine.DEFAULTS.with_overrides(json.loads(row.value))


def tie(session: Session, person_id: int, as_of: datetime) -> Tie:
    """The user's tie to one person (NotFound for an unknown id or the user)."""
    found = ties(session, as_of, person_ids=[person_id])
    if person_id not in found:
        raise NotFound(f"no person #{person_id}")
    return found[person_id]


def ties(session: Session, as_of: datetime, *, person_ids: list[int] | None = None) -> dict[int, Tie]:
    """The user's tie to every person except the user (or to ``person_ids``), scored at ``as_of``."""
    params = load_params(session)
    people = session.execute(select(Person.id, Person.is_me, Person.closeness, Person.liked)).all()
    others = [p for p in people if not p.is_me]
    if not others:
        return {}
    me_id = next((p.id for p in people if p.is_me), None)
    ids = np.array([p.id for p in others], dtype=np.int64)
    # codes: 0 is the user, 1.. the others, in ``ids`` order
    code_of = {int(pid): i + 1 for i, pid in enumerate(ids)}
    at = as_of.timestamp()
    ego, group_events = _load(session, code_of, at, params)
    pairs, comps = _score(session, ego, group_events, ids, code_of, me_id, at, params)
    strength = engine.combine(comps, params)
    closeness = np.array([np.nan if p.closeness is None else p.closeness for p in others])
    liked = np.array([0.0 if p.liked is None else (1.0 if p.liked else -1.0) for p in others])
    strength = engine.apply_marks(strength, closeness, liked)
    real = pairs.counts[:, :5].sum(axis=1)
    since_last = np.where(np.isfinite(pairs.last_real), (at - pairs.last_real) / engine.DAY, np.inf)
    has_mark = ~np.isnan(closeness)
    circle = circles.assign(
        strength, np.where(has_mark, np.maximum(real, 1), real), pairs.counts[:, 0], since_last
    )
    wanted = set(person_ids) if person_ids is not None else None
    result: dict[int, Tie] = {}
    for i, pid in enumerate(ids.tolist()):
        if wanted is not None and pid not in wanted:
            continue
        result[pid] = _tie(
            pid, i, pairs, comps, float(strength[i]), CIRCLES[circle[i]], at, bool(has_mark[i])
        )
    return result


def _score(session, ego: engine.Pairs, group_events, ids, code_of, me_id, at, params):
    """Components of the user's tie to each person (aligned with ``ids``)."""
    n = len(ids)
    # the ego pairs, one per person, including people never contacted
    pairs = engine.Pairs(
        lo=np.zeros(n, np.int64),
        hi=np.arange(1, n + 1, dtype=np.int64),
        ref=ego.ref,
        decayed=np.zeros(n),
        first=np.full(n, np.inf),
        last=np.full(n, -np.inf),
        last_real=np.full(n, -np.inf),
        by_lo=np.zeros(n),
        by_hi=np.zeros(n),
        counts=np.zeros((n, len(engine.CHANNELS))),
    )
    slot = ego.hi - 1
    for name in ("decayed", "first", "last", "last_real", "by_lo", "by_hi", "counts"):
        getattr(pairs, name)[slot] = getattr(ego, name)
    contacted = np.isfinite(pairs.last)
    gave, got = _favours(session, code_of, me_id, n)
    shared = _shared_contexts(session, ids, me_id)
    # embeddedness: the base strength of every tie (the user's and co-presence ones), then mutual close
    safe = engine.Pairs(
        **{
            **pairs.__dict__,
            "first": np.where(contacted, pairs.first, at),
            "last": np.where(contacted, pairs.last, at),
        }
    )
    base_comps = engine.components(
        safe, at, params, extra_by_lo=gave, extra_by_hi=got, shared=shared, mutual=np.zeros(n)
    )
    base = np.where(contacted, engine.combine(base_comps, params, without=("embeddedness",)), 0.0)
    mutual = np.zeros(n)
    if len(group_events):
        others = engine.aggregate(group_events, at, params)
        other_comps = engine.components(others, at, params, mutual=np.zeros(len(others)))
        other_base = engine.combine(other_comps, params, without=("embeddedness",))
        all_lo = np.r_[pairs.lo[contacted], others.lo]
        all_hi = np.r_[pairs.hi[contacted], others.hi]
        all_base = np.r_[base[contacted], other_base]
        all_mutual = engine.mutual_close_contacts(all_lo, all_hi, all_base, params.close_contacts)
        mutual[np.flatnonzero(contacted)] = all_mutual[: int(contacted.sum())]
    comps = engine.components(
        safe, at, params, extra_by_lo=gave, extra_by_hi=got, shared=shared, mutual=mutual
    )
    for name in engine.COMPONENTS:
        comps[name] = np.where(contacted, comps[name], 0.0)
    return pairs, comps


def _favours(session: Session, code_of: dict[int, int], me_id: int | None, n: int):
    gave, got = np.zeros(n), np.zeros(n)
    if me_id is None:
        return gave, got
    for giver, receiver in session.execute(select(Favour.giver_id, Favour.receiver_id)):
        if giver == me_id and receiver in code_of:
            gave[code_of[receiver] - 1] += FAVOUR_WEIGHT
        elif receiver == me_id and giver in code_of:
            got[code_of[giver] - 1] += FAVOUR_WEIGHT
    return gave, got


def _shared_contexts(session: Session, ids: np.ndarray, me_id: int | None) -> np.ndarray:
    """How many employers (any time) and tags each person shares with the user."""
    shared = np.zeros(len(ids))
    if me_id is None:
        return shared
    contexts: dict[int, set[str]] = {}
    for pid, org in session.execute(select(Role.person_id, Role.organisation_id)):
        if org is not None:
            contexts.setdefault(pid, set()).add(f"org:{org}")
    for pid, tag in session.execute(select(PersonTag.person_id, PersonTag.tag_id)):
        contexts.setdefault(pid, set()).add(f"tag:{tag}")
    mine = contexts.get(me_id, set())
    if not mine:
        return shared
    for i, pid in enumerate(ids.tolist()):
        shared[i] = len(mine & contexts.get(pid, set()))
    return shared


def _tie(pid, i, pairs, comps, strength, circle, at, override) -> Tie:
    contacted = np.isfinite(pairs.last[i])
    components = {name: float(comps[name][i]) for name in engine.COMPONENTS}
    last = datetime.fromtimestamp(float(pairs.last[i]), UTC) if contacted else None
    sentence = explain.sentence(
        strength,
        components,
        pairs.counts[i],
        (at - pairs.first[i]) / engine.DAY if contacted else None,
        (at - pairs.last[i]) / engine.DAY if contacted else None,
        initiated_by_first=float(pairs.by_lo[i]),
        initiated_by_second=float(pairs.by_hi[i]),
        mutual_close=float(comps["mutual_close"][i]),
        shared=float(comps["shared"][i]),
        override=override,
    )
    return Tie(pid, strength, circle, components, sentence, last)


def _timestamps(values) -> np.ndarray:
    """UNIX seconds from stored times (SQLite gives text, other databases datetimes)."""
    if not values:
        return np.zeros(0)
    if isinstance(values[0], str):
        stamps = np.array(values, dtype="datetime64[us]")
        return stamps.astype("int64") / 1e6
    return np.array(
        [v.replace(tzinfo=UTC).timestamp() if v.tzinfo is None else v.timestamp() for v in values]
    )


def _load(session: Session, code_of: dict[int, int], at: float, params: engine.Params):
    """The user's pairs and the co-presence events among other people, up to ``at``."""
    rows = session.execute(
        select(
            InteractionParticipant.interaction_id,
            InteractionParticipant.person_id,
            type_coerce(Interaction.occurred_at, String()),
            Interaction.channel,
            Interaction.duration_s,
            Interaction.direction,
        )
        .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
        .order_by(InteractionParticipant.interaction_id)
    ).all()
    rows = [r for r in rows if r[1] in code_of]
    n = len(rows)
    iid = np.fromiter((r[0] for r in rows), np.int64, n)
    who = np.fromiter((code_of[r[1]] for r in rows), np.int64, n)
    t = _timestamps([r[2] for r in rows])
    channel_index = {c: i for i, c in enumerate(CHANNELS)}
    ch = np.fromiter((channel_index.get(r[3], 0) for r in rows), np.int64, n)
    dur = np.fromiter((np.nan if r[4] is None else r[4] for r in rows), float, n)
    direction = np.array([r[5] for r in rows], dtype=object)
    inbound = direction == "inbound"
    me = np.zeros(n, np.int64)
    events = engine.Events(
        t=t,
        a=np.where(inbound, who, me),
        b=np.where(inbound, me, who),
        channel=ch,
        duration=dur,
        directed=direction != "mutual",
    )
    ego = engine.aggregate(events, at, params)
    return ego, _co_presence(iid, who, t, ch, dur)


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
