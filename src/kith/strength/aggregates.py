"""Running tie sums, updated as interactions are logged: no NumPy here, ``kith log`` imports this.

``TieCache`` holds one row per pair: the user and a person (``a_id`` 0), or two people who shared an
interaction. Each row keeps a channel-weighted sum decayed to a reference time, first and last contact,
who initiated, and counts per channel: enough to compute every strength component at any later time, so
logging one interaction updates only the rows it touches and scoring reads one row per pair.

``PastTieCache`` holds the same sums over the interactions up to a past cutoff (``past`` in the state), kept
by ``kith.strength.cache`` for the agenda's fading lookback; ``record`` folds an interaction dated on or
before the cutoff into it as well.

The cache is only trusted while it matches the interaction rows: ``strength_cache`` (key ``state``) keeps the
parameters' signature and a watermark (interaction count, highest id, participant rows). ``record`` moves
the watermark along with the rows it updates; anything else that changes interactions (an import, a
deletion) leaves them apart, and the next scoring rebuilds the cache; what changes them without changing
those counts (``merge_people``, a corrected interaction: ``kith.corrections``) calls ``invalidate``.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kith.store import settings as stored_settings
from kith.store.schema import (
    Interaction,
    InteractionParticipant,
    PastTieCache,
    StrengthCache,
    TieCache,
)
from kith.strength.params import CHANNEL_NAMES, DAY, DEFAULTS, Params, interaction_weight

CACHE_KEY = "state"
PARAMS_KEY = "strength.params"
ME = 0


def load_params(session: Session) -> Params:
    """The model parameters: the defaults with the user's calibrated values (if any) applied."""
    stored = stored_settings.read(session, PARAMS_KEY)
    return DEFAULTS if stored is None else DEFAULTS.with_overrides(stored)


def watermark(session: Session) -> list[int]:
    """What the cache must agree with: interactions, highest id, participant rows (three quick counts:
    an import or a deletion changes one of them; a merge calls ``invalidate``)."""
    count = session.scalar(select(func.count()).select_from(Interaction))
    highest = session.scalar(select(func.max(Interaction.id)))
    rows = session.scalar(select(func.count()).select_from(InteractionParticipant))
    return [int(count or 0), int(highest or 0), int(rows or 0)]


def invalidate(session: Session) -> None:
    """Forget the cache state so the next scoring rebuilds it (after a merge moves interactions, or an
    interaction is corrected)."""
    row = session.get(StrengthCache, CACHE_KEY)
    if row is not None:
        session.delete(row)


def cache_state(session: Session) -> dict | None:
    row = session.get(StrengthCache, CACHE_KEY)
    return json.loads(row.value) if row is not None else None


def save_state(session: Session, signature: str, mark: list[int], past: float | None = None) -> None:
    """Record what the cache agrees with; ``past``: the cutoff of ``PastTieCache`` (None: it is empty)."""
    state: dict = {"signature": signature, "watermark": mark}
    if past is not None:
        state["past"] = past
    value = json.dumps(state)
    row = session.get(StrengthCache, CACHE_KEY)
    if row is None:
        session.add(StrengthCache(key=CACHE_KEY, value=value))
    else:
        row.value = value


def record(session: Session, interaction: Interaction, person_ids: list[int]) -> None:
    """Fold one new interaction into the cached sums (called by ``log_interaction``)."""
    state = cache_state(session)
    params = load_params(session)
    if state is None or state.get("signature") != params.signature():
        return  # no usable cache yet: the next scoring builds it from the rows
    channel = CHANNEL_NAMES.index(interaction.channel) if interaction.channel in CHANNEL_NAMES else 0
    duration = float(interaction.duration_s) if interaction.duration_s is not None else None
    weight = interaction_weight(channel, duration, params)
    at = interaction.occurred_at.timestamp()
    by_me = weight if interaction.direction == "outbound" else 0.0
    by_them = weight if interaction.direction == "inbound" else 0.0
    together = weight if interaction.direction == "mutual" else 0.0
    past = state.get("past")
    # an interaction dated on or before the past cutoff (logged late) belongs in the past sums too
    tables = (TieCache, PastTieCache) if past is not None and at <= past else (TieCache,)
    ordered = sorted(person_ids)
    for table in tables:
        for pid in person_ids:
            _add(session, table, ME, pid, at, weight, channel, (by_me, by_them, together), params)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                _add(session, table, a, b, at, weight, channel, (0.0, 0.0, weight), params)
    count, highest, rows = state["watermark"]
    mark = [count + 1, max(highest, interaction.id), rows + len(person_ids)]
    save_state(session, state["signature"], mark, past)


def _add(session, table, a, b, at, weight, channel, initiative, params: Params) -> None:
    by_a, by_b, together = initiative
    row = session.get(table, (a, b))
    real = at if CHANNEL_NAMES[channel] != "social" else None
    if row is None:
        counts = [0] * len(CHANNEL_NAMES)
        counts[channel] = 1
        session.add(
            table(
                a_id=a, b_id=b, ref=at, decayed=weight, first=at, last=at, last_real=real,
                by_a=by_a, by_b=by_b, together=together, counts=",".join(map(str, counts)),
            )
        )  # fmt: skip
        return
    half_life = params.half_life_days * DAY
    if at > row.ref:
        row.decayed = row.decayed * 2.0 ** (-(at - row.ref) / half_life) + weight
        row.ref = at
    else:
        row.decayed = row.decayed + weight * 2.0 ** (-(row.ref - at) / half_life)
    counts = [int(c) for c in row.counts.split(",")]
    had_real = any(counts[: CHANNEL_NAMES.index("social")])
    # ``first`` is the first real contact; a tie with only social reactions keeps its first reaction
    if real is not None and not had_real:
        row.first = at
    elif real is not None or not had_real:
        row.first = min(row.first, at)
    row.last = max(row.last, at)
    if real is not None:
        row.last_real = real if row.last_real is None else max(row.last_real, real)
    row.by_a += by_a
    row.by_b += by_b
    row.together += together
    counts[channel] += 1
    row.counts = ",".join(map(str, counts))
