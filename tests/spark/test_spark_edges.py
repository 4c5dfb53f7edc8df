"""``kith edges --engine spark``: the who-knows-whom edge list of a log on Spark equals the local one
(``kith.reach.logedges``) within 1e-9, every count and weak flag identical, on the crafted log and on a
generated one, and a bad row stops it as it stops the local engine."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import assert_user_error, run_cli
from edge_logs import CRAFTED_TIES, crafted_log, generated_log
from spark_logs import local_spark

from kith.reach.logedges import EDGE_COLUMNS, read_log_edges
from kith.strength.logfile import parse_time


@pytest.fixture(scope="module")
def spark():
    return local_spark()


def assert_same_edges(local: pl.DataFrame, spark: pl.DataFrame) -> None:
    assert spark.columns == list(EDGE_COLUMNS)
    assert spark.height == local.height
    joined = local.join(spark, on=["person_a", "person_b"], suffix="_spark")
    assert joined.height == local.height
    assert (joined["weight"] - joined["weight_spark"]).abs().max() <= 1e-9
    for column in ("meetings", "threads", "weak"):
        assert (joined[column] == joined[f"{column}_spark"]).all(), column


def test_the_crafted_and_a_generated_log_give_the_local_edges(spark, tmp_path):
    crafted = crafted_log(tmp_path)
    out = tmp_path / "crafted.parquet"
    done = run_cli("edges", str(crafted), "--engine", "spark", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip().startswith(f"Found {len(CRAFTED_TIES)} ties among 11 people")
    written = pl.concat([pl.read_parquet(p) for p in sorted(out.glob("part-*.parquet"))])
    assert written["weight"].to_list() == sorted(written["weight"].to_list(), reverse=True)
    assert_same_edges(read_log_edges(crafted), written)
    generated = generated_log(tmp_path)
    as_of = "2025-03-01T00:00:00Z"
    out = tmp_path / "generated.parquet"
    done = run_cli("edges", str(generated), "--engine", "spark", "--as-of", as_of, "--out", str(out))
    assert done.exit_code == 0, done.stderr
    local = read_log_edges(generated, as_of=parse_time(as_of))
    assert local["meetings"].max() > 1 and local["threads"].max() > 1 and local["weak"].any()
    assert_same_edges(local, pl.read_parquet(out / "*.parquet"))


def test_a_bad_row_stops_the_edges_with_its_line(spark, tmp_path):
    log = crafted_log(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(log.read_text().replace("2026-01-04T10:00:00Z", "the fourth", 1))
    out = tmp_path / "bad.parquet"
    refused = run_cli("edges", str(bad), "--engine", "spark", "--out", str(out))
    assert_user_error(refused, f"{bad}:7: not a time in column 'time': 'the fourth'")
    assert not out.exists()
