"""The strength cache, read side: cached per-pair sums as engine arrays, and the full rebuild.

The write side (one interaction at a time, no NumPy) is ``kith.strength.aggregates``.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.store.schema import Person, TieCache
from kith.strength import aggregates, engine
from kith.strength.history import load_history


def cached_pairs(session: Session, code_of: dict[int, int], at: float, params: engine.Params):
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
        stale_keys = np.unique(lo[stale] * n_people + hi[stale])
        again = [engine.aggregate(events, at, params) for events in (history.ego, history.group)]
        again = [p.take(np.isin(p.lo * n_people + p.hi, stale_keys)) for p in again]
        ego, group = ego.plus(again[0]), group.plus(again[1])
    return ego, group


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
