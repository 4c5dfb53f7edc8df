"""The tie-strength engine: interactions in, one strength and its components per unordered pair out.

Pure and vectorized (NumPy): no database, no clock; ``as_of`` is always passed in. The same code scores
"me and them" in the app (``kith.strength.service``) and any pair in an interaction log (``kith score``).

A strength in [0, 1] is a weighted mean of components, each in [0, 1] (defaults and the reasons for them
are in docs/strength.md):

- ``intensity``: channel-weighted contact with exponential time decay. One hour in person counts 1; a
  video call, a phone call, an email and a message count less, in that order, and a social reaction
  nothing; the length of a conversation (in person, video, call) counts with diminishing returns
  (logarithmic). Saturates smoothly: I / (I + ``intensity_half``).
- ``recency``: the last real contact, counted by the depth of the tie (the weight of the richest channel
  the two have ever used, in person 1) and halving with a half-life that grows with that depth: a tie met
  in person fades over a season, a tie only ever written within a month.
- ``tenure``: how long the two have really been in contact (first to last contact that is not a social
  reaction).
- ``reciprocity``: both sides initiate: the less active side's initiative (favours given count as
  initiative; contact with no initiator counts half for each side), saturating. One-sided contact gives 0.
  It never falls when either side does more.
- ``multiplexity``: several channels of real contact (social reactions are not one).
- ``shared_context``: contexts in common (employer, school, class, department, group), each weighted by
  how few people share it (Adamic & Adar): a team of 5 says more than a school of 1,000. Several contexts
  are separate pieces of evidence and combine as such: 1 - (1 - w1)(1 - w2)...
- ``embeddedness``: mutual close contacts, the people who count both among their closest contacts, each
  counting as much as the weaker of their two ties (fully when both are close).

Personal marks (the user's closeness override and liking) are applied on top by ``apply_marks``.

Beside strength, ``likely_in_touch`` answers a different question: how likely the two are to be in
touch again soon. It is the same weighted mean with recency measured against the tie's own rhythm (its usual gap
between contacts, ``usual_gap_days``): a monthly lunch three weeks after the last one is on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from kith.channels import CHANNELS
from kith.strength.params import DAY, DEFAULTS, TIMED_CHANNELS, Params

SOCIAL = CHANNELS.index("social")

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
    #: the first real contact (the first contact of any kind where there is no real one)
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
        first=_first_real(both.first[order], both.counts[order, :SOCIAL].sum(axis=1) > 0, starts),
        last=np.maximum.reduceat(both.last[order], starts),
        last_real=np.maximum.reduceat(both.last_real[order], starts),
        by_lo=summed(both.by_lo),
        by_hi=summed(both.by_hi),
        together=summed(both.together),
        counts=counts,
    )


def _first_real(first: np.ndarray, real: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group (rows sorted by group, each group from ``starts``): the earliest time among rows of real
    contact, or the earliest of all where a group has none."""
    first_real = np.minimum.reduceat(np.where(real, first, np.inf), starts)
    first_any = np.minimum.reduceat(first, starts)
    return np.where(np.isfinite(first_real), first_real, first_any)


