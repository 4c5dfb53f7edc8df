"""Circles: the layers of one person's network, from the few intimate ties out to collected connections.

Roberts & Dunbar describe layers of about 5 (support clique), 15 (sympathy group), 50 and 150 (the
active network) people. kith places each tie by its strength, so the sizes follow the data rather than a
quota; a layer only overflows into the next one when it holds more than twice its typical size
(a person with 40 ties above the "intimate" threshold still has at most 10 intimate ones).

- ``intimate``, ``close``, ``friends``, ``meaningful``: strength thresholds (see ``THRESHOLDS``).
- ``acquaintance``: some real contact, weaker than meaningful.
- ``dormant``: was real (several real interactions, or one in person) but nothing for ``DORMANT_DAYS``.
- ``collected``: a connection or contact with no real interaction at all (a social reaction is not one).
"""

from __future__ import annotations

import numpy as np

from kith.strength import engine

CIRCLES = ("intimate", "close", "friends", "meaningful", "acquaintance", "dormant", "collected")

#: lowest strength for each inner layer
#: (the close threshold is also where a mutual contact vouches fully for a tie: ``Params.close_strength``)
THRESHOLDS = {"intimate": 0.70, "close": engine.DEFAULTS.close_strength, "friends": 0.42, "meaningful": 0.30}
#: typical cumulative layer sizes (Roberts & Dunbar); a layer holds at most twice its typical size
TYPICAL_SIZES = {"intimate": 5, "close": 15, "friends": 50, "meaningful": 150}
DORMANT_DAYS = 365.0


def assign(
    strength: np.ndarray,
    real_contacts: np.ndarray,
    in_person: np.ndarray,
    days_since_last: np.ndarray,
    ego: np.ndarray | None = None,
) -> np.ndarray:
    """The circle (an index into CIRCLES) of each tie in its ego's network.

    ``real_contacts``: interactions other than social reactions; ``in_person``: interactions in person;
    ``days_since_last``: days since the last real contact (inf: never); ``ego``: whose network each tie
    belongs to (None: all to one person, the user).
    """
    strength = np.asarray(strength, dtype=float)
    n = len(strength)
    ego = np.zeros(n, dtype=np.int64) if ego is None else np.asarray(ego)
    circle = np.full(n, CIRCLES.index("acquaintance"))
    order = engine.ranked_within(ego, strength)
    sorted_ego = ego[order]
    starts = np.flatnonzero(np.r_[True, sorted_ego[1:] != sorted_ego[:-1]]) if n else np.zeros(0, np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    # walk the inner layers from the outside in so the innermost qualifying layer wins
    for name in reversed(list(THRESHOLDS)):
        inside = (strength >= THRESHOLDS[name]) & (rank < 2 * TYPICAL_SIZES[name])
        circle[inside] = CIRCLES.index(name)
    was_real = (real_contacts >= 2) | (in_person >= 1)
    faded = was_real & (days_since_last > DORMANT_DAYS) & (strength < THRESHOLDS["meaningful"])
    circle[faded] = CIRCLES.index("dormant")
    circle[real_contacts <= 0] = CIRCLES.index("collected")
    return circle


def assign_pairs(
    lo, hi, strength, real_contacts, in_person, days_since_last
) -> tuple[np.ndarray, np.ndarray]:
    """Circles of undirected ties seen from both ends: (b's circle for a, a's circle for b)."""
    n = len(lo)
    both = assign(
        np.r_[strength, strength],
        np.r_[real_contacts, real_contacts],
        np.r_[in_person, in_person],
        np.r_[days_since_last, days_since_last],
        ego=np.r_[lo, hi],
    )
    return both[:n], both[n:]
