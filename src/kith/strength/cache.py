"""The strength cache, read side: cached per-pair sums as engine arrays, and the full rebuild.

The write side (one interaction at a time, no NumPy) is ``kith.strength.aggregates``.

Strength at a past date needs the sums of the interactions up to that date only. Pairs with contact
after it would each have to be recomputed from their rows (at the agenda's lookback, 90 days back, that
is nearly every active pair: seconds on a large network), so the sums at a past cutoff are kept as well
(``PastTieCache``, cutoff ``past`` in the cache state). A date up to ``PAST_WINDOW_DAYS`` after the cutoff
then costs those kept sums plus the interactions between the two dates, read through the time index.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kith.channels import CHANNELS
from kith.store.db import may_write_now
from kith.store.locks import is_busy
from kith.store.schema import PastTieCache, Person, TieCache
from kith.strength import aggregates, engine
from kith.strength.history import load_history

#: a past date at most this long after the kept cutoff is answered from the kept sums and the rows since
PAST_WINDOW_DAYS = 30
#: a kept cutoff this far behind the date asked (with ``keep_past``) is moved up to that date
PAST_ADVANCE_DAYS = 7

COLUMNS = "a_id, b_id, ref, decayed, first, last, coalesce(last_real, -1e300), by_a, by_b, together, counts"


def cached_pairs(
    session: Session, code_of: dict[int, int], at: float, params: engine.Params, *, keep_past: bool = False
):
    """The user's and co-presence pairs at ``at`` from the cache (rebuilt first when it no longer
    matches the rows). Pairs with contact after ``at`` come from the kept past sums when ``at`` is just
    after their cutoff, else are recomputed from their rows. ``keep_past``: this date will be asked again
    (the agenda's lookback), so keep its sums as the new past cutoff."""
    state = aggregates.cache_state(session)
    mark = aggregates.watermark(session)
    ids = np.array(sorted(code_of), dtype=np.int64)
    if state is None or state.get("signature") != params.signature() or state.get("watermark") != mark:
        if not _rebuilt(session, params, mark):
            history = load_history(session, ids, None, favours=False)
            return engine.aggregate(history.ego, at, params), engine.aggregate(history.group, at, params)
        state = aggregates.cache_state(session) or {}
    pairs, is_ego = _read(session, "tie_cache", ids, at, params)
    stale = pairs.last > at
    if not stale.any():
        return pairs.take(is_ego), pairs.take(~is_ego)
    past = state.get("past")
    day = engine.DAY
    if past is not None and past <= at <= past + PAST_WINDOW_DAYS * day:
        kept, kept_ego = _read(session, "past_tie_cache", ids, at, params)
        since = load_history(session, ids, None, favours=False, after=past, until=at)
        ego = engine.merge_pairs(kept.take(kept_ego), engine.aggregate(since.ego, at, params))
        group = engine.merge_pairs(kept.take(~kept_ego), engine.aggregate(since.group, at, params))
        if keep_past and at - past > PAST_ADVANCE_DAYS * day:
            _keep_past(session, ids, ego, group, at, state)
        return ego, group
    # pairs with contact after ``at`` (a past date, or meetings planned ahead) are recomputed from rows
    ego, group = pairs.take(~stale & is_ego), pairs.take(~stale & ~is_ego)
    involved = np.unique(np.r_[pairs.lo[stale], pairs.hi[stale]])
    involved = involved[involved > 0]
    history = load_history(session, ids, None, favours=False, only=ids[involved - 1].tolist())
    n_people = len(ids) + 1
    stale_keys = np.unique(pairs.lo[stale] * n_people + pairs.hi[stale])
    again = [engine.aggregate(events, at, params) for events in (history.ego, history.group)]
    again = [p.take(np.isin(p.lo * n_people + p.hi, stale_keys)) for p in again]
    ego, group = ego.plus(again[0]), group.plus(again[1])
    if keep_past and (past is None or at > past):
        _keep_past(session, ids, ego, group, at, state)
    return ego, group


def _rebuilt(session: Session, params: engine.Params, mark: list[int]) -> bool:
    """Rebuild the cache, unless another kith process is writing: a reader (a page, ``kith people``)
    never waits for a writer, so it scores from the rows this once and a later call rebuilds. On
    PostgreSQL the rebuild reads the rows (and their watermark) again under the write lock."""
    if not may_write_now(session):
        return False
    fresh = session.get_bind().dialect.name == "postgresql"  # a statement sees the writes committed since
    try:
        with session.begin_nested():
            rebuild_cache(session, params, None if fresh else mark)
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        return False
    return True


def _read(session: Session, table: str, ids: np.ndarray, at: float, params: engine.Params):
    """Every cached pair of ``table`` as engine pairs decayed to ``at`` (codes of ``ids``), and which of
    them are the user's (the rest are co-presence pairs)."""
    raw = session.connection().exec_driver_sql(f"SELECT {COLUMNS} FROM {table}").fetchall()  # noqa: S608
    if not raw:
        empty = engine.aggregate(engine.Events(*(np.zeros(0) for _ in range(6))), at, params)
        return empty, np.zeros(0, bool)
    columns = list(zip(*raw, strict=True))

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
    pairs = engine.Pairs(
        lo=np.minimum(a, b), hi=np.maximum(a, b), ref=at, decayed=decayed, first=first, last=last,
        last_real=last_real, by_lo=by_a, by_hi=by_b, together=together, counts=counts,
    )  # fmt: skip
    return pairs, a == 0


def _rows(ids: np.ndarray, ego: engine.Pairs, group: engine.Pairs) -> list[dict]:
    """Cache rows (person ids, ``ME`` for the user) of the user's and co-presence pairs."""
    rows = []
    for pairs, is_ego in ((ego, True), (group, False)):
        for k in range(len(pairs)):
            lo, hi = int(pairs.lo[k]), int(pairs.hi[k])
            rows.append(
                {
                    "a_id": aggregates.ME if is_ego else int(ids[lo - 1]),
                    "b_id": int(ids[hi - 1]),
                    "ref": pairs.ref,
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
    return rows


def _keep_past(
    session: Session, ids: np.ndarray, ego: engine.Pairs, group: engine.Pairs, at: float, state: dict
) -> None:
    """Keep the sums at ``at`` as the past cutoff, if the database lets this reader write now (another
    process writing at the same moment only means the next call does this work again)."""
    if not may_write_now(session):
        return
    try:
        with session.begin_nested():
            session.execute(delete(PastTieCache))
            rows = _rows(ids, ego, group)
            if rows:
                session.execute(insert(PastTieCache), rows)
            aggregates.save_state(session, state["signature"], state["watermark"], at)
    except OperationalError:
        pass


def rebuild_cache(session: Session, params: engine.Params, mark: list[int] | None = None) -> None:
    """Recompute every cached sum from the interaction rows (after a model change, import or merge),
    the past sums too, at the same cutoff (none after ``aggregates.invalidate``)."""
    past = (aggregates.cache_state(session) or {}).get("past")
    # writes first: a reader that cannot write now (another process is writing) finds out before the work
    session.execute(delete(TieCache))
    session.execute(delete(PastTieCache))
    people = session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id)).all()
    ids = np.array(people, dtype=np.int64)
    history = load_history(session, ids, None, favours=False)
    newest = float(max(history.ego.t.max(initial=0.0), history.group.t.max(initial=0.0)))
    now = [engine.aggregate(events, newest, params) for events in (history.ego, history.group)]
    rows = _rows(ids, *now)
    if rows:
        session.execute(insert(TieCache), rows)
    if past is not None:
        then = [engine.aggregate(events, past, params) for events in (history.ego, history.group)]
        rows = _rows(ids, *then)
        if rows:
            session.execute(insert(PastTieCache), rows)
    aggregates.save_state(session, params.signature(), mark or aggregates.watermark(session), past)
