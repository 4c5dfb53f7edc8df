"""The strength commands through the CLI: kith score, explain, backtest, calibrate."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from conftest import assert_user_error

COLUMNS = [
    "a", "b", "strength", "intensity", "recency", "tenure", "reciprocity", "multiplexity",
    "shared_context", "embeddedness",
]  # fmt: skip


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "time,source,target,channel,duration_s,directed,note\n"
        "2026-01-05T10:00:00Z,ann@example.com,bob@example.com,in_person,3600,true,coffee\n"
        "2026-01-12 10:00:00,bob@example.com,ann@example.com,,5400,,lunch\n"
        "1768212000,ann@example.com,bob@example.com,email,,,\n"
        "2026-01-20T11:00:00+01:00,ann@example.com,cy@example.com,social,,false,like\n"
        "2026-01-21,dee@example.com,cy@example.com,call,600,true,\n"
    )
    return path


def test_score_writes_one_row_per_pair_strongest_first(kith, log_file):
    out = rows(kith("score", str(log_file)).stdout)
    assert list(out[0])[: len(COLUMNS)] == COLUMNS
    pairs = {(r["a"], r["b"]) for r in out}
    assert pairs == {
        ("ann@example.com", "bob@example.com"),
        ("ann@example.com", "cy@example.com"),
        ("cy@example.com", "dee@example.com"),
    }
    strengths = [float(r["strength"]) for r in out]
    assert strengths == sorted(strengths, reverse=True)
    assert out[0]["a"] == "ann@example.com" and out[0]["b"] == "bob@example.com"
    assert out[0]["interactions"] == "3"
    # ann and bob both reached out; ann's like to cy is a social reaction with no direction
    assert float(out[0]["reciprocity"]) > 0.5
    like = next(r for r in out if r["b"] == "cy@example.com" and r["a"] == "ann@example.com")
    assert float(like["strength"]) < float(out[0]["strength"])
    assert like["circle_of_b_for_a"] == "collected"
    for r in out:
        for column in COLUMNS[2:]:
            assert 0.0 <= float(r[column]) <= 1.0


def test_score_as_of_and_out_file(kith, log_file, tmp_path):
    target = tmp_path / "scores.csv"
    result = kith("score", str(log_file), "--as-of", "2026-01-13T00:00:00Z", "--out", str(target))
    assert "Scored 1 pair among" in result.stdout and "2026-01-13 00:00" in result.stdout
    out = rows(target.read_text())
    assert [(r["a"], r["b"]) for r in out] == [("ann@example.com", "bob@example.com")]
    assert out[0]["interactions"] == "3"  # the UNIX-seconds row is 2026-01-12 10:00 UTC
    later = rows(kith("score", str(log_file), "--as-of", "2027-01-13").stdout)
    first = rows(kith("score", str(log_file), "--as-of", "2026-01-22").stdout)
    assert float(later[0]["strength"]) < float(first[0]["strength"])


def test_context_and_candidate_pairs(kith, log_file, tmp_path):
    context = tmp_path / "context.csv"
    context.write_text("person,context\nann@example.com,Acme\nbob@example.com,acme\neve@example.com,Acme\n")
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("a,b\nann@example.com,eve@example.com\nbob@example.com,dee@example.com\n")
    plain = {(r["a"], r["b"]): r for r in rows(kith("score", str(log_file)).stdout)}
    scored = {
        (r["a"], r["b"]): r
        for r in rows(kith("score", str(log_file), "--context", str(context), "--pairs", str(pairs)).stdout)
    }
    ab = ("ann@example.com", "bob@example.com")
    assert scored[ab]["shared_contexts"] == "1"
    assert float(scored[ab]["strength"]) > float(plain[ab]["strength"])
    # a latent tie: never met, but the same employer
    assert float(scored[("ann@example.com", "eve@example.com")]["shared_context"]) > 0
    assert scored[("ann@example.com", "eve@example.com")]["interactions"] == "0"
    assert float(scored[("bob@example.com", "dee@example.com")]["strength"]) == 0.0


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("time,source\n2026-01-01,a\n", ["missing column", "target"]),
        ("time,source,target\n2026-01-01,a,b\nsoon,a,b\n", [":3:", "not a time", "soon"]),
        ("time,source,target,channel\n2026-01-01,a,b,pigeon\n", [":2:", "unknown channel", "pigeon"]),
        ("time,source,target,duration_s\n2026-01-01,a,b,-5\n", [":2:", "duration"]),
        ("time,source,target,directed\n2026-01-01,a,b,maybe\n", [":2:", "true or false"]),
        ("time,source,target\n2026-01-01,a,\n", [":2:", "missing person"]),
        ("time,source,target\n", ["no interactions"]),
    ],
)
def test_score_bad_logs_are_one_line_errors(kith, tmp_path, content, fragments):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert_user_error(kith("score", str(path), expect=2), *fragments)


def test_score_missing_file_and_bad_as_of(kith, log_file, tmp_path):
    assert_user_error(kith("score", str(tmp_path / "nope.csv"), expect=2), "no such file")
    assert_user_error(kith("score", str(log_file), "--as-of", "teatime", expect=2), "--as-of", "teatime")


def test_explain_shows_components_and_sentence(kith):
    kith("add", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    kith("log", "call", "Jane Doe", "--when", "2026-06-01", "--inbound")
    text = kith("explain", "Jane Doe").stdout
    assert "Jane Doe: strength" in text
    assert "1 meeting in person, 1 phone call over 4 weeks, last 2 weeks ago" in text
    for component in ("intensity", "recency", "reciprocity", "embeddedness"):
        assert component in text
    data = kith("explain", "Jane Doe", "--json").json()
    assert data["name"] == "Jane Doe" and 0 < data["strength"] < 1
    assert_user_error(kith("explain", "Nobody Known", expect=2))


def build_history(kith, people: int = 12, weeks: int = 52):
    """A year of history: the first people met weekly to monthly throughout, the others early only."""
    from kith.interactions import log_interaction
    from kith.people.core import PersonFields, add_person
    from kith.store.db import transaction

    start = datetime(2025, 6, 15, 12, tzinfo=UTC)
    with transaction() as session:
        added = [add_person(session, PersonFields(name=f"Person {i:02d}"), now=start) for i in range(people)]
        for week in range(weeks):
            when = start + timedelta(weeks=week)
            for i, person in enumerate(added):
                keeps_up = i < people // 2
                if (keeps_up and week % (i + 1) == 0) or (not keeps_up and week < 10 and week % 3 == i % 3):
                    # every other contact a coffee, and the two take turns reaching out
                    turn = week // (i + 1) if keeps_up else week // 3
                    log_interaction(
                        session,
                        kind="coffee" if turn % 2 else "email",
                        people=[person],
                        when=when + timedelta(hours=i),
                        direction="outbound" if (turn + i) % 2 else "inbound",
                    )


def test_backtest_on_a_history(kith):
    build_history(kith)
    text = kith("backtest", "--as-of", "2025-12-15").stdout
    assert "Backtest at 2025-12-15" in text
    assert "of the 12 people you had been in touch with by then, you met 6 again afterwards" in text
    data = kith("backtest", "--as-of", "2025-12-15", "--json").json()
    assert data["people"] == 12 and data["seen_again"] == 6
    assert data["auc"] > 0.9  # the people who kept meeting are the strong ties
    assert data["likely_in_touch_auc"] > 0.9
    assert "Likely to be in touch" in text


def test_backtest_needs_history(kith):
    assert_user_error(kith("backtest", expect=2), "nothing to backtest")
    kith("add", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    assert_user_error(kith("backtest", "--as-of", "2026-05-10", expect=2), "cannot backtest")


def test_calibrate_refuses_with_little_history_and_is_reversible(kith):
    kith("add", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-05-01")
    assert_user_error(kith("calibrate", expect=2), "too little history", "defaults stay")
    build_history(kith)
    result = kith("calibrate", "--json").json()
    assert result["auc_with_defaults"] is not None
    shown = kith("calibrate", "--show", "--json").json()
    assert shown["calibrated"] == result["calibrated"]
    weights = list(shown["channel_weights"].values())
    assert weights == sorted(weights, reverse=True)  # richer channels never weigh less
    assert "defaults again" in kith("calibrate", "--reset").stdout
    assert kith("calibrate", "--show", "--json").json()["calibrated"] is False
    assert kith("calibrate", "--show", "--json").json()["half_life_days"] == 90.0


def test_calibrated_values_change_scores_are_shown_and_reset(kith):
    import json

    from kith.store.db import transaction
    from kith.store.schema import Setting
    from kith.strength.aggregates import PARAMS_KEY

    kith("add", "Jane Doe")
    kith("log", "coffee", "Jane Doe", "--when", "2026-03-01")
    default = kith("people", "--json").json()[0]["strength"]
    with transaction() as session:  # what `kith calibrate` stores when a fit wins
        session.add(Setting(key=PARAMS_KEY, value=json.dumps({"half_life_days": 14.0})))
    shown = kith("calibrate", "--show", "--json").json()
    assert shown["calibrated"] is True and shown["half_life_days"] == 14.0
    assert "calibrated to your history" in kith("calibrate", "--show").stdout
    faster_decay = kith("people", "--json").json()[0]["strength"]
    assert faster_decay < default  # a three-month-old coffee counts for less with a 14-day half-life
    kith("calibrate", "--reset")
    assert kith("people", "--json").json()[0]["strength"] == default
