"""The product's principles of tie strength, as properties (Hypothesis) over random histories.

Each test states one promise kith makes about relationships (docs/strength.md, "Principles") and checks it
against the engine with its shipped defaults. People are integer codes; 0 is "you". Random other contact
among other people ("noise") is mixed in so that no promise leans on a quiet network.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kith.channels import CHANNELS
from kith.strength import engine
from kith.strength.params import DEFAULTS

DAY = engine.DAY
AS_OF = 400 * DAY
IN_PERSON, EMAIL, MESSAGE, SOCIAL = (CHANNELS.index(c) for c in ("in_person", "email", "message", "social"))
REAL = list(range(SOCIAL))
WRITTEN = [EMAIL, MESSAGE]


def events(rows) -> engine.Events:
    """rows: (day, a, b, channel, duration_s or None, directed); ``a`` reached out when directed."""
    rows = list(rows)
    return engine.Events(
        t=np.array([r[0] * DAY for r in rows], dtype=float),
        a=np.array([r[1] for r in rows], dtype=np.int64),
        b=np.array([r[2] for r in rows], dtype=np.int64),
        channel=np.array([r[3] for r in rows], dtype=np.int64),
        duration=np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=float),
        directed=np.array([r[5] for r in rows], dtype=bool),
    )


def scored(rows, as_of=AS_OF) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], dict[str, float]]]:
    pairs, comps, strength = engine.score(events(rows), as_of, DEFAULTS)
    keys = [(int(a), int(b)) for a, b in zip(pairs.lo, pairs.hi, strict=True)]
    values = {k: float(s) for k, s in zip(keys, strength, strict=True)}
    parts = {k: {name: float(comps[name][i]) for name in engine.COMPONENTS} for i, k in enumerate(keys)}
    return values, parts


def strengths(rows, as_of=AS_OF) -> dict[tuple[int, int], float]:
    return scored(rows, as_of)[0]


def noise_among(people: list[int], max_size: int = 30):
    """Random contact of every kind among ``people`` only."""
    return st.lists(
        st.tuples(
            st.integers(0, 399),
            st.sampled_from(people),
            st.sampled_from(people),
            st.integers(0, len(CHANNELS) - 1),
            st.one_of(st.none(), st.integers(0, 4 * 3600)),
            st.booleans(),
        ),
        max_size=max_size,
    )


any_contact = st.tuples(
    st.integers(0, 399),
    st.integers(0, len(CHANNELS) - 1),
    st.one_of(st.none(), st.integers(0, 4 * 3600)),
    st.booleans(),
    st.booleans(),  # who: you (0) or them (1)
)


def with_you(contact) -> tuple:
    day, channel, duration, directed, theirs = contact
    return (day, 1, 0, channel, duration, directed) if theirs else (day, 0, 1, channel, duration, directed)


# -- 1. a first meeting in person ranks above a stranger's message ------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.floats(0, 182.5),
    st.one_of(st.none(), st.integers(30 * 60, 4 * 3600)),
    st.sampled_from(["you asked", "they asked", "no one in particular"]),
    st.sampled_from(WRITTEN),
    st.one_of(st.none(), st.integers(0, 10 * 3600)),
    noise_among([0, 1, 3, 4, 5, 6]),
)
def test_a_first_meeting_in_person_ranks_above_a_strangers_message_today(
    days_ago, duration, who, written, written_duration, noise
):
    # person 1: one meeting in person, half an hour or more, up to six months ago, nothing else with you
    # person 2: a stranger whose single email or message reached you today
    noise = [r for r in noise if {r[1], r[2]} != {0, 1}]
    day = 400 - days_ago
    meeting = {
        "you asked": (day, 0, 1, IN_PERSON, duration, True),
        "they asked": (day, 1, 0, IN_PERSON, duration, True),
        "no one in particular": (day, 0, 1, IN_PERSON, duration, False),
    }[who]
    message = (400, 2, 0, written, written_duration, True)
    value = strengths([*noise, meeting, message])
    assert value[(0, 1)] > value[(0, 2)]


# -- 2. more contact never lowers strength; likes never add up to a coffee ----------------------------


@settings(max_examples=150, deadline=None)
@given(noise_among([0, 1, 2, 3, 4], max_size=40), any_contact)
def test_more_contact_of_any_kind_never_lowers_strength(rows, contact):
    before = strengths(rows).get((0, 1), 0.0)
    after = strengths([*rows, with_you(contact)])[(0, 1)]
    assert after >= before - 1e-12


@settings(max_examples=150, deadline=None)
@given(
    noise_among([0, 1, 2, 3, 4], max_size=40),
    st.lists(st.tuples(st.integers(0, 399), st.booleans(), st.booleans()), min_size=1, max_size=200),
    st.integers(30 * 60, 90 * 60),
)
def test_likes_and_comments_never_add_up_to_one_coffee(rows, reactions, coffee_s):
    # any number of likes and comments, either way, against one coffee on the day of the latest of them
    likes = [
        (day, *((1, 0) if theirs else (0, 1)), SOCIAL, None, directed) for day, theirs, directed in reactions
    ]
    coffee = (max(day for day, _, _ in reactions), 0, 1, IN_PERSON, coffee_s, True)
    with_likes = strengths([*rows, *likes])[(0, 1)]
    with_coffee = strengths([*rows, coffee])[(0, 1)]
    assert with_likes < with_coffee


# -- 3. both sides reaching out ranks above one side doing it all ------------------------------------


real_contact = st.tuples(
    st.integers(0, 399),
    st.sampled_from(REAL),
    st.one_of(st.none(), st.integers(60, 4 * 3600)),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(real_contact, min_size=2, max_size=20),
    st.lists(real_contact, max_size=5),
    st.data(),
    noise_among([0, 3, 4, 5]),
)
def test_of_two_ties_with_the_same_contact_the_one_where_both_reach_out_ranks_higher(
    reached, together, data, noise
):
    # tie (0, 1): you reached out every time; tie (0, 2): the very same contact, but once they did
    flipped = data.draw(st.integers(0, len(reached) - 1))
    one_sided = [(d, 0, 1, ch, dur, True) for d, ch, dur in reached]
    both = [
        (d, 2, 0, ch, dur, True) if i == flipped else (d, 0, 2, ch, dur, True)
        for i, (d, ch, dur) in enumerate(reached)
    ]
    shared = [(d, 0, p, ch, dur, False) for d, ch, dur in together for p in (1, 2)]
    value = strengths([*noise, *one_sided, *both, *shared])
    assert value[(0, 2)] > value[(0, 1)]


# -- 4. a tie met in person fades more slowly than one only ever written -----------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 399), st.booleans(), st.booleans()), min_size=1, max_size=25),
    st.sampled_from(WRITTEN),
    st.integers(1, 3 * 365),
)
def test_a_tie_met_in_person_and_left_alone_fades_more_slowly_than_one_only_ever_written(
    history, written, days_alone
):
    # the same history twice: tie (0, 1) only ever written, tie (0, 2) the same contact in person
    def rows(person, channel):
        return [
            (day, person, 0, channel, None, directed) if theirs else (day, 0, person, channel, None, directed)
            for day, theirs, directed in history
        ]

    now, now_parts = scored([*rows(1, written), *rows(2, IN_PERSON)])
    later, later_parts = scored([*rows(1, written), *rows(2, IN_PERSON)], as_of=AS_OF + days_alone * DAY)
    written_tie, met_tie = (0, 1), (0, 2)

    def kept(values, before, pair):
        return values[pair] / before[pair] if before[pair] > 0 else 1.0

    # what fades with time, contact memory (intensity) and recency, fades more slowly when met in person
    for name in ("intensity", "recency"):
        before = {k: v[name] for k, v in now_parts.items()}
        after = {k: v[name] for k, v in later_parts.items()}
        assert kept(after, before, met_tie) > kept(after, before, written_tie) - 1e-12, name
    # and the tie met in person stays the stronger of the two
    assert later[met_tie] > later[written_tie]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 399), st.sampled_from(WRITTEN), st.booleans(), st.integers(1, 3 * 365))
def test_a_single_meeting_keeps_more_of_its_strength_than_a_single_message(day, written, theirs, days_alone):
    def row(person, channel):
        return (day, person, 0, channel, None, True) if theirs else (day, 0, person, channel, None, True)

    rows = [row(1, written), row(2, IN_PERSON)]
    now, later = strengths(rows), strengths(rows, as_of=AS_OF + days_alone * DAY)
    assume(now[(0, 1)] > 0)
    assert later[(0, 2)] / now[(0, 2)] > later[(0, 1)] / now[(0, 1)]
