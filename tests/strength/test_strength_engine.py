"""The pure engine: unit tests and properties (Hypothesis) that any user would expect of a strength."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kith.channels import CHANNELS
from kith.strength import circles, engine
from kith.strength.params import DEFAULTS, Params, interaction_weight

DAY = engine.DAY
AS_OF = 400 * DAY
IN_PERSON, SOCIAL = CHANNELS.index("in_person"), CHANNELS.index("social")


def events(rows) -> engine.Events:
    """rows: (day, a, b, channel, duration_s or None, directed)."""
    rows = list(rows)
    return engine.Events(
        t=np.array([r[0] * DAY for r in rows], dtype=float),
        a=np.array([r[1] for r in rows], dtype=np.int64),
        b=np.array([r[2] for r in rows], dtype=np.int64),
        channel=np.array([r[3] for r in rows], dtype=np.int64),
        duration=np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
        directed=np.array([r[5] for r in rows], dtype=bool),
    )


def strengths(rows, as_of=AS_OF, params=DEFAULTS, contexts=None) -> dict[tuple[int, int], float]:
    pairs, _, strength = engine.score(events(rows), as_of, params, contexts)
    return {(int(a), int(b)): float(s) for a, b, s in zip(pairs.lo, pairs.hi, strength, strict=True)}


row = st.tuples(
    st.integers(0, 399),  # day
    st.integers(0, 5),  # a
    st.integers(0, 5),  # b
    st.integers(0, len(CHANNELS) - 1),
    st.one_of(st.none(), st.integers(0, 4 * 3600)),
    st.booleans(),
)
logs = st.lists(row, min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(logs)
def test_strength_is_symmetric(rows):
    swapped = [(d, b, a, ch, dur, directed) for d, a, b, ch, dur, directed in rows]
    one, other = strengths(rows), strengths(swapped)
    assert one.keys() == other.keys()
    for pair, value in one.items():
        assert other[pair] == pytest.approx(value, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(logs, st.integers(1, 2000))
def test_with_no_contact_strength_decays(rows, days_later):
    # fewer than close_contacts people: every tie is in everyone's close list, so only time changes
    now, later = strengths(rows), strengths(rows, as_of=AS_OF + days_later * DAY)
    real = {(min(a, b), max(a, b)) for _, a, b, ch, _, _ in rows if ch != SOCIAL and a != b}
    for pair, value in now.items():
        assert later[pair] <= value
        if pair in real:
            assert later[pair] < value  # recency falls for anything but a social reaction


@settings(max_examples=40, deadline=None)
@given(logs, st.randoms(use_true_random=False))
def test_results_are_deterministic_and_order_free(rows, rng):
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert strengths(rows) == strengths(rows)
    one, other = strengths(rows), strengths(shuffled)
    assert one.keys() == other.keys()
    for pair, value in one.items():
        assert other[pair] == pytest.approx(value, abs=1e-12)


def test_strength_and_components_stay_in_range():
    rng = np.random.default_rng(7)
    n = 5000
    ev = engine.Events(
        t=rng.uniform(0, AS_OF, n),
        a=rng.integers(0, 300, n),
        b=rng.integers(0, 300, n),
        channel=rng.integers(0, 6, n),
        duration=np.where(rng.random(n) < 0.5, np.nan, rng.uniform(0, 20000, n)),
        directed=rng.random(n) < 0.7,
    )
    contexts = rng.integers(-1, 20, (300, 3))
    pairs, comps, strength = engine.score(ev, AS_OF, DEFAULTS, contexts)
    assert np.all(pairs.lo < pairs.hi)
    assert np.all((strength >= 0) & (strength <= 1))
    for name in engine.COMPONENTS:
        assert np.all((comps[name] >= 0) & (comps[name] <= 1)), name


def test_in_person_outweighs_thin_channels_in_order():
    weights = [interaction_weight(c, None) for c in range(len(CHANNELS))]
    assert weights == sorted(weights, reverse=True)
    assert weights[SOCIAL] == 0.0  # a like or a comment is not relationship building


def test_only_conversations_count_their_length():
    long_email, email = engine.interaction_weights(
        np.array([CHANNELS.index("email")] * 2), np.array([7200.0, np.nan])
    )
    assert long_email == email == interaction_weight(CHANNELS.index("email"), 7200.0)


def test_duration_counts_with_diminishing_returns():
    w = engine.interaction_weights(np.zeros(4, np.int64), np.array([600.0, 3600.0, 7200.0, np.nan]))
    assert w[0] < w[1] < w[2]
    assert w[2] < 2 * w[1]  # two hours count less than two one-hour meetings
    assert w[3] == w[1]  # unknown duration: a typical meeting
    # the scalar twin used by `kith log` agrees with the vectorized one
    assert interaction_weight(0, 600.0) == pytest.approx(w[0])


def test_shared_context_and_mutual_close_contacts():
    rows = [
        (390, 0, 1, IN_PERSON, 3600, False),
        (390, 0, 2, IN_PERSON, 3600, False),
        (391, 1, 2, IN_PERSON, 3600, False),
    ]
    rows.append((391, 3, 4, IN_PERSON, 3600, False))
    contexts = np.array([[0, -1], [0, 1], [1, -1], [-1, -1], [-1, -1]])
    pairs, comps, _ = engine.score(events(rows), AS_OF, DEFAULTS, contexts)
    by_pair = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(pairs.lo, pairs.hi, strict=True))}
    assert comps["shared"][by_pair[(0, 1)]] == 1 and comps["shared"][by_pair[(1, 2)]] == 1
    assert comps["shared"][by_pair[(3, 4)]] == 0
    assert comps["mutual_close"][by_pair[(0, 1)]] == 1  # person 2 is close to both
    assert comps["mutual_close"][by_pair[(3, 4)]] == 0


def test_a_small_shared_context_says_more_than_a_large_one():
    # 0 and 1 share a team of three; 2 and 3 a school of 40 (everyone else in it never met anyone here)
    rows = [(390, 0, 1, IN_PERSON, 3600, False), (390, 2, 3, IN_PERSON, 3600, False)]
    contexts = np.full((44, 1), -1)
    contexts[[0, 1, 4], 0] = 0
    contexts[[2, 3, *range(5, 43)], 0] = 1
    pairs, comps, strength = engine.score(events(rows), AS_OF, DEFAULTS, contexts)
    team, school = (0, 1)
    assert comps["shared"][team] == comps["shared"][school] == 1  # one context in common each
    assert comps["shared_context"][team] > 2 * comps["shared_context"][school]
    assert strength[team] > strength[school]
    assert engine.weigh_contexts(np.array([1, 2, 3, 40, 1000])).tolist() == pytest.approx(
        [0.0, 1.0, 1 / np.log(3), 1 / np.log(40), 1 / np.log(1000)]
    )


def test_shared_contexts_combine_as_separate_evidence():
    # 0-1 share a class of 35; 2-3 the same class and a club of 10; 4-5 a context only the two have
    contexts = np.full((50, 2), -1)
    contexts[[0, 1, 2, 3, *range(6, 37)], 0] = 0
    contexts[[2, 3, *range(37, 45)], 1] = 1
    contexts[[4, 5], 0] = 2
    rows = [(390, a, b, IN_PERSON, 3600, False) for a, b in ((0, 1), (2, 3), (4, 5))]
    pairs, comps, _ = engine.score(events(rows), AS_OF, DEFAULTS, contexts)
    by_pair = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(pairs.lo, pairs.hi, strict=True))}
    one, two, theirs = (comps["shared_context"][by_pair[p]] for p in ((0, 1), (2, 3), (4, 5)))
    class_, club = engine.weigh_contexts(np.array([35, 10]))
    assert one == pytest.approx(class_)  # one context alone says what it weighs
    assert two == pytest.approx(1 - (1 - class_) * (1 - club)) and max(class_, club) < two < 1
    assert theirs == 1.0  # a context only the two of them share says as much as a context can
    assert comps["shared"][by_pair[(2, 3)]] == 2


def test_a_mutual_contact_close_to_both_vouches_more_than_one_who_barely_knows_one_of_them():
    # 0-1 and 3-4 met alike; 2 sees 0 and 1 for hours every week, 5 sees 3 as often but met 4 once, briefly
    rows = [(390, 0, 1, IN_PERSON, 3600, False), (390, 3, 4, IN_PERSON, 3600, False)]
    for day in range(300, 400, 7):
        rows += [(day, 2, 0, IN_PERSON, 7200, False), (day + 1, 1, 2, IN_PERSON, 7200, False)]
        rows += [(day, 5, 3, IN_PERSON, 7200, False)]
    rows.append((399, 4, 5, IN_PERSON, 300, False))
    pairs, comps, strength = engine.score(events(rows), AS_OF, DEFAULTS)
    by_pair = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(pairs.lo, pairs.hi, strict=True))}
    vouched, barely = by_pair[(0, 1)], by_pair[(3, 4)]
    assert comps["mutual_close"][vouched] == comps["mutual_close"][barely] == 1  # one mutual contact each
    assert comps["embeddedness"][vouched] == pytest.approx(1 / 3)  # close to both: counts fully
    assert 0 < comps["embeddedness"][barely] < comps["embeddedness"][vouched]
    assert strength[vouched] > strength[barely]


def test_a_tie_with_a_rhythm_is_on_time_until_its_usual_gap_has_passed():
    # a monthly lunch for a year, the last one 25 days ago; a tie met as often, but all at once a year ago
    monthly = [(375 - 30 * k, 0, 1, IN_PERSON, 3600, True) for k in range(12)]
    burst = [(30 + k, 0, 2, IN_PERSON, 3600, True) for k in range(12)]
    pairs, comps, strength = engine.score(events(monthly + burst), AS_OF, DEFAULTS)
    gap = engine.usual_gap_days(pairs)
    touch = engine.likely_in_touch(pairs, comps, AS_OF)
    assert gap[0] == pytest.approx(30.0) and gap[1] == pytest.approx(DEFAULTS.rhythm_floor_days)
    assert touch[0] > strength[0]  # 25 days into a 30-day rhythm: recency counts in full
    assert comps["recency"][0] < 1.0
    assert touch[1] < strength[1]  # a year overdue on a weekly rhythm: that rhythm has broken
    assert touch[0] > touch[1]
    short = engine.score(events(monthly[:3]), AS_OF, DEFAULTS)[0]
    assert np.isnan(engine.usual_gap_days(short)).all()  # three lunches are too few to know a rhythm


def test_latent_ties_score_from_context_and_mutual_contacts_only():
    rows = [(390, 0, 1, IN_PERSON, 3600, False), (390, 0, 2, IN_PERSON, 3600, False)]
    contexts = np.array([[5], [5], [5], [-1]])
    pairs, comps, strength = engine.score(
        events(rows), AS_OF, DEFAULTS, contexts, candidates=(np.array([1, 1]), np.array([2, 3]))
    )
    by_pair = {(int(a), int(b)): float(s) for a, b, s in zip(pairs.lo, pairs.hi, strength, strict=True)}
    assert 0 < by_pair[(1, 2)] < by_pair[(0, 1)]  # same context, one mutual close contact, never met
    assert by_pair[(1, 3)] == 0.0


def test_marks_override_and_nudge():
    s = np.array([0.2, 0.5, 0.9])
    marked = engine.apply_marks(s, np.array([np.nan, 0.1, np.nan]), np.array([1.0, 0.0, -1.0]))
    assert marked.tolist() == pytest.approx([0.25, 0.1, 0.85])


def test_circles_follow_strength_with_generous_caps():
    strength = np.r_[np.full(30, 0.8), np.full(5, 0.5), np.full(5, 0.1), [0.0]]
    real = np.r_[np.full(40, 3.0), [0.0]]
    in_person = np.ones(41)
    since = np.r_[np.full(35, 10.0), np.full(5, 800.0), [np.inf]]
    names = [circles.CIRCLES[c] for c in circles.assign(strength, real, in_person, since)]
    assert names.count("intimate") == 10  # 30 qualify; twice the typical 5 are kept
    assert names[10:30] == ["close"] * 20  # all 30 are stronger than "close" needs; 15 x 2 fit
    assert names[30:35] == ["friends"] * 5
    assert names[35:40] == ["dormant"] * 5
    assert names[40] == "collected"


def test_no_events_no_pairs():
    pairs, comps, strength = engine.score(events([]), AS_OF, Params())
    assert len(pairs) == 0 and len(strength) == 0
