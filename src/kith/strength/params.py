"""The strength model's parameters, and the weight of one interaction, in plain Python (no NumPy).

Kept apart from the vectorized engine so that ``kith log`` can update cached aggregates without loading
NumPy. Every default is explained in docs/strength.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

CHANNEL_NAMES: tuple[str, ...] = ("in_person", "video", "call", "email", "message", "social")
#: channels where how long it lasted says something; an email or a message is one message however long
TIMED_CHANNELS: tuple[bool, ...] = (True, True, True, False, False, False)
DAY = 86400.0
#: changes whenever what the cached sums mean changes (so old caches are rebuilt)
MODEL_VERSION = 2


@dataclass(frozen=True)
class Params:
    """The model's parameters; the defaults are what every user gets (see docs/strength.md)."""

    #: an interaction's weight halves every this many days
    half_life_days: float = 90.0
    #: weight of one typical interaction per channel, in CHANNELS order
    #: (a social reaction weighs nothing: a like or a comment is not relationship building)
    channel_weights: tuple[float, ...] = (1.0, 0.6, 0.4, 0.2, 0.12, 0.0)
    #: an interaction of this length (seconds) counts fully; shorter and longer ones count logarithmically
    full_duration_s: float = 3600.0
    #: the scale of the logarithm: the first minutes of a contact matter most
    duration_knee_s: float = 300.0
    #: decayed weight at which intensity reaches 0.5 (three hours in person, recently)
    intensity_half: float = 3.0
    #: recency halves every this many days, by the richest channel the two have ever used (CHANNELS
    #: order): a tie met in person fades over a season, one only ever written in a month
    recency_half_life_days: tuple[float, ...] = (90.0, 60.0, 60.0, 30.0, 30.0, 30.0)
    #: the less active side's initiative (channel-weighted) at which reciprocity reaches 0.5
    reciprocity_half: float = 1.0
    #: days in contact at which tenure reaches 0.5
    tenure_half_days: float = 365.0
    #: how many of each person's strongest ties count as their "close contacts" for embeddedness
    close_contacts: int = 15
    #: a mutual contact vouches fully for a tie when both their ties to it are at least this strong (the
    #: close circle's threshold), in proportion to the weaker of the two otherwise
    close_strength: float = 0.55
    #: real contacts a tie needs before its own rhythm (its usual gap between contacts) is trusted
    rhythm_min_contacts: int = 4
    #: the shortest rhythm kith believes in: gaps shorter than a week are the same working week
    rhythm_floor_days: float = 7.0
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "intensity": 0.30,
            "recency": 0.20,
            "tenure": 0.10,
            "reciprocity": 0.10,
            "multiplexity": 0.05,
            "shared_context": 0.10,
            "embeddedness": 0.15,
        }
    )

    def with_overrides(self, values: dict) -> Params:
        """A copy with stored (calibrated) values applied; other keys are ignored."""
        known: dict = {}
        if "half_life_days" in values:
            known["half_life_days"] = float(values["half_life_days"])
        if "channel_weights" in values:
            known["channel_weights"] = tuple(float(x) for x in values["channel_weights"])
        return replace(self, **known)

    def signature(self) -> str:
        """What cached decayed sums depend on; a change means the cache must be rebuilt."""
        weights = ",".join(f"{w:.6g}" for w in self.channel_weights)
        return (
            f"v{MODEL_VERSION}|{self.half_life_days:.6g}|{weights}|{self.full_duration_s:.6g}"
            f"|{self.duration_knee_s:.6g}"
        )


DEFAULTS = Params()


def interaction_weight(channel: int, duration_s: float | None, params: Params = DEFAULTS) -> float:
    """One interaction's weight before decay (the scalar twin of ``engine.interaction_weights``)."""
    factor = 1.0
    if duration_s is not None and TIMED_CHANNELS[channel]:
        factor = math.log1p(max(duration_s, 0.0) / params.duration_knee_s) / math.log1p(
            params.full_duration_s / params.duration_knee_s
        )
    return params.channel_weights[channel] * factor
