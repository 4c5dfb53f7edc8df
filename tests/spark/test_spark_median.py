"""The median of the usual gaps on Spark is NumPy's, exactly, without Spark's one-buffer percentile: odd
and even counts, many equal values, a handful of values, none, and a band that misses the middle."""

from __future__ import annotations

import numpy as np
import pytest
from spark_logs import local_spark

from kith.spark import scoring
from kith.spark.scoring import exact_median


@pytest.fixture(scope="module")
def spark():
    return local_spark()


def median_on_spark(spark, values: list[float | None], margin: float = 0.01) -> float | None:
    frame = spark.createDataFrame([(v,) for v in values], "gap double")
    return exact_median(frame, "gap", margin)


@pytest.mark.parametrize(
    "values",
    [
        [3.0],
        [4.0, 1.0],
        [5.0, 1.0, 3.0],
        [2.5, None, 7.0, 1.0, None, 9.5],
        [1.0] * 40 + [2.0] * 3 + [30.0] * 38,
        [1.0] * 41 + [30.0] * 41,
    ],
    ids=["one", "two", "three", "nulls left out", "many equal", "even split between two values"],
)
def test_small_columns_give_numpys_median(spark, values):
    known = [v for v in values if v is not None]
    assert median_on_spark(spark, values) == float(np.median(known))


@pytest.fixture
def bands(monkeypatch) -> list[tuple[float, float]]:
    """The bands of values each median brought to the driver."""
    asked: list[tuple[float, float]] = []
    counts = scoring.band_counts

    def recorded(known, column, low, high):
        asked.append((low, high))
        return counts(known, column, low, high)

    monkeypatch.setattr(scoring, "band_counts", recorded)
    return asked


def test_a_large_column_gives_numpys_median_to_the_last_bit(spark, bands):
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.lognormal(3.0, 1.2, 20_001), np.full(5_000, 7.0)])
    assert median_on_spark(spark, values.tolist()) == float(np.median(values))
    even = values[:-1]
    assert median_on_spark(spark, even.tolist()) == float(np.median(even))
    assert len(bands) == 2 and all(np.isfinite(band).all() for band in bands)  # one narrow band each


def test_a_band_that_misses_a_middle_rank_falls_back_to_the_whole_column(spark, bands):
    values = np.random.default_rng(3).uniform(0, 100, 1_000).tolist()  # even: two middle ranks
    assert median_on_spark(spark, values, margin=0.0) == float(np.median(values))
    assert bands[-1] == (float("-inf"), float("inf")) and len(bands) == 2


def test_no_known_value_has_no_median(spark):
    assert median_on_spark(spark, [None, None]) is None
    assert median_on_spark(spark, []) is None