def interaction_weights(channel: np.ndarray, duration: np.ndarray, params: Params = DEFAULTS) -> np.ndarray:
    """The weight of each interaction before decay: channel weight times a duration factor.

    The duration factor is log(1 + d/knee) / log(1 + full/knee): 1 for a full-length contact, less for a
    short one, and growing ever more slowly for long ones. Unknown durations (NaN) count as full, and so
    does any written message (an email or a message is one message, however long it took).
    """
    cw = np.asarray(params.channel_weights, dtype=float)[channel]
    knee, full = params.duration_knee_s, params.full_duration_s
    with np.errstate(invalid="ignore"):
        factor = np.log1p(np.maximum(duration, 0.0) / knee) / np.log1p(full / knee)
    factor = np.where(np.isnan(duration) | ~np.asarray(TIMED_CHANNELS)[channel], 1.0, factor)
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
    social = ch[order] == SOCIAL
    first = _first_real(t_sorted, ~social, starts)
    last = np.maximum.reduceat(t_sorted, starts)
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
    each group; one integer sort instead of a slower lexsort (scores are resolved to 1e-9). Equal scores
    keep the rows' own order (a stable sort), so a tie at the edge of a top list is decided the same way
    on every run and by every engine that scores the same log (``kith.spark``)."""
    quantized = np.round((1.0 - np.clip(score, 0.0, 1.0)) * 1e9).astype(np.int64)
    return np.argsort(owner.astype(np.int64) * 2_000_000_000 + quantized, kind="stable")


def weigh_contexts(sizes: np.ndarray) -> np.ndarray:
    """What sharing a context says, by how many people share it: ``1 / ln(size)`` (Adamic & Adar 2003,
    the usual weighting of shared features in link prediction), at most 1: 1 for a context only the two
    share, 0.91 for a team of three, 0.28 for a class of 35, 0.14 for a firm of 1,000; a context nobody
    else has cannot be shared (0)."""
    sizes = np.asarray(sizes, dtype=float)
    return np.where(sizes >= 2, np.minimum(1.0, 1.0 / np.log(np.maximum(sizes, 2.0))), 0.0)


def shared_contexts(
    lo: np.ndarray, hi: np.ndarray, contexts: np.ndarray | None, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """How many contexts each pair shares, and what they say together in [0, 1]: each shared context is
    a separate piece of evidence of weight w (``weigh_contexts``), so together they say
    ``1 - (1 - w1)(1 - w2)...`` (one context alone says its weight; more never say less, nor above 1).
    ``contexts`` is a (people, k) matrix of context codes per person, padded with -1 (None: no context
    known); ``weights`` gives each code's weight (default: from how many people in ``contexts`` hold it)."""
    shared = np.zeros(len(lo))
    unexplained = np.ones(len(lo))
    if contexts is None or contexts.size == 0 or len(lo) == 0 or not (contexts >= 0).any():
        return shared, np.zeros(len(lo))
    if weights is None:
        weights = weigh_contexts(np.bincount(contexts[contexts >= 0]))
    left, right = contexts[lo], contexts[hi]
    for i in range(contexts.shape[1]):
        code = left[:, i]
        weight = np.clip(weights[np.clip(code, 0, len(weights) - 1)], 0.0, 1.0)
        for j in range(contexts.shape[1]):
            same = (code == right[:, j]) & (code >= 0)
            shared += same
            unexplained *= np.where(same, 1.0 - weight, 1.0)
    return shared, 1.0 - unexplained


def mutual_close_contacts(
    lo: np.ndarray,
    hi: np.ndarray,
    base: np.ndarray,
    k: int,
    targets: tuple[np.ndarray, np.ndarray] | None = None,
    close: float = DEFAULTS.close_strength,
) -> tuple[np.ndarray, np.ndarray]:
    """Mutual close contacts of each target pair (default: the pairs themselves): how many third people
    count both people of the pair among their ``k`` strongest ties (ties with a base strength above 0),
    and their weight: each counts as much as the weaker of their two ties, relative to a ``close`` tie
    (at most 1): someone close to both vouches for the tie, someone who barely knows one of them little."""
    target_lo, target_hi = targets if targets is not None else (lo, hi)
    n = len(target_lo)
    real = base > 0
    lo, hi, base = lo[real], hi[real], base[real]
    if n == 0 or len(lo) == 0 or k < 2:
        return np.zeros(n), np.zeros(n)
    # each tie seen from both ends: (ego, alter, base)
    ego = np.r_[lo, hi]
    alter = np.r_[hi, lo]
    score = np.r_[base, base]
    order = ranked_within(ego, score)
    ego, alter, vouch = ego[order], alter[order], np.minimum(score[order] / close, 1.0)
    starts = np.flatnonzero(np.r_[True, ego[1:] != ego[:-1]])
    rank = np.arange(len(ego)) - np.repeat(starts, np.diff(np.r_[starts, len(ego)]))
    top = rank < k
    ego, alter, vouch = ego[top], alter[top], vouch[top]
    # all pairs of alters within each ego's top list (the list is contiguous after sorting)
    n_people = int(max(lo.max(), hi.max(), target_lo.max(), target_hi.max())) + 1
    pair_keys, pair_vouch = [], []
    for offset in range(1, k):
        i = np.arange(len(ego) - offset)
        j = i + offset
        same = ego[i] == ego[j]
        first, second = i[same], j[same]
        x, y = alter[first], alter[second]
        pair_keys.append(np.minimum(x, y) * n_people + np.maximum(x, y))
        pair_vouch.append(np.minimum(vouch[first], vouch[second]))
    keys = np.concatenate(pair_keys)
    uniq, group, count = np.unique(keys, return_inverse=True, return_counts=True)
    if len(uniq) == 0:
        return np.zeros(n), np.zeros(n)
    weight = np.bincount(group, np.concatenate(pair_vouch), minlength=len(uniq))
    target = np.minimum(target_lo, target_hi) * n_people + np.maximum(target_lo, target_hi)
    pos = np.minimum(np.searchsorted(uniq, target), len(uniq) - 1)
    found = uniq[pos] == target
    return np.where(found, count[pos], 0.0), np.where(found, weight[pos], 0.0)


