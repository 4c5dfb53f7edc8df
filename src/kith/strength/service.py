"""Strength in the app: the user's tie to every person, from the database, through the pure engine.

``ties(session, as_of)`` scores every person except the user; ``tie(session, person_id, as_of)`` one of
them. The database side (what the user did with whom, shared employers and tags, favours, the user's
closeness and liking marks) is read here and handed to ``kith.strength.engine`` as arrays. Interactions
with several people also tie those people to each other (co-presence), which is what embeddedness
("mutual close contacts") is computed from.

Per-pair sums are cached (``kith.strength.cache``, kept current by ``kith.strength.aggregates`` on every
``log_interaction``), so scoring reads one row per pair instead of every interaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property, partial

import numpy as np
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from kith.errors import NotFound
from kith.reach.weights import brief_role
from kith.store.schema import Favour, Person, PersonTag, Role
from kith.strength import aggregates, circles, engine, explain
from kith.strength.cache import cached_pairs
from kith.strength.history import timestamps

CIRCLES = circles.CIRCLES
load_params = aggregates.load_params
#: a favour counts like this much channel-weighted contact for reciprocity (giving is reaching out)
FAVOUR_WEIGHT = 1.0


@dataclass
class Tie:
    """The user's tie to one person. ``explanation`` is the plain sentence; it is written when first
    read (a page listing 10,000 people shows few of them)."""

    person_id: int
    strength: float
    circle: str
    components: dict[str, float]
    last_contact: datetime | None
    _explain: Callable[[], str] = field(repr=False, compare=False)
    #: the tie's rhythm: its usual gap between real contacts in days (None: too few contacts to tell)
    usual_gap_days: float | None = None

    @cached_property
    def explanation(self) -> str:
        return self._explain()

    def record(self) -> dict:
        """The JSON shape of a tie."""
        return {
            "person_id": self.person_id,
            "strength": round(self.strength, 4),
            "circle": self.circle,
            "components": {k: round(v, 4) for k, v in self.components.items()},
            "explanation": self.explanation,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "usual_gap_days": None if self.usual_gap_days is None else round(self.usual_gap_days, 1),
        }


def tie(session: Session, person_id: int, as_of: datetime) -> Tie:
    """The user's tie to one person (NotFound for an unknown id or the user)."""
    found = ties(session, as_of, person_ids=[person_id])
    if person_id not in found:
        raise NotFound(f"no person #{person_id}")
    return found[person_id]


def ties(
    session: Session, as_of: datetime, *, person_ids: list[int] | None = None, keep_past: bool = False
) -> dict[int, Tie]:
    """The user's tie to every person except the user (or to ``person_ids``), scored at ``as_of``.

    ``keep_past``: ``as_of`` is a past date that will be asked again, moving slowly (the agenda's fading
    lookback): the cache keeps the sums at it, so that the next call reads only the rows logged since.
    """
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
    ego, group = cached_pairs(session, code_of, at, params, keep_past=keep_past)
    gave, got = _favours(session, code_of, me_id, len(ids), at)
    shared_count, shared = _shared_contexts(session, ids, me_id)
    closeness = np.array([np.nan if p.closeness is None else p.closeness for p in others])
    liked = np.array([0.0 if p.liked is None else (1.0 if p.liked else -1.0) for p in others])
    pairs, comps, strength = score_ego(ego, group, len(ids), at, params, gave, got, shared, shared_count)
    strength = engine.apply_marks(strength, closeness, liked)
    has_mark = ~np.isnan(closeness)
    circle = ego_circles(pairs, strength, at, has_mark)
    wanted = set(person_ids) if person_ids is not None else None
    # plain Python values once, rather than NumPy scalars per person: this loop runs for everyone
    names = (*engine.COMPONENTS, "mutual_close", "shared")
    values = {name: comps[name].tolist() for name in names}
    gaps = [None if np.isnan(g) else g for g in engine.usual_gap_days(pairs, params).tolist()]
    rows = zip(
        ids.tolist(), strength.tolist(), circle.tolist(), has_mark.tolist(), pairs.counts.tolist(),
        pairs.first.tolist(), pairs.last.tolist(), pairs.by_lo.tolist(), pairs.by_hi.tolist(),
        strict=True,
    )  # fmt: skip
    # an explanation counts calendar days in local time, as kith.wording.ago does ("last yesterday")
    today = as_of.astimezone().date()
    result: dict[int, Tie] = {}
    for i, (pid, value, ring, mark, counts, first, last, by_me, by_them) in enumerate(rows):
        if wanted is not None and pid not in wanted:
            continue
        components = {name: values[name][i] for name in engine.COMPONENTS}
        contacted = last != -np.inf
        sentence = partial(
            explain.sentence,
            value,
            components,
            counts,
            (today - date.fromtimestamp(first)).days if contacted else None,
            (today - date.fromtimestamp(last)).days if contacted else None,
            initiated_by_first=by_me,
            initiated_by_second=by_them,
            mutual_close=values["mutual_close"][i],
            shared=values["shared"][i],
            override=mark,
        )
        when = datetime.fromtimestamp(last, UTC) if contacted else None
        result[pid] = Tie(pid, value, CIRCLES[ring], components, when, sentence, gaps[i])
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
    shared_count: np.ndarray | None = None,
) -> tuple[engine.Pairs, dict[str, np.ndarray], np.ndarray]:
    """Components and strength of the user's tie to each of ``n`` people (codes 1..n, in order),
    people never contacted included (all zero). ``shared``: what the contexts each shares with the user
    say together, in [0, 1] (``shared_count``: how many)."""
    pairs = engine.with_pairs(ego, np.zeros(n, np.int64), np.arange(1, n + 1, dtype=np.int64))
    pairs = pairs.take(np.argsort(pairs.hi))
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
    mutual = mutual_count = zeros
    if len(group):
        other_comps = engine.components(group, at, params, mutual=np.zeros(len(group)))
        other_base = engine.combine(other_comps, params, without=("embeddedness",))
        mutual_count, mutual = engine.mutual_close_contacts(
            np.r_[pairs.lo, group.lo],
            np.r_[pairs.hi, group.hi],
            np.r_[base, other_base],
            params.close_contacts,
            targets=(pairs.lo, pairs.hi),
            close=params.close_strength,
        )
    comps = engine.components(
        pairs, at, params, extra_by_lo=gave, extra_by_hi=got, shared=shared, shared_count=shared_count,
        mutual=mutual, mutual_count=mutual_count,
    )  # fmt: skip
    for name in engine.COMPONENTS:
        comps[name] = np.where(contacted, comps[name], 0.0)
    return pairs, comps, engine.combine(comps, params)


