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

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import String, delete, insert, select, type_coerce
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.errors import NotFound
from kith.store.schema import Favour, Interaction, InteractionParticipant, Person, PersonTag, Role, TieCache
from kith.strength import aggregates, circles, engine, explain

CIRCLES = circles.CIRCLES
load_params = aggregates.load_params
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


def tie(session: Session, person_id: int, as_of: datetime) -> Tie:
    """The user's tie to one person (NotFound for an unknown id or the user)."""
    found = ties(session, as_of, person_ids=[person_id])
    if person_id not in found:
        raise NotFound(f"no person #{person_id}")
    return found[person_id]


def ties(session: Session, as_of: datetime, *, person_ids: list[int] | None = None) -> dict[int, Tie]:
    """The user's tie to every person except the user (or to ``person_ids``), scored at ``as_of``."""
    params = load_params(session)
    people = session.execute(
        select(Person.id, Person.is_me, Person.closeness, Person.liked).order_by(Person.id)
    ).all()
    others = [p for p in people if not p.is_me]
    if not others:
        return {}
    me_id = next((p.id for p in people if p.is_me), None)
    ids = np.array([p.id for p in others], dtype=np.int64)
    code_of = {int(pid): i + 1 for i, pid in enumerate(ids)}
    at = as_of.timestamp()
    ego, group = _cached_pairs(session, code_of, at, params)
    gave, got = _favours(session, code_of, me_id, len(ids), at)
    shared = _shared_contexts(session, ids, me_id)
    closeness = np.array([np.nan if p.closeness is None else p.closeness for p in others])
    liked = np.array([0.0 if p.liked is None else (1.0 if p.liked else -1.0) for p in others])
    pairs, comps, strength = score_ego(ego, group, len(ids), at, params, gave, got, shared)
    strength = engine.apply_marks(strength, closeness, liked)
    has_mark = ~np.isnan(closeness)
    circle = ego_circles(pairs, strength, at, has_mark)
    wanted = set(person_ids) if person_ids is not None else None
    # plain Python values once, rather than NumPy scalars per person: this loop runs for everyone
    names = (*engine.COMPONENTS, "mutual_close", "shared")
    values = {name: comps[name].tolist() for name in names}
    rows = zip(
        ids.tolist(), strength.tolist(), circle.tolist(), has_mark.tolist(), pairs.counts.tolist(),
        pairs.first.tolist(), pairs.last.tolist(), pairs.by_lo.tolist(), pairs.by_hi.tolist(),
        strict=True,
    )  # fmt: skip
    result: dict[int, Tie] = {}
    for i, (pid, value, ring, mark, counts, first, last, by_me, by_them) in enumerate(rows):
        if wanted is not None and pid not in wanted:
            continue
        components = {name: values[name][i] for name in engine.COMPONENTS}
        contacted = last != -np.inf
        sentence = explain.sentence(
            value,
            components,
            counts,
            (at - first) / engine.DAY if contacted else None,
            (at - last) / engine.DAY if contacted else None,
            initiated_by_first=by_me,
            initiated_by_second=by_them,
            mutual_close=values["mutual_close"][i],
            shared=values["shared"][i],
            override=mark,
        )
        when = datetime.fromtimestamp(last, UTC) if contacted else None
        result[pid] = Tie(pid, value, CIRCLES[ring], components, sentence, when)
    return result


def ego_circles(pairs: engine.Pairs, strength: np.ndarray, at: float, has_mark: np.ndarray) -> np.ndarray:
    """Circle index per person; a closeness mark makes someone more than a collected contact."""
    real = pairs.counts[:, :5].sum(axis=1)
    since_last = np.where(np.isfinite(pairs.last_real), (at - pairs.last_real) / engine.DAY, np.inf)
    return circles.assign(
        strength, np.where(has_mark, np.maximum(real, 1), real), pairs.counts[:, 0], since_last
    )


