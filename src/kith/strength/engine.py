"""The tie-strength engine: interactions in, one strength and its components per unordered pair out.

Pure and vectorized (NumPy): no database, no clock; ``as_of`` is always passed in. The same code scores
"me and them" in the app (``kith.strength.service``) and any pair in an interaction log (``kith score``).

A strength in [0, 1] is a weighted mean of components, each in [0, 1] (defaults and the reasons for them
are in docs/strength.md):

- ``intensity``: channel-weighted contact with exponential time decay. One hour in person counts 1; a
  video call, a phone call, an email, a message and a social reaction count less, in that order; duration
  counts with diminishing returns (logarithmic). Saturates smoothly: I / (I + ``intensity_half``).
- ``recency``: halves every ``recency_half_life_days`` since the last contact.
- ``tenure``: how long the two have been in contact (first to last contact).
- ``reciprocity``: both sides initiate: the less active side's initiative (favours given count as
  initiative; contact with no initiator counts half for each side), saturating. One-sided contact gives 0.
  It never falls when either side does more.
- ``multiplexity``: several channels of real contact (social reactions are not one).
- ``shared_context``: contexts in common (employer, school, class, department, group).
- ``embeddedness``: mutual strong ties, the people who count both among their closest contacts.

Personal marks (the user's closeness override and liking) are applied on top by ``apply_marks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from kith.channels import CHANNELS
from kith.strength.params import DAY, DEFAULTS, Params

COMPONENTS: tuple[str, ...] = (
    "intensity",
    "recency",
    "tenure",
    "reciprocity",
    "multiplexity",
    "shared_context",
    "embeddedness",
)


@dataclass
class Events:
    """Interactions as parallel arrays: time (UNIX seconds), the two people (integer codes), channel
    (index into CHANNELS), duration in seconds (NaN: unknown) and whether ``a`` initiated it."""

    t: np.ndarray
    a: np.ndarray
    b: np.ndarray
    channel: np.ndarray
    duration: np.ndarray
    directed: np.ndarray

    def __len__(self) -> int:
        return len(self.t)

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.t, self.a, self.b, self.channel, self.duration, self.directed)


@dataclass
class Pairs:
    """Sufficient statistics per unordered pair (lo < hi), from which components follow at any time
    after ``ref``. ``decayed`` is the channel-weighted sum decayed to ``ref``."""

    lo: np.ndarray
    hi: np.ndarray
    ref: float
    decayed: np.ndarray
    first: np.ndarray
    last: np.ndarray
    #: the last contact other than a social reaction (-inf: none)
    last_real: np.ndarray
    #: channel-weighted directed contact started by lo, by hi
    by_lo: np.ndarray
    by_hi: np.ndarray
    #: channel-weighted contact with no initiator (co-presence)
    together: np.ndarray
    #: number of interactions per channel, shape (pairs, len(CHANNELS))
    counts: np.ndarray

    def __len__(self) -> int:
        return len(self.lo)

    def take(self, rows: np.ndarray) -> Pairs:
        """The pairs at ``rows`` (a mask or indices), in that order."""
        return Pairs(**{k: (v[rows] if isinstance(v, np.ndarray) else v) for k, v in self.__dict__.items()})

    def plus(self, other: Pairs) -> Pairs:
        """These pairs followed by ``other`` (both referenced to the same time)."""
        joined = {k: np.concatenate([v, getattr(other, k)]) for k, v in self.__dict__.items() if k != "ref"}
        return Pairs(ref=self.ref, **joined)


def merge_pairs(first: Pairs, second: Pairs) -> Pairs:
    """One row per pair from the sums of two disjoint sets of events (say, up to a date and after it),
    both referenced to the same time: sums added, first the earlier, last the later."""
    if first.ref != second.ref:
        raise ValueError("merge_pairs needs both sets of pairs referenced to the same time")
    both = first.plus(second)
    if len(both) == 0:
        return both
    n_people = int(max(both.lo.max(), both.hi.max())) + 1
    unique, group = np.unique(both.lo * n_people + both.hi, return_inverse=True)
    n = len(unique)
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, group[order][1:] != group[order][:-1]])

    def summed(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, values, minlength=n)

    counts = np.zeros((n, both.counts.shape[1]))
    np.add.at(counts, group, both.counts)
    return Pairs(
        lo=unique // n_people,
        hi=unique % n_people,
        ref=first.ref,
        decayed=summed(both.decayed),
        first=np.minimum.reduceat(both.first[order], starts),
        last=np.maximum.reduceat(both.last[order], starts),
        last_real=np.maximum.reduceat(both.last_real[order], starts),
        by_lo=summed(both.by_lo),
        by_hi=summed(both.by_hi),
        together=summed(both.together),
        counts=counts,
    )


def interaction_weights(channel: np.ndarray, duration: np.ndarray, params: Params = DEFAULTS) -> np.ndarray:
    """The weight of each interaction before decay: channel weight times a duration factor.

    The duration factor is log(1 + d/knee) / log(1 + full/knee): 1 for a full-length contact, less for a
    short one, and growing ever more slowly for long ones. Unknown durations (NaN) count as full.
    """
    cw = np.asarray(params.channel_weights, dtype=float)[channel]
    knee, full = params.duration_knee_s, params.full_duration_s
    with np.errstate(invalid="ignore"):
        factor = np.log1p(np.maximum(duration, 0.0) / knee) / np.log1p(full / knee)
    factor = np.where(np.isnan(duration), 1.0, factor)
    return cw * factor


def aggregate(events: Events, as_of: float, params: Params = DEFAULTS) -> Pairs:
    """Per-pair sufficient statistics of the events up to ``as_of`` (self-contacts are ignored)."""
    keep = (events.t <= as_of) & (events.a != events.b)
    arrays = events.arrays() if keep.all() else tuple(arr[keep] for arr in events.arrays())
    t, a, b, ch, dur, directed = arrays
    a = a.astype(np.int64, copy=False)
    b = b.astype(np.int64, copy=False)
    ch = ch.astype(np.int64, copy=False)
    if len(t) == 0:
        empty = np.zeros(0)
        return Pairs(
            np.zeros(0, np.int64), np.zeros(0, np.int64), as_of, empty, empty, empty, empty, empty, empty, empty,
            np.zeros((0, len(CHANNELS))),
        )  # fmt: skip
    lo = np.minimum(a, b)
    n_people = int(max(a.max(), b.max())) + 1
    key = lo * n_people + np.maximum(a, b)
    order = np.argsort(key)
    sorted_key = key[order]
    boundary = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    starts = np.flatnonzero(boundary)
    n_pairs = len(starts)
    # each event's pair number, in the events' own order (so no other column needs sorting)
    group = np.empty(len(t), dtype=np.int64)
    group[order] = np.cumsum(boundary) - 1
    w = interaction_weights(ch, dur, params)
    decayed = np.bincount(group, w * np.exp2(-(as_of - t) / (params.half_life_days * DAY)), minlength=n_pairs)
    t_sorted = t[order]
    first = np.minimum.reduceat(t_sorted, starts)
    last = np.maximum.reduceat(t_sorted, starts)
    social = ch[order] == CHANNELS.index("social")
    last_real = np.maximum.reduceat(np.where(social, -np.inf, t_sorted), starts)
    by_lo = np.bincount(group, w * (directed & (a == lo)), minlength=n_pairs)
    by_hi = np.bincount(group, w * (directed & (a != lo)), minlength=n_pairs)
    together = np.bincount(group, w * ~directed, minlength=n_pairs)
    counts = np.bincount(group * len(CHANNELS) + ch, minlength=n_pairs * len(CHANNELS))
    pair_key = sorted_key[starts]
    return Pairs(
        lo=pair_key // n_people,
        hi=pair_key % n_people,
        ref=as_of,
        decayed=decayed,
        first=first,
        last=last,
        last_real=last_real,
        by_lo=by_lo,
        by_hi=by_hi,
        together=together,
        counts=counts.reshape(n_pairs, len(CHANNELS)).astype(float),
    )


def ranked_within(owner: np.ndarray, score: np.ndarray) -> np.ndarray:
    """An order that groups rows by ``owner`` (ascending) and puts the highest ``score`` first within
    each group; one integer sort instead of a slower lexsort (scores are resolved to 1e-9)."""
    quantized = np.round((1.0 - np.clip(score, 0.0, 1.0)) * 1e9).astype(np.int64)
    return np.argsort(owner.astype(np.int64) * 2_000_000_000 + quantized)


def shared_contexts(lo: np.ndarray, hi: np.ndarray, contexts: np.ndarray | None) -> np.ndarray:
    """How many contexts each pair shares. ``contexts`` is a (people, k) matrix of context codes per
    person, padded with -1 (None: no context known)."""
    shared = np.zeros(len(lo))
    if contexts is None or contexts.size == 0 or len(lo) == 0:
        return shared
    left, right = contexts[lo], contexts[hi]
    for i in range(contexts.shape[1]):
        for j in range(contexts.shape[1]):
            shared += (left[:, i] == right[:, j]) & (left[:, i] >= 0)
    return shared


def mutual_close_contacts(
    lo: np.ndarray,
    hi: np.ndarray,
    base: np.ndarray,
    k: int,
    targets: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """How many third people count both people of a pair among their ``k`` strongest ties (ties with a
    base strength above 0), for each target pair (default: the pairs themselves)."""
    target_lo, target_hi = targets if targets is not None else (lo, hi)
    n = len(target_lo)
    real = base > 0
    lo, hi, base = lo[real], hi[real], base[real]
    if n == 0 or len(lo) == 0 or k < 2:
        return np.zeros(n)
    # each tie seen from both ends: (ego, alter, base)
    ego = np.r_[lo, hi]
    alter = np.r_[hi, lo]
    score = np.r_[base, base]
    order = ranked_within(ego, score)
    ego, alter = ego[order], alter[order]
    starts = np.flatnonzero(np.r_[True, ego[1:] != ego[:-1]])
    rank = np.arange(len(ego)) - np.repeat(starts, np.diff(np.r_[starts, len(ego)]))
    top = rank < k
    ego, alter = ego[top], alter[top]
    # all pairs of alters within each ego's top list (the list is contiguous after sorting)
    n_people = int(max(lo.max(), hi.max(), target_lo.max(), target_hi.max())) + 1
    pair_keys = []
    for offset in range(1, k):
        i = np.arange(len(ego) - offset)
        j = i + offset
        same = ego[i] == ego[j]
        x, y = alter[i[same]], alter[j[same]]
        pair_keys.append(np.minimum(x, y) * n_people + np.maximum(x, y))
    keys = np.concatenate(pair_keys)
    uniq, count = np.unique(keys, return_counts=True)
    if len(uniq) == 0:
        return np.zeros(n)
    target = np.minimum(target_lo, target_hi) * n_people + np.maximum(target_lo, target_hi)
    pos = np.minimum(np.searchsorted(uniq, target), len(uniq) - 1)
    return np.where(uniq[pos] == target, count[pos], 0).astype(float)


def components(
    pairs: Pairs,
    as_of: float,
    params: Params = DEFAULTS,
    *,
    contexts: np.ndarray | None = None,
    extra_by_lo: np.ndarray | None = None,
    extra_by_hi: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    mutual: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Every component in [0, 1] for each pair at ``as_of`` (>= ``pairs.ref``), plus raw counts used by
    explanations (``mutual_close``, ``shared``). ``extra_by_*`` add favours to reciprocity; ``shared`` and
    ``mutual`` may be given directly instead of computed from ``contexts`` and the pairs themselves."""
    elapsed_days = np.maximum(as_of - pairs.ref, 0.0) / DAY
    weight = pairs.decayed * np.exp2(-elapsed_days / params.half_life_days)
    out: dict[str, np.ndarray] = {}
    out["intensity"] = weight / (weight + params.intensity_half)
    since_last = np.maximum(as_of - pairs.last_real, 0.0) / DAY
    out["recency"] = np.exp2(-since_last / params.recency_half_life_days)
    contacted = pairs.counts.sum(axis=1) > 0
    with np.errstate(invalid="ignore"):
        span = np.where(contacted, np.maximum(pairs.last - pairs.first, 0.0), 0.0) / DAY
    out["tenure"] = span / (span + params.tenure_half_days)
    # the less active side's initiative; contact with no initiator counts half for each side
    by_lo = pairs.by_lo + (extra_by_lo if extra_by_lo is not None else 0.0)
    by_hi = pairs.by_hi + (extra_by_hi if extra_by_hi is not None else 0.0)
    weaker = np.minimum(by_lo, by_hi) + 0.5 * pairs.together
    out["reciprocity"] = weaker / (weaker + params.reciprocity_half)
    # channels of real contact: a social reaction is not another strand of the relationship
    n_channels = (pairs.counts[:, : CHANNELS.index("social")] > 0).sum(axis=1)
    out["multiplexity"] = np.maximum(n_channels - 1, 0) / (np.maximum(n_channels - 1, 0) + 2.0)
    if shared is None:
        shared = shared_contexts(pairs.lo, pairs.hi, contexts)
    out["shared_context"] = shared / (shared + 1.0)
    if mutual is None:
        base = np.where(contacted, combine(out, params, without=("embeddedness",)), 0.0)
        mutual = mutual_close_contacts(pairs.lo, pairs.hi, base, params.close_contacts)
    out["embeddedness"] = mutual / (mutual + 2.0)
    out["mutual_close"] = np.asarray(mutual, dtype=float)
    out["shared"] = np.asarray(shared, dtype=float)
    return out


