"""Backtest: would the strength score at a past date have predicted who the user stayed in touch with?

Scores the user's ties as they stood at ``as_of`` (only what had happened by then), then checks them
against what happened next: the people the user really interacted with afterwards (social reactions do
not count) should rank above those they did not. The measure is the AUC: the chance that a random person
seen again outranks a random person not seen again (0.5 is chance, 1.0 perfect). Plain recency (the
latest contact first) is computed beside it as the baseline to beat, and so is "likely to be in touch"
(``engine.likely_in_touch``: strength with recency measured against each tie's own rhythm), the score
made for exactly this question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.people.core import me_id
from kith.store.schema import Person
from kith.strength import engine
from kith.strength.history import History, load_history
from kith.strength.params import Params
from kith.strength.service import load_params, score_ego
from kith.wording import count, days_ago

SOCIAL = engine.CHANNELS.index("social")


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Mann-Whitney AUC of ``score`` for a boolean ``label``; tied scores share their average rank."""
    score = np.asarray(score, dtype=float)
    label = np.asarray(label, dtype=bool)
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    average_rank = np.cumsum(counts) - (counts - 1) / 2.0
    ranks = average_rank[inverse]
    n_pos, n_neg = int(label.sum()), int((~label).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[label].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


@dataclass
class Backtest:
    as_of: datetime
    now: datetime
    people: int
    seen_again: int
    auc: float
    recency_auc: float
    missed: list[str]
    likely_in_touch_auc: float = float("nan")

    def record(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "people": self.people,
            "seen_again": self.seen_again,
            "auc": round(self.auc, 4),
            "recency_auc": round(self.recency_auc, 4),
            "likely_in_touch_auc": round(self.likely_in_touch_auc, 4),
            "strongest_not_seen_again": self.missed,
        }

    def summary(self) -> str:
        ago = days_ago((self.now - self.as_of).total_seconds() / engine.DAY)
        verdict = (
            "better than" if self.auc > self.recency_auc + 0.01
            else "about as well as" if self.auc >= self.recency_auc - 0.01
            else "worse than"
        )  # fmt: skip
        lines = [
            f"Backtest at {self.as_of:%Y-%m-%d} ({ago}): of the {count(self.people, 'person')} you had been in touch "
            f"with by then, you met {self.seen_again} again afterwards.",
            f"Ranked by strength, someone you met again came above someone you did not "
            f"{self.auc:.0%} of the time (AUC {self.auc:.2f}; 0.50 is chance, 1.00 perfect).",
            f"Recency alone (latest contact first) gets {self.recency_auc:.2f}: strength did {verdict} it.",
            f"Likely to be in touch (strength, with each tie's silence measured against its own rhythm) "
            f"gets {self.likely_in_touch_auc:.2f}.",
        ]
        if self.missed:
            lines.append("Strongest ties then that you have not met since: " + ", ".join(self.missed) + ".")
        return "\n".join(lines)


def evaluate(
    history: History, at: float, until: float, params: Params
) -> tuple[float, float, np.ndarray, np.ndarray, float]:
    """(strength AUC, recency AUC, strength, label, likely-in-touch AUC) over people in contact by
    ``at``, labelled by real contact in (``at``, ``until``]."""
    n = len(history.ids)
    ego = history.ego
    before = ego.t <= at
    known = np.zeros(n + 1, bool)
    known[ego.a[before]] = True
    known[ego.b[before]] = True
    after = (ego.t > at) & (ego.t <= until) & (ego.channel != SOCIAL)
    again = np.zeros(n + 1, bool)
    again[ego.a[after]] = True
    again[ego.b[after]] = True
    gave = np.bincount(history.favour_code[history.favour_given & (history.favour_t <= at)] - 1, minlength=n)
    got = np.bincount(history.favour_code[~history.favour_given & (history.favour_t <= at)] - 1, minlength=n)
    pairs, comps, strength = score_ego(
        engine.aggregate(ego, at, params),
        engine.aggregate(history.group, at, params),
        n,
        at,
        params,
        gave[:n].astype(float),
        got[:n].astype(float),
    )
    universe = known[1:]
    label = again[1:][universe]
    last = np.where(np.isfinite(pairs.last), pairs.last, -np.inf)[universe]
    touch = engine.likely_in_touch(pairs, comps, at, params)[universe]
    return auc(strength[universe], label), auc(last, label), strength, again[1:], auc(touch, label)


def run_backtest(session: Session, *, as_of: datetime | None, now: datetime) -> Backtest:
    """Backtest the score at ``as_of`` (default: the middle of the user's history, the date by which half
    of their interactions up to ``now`` had happened: a calendar midpoint would test a long history with a
    few old contacts on almost nothing)."""
    people = session.execute(
        select(Person.id, Person.name).where(Person.is_me.is_(False)).order_by(Person.id)
    ).all()
    me = me_id(session)
    ids = np.array([p.id for p in people], dtype=np.int64)
    history = load_history(session, ids, me)
    if len(history.ego) == 0:
        raise BadInput("nothing to backtest yet: log some interactions first")
    first = float(history.ego.t.min())
    done = history.ego.t[history.ego.t <= now.timestamp()]
    middle = float(np.median(done)) if len(done) else (first + now.timestamp()) / 2
    at = as_of.timestamp() if as_of is not None else middle
    if at <= first:
        raise BadInput(
            f"nothing had happened yet by {datetime.fromtimestamp(at, UTC):%Y-%m-%d}; pick a later date"
        )
    score_auc, recency_auc, strength, again, touch_auc = evaluate(
        history, at, now.timestamp(), load_params(session)
    )
    before = history.ego.t <= at
    known = np.zeros(len(ids) + 1, bool)
    known[history.ego.a[before]] = True
    known[history.ego.b[before]] = True
    universe = known[1:]
    seen = int((again & universe).sum())
    if seen == 0 or seen == int(universe.sum()):
        raise BadInput(
            f"cannot backtest at {datetime.fromtimestamp(at, UTC):%Y-%m-%d}: it needs people you met again "
            "afterwards and people you did not; try another --as-of"
        )
    misses = np.flatnonzero(universe & ~again)
    misses = misses[np.argsort(-strength[misses], kind="stable")][:3]
    return Backtest(
        as_of=datetime.fromtimestamp(at, UTC),
        now=now,
        people=int(universe.sum()),
        seen_again=seen,
        auc=score_auc,
        recency_auc=recency_auc,
        missed=[people[i].name for i in misses.tolist()],
        likely_in_touch_auc=touch_auc,
    )