def score_ego(
    ego: engine.Pairs,
    group: engine.Pairs,
    n: int,
    at: float,
    params: engine.Params,
    gave: np.ndarray | None = None,
    got: np.ndarray | None = None,
    shared: np.ndarray | None = None,
) -> tuple[engine.Pairs, dict[str, np.ndarray], np.ndarray]:
    """Components and strength of the user's tie to each of ``n`` people (codes 1..n, in order),
    people never contacted included (all zero)."""
    pairs = engine.with_pairs(ego, np.zeros(n, np.int64), np.arange(1, n + 1, dtype=np.int64))
    order = np.argsort(pairs.hi)
    pairs = engine.Pairs(
        **{k: (v[order] if isinstance(v, np.ndarray) else v) for k, v in pairs.__dict__.items()}
    )
    zeros = np.zeros(n)
    gave = zeros if gave is None else gave
    got = zeros if got is None else got
    shared = zeros if shared is None else shared
    contacted = pairs.counts.sum(axis=1) > 0
    # embeddedness: base strength of every tie (the user's and co-presence ones), then mutual close
    base_comps = engine.components(
        pairs, at, params, extra_by_lo=gave, extra_by_hi=got, shared=shared, mutual=zeros
    )
    base = np.where(contacted, engine.combine(base_comps, params, without=("embeddedness",)), 0.0)
    mutual = zeros
    if len(group):
        other_comps = engine.components(group, at, params, mutual=np.zeros(len(group)))
        other_base = engine.combine(other_comps, params, without=("embeddedness",))
        mutual = engine.mutual_close_contacts(
            np.r_[pairs.lo, group.lo],
            np.r_[pairs.hi, group.hi],
            np.r_[base, other_base],
            params.close_contacts,
            targets=(pairs.lo, pairs.hi),
        )
    comps = engine.components(
        pairs, at, params, extra_by_lo=gave, extra_by_hi=got, shared=shared, mutual=mutual
    )
    for name in engine.COMPONENTS:
        comps[name] = np.where(contacted, comps[name], 0.0)
    return pairs, comps, engine.combine(comps, params)


def _cached_pairs(session: Session, code_of: dict[int, int], at: float, params: engine.Params):
    """The user's and co-presence pairs at ``at`` from the cache (rebuilt first when it no longer
    matches the rows); pairs with contact after ``at`` are recomputed from their rows."""
    state = aggregates.cache_state(session)
    mark = aggregates.watermark(session)
    if state is None or state.get("signature") != params.signature() or state.get("watermark") != mark:
        rebuild_cache(session, params, mark)
    raw = (
        session.connection()
        .exec_driver_sql(
            "SELECT a_id, b_id, ref, decayed, first, last, coalesce(last_real, -1e300), by_a, by_b, together,"
            " counts FROM tie_cache"
        )
        .fetchall()
    )
    if not raw:
        empty = engine.aggregate(engine.Events(*(np.zeros(0) for _ in range(6))), at, params)
        return empty, empty
    columns = list(zip(*raw, strict=True))
    ids = np.array(sorted(code_of), dtype=np.int64)

    def codes(values) -> tuple[np.ndarray, np.ndarray]:
        person = np.array(values, dtype=np.int64)
        pos = np.minimum(np.searchsorted(ids, person), len(ids) - 1)
        known = ids[pos] == person
        return np.where(person == aggregates.ME, 0, pos + 1), known | (person == aggregates.ME)

    a, a_ok = codes(columns[0])
    b, b_ok = codes(columns[1])
    ok = a_ok & b_ok & (b > 0)
    numbers = np.array(columns[2:10], dtype=float)[:, ok]
    ref_each, decayed, first, last, last_real, by_a, by_b, together = numbers
    # exponential decay re-references exactly: every cached sum is taken to ``at``
    decayed = decayed * np.exp2(-(at - ref_each) / (params.half_life_days * engine.DAY))
    last_real = np.where(last_real < -1e299, -np.inf, last_real)
    counts = np.array(",".join(np.array(columns[10], dtype=object)[ok]).split(","), dtype=float)
    counts = counts.reshape(-1, len(CHANNELS))
    a, b = a[ok], b[ok]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    # pairs with contact after ``at`` (a past date, or meetings planned ahead) are recomputed from rows
    stale = last > at
    fresh = ~stale

    def pairs_of(mask: np.ndarray) -> engine.Pairs:
        return engine.Pairs(
            lo=lo[mask], hi=hi[mask], ref=at, decayed=decayed[mask], first=first[mask], last=last[mask],
            last_real=last_real[mask], by_lo=by_a[mask], by_hi=by_b[mask], together=together[mask],
            counts=counts[mask],
        )  # fmt: skip

    ego, group = pairs_of(fresh & (a == 0)), pairs_of(fresh & (a != 0))
    if stale.any():
        involved = np.unique(np.r_[lo[stale], hi[stale]])
        involved = involved[involved > 0]
        history = load_history(session, ids, None, favours=False, only=ids[involved - 1].tolist())
        n_people = len(ids) + 1
        wanted = set((lo[stale] * n_people + hi[stale]).tolist())
        for target, events in ((0, history.ego), (1, history.group)):
            again = engine.aggregate(events, at, params)
            keep = np.isin(again.lo * n_people + again.hi, list(wanted))
            again = engine.Pairs(
                **{k: (v[keep] if isinstance(v, np.ndarray) else v) for k, v in again.__dict__.items()}
            )
            if target == 0:
                ego = _concat(ego, again)
            else:
                group = _concat(group, again)
    return ego, group


