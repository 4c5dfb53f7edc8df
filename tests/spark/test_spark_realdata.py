"""On the real public data sets beside the project, every pair scores the same on Spark as on one machine
(within 1e-9, circles identical); skipped where the shared data folder is absent (as on a user's machine).

Each data set is written as an interaction log the way the evaluation writes it (benchmarks/tie_strength.py),
every 20-second proximity record one co-presence in person, with its context file."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from conftest import SHARED_DATA
from spark_logs import assert_same_scores, local_scores, local_spark

from kith.spark import job

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"no shared data folder at {SHARED_DATA}")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


@pytest.fixture(scope="module")
def spark():
    return local_spark()


def as_log(folder: Path, rows: list[list[str]], people: dict[int, str]) -> tuple[Path, Path]:
    import tie_strength

    t, i, j = (np.array([int(r[k]) for r in rows], dtype=np.int64) for k in range(3))
    log, context = folder / "log.csv", folder / "context.csv"
    tie_strength.write_log(log, t - tie_strength.RECORD_S, i, j, np.full(len(t), tie_strength.RECORD_S))
    tie_strength.write_context(context, people)
    return log, context


def on_spark(spark, folder: Path, log: Path, **options) -> pl.DataFrame:
    frame, _ = job.scores(spark, str(log), **options)
    frame.write.parquet(str(folder / "scores.parquet"))
    return pl.read_parquet(folder / "scores.parquet" / "*.parquet")


def test_thiers13_high_school_every_pair_and_the_friendship_universe(spark, tmp_path):
    import tie_strength

    folder = SHARED_DATA / "sociopatterns-highschool-2013"
    rows = tie_strength.read_rows(folder / "HighSchool2013_proximity_net.csv.gz")
    classes = {int(r[0]): r[1] for r in tie_strength.read_rows(folder / "HighSchool2013_metadata.txt")}
    log, context = as_log(tmp_path, rows, classes)
    friends = tie_strength.read_rows(folder / "HighSchool2013_friendship_network.csv.gz")
    respondents = sorted({int(r[0]) for r in friends})
    pairs = tmp_path / "pairs.csv"
    universe = [(a, b) for x, a in enumerate(respondents) for b in respondents[x + 1 :]]
    pairs.write_text("a,b\n" + "".join(f"p{a},p{b}\n" for a, b in universe))
    local = local_scores(log, context=context, pairs=pairs)
    assert len(rows) == 188_508 and local.height > 8_778
    assert_same_scores(local, on_spark(spark, tmp_path, log, context=str(context), pairs=str(pairs)))


def test_workplace_every_pair_at_the_middle_of_the_record(spark, tmp_path):
    import tie_strength

    folder = SHARED_DATA / "sociopatterns-workplace-2015"
    rows = tie_strength.read_rows(folder / "workplace_InVS15_tij.dat.gz")
    departments = {int(r[0]): r[1] for r in tie_strength.read_rows(folder / "workplace_InVS15_metadata.txt")}
    log, context = as_log(tmp_path, rows, departments)
    times = [int(r[0]) for r in rows]
    middle = (min(times) + max(times)) / 2
    local = local_scores(log, context=context, as_of=middle)
    assert len(rows) == 78_249
    assert_same_scores(local, on_spark(spark, tmp_path, log, context=str(context), as_of=middle))