def _favours(session: Session, code_of: dict[int, int], me_id: int | None, n: int, at: float):
    """Favours the user gave to and got from each person up to ``at``, as reciprocity weight."""
    gave, got = np.zeros(n), np.zeros(n)
    if me_id is None:
        return gave, got
    rows = session.execute(
        select(Favour.giver_id, Favour.receiver_id, type_coerce(Favour.occurred_at, String()))
    ).all()
    times = timestamps([r[2] for r in rows])
    for (giver, receiver, _), when in zip(rows, times, strict=True):
        if when > at:
            continue
        if giver == me_id and receiver in code_of:
            gave[code_of[receiver] - 1] += FAVOUR_WEIGHT
        elif receiver == me_id and giver in code_of:
            got[code_of[giver] - 1] += FAVOUR_WEIGHT
    return gave, got


def _shared_contexts(session: Session, ids: np.ndarray, me_id: int | None) -> tuple[np.ndarray, np.ndarray]:
    """How many contexts (employers, any time, and tags) each person shares with the user, and what they
    say together in [0, 1]: each context weighs by how many people in kith share it
    (``engine.weigh_contexts``), an employer half as much when both roles have dates and the two were
    never there at the same time, and they combine as separate evidence, ``1 - (1 - w1)(1 - w2)...``."""
    shared, unexplained = np.zeros(len(ids)), np.ones(len(ids))
    if me_id is None:
        return shared, np.zeros(len(ids))
    spans: dict[tuple[int, str], list[tuple[date, date]]] = {}
    for pid, org, started, ended in session.execute(
        select(Role.person_id, Role.organisation_id, Role.started_on, Role.ended_on)
    ):
        if org is not None:
            # a role of a day or less ends before it begins here: it never overlaps another
            brief = brief_role(started, ended)
            span = (date.max, date.min) if brief else (started or date.min, ended or date.max)
            spans.setdefault((pid, f"org:{org}"), []).append(span)
    for pid, tag in session.execute(select(PersonTag.person_id, PersonTag.tag_id)):
        spans.setdefault((pid, f"tag:{tag}"), [])
    members: dict[str, int] = {}
    for _, context in spans:
        members[context] = members.get(context, 0) + 1
    mine = {context for pid, context in spans if pid == me_id}
    if not mine:
        return shared, np.zeros(len(ids))
    weight_of = dict(
        zip(mine, engine.weigh_contexts(np.array([members[c] for c in mine])).tolist(), strict=True)
    )
    for i, pid in enumerate(ids.tolist()):
        for context in mine:
            theirs = spans.get((pid, context))
            if theirs is None:
                continue
            shared[i] += 1
            together = _together(spans[(me_id, context)], theirs)
            unexplained[i] *= 1.0 - weight_of[context] * (1.0 if together else 0.5)
    return shared, 1.0 - unexplained


def _together(mine: list[tuple[date, date]], theirs: list[tuple[date, date]]) -> bool:
    """Whether two people's spans at one place overlap (a tag has none: always together; a role with no
    dates could have been any time, so it counts as together)."""
    if not mine or not theirs:
        return True
    return any(
        a_start <= b_end and b_start <= a_end
        for a_start, a_end in mine
        for b_start, b_end in theirs
        if a_start <= a_end and b_start <= b_end
    )


def recompute(session: Session, as_of: datetime | None = None) -> None:
    """The full recompute: rebuild every cached sum from the interaction rows (after a model change or a
    bulk write). ``as_of`` is accepted for symmetry with ``ties``; the cache holds all of history."""
    from kith.strength.cache import rebuild_cache

    rebuild_cache(session, load_params(session))
