"""Calibration: fit the decay half-life and the channel weights to the user's own history.

The fit asks the backtest question at several past dates (half-way, five-eighths and three-quarters of
the way through the user's history): ranked by strength then, did the people the user met in the following
stretch come first? It searches half-lives and channel weights (keeping the richness order: in person
never weighs less than video, video than a call, and so on) for the best mean AUC, and keeps the defaults
unless the fit is clearly better (by ``MIN_GAIN``). With little history the defaults stay: a fit on a
handful of contacts would only learn noise.

The result is stored in the ``strength.params`` setting; ``reset`` removes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.people.core import me_id
from kith.store import settings as stored_settings
from kith.store.schema import Person
from kith.store.undo import undoable
from kith.strength import engine
from kith.strength.aggregates import PARAMS_KEY, load_params
from kith.strength.backtest import evaluate
from kith.strength.history import History, load_history
from kith.strength.params import CHANNEL_NAMES, DEFAULTS, Params
from kith.wording import count

MIN_INTERACTIONS = 40
MIN_PEOPLE = 10
MIN_DAYS = 90
MIN_GAIN = 0.01
HALF_LIVES = (14.0, 30.0, 60.0, 90.0, 180.0, 365.0)
MULTIPLIERS = (0.5, 2.0)
CUTS = (0.5, 0.625, 0.75)


@dataclass
class Calibration:
    params: Params
    calibrated: bool
    message: str
    before: float | None = None
    after: float | None = None

    def record(self) -> dict:
        return {
            "calibrated": self.calibrated,
            "half_life_days": self.params.half_life_days,
            "channel_weights": dict(zip(CHANNEL_NAMES, self.params.channel_weights, strict=True)),
            "auc_with_defaults": None if self.before is None else round(self.before, 4),
            "auc_calibrated": None if self.after is None else round(self.after, 4),
            "message": self.message,
        }

    def summary(self) -> str:
        weights = ", ".join(
            f"{c} {w:.3g}" for c, w in zip(CHANNEL_NAMES, self.params.channel_weights, strict=True)
        )
        state = "calibrated to your history" if self.calibrated else "kith's defaults"
        return f"{self.message}\nIn use ({state}): half-life {self.params.half_life_days:g} days; channel weights: {weights}."


def current(session: Session) -> Calibration:
    """The parameters in use, without fitting anything."""
    calibrated = stored_settings.is_set(session, PARAMS_KEY)
    message = (
        "Strength uses values calibrated to your history." if calibrated else "Strength uses kith's defaults."
    )
    return Calibration(load_params(session), calibrated, message)


@undoable("reset the strength calibration")
def reset(session: Session) -> Calibration:
    """Forget calibrated values: back to the defaults (the cache rebuilds itself on the next score)."""
    stored_settings.clear(session, PARAMS_KEY)
    return Calibration(DEFAULTS, False, "Calibration removed; strength uses kith's defaults again.")


def objective(history: History, params: Params, cuts: list[tuple[float, float]]) -> float:
    """Mean backtest AUC over the cut points."""
    scores = [evaluate(history, at, until, params)[0] for at, until in cuts]
    scores = [s for s in scores if not np.isnan(s)]
    return float(np.mean(scores)) if scores else float("nan")


@undoable("calibrate strength to your history")
def fit(session: Session, *, now: datetime) -> Calibration:
    """Fit half-life and channel weights to the history up to ``now`` and store them when clearly better."""
    people = session.scalars(select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id)).all()
    me = me_id(session)
    history = load_history(session, np.array(people, dtype=np.int64), me)
    ego = history.ego
    real = ego.channel != engine.CHANNELS.index("social")
    contacts = len(set(np.r_[ego.a[real], ego.b[real]].tolist()) - {0})
    first = float(ego.t.min()) if len(ego) else now.timestamp()
    days = (now.timestamp() - first) / engine.DAY
    if int(real.sum()) < MIN_INTERACTIONS or contacts < MIN_PEOPLE or days < MIN_DAYS:
        raise BadInput(
            f"too little history to calibrate: {count(int(real.sum()), 'interaction')} with "
            f"{count(contacts, 'person')} over "
            f"{days:.0f} days (kith needs at least {MIN_INTERACTIONS} with {MIN_PEOPLE} people over "
            f"{MIN_DAYS} days); the defaults stay in use"
        )
    span = now.timestamp() - first
    cuts = [(first + c * span, first + (c + 0.25) * span) for c in CUTS]
    start = DEFAULTS
    before = objective(history, start, cuts)
    if np.isnan(before):
        raise BadInput(
            "cannot calibrate: your history has no stretch with both people met again and not; the defaults stay in use"
        )
    best, best_score = start, before
    for half_life in HALF_LIVES:
        candidate = Params(half_life_days=half_life, channel_weights=best.channel_weights)
        score = objective(history, candidate, cuts)
        if score > best_score + 1e-9:
            best, best_score = candidate, score
    for _ in range(2):
        for k in range(1, len(CHANNEL_NAMES)):
            for multiplier in MULTIPLIERS:
                weights = list(best.channel_weights)
                weights[k] = weights[k] * multiplier
                if any(weights[i] < weights[i + 1] for i in range(len(weights) - 1)):
                    continue  # a thinner channel never outweighs a richer one
                candidate = Params(half_life_days=best.half_life_days, channel_weights=tuple(weights))
                score = objective(history, candidate, cuts)
                if score > best_score + 1e-9:
                    best, best_score = candidate, score
    if best_score < before + MIN_GAIN:
        return Calibration(
            load_params(session), stored_settings.is_set(session, PARAMS_KEY),
            f"Your history fits kith's defaults about as well as anything else (backtest AUC {before:.2f}, "
            f"best found {best_score:.2f}); nothing changed.",
            before, best_score,
        )  # fmt: skip
    value = {
        "half_life_days": best.half_life_days,
        "channel_weights": list(best.channel_weights),
        "auc_with_defaults": before,
        "auc_calibrated": best_score,
        "fitted_at": now.isoformat(),
    }
    stored_settings.write(session, PARAMS_KEY, value)
    return Calibration(
        best, True,
        f"Calibrated: backtest AUC {before:.2f} with the defaults, {best_score:.2f} with these values "
        "(undo with kith calibrate --reset).",
        before, best_score,
    )  # fmt: skip