def _concat(one: engine.Pairs, other: engine.Pairs) -> engine.Pairs:
    """Two sets of pairs referenced to the same time as one."""
    fields = {k: v for k, v in one.__dict__.items() if isinstance(v, np.ndarray)}
    joined = {k: np.concatenate([v, getattr(other, k)]) for k, v in fields.items()}
    return engine.Pairs(ref=one.ref, **joined)


def rebuild_cache(session: Session, params: engine.Params, mark: list[int] | None = None) -> None:
    """Recompute every cached sum from the interaction rows (after a model change, import or merge)."""
    people = session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id)).all()
    ids = np.array(people, dtype=np.int64)
    history = load_history(session, ids, None, favours=False)
    newest = float(max(history.ego.t.max(initial=0.0), history.group.t.max(initial=0.0)))
    session.execute(delete(TieCache))
    rows = []
    for events, is_ego in ((history.ego, True), (history.group, False)):
        pairs = engine.aggregate(events, newest, params)
        for k in range(len(pairs)):
            lo, hi = int(pairs.lo[k]), int(pairs.hi[k])
            rows.append(
                {
                    "a_id": aggregates.ME if is_ego else int(ids[lo - 1]),
                    "b_id": int(ids[hi - 1]),
                    "ref": newest,
                    "decayed": float(pairs.decayed[k]),
                    "first": float(pairs.first[k]),
                    "last": float(pairs.last[k]),
                    "last_real": float(pairs.last_real[k]) if np.isfinite(pairs.last_real[k]) else None,
                    "by_a": float(pairs.by_lo[k]),
                    "by_b": float(pairs.by_hi[k]),
                    "together": float(pairs.together[k]),
                    "counts": ",".join(str(int(c)) for c in pairs.counts[k]),
                }
            )
    if rows:
        session.execute(insert(TieCache), rows)
    aggregates.save_state(session, params.signature(), mark or aggregates.watermark(session))


def load_history(
    session: Session,
    ids: np.ndarray,
    me_id: int | None,
    *,
    favours: bool = True,
    only: list[int] | None = None,
) -> History:
    """Every interaction (and favour) of the people ``ids`` as engine events; with ``only``, just the
    interactions those people took part in (codes stay those of ``ids``)."""
    code_of = {int(pid): i + 1 for i, pid in enumerate(ids)}
    query = (
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
    )
    if only is not None and len(only) <= 500:
        theirs = select(InteractionParticipant.interaction_id).where(
            InteractionParticipant.person_id.in_(only)
        )
        query = query.where(InteractionParticipant.interaction_id.in_(theirs))
    raw = session.execute(query).all()
    rows = [r for r in raw if r[1] in code_of]
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
    ego = engine.Events(
        t=t,
        a=np.where(inbound, who, me),
        b=np.where(inbound, me, who),
        channel=ch,
        duration=dur,
        directed=direction != "mutual",
    )
    favour_t, favour_code, favour_given = np.zeros(0), np.zeros(0, np.int64), np.zeros(0, bool)
    if favours and me_id is not None:
        found = [
            (_timestamps([when])[0], code_of[other], given)
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


def _favours(session: Session, code_of: dict[int, int], me_id: int | None, n: int, at: float):
    """Favours the user gave to and got from each person up to ``at``, as reciprocity weight."""
    gave, got = np.zeros(n), np.zeros(n)
    if me_id is None:
        return gave, got
    rows = session.execute(
        select(Favour.giver_id, Favour.receiver_id, type_coerce(Favour.occurred_at, String()))
    ).all()
    times = _timestamps([r[2] for r in rows])
    for (giver, receiver, _), when in zip(rows, times, strict=True):
        if when > at:
            continue
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