def depth(pairs: Pairs, params: Params = DEFAULTS) -> tuple[np.ndarray, np.ndarray]:
    """How deep each tie has ever gone: the richest channel of real contact (an index into CHANNELS;
    ``SOCIAL`` where there is none) and its weight relative to meeting in person (0 where none)."""
    real = pairs.counts[:, :SOCIAL] > 0
    richest = np.where(real.any(axis=1), np.argmax(real, axis=1), SOCIAL)
    weights = np.asarray(params.channel_weights, dtype=float)
    relative = np.r_[weights[:SOCIAL] / weights.max(), 0.0]
    return richest, relative[richest]


def usual_gap_days(pairs: Pairs, params: Params = DEFAULTS) -> np.ndarray:
    """Each tie's rhythm: the mean gap in days between its real contacts (first to last over the number
    of gaps), where it has at least ``rhythm_min_contacts`` of them; NaN where its history is too short
    to tell. A gap under ``rhythm_floor_days`` counts as that floor (contacts within one working week are
    one rhythm, not a daily one)."""
    real = pairs.counts[:, :SOCIAL].sum(axis=1)
    enough = real >= max(params.rhythm_min_contacts, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = (pairs.last_real - pairs.first) / DAY / np.maximum(real - 1, 1)
    return np.where(enough & np.isfinite(gap), np.maximum(gap, params.rhythm_floor_days), np.nan)


def _recency(
    pairs: Pairs,
    as_of: float,
    params: Params,
    allowance_days: np.ndarray | float = 0.0,
    half_life_days: np.ndarray | None = None,
) -> np.ndarray:
    """Recency by the tie's depth: ``allowance_days`` of silence are not counted against it, and the rest
    halves it every ``half_life_days`` (default: the half-life of the tie's richest channel)."""
    richest, deep = depth(pairs, params)
    if half_life_days is None:
        half_life_days = np.asarray(params.recency_half_life_days, dtype=float)[richest]
    since_last = np.maximum(as_of - pairs.last_real, 0.0) / DAY
    silent = np.maximum(since_last - allowance_days, 0.0)
    return deep * np.exp2(-silent / half_life_days)


def components(
    pairs: Pairs,
    as_of: float,
    params: Params = DEFAULTS,
    *,
    contexts: np.ndarray | None = None,
    context_weights: np.ndarray | None = None,
    extra_by_lo: np.ndarray | None = None,
    extra_by_hi: np.ndarray | None = None,
    shared: np.ndarray | None = None,
    shared_count: np.ndarray | None = None,
    mutual: np.ndarray | None = None,
    mutual_count: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Every component in [0, 1] for each pair at ``as_of`` (>= ``pairs.ref``), plus raw counts used by
    explanations (``mutual_close``, ``shared``: contexts in common). ``extra_by_*`` add favours to
    reciprocity; ``shared`` (what the shared contexts say together, in [0, 1], with ``shared_count``
    their number) and ``mutual`` (the weight of mutual close contacts, with ``mutual_count`` their
    number) may be given directly instead of computed from ``contexts`` and the pairs themselves."""
    elapsed_days = np.maximum(as_of - pairs.ref, 0.0) / DAY
    weight = pairs.decayed * np.exp2(-elapsed_days / params.half_life_days)
    out: dict[str, np.ndarray] = {}
    out["intensity"] = weight / (weight + params.intensity_half)
    out["recency"] = _recency(pairs, as_of, params, 0.0)
    # tenure runs from the first to the last real contact: likes before or after do not lengthen a tie
    with np.errstate(invalid="ignore"):
        span = np.where(np.isfinite(pairs.last_real), np.maximum(pairs.last_real - pairs.first, 0.0), 0.0)
    span = np.nan_to_num(span) / DAY
    out["tenure"] = span / (span + params.tenure_half_days)
    # the less active side's initiative; contact with no initiator counts half for each side
    by_lo = pairs.by_lo + (extra_by_lo if extra_by_lo is not None else 0.0)
    by_hi = pairs.by_hi + (extra_by_hi if extra_by_hi is not None else 0.0)
    weaker = np.minimum(by_lo, by_hi) + 0.5 * pairs.together
    out["reciprocity"] = weaker / (weaker + params.reciprocity_half)
    # channels of real contact: a social reaction is not another strand of the relationship
    n_channels = (pairs.counts[:, :SOCIAL] > 0).sum(axis=1)
    out["multiplexity"] = np.maximum(n_channels - 1, 0) / (np.maximum(n_channels - 1, 0) + 2.0)
    if shared is None:
        shared_count, shared = shared_contexts(pairs.lo, pairs.hi, contexts, context_weights)
    out["shared_context"] = np.clip(shared, 0.0, 1.0)
    contacted = pairs.counts.sum(axis=1) > 0
    if mutual is None:
        base = np.where(contacted, combine(out, params, without=("embeddedness",)), 0.0)
        mutual_count, mutual = mutual_close_contacts(
            pairs.lo, pairs.hi, base, params.close_contacts, close=params.close_strength
        )
    out["embeddedness"] = mutual / (mutual + 2.0)
    out["mutual_close"] = np.asarray(mutual if mutual_count is None else mutual_count, dtype=float)
    out["shared"] = np.asarray(shared if shared_count is None else shared_count, dtype=float)
    return out


def likely_in_touch(
    pairs: Pairs, comps: dict[str, np.ndarray], as_of: float, params: Params = DEFAULTS
) -> np.ndarray:
    """How likely each pair is to be in touch again soon, in [0, 1]: strength's weighted mean with
    recency measured against the tie's own rhythm. Silence up to one usual gap is on time; beyond it,
    recency halves with every further usual gap (a weekly tie silent for five weeks is four rhythms
    overdue, a yearly one silent for five weeks is on time). A tie too new to show a rhythm is not known
    to recur at all: its recency halves with every gap typical of the ties around it (the median usual
    gap of those that have one; with none, as strength measures it)."""
    gap = usual_gap_days(pairs, params)
    known = np.isfinite(gap)
    richest, _ = depth(pairs, params)
    half_life = np.asarray(params.recency_half_life_days, dtype=float)[richest]
    if known.any():
        half_life = np.full(len(pairs), float(np.median(gap[known])))
    rhythm = dict(comps)
    rhythm["recency"] = _recency(
        pairs, as_of, params, np.where(known, gap, 0.0), np.where(known, gap, half_life)
    )
    return combine(rhythm, params)


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
    context_weights: np.ndarray | None = None,
) -> tuple[Pairs, dict[str, np.ndarray], np.ndarray]:
    """Score every pair in ``events`` at ``as_of`` (and the ``candidates`` pairs, even with no contact
    between them: their strength comes from shared context and mutual close contacts only)."""
    pairs = aggregate(events, as_of, params)
    if candidates is not None:
        pairs = with_pairs(pairs, *candidates)
    comps = components(pairs, as_of, params, contexts=contexts, context_weights=context_weights)
    return pairs, comps, combine(comps, params)
