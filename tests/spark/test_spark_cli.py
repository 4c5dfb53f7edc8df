"""``kith score --engine spark`` as a user runs it: the same scores from a log split into parts (a glob
over a folder; the folder itself reads the same way) or written as Parquet with typed columns, and a folder of CSV or Parquet scores, strongest first."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from conftest import assert_user_error, run_cli
from spark_logs import assert_same_scores, generated_log, local_scores, local_spark

from kith.channels import CHANNELS
from kith.spark import job
from kith.strength.logfile import read_log


@pytest.fixture(scope="module")
def spark():
    return local_spark()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return generated_log(tmp_path_factory.mktemp("log"))


def test_the_command_writes_csv_scores_equal_to_the_local_ones(spark, files, tmp_path):
    options = ["--context", str(files["context"]), "--pairs", str(files["pairs"]), "--as-of", "2025-12-01"]
    assert run_cli("score", str(files["log"]), *options, "--out", str(tmp_path / "local.csv")).exit_code == 0
    out = tmp_path / "scores"
    done = run_cli("score", str(files["log"]), *options, "--engine", "spark", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    local = pl.read_csv(tmp_path / "local.csv")
    assert done.stdout.strip().startswith(f"Scored {local.height:,} pairs among ")
    assert "at 2025-12-01 00:00 UTC" in done.stdout
    parts = sorted(out.glob("part-*.csv"))
    written = pl.concat([pl.read_csv(p, schema=local.schema) for p in parts])
    assert written["strength"].to_list() == sorted(written["strength"].to_list(), reverse=True)
    assert_same_scores(local, written, tolerance=1.5e-6)  # both written to six decimals
    again = run_cli("score", str(files["log"]), "--engine", "spark", "--out", str(out))
    assert_user_error(again, "already exists")


def test_a_log_in_parts_or_in_parquet_scores_as_the_one_file(spark, files, tmp_path):
    lines = files["log"].read_text().splitlines()
    header, rows = lines[0], lines[1:]
    folder = tmp_path / "parts"
    folder.mkdir()
    for k in range(3):
        (folder / f"log-{k}.csv").write_text("\n".join([header, *rows[k::3]]) + "\n")
    log = read_log(files["log"])
    events = log.events
    people = pl.Series(log.people)
    typed = pl.DataFrame(
        {
            "Time": pl.Series(np.round(events.t * 1e6).astype(np.int64)).cast(pl.Datetime("us", "UTC")),
            "Source": people.gather(events.a),
            "Target": people.gather(events.b),
            "channel": pl.Series(list(CHANNELS)).gather(events.channel),
            "duration_s": pl.Series(events.duration).fill_nan(None),
            "directed": pl.Series(events.directed),
        }
    )
    (tmp_path / "log.parquet").mkdir()
    typed.write_parquet(tmp_path / "log.parquet" / "part-0.parquet")
    local = local_scores(files["log"], context=files["context"])
    for source in (f"{folder}/*.csv", tmp_path / "log.parquet"):
        frame, _ = job.scores(spark, str(source), context=str(files["context"]))
        out = tmp_path / f"scores-{abs(hash(str(source)))}.parquet"
        job.write(frame, str(out))
        assert_same_scores(local, pl.read_parquet(out / "*.parquet"))
