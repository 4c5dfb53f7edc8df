"""Benchmark: `kith score --engine spark` against the local engine, by log size, on this machine.

    uv run python benchmarks/score_spark.py [--rows 1000000 10000000] [--local-up-to 10000000]
        [--master local[*]] [--driver-memory 4g] [--conf KEY=VALUE ...] [--check] [--engines spark local]
        [--edges]

For each size, a synthetic log (``score_perf.synthetic_log``: every person keeps up a few dozen ties over
three years, with a heavy tail; 100 rows per person, so the network grows with the log) is written as
CSV, in parts of at most 5,000,000 rows, under ``benchmarks/out/score-spark/``. Then, each in its own
process, as a user runs them:

- the Spark job, ``python -m kith.spark.job LOG --out SCORES.parquet`` in local mode;
- the local engine, ``kith score LOG --out SCORES.csv``, up to ``--local-up-to`` rows (the parts
  joined into one file: it reads one).

For each run: wall time and the peak resident memory of the whole process tree (for Spark: the Python
driver and the Java process, which in local mode is both the driver and the executors), sampled every
0.2 s from /proc, and the load average before and after. ``--check`` also compares every pair's scores
from the two engines (within 1e-9 is the tests' promise; here the largest difference is printed).
``--edges`` times ``kith edges`` (the who-knows-whom edge list) on each engine instead of scoring.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import score_perf  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "score-spark"
PART_ROWS = 5_000_000
ROWS_PER_PERSON = 100


def spark_settings(args: argparse.Namespace) -> list[str]:
    """The command line's Spark options: the master, the driver's memory and any other ``--conf``."""
    settings = ["--master", args.master, "--conf", f"spark.driver.memory={args.driver_memory}"]
    for item in args.conf:
        settings += ["--conf", item]
    return settings


def write_log(rows: int) -> Path:
    """The synthetic log of ``rows`` rows: one CSV file, or a folder of parts for larger sizes."""
    people = max(rows // ROWS_PER_PERSON, 100)
    if rows <= PART_ROWS:
        path = OUT / f"log-{rows}.csv"
        if not path.exists():
            score_perf.synthetic_log(path, rows, people)
        return path
    folder = OUT / f"log-{rows}"
    for k in range(0, (rows + PART_ROWS - 1) // PART_ROWS):
        part = folder / f"part-{k:03d}.csv"
        if not part.exists():
            score_perf.synthetic_log(part, min(PART_ROWS, rows - k * PART_ROWS), people, seed=k + 1)
    return folder


def one_file(log: Path) -> Path:
    """The log as one CSV file (the local engine reads one file): its parts joined, one header."""
    if not log.is_dir():
        return log
    joined = log.with_suffix(".csv")
    if not joined.exists():
        with open(joined, "wb") as out:
            for k, part in enumerate(sorted(log.glob("part-*.csv"))):
                with open(part, "rb") as handle:
                    if k:
                        handle.readline()
                    shutil.copyfileobj(handle, out)
    return joined


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measured(command: list[str]) -> tuple[float, int, str, str]:
    """Run ``command``: wall seconds, peak resident bytes of its process tree, load before and after."""
    before = Path("/proc/loadavg").read_text().split()[0]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - began
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    after = Path("/proc/loadavg").read_text().split()[0]
    return elapsed, peak, before, after


def time_edges(log: Path, rows: int, args: argparse.Namespace) -> None:
    """``kith edges`` on each engine (the synthetic log has no interaction ids: every row is a gathering
    of its two people), and with ``--check`` the two edge lists compared."""
    outs = {"spark": OUT / f"edges-{rows}.parquet", "local": OUT / f"edges-{rows}-local.parquet"}
    for engine in args.engines:
        if engine == "local" and rows > args.local_up_to:
            continue
        shutil.rmtree(outs[engine], ignore_errors=True)
        outs[engine].unlink(missing_ok=True)
        source = str(log if engine == "spark" else one_file(log))
        command = [
            sys.executable,
            "-m",
            "kith",
            "edges",
            source,
            "--engine",
            engine,
            "--out",
            str(outs[engine]),
        ]
        if engine == "spark":
            command += spark_settings(args)
        seconds, peak, before, after = measured(command)
        print(f"  edges, {engine}: {seconds:.1f} s, peak {peak / 2**30:.2f} GiB, {peak / rows:.0f} B/row, "
              f"load {before} -> {after}")  # fmt: skip
    if args.check and all(o.exists() for o in outs.values()):
        import polars as pl

        local = pl.read_parquet(outs["local"])
        spark = pl.read_parquet(outs["spark"] / "*.parquet")
        joined = local.join(spark, on=["person_a", "person_b"], suffix="_spark")
        worst = float((joined["weight"] - joined["weight_spark"]).abs().max() or 0.0)
        print(f"  check: {joined.height:,} of {local.height:,} ties in both ({spark.height:,} from Spark), "
              f"largest difference {worst:.2g}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--local-up-to", type=int, default=PART_ROWS * 2)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--conf", action="append", default=[], help="a Spark setting KEY=VALUE (repeatable)")
    parser.add_argument("--check", action="store_true", help="compare every pair's scores")
    parser.add_argument("--engines", nargs="+", default=["spark", "local"], choices=["spark", "local"])
    parser.add_argument(
        "--edges",
        action="store_true",
        help="time `kith edges` (the who-knows-whom edge list) instead of scoring",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; each figure with the load average before -> after its run")
    for rows in args.rows:
        began = time.perf_counter()
        log = write_log(rows)
        print(f"\n{rows:,} rows ({max(rows // ROWS_PER_PERSON, 100):,} people): log written in "
              f"{time.perf_counter() - began:.0f} s -> {log}")  # fmt: skip
        if args.edges:
            time_edges(log, rows, args)
            continue
        spark_out = OUT / f"scores-{rows}.parquet"
        if "spark" in args.engines:
            shutil.rmtree(spark_out, ignore_errors=True)
            settings = spark_settings(args)
            command = [
                sys.executable,
                "-m",
                "kith",
                "score",
                str(log),
                "--engine",
                "spark",
                "--out",
                str(spark_out),
            ]
            seconds, peak, before, after = measured([*command, *settings])
            print(f"  spark ({args.master}, driver memory {args.driver_memory}{''.join(', ' + c for c in args.conf)}): {seconds:.1f} s, "
                  f"peak {peak / 2**30:.2f} GiB, {peak / rows:.0f} B/row, load {before} -> {after}")  # fmt: skip
        if rows > args.local_up_to or "local" not in args.engines:
            continue
        log = one_file(log)
        local_out = OUT / f"scores-{rows}.csv"
        seconds, peak, before, after = measured(
            [sys.executable, "-m", "kith", "score", str(log), "--out", str(local_out)]
        )
        print(f"  local: {seconds:.1f} s, peak {peak / 2**30:.2f} GiB, {peak / rows:.0f} B/row, "
              f"load {before} -> {after}; 24 GiB holds about {24 * 2**30 / (peak / rows) / 1e6:.0f}M rows "
              "at this rate")  # fmt: skip
        if args.check:
            import polars as pl

            local = pl.read_csv(local_out)
            spark = pl.read_parquet(spark_out / "*.parquet")
            joined = local.join(spark, on=["a", "b"], suffix="_spark")
            worst = max(
                float((joined[c] - joined[f"{c}_spark"]).abs().max() or 0.0)
                for c in ("strength", "intensity", "recency", "embeddedness", "likely_in_touch")
            )
            circles = (joined["circle_of_b_for_a"] == joined["circle_of_b_for_a_spark"]).all()
            print(f"  check: {joined.height:,} of {local.height:,} pairs in both, largest difference "
                  f"{worst:.2g} (the local CSV has six decimals), circles identical: {circles}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