def combine(
    comps: dict[str, np.ndarray], params: Params = DEFAULTS, without: tuple[str, ...] = ()
) -> np.ndarray:
    """The weighted mean of the components (those in ``without`` left out and the rest renormalised)."""
    names = [c for c in COMPONENTS if c not in without and c in comps]
    total = sum(params.weights[c] for c in names)
    return cast(np.ndarray, sum(params.weights[c] * comps[c] for c in names) / total)


def apply_marks(strength: np.ndarray, closeness: np.ndarray | None, liked: np.ndarray | None) -> np.ndarray:
    """The user's own marks: a closeness (0..1, NaN: none) replaces the score; liking (+1, -1, 0) moves
    it by 0.05 either way."""
    result = np.asarray(strength, dtype=float).copy()
    if liked is not None:
        result = np.clip(result + 0.05 * liked, 0.0, 1.0)
    if closeness is not None:
        result = np.where(np.isnan(closeness), result, np.clip(closeness, 0.0, 1.0))
    return result


def with_pairs(pairs: Pairs, lo: np.ndarray, hi: np.ndarray) -> Pairs:
    """``pairs`` plus the given pairs that are not in it yet, with no contact (to score latent ties)."""
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    n_people = (
        int(max(pairs.lo.max(initial=0), pairs.hi.max(initial=0), lo.max(initial=0), hi.max(initial=0))) + 1
    )
    known = set((pairs.lo * n_people + pairs.hi).tolist())
    key = np.unique(lo[lo != hi] * n_people + hi[lo != hi])
    new = key[~np.isin(key, np.fromiter(known, np.int64, len(known)))]
    m = len(new)
    nothing = np.full(m, -np.inf)
    return Pairs(
        lo=np.r_[pairs.lo, new // n_people],
        hi=np.r_[pairs.hi, new % n_people],
        ref=pairs.ref,
        decayed=np.r_[pairs.decayed, np.zeros(m)],
        first=np.r_[pairs.first, nothing],
        last=np.r_[pairs.last, nothing],
        last_real=np.r_[pairs.last_real, nothing],
        by_lo=np.r_[pairs.by_lo, np.zeros(m)],
        by_hi=np.r_[pairs.by_hi, np.zeros(m)],
        together=np.r_[pairs.together, np.zeros(m)],
        counts=np.r_[pairs.counts, np.zeros((m, len(CHANNELS)))],
    )


def score(
    events: Events,
    as_of: float,
    params: Params = DEFAULTS,
    contexts: np.ndarray | None = None,
    candidates: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[Pairs, dict[str, np.ndarray], np.ndarray]:
    """Score every pair in ``events`` at ``as_of`` (and the ``candidates`` pairs, even with no contact
    between them: their strength comes from shared context and mutual close contacts only)."""
    pairs = aggregate(events, as_of, params)
    if candidates is not None:
        pairs = with_pairs(pairs, *candidates)
    comps = components(pairs, as_of, params, contexts=contexts)
    return pairs, comps, combine(comps, params)
