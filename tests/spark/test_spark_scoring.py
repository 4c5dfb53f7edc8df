"""The Spark engine gives every pair the local engine's strength, components, rhythm and circles (within
1e-9), on a generated log that exercises every rule, with and without --context, --pairs and --as-of."""

from __future__ import annotations

import polars as pl
import pytest
from spark_logs import assert_same_scores, generated_log, local_scores, local_spark

from kith.spark import job
from kith.strength.logfile import parse_time


@pytest.fixture(scope="module")
def spark():
    return local_spark()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return generated_log(tmp_path_factory.mktemp("log"))


def spark_scores(spark, tmp_path, log, **options) -> pl.DataFrame:
    frame, _ = job.scores(spark, str(log), **{k: (str(v) if k != "as_of" else v) for k, v in options.items()})
    out = tmp_path / "scores.parquet"
    frame.write.parquet(str(out))
    return pl.read_parquet(out / "*.parquet")


def test_the_generated_log_exercises_every_rule(files, spark, tmp_path):
    local = local_scores(files["log"], context=files["context"], pairs=files["pairs"])
    assert set(local["circle_of_b_for_a"]) | set(local["circle_of_a_for_b"]) == {
        "intimate", "close", "friends", "meaningful", "acquaintance", "dormant", "collected",
    }  # fmt: skip
    assert (local["mutual_close"] > 0).sum() > 100 and (local["shared_contexts"] > 0).sum() > 100
    assert local["usual_gap_days"].is_not_null().sum() > 50
    assert (local["interactions"] == 0).sum() > 100  # latent pairs
    # 40 ties of equal strength across the edge of the close layer (30) and of the close contacts (15)
    hub = local.filter((pl.col("a") == "m-hub@example.net") | (pl.col("b") == "m-hub@example.net"))
    assert hub["strength"].round(9).n_unique() == 1 and hub["strength"].min() >= 0.55
    circle = (
        pl.when(pl.col("a") == "m-hub@example.net").then("circle_of_b_for_a").otherwise("circle_of_a_for_b")
    )
    assert sorted(hub.select(circle)["circle_of_b_for_a"].value_counts()["count"]) == [10, 30]
    leaves = local.filter(pl.col("a").str.contains("leaf") & pl.col("b").str.contains("leaf"))
    assert set(leaves["mutual_close"]) == {0, 1}


def test_every_pair_scores_the_same_with_context_and_pairs(files, spark, tmp_path):
    options = {"context": files["context"], "pairs": files["pairs"]}
    assert_same_scores(
        local_scores(files["log"], **options), spark_scores(spark, tmp_path, files["log"], **options)
    )


def test_every_pair_scores_the_same_from_the_log_alone(files, spark, tmp_path):
    assert_same_scores(local_scores(files["log"]), spark_scores(spark, tmp_path, files["log"]))


def test_every_pair_scores_the_same_at_an_earlier_date(files, spark, tmp_path):
    as_of = parse_time("2025-09-01T12:00:00Z")
    local = local_scores(files["log"], as_of=as_of, context=files["context"])
    assert_same_scores(
        local, spark_scores(spark, tmp_path, files["log"], as_of=as_of, context=files["context"])
    )


def test_a_wrong_score_is_caught(files, spark, tmp_path):
    """The comparison itself can fail: a pair one strength apart by 1e-8 is reported."""
    local = local_scores(files["log"])
    nudged = local.with_columns(
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.col("tenure") + 1e-8)
        .otherwise(pl.col("tenure"))
        .alias("tenure")
    )
    with pytest.raises(AssertionError, match="tenure"):
        assert_same_scores(local, nudged)
    moved = local.with_columns(pl.col("circle_of_a_for_b").shift(1).fill_null("intimate"))
    with pytest.raises(AssertionError, match="circle_of_a_for_b"):
        assert_same_scores(local, moved)


def test_the_tables_kept_between_steps_are_on_disk_not_in_the_heap(files, spark):
    """The parsed log and the scores kept between steps take none of Spark's memory: held in the Java
    heap, a table took twice the memory Spark counted for it, and the heap ran out (docs/scale.md)."""
    spark.catalog.clearCache()
    frame, _ = job.scores(spark, str(files["log"]), context=str(files["context"]))
    assert frame.count() > 1000
    kept = [r for r in spark.sparkContext._jsc.sc().getRDDStorageInfo() if r.numCachedPartitions() > 0]
    try:
        assert len(kept) >= 3  # the parsed log and the scores before and after the close contacts
        assert [r.memSize() for r in kept] == [0] * len(kept)
        assert all(r.diskSize() > 0 for r in kept)
    finally:
        spark.catalog.clearCache()
