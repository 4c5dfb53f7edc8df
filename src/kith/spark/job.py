"""One scoring run on Spark, from an interaction log to a folder of scores (``kith score --engine spark``),
and the entry point a cluster runs with ``spark-submit``:

    spark-submit --master yarn "$(python -c 'import kith.spark.job as j; print(j.__file__)')" \\
        hdfs:///logs/2026/*.parquet --out hdfs:///scores/2026.parquet

The run checks every row and finds the log's last time in one pass, keeping the parsed rows (on the local
disk, as every table kept between steps: ``scoring.KEPT``), so a bad row stops it before any scoring and
the log is parsed once. The scores go to a folder of part files, strongest first across them
(``part-00000`` holds the strongest): CSV with a header, or Parquet when ``--out`` ends in ``.parquet``.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from kith.errors import BadInput, KithError
from kith.reach.logedges import GROUPING, EdgeList
from kith.spark import reading, scoring
from kith.strength.params import DEFAULTS, Params


@dataclass
class Run:
    """What a run wrote: how many pairs among how many people, at what time, where."""

    pairs: int
    people: int
    as_of: float
    out: str

    def summary(self) -> str:
        at = datetime.fromtimestamp(self.as_of, UTC)
        pairs = f"{self.pairs:,} pair{'s' if self.pairs != 1 else ''}"
        people = f"{self.people:,} {'person' if self.people == 1 else 'people'}"
        return f"Scored {pairs} among {people} at {at:%Y-%m-%d %H:%M} UTC -> {self.out}"


def events(spark: SparkSession, log: str, keep: tuple[str, ...] = ()) -> tuple[DataFrame, float]:
    """The log's interactions as engine columns (and the columns ``keep`` of ``reading.checked``), every
    row checked, and its last time; BadInput on the first bad row with its file and line."""
    table = reading.load(spark, log)
    # the checking pass keeps the rows it parsed, so the scoring pass does not parse the log again
    unkept = [c for c in GROUPING if c not in keep]
    rows = reading.checked(table).drop("raw_time", *unkept).persist(scoring.KEPT)
    unread = F.col("t").isNull() & (F.col("check").isNull() | (F.col("check") != 0))
    found = rows.agg(
        F.count(F.lit(1)).alias("n"), F.min("check").alias("check"), F.max("t").alias("last"),
        F.count_if(unread).alias("unread"),
    ).collect()[0]  # fmt: skip
    if not found["n"]:
        raise BadInput(f"{log}: the log has no interactions")
    if found["check"] == 0:
        raise reading.refuse(spark, table, 0, [])
    last = found["last"]
    if found["unread"]:
        rows = reading.checked(table)  # with the times as written, this once
        strings = rows.where(unread).select("raw_time").distinct().limit(reading.MAX_DRIVER_TIMES + 1)
        read, bad = reading.driver_times([r[0] for r in strings.collect()])
        if bad:
            raise reading.refuse(spark, table, reading.NOT_A_TIME_CHECK, bad)
        if len(read) > reading.MAX_DRIVER_TIMES:
            raise BadInput(
                f"{log}: more than {reading.MAX_DRIVER_TIMES:,} distinct times in layouts Spark does not read "
                f"(such as {next(iter(read))!r}): {reading.NOT_A_TIME}"
            )
        known = spark.createDataFrame(list(read.items()), "raw_time string, driver_t double")
        rows = rows.join(F.broadcast(known), "raw_time", "left").withColumn(
            "t", F.coalesce(F.col("t"), F.col("driver_t"))
        )
        last = max(v for v in [last, *read.values()] if v is not None)
    if found["check"] is not None:
        raise reading.refuse(spark, table, found["check"], [])
    return rows.select("t", "source", "target", "channel", "duration", "directed", *keep), float(last)


def scores(
    spark: SparkSession,
    log: str,
    *,
    as_of: float | None = None,
    context: str | None = None,
    pairs: str | None = None,
    params: Params = DEFAULTS,
) -> tuple[DataFrame, float]:
    """The scores table of a log on Spark, unordered, and the time it was scored at."""
    found, last = events(spark, log)
    when = last if as_of is None else as_of
    contexts = reading.read_context(spark, context) if context is not None else None
    candidates = reading.read_pairs(spark, pairs) if pairs is not None else None
    return scoring.score(found, when, params, contexts, candidates), when


def write(frame: DataFrame, out: str) -> None:
    """The scores, strongest first, as a folder of CSV part files (numbers to six decimals, as ``kith
    score`` writes them) or of Parquet files when ``out`` ends in ``.parquet``."""
    ordered = frame.orderBy(F.desc("strength"), "a", "b")
    try:
        if out.rstrip("/").lower().endswith(".parquet"):
            ordered.write.mode("errorifexists").parquet(out)
            return
        shown = [
            F.when(F.col(f.name).isNotNull(), F.format_string("%.6f", F.col(f.name))).alias(f.name)
            if isinstance(f.dataType, T.DoubleType)
            else F.col(f.name)
            for f in frame.schema.fields
        ]
        ordered.select(*shown).write.mode("errorifexists").option("header", True).csv(out)
    except Exception as exc:
        raise _refused(out, exc) from None


def _refused(out: str, exc: Exception) -> BadInput:
    if "PATH_ALREADY_EXISTS" in str(exc) or "already exists" in str(exc):
        return BadInput(f"{out} already exists: remove it or choose another --out")
    return BadInput(f"cannot write {out}: {str(exc).strip().splitlines()[0][:160]}")


def _job_failed(exc: Exception) -> Exception:
    """What a failure of the Spark job says to the user in one line (Spark's own carry pages of Java):
    running out of memory with the setting that gives more; anything else by its first line that names
    an exception. Not a Spark or Java failure: ``exc`` as it is."""
    if not type(exc).__module__.startswith(("py4j", "pyspark")):
        return exc
    text = str(exc)
    if "OutOfMemoryError" in text or "OUT_OF_MEMORY" in text:
        return KithError(
            "the Spark job ran out of memory: give it more with --conf spark.driver.memory=8g (one machine) or "
            "--conf spark.executor.memory=8g and more spark.sql.shuffle.partitions (a cluster)"
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    named = [line for line in lines if ("Exception" in line or "Error" in line) and "calling" not in line]
    first = (named or lines or [type(exc).__name__])[0].lstrip(": ")
    return KithError(f"the Spark job failed: {first[:200]}")


def _refuse_existing(out: str) -> None:
    if "://" not in out and not out.startswith("file:") and os.path.exists(out):
        raise BadInput(f"{out} already exists: remove it or choose another --out")


def run(
    log: str,
    out: str,
    *,
    as_of: float | None = None,
    context: str | None = None,
    pairs: str | None = None,
    master: str | None = "local[*]",
    conf: dict[str, str] | None = None,
    spark: SparkSession | None = None,
) -> Run:
    """Score ``log`` on Spark and write the scores to ``out`` (a session is started on ``master`` with
    ``conf`` unless one is given, and stopped at the end)."""
    from kith.spark.session import start

    _refuse_existing(out)
    # a session already running in this process (a notebook's, a test's) is used and left running
    own = spark is None and SparkSession.getActiveSession() is None
    session = start(master, conf) if spark is None else spark
    try:
        frame, when = scores(session, log, as_of=as_of, context=context, pairs=pairs)
        frame = frame.persist(scoring.KEPT)
        write(frame, out)
        counted = frame.select("a", "b")
        people = counted.select(F.col("a").alias("p")).union(counted.select("b")).distinct().count()
        return Run(counted.count(), people, when, out)
    except Exception as exc:
        raise _job_failed(exc) from None
    finally:
        session.catalog.clearCache()
        if own:
            session.stop()


def run_edges(
    log: str,
    out: str,
    *,
    as_of: float | None = None,
    master: str | None = "local[*]",
    conf: dict[str, str] | None = None,
    spark: SparkSession | None = None,
) -> EdgeList:
    """Write the who-knows-whom edge list of ``log`` (``kith.reach.logedges``'s rules) to ``out``, a
    folder of Parquet part files, strongest tie first across them."""
    from kith.spark.edges import edges
    from kith.spark.session import start

    _refuse_existing(out)
    own = spark is None and SparkSession.getActiveSession() is None
    session = start(master, conf) if spark is None else spark
    try:
        found, _ = events(session, log, keep=GROUPING)
        frame = edges(session, found, as_of).persist(scoring.KEPT)
        try:
            frame.orderBy(F.desc("weight"), "person_a", "person_b").write.mode("errorifexists").parquet(out)
        except Exception as exc:
            raise _refused(out, exc) from None
        counted = frame.agg(F.count(F.lit(1)).alias("ties"), F.count_if("weak").alias("weak")).collect()[0]
        people = frame.select(F.col("person_a").alias("p")).union(frame.select("person_b")).distinct().count()
        return EdgeList(counted["ties"], people, counted["weak"], out)
    except Exception as exc:
        raise _job_failed(exc) from None
    finally:
        session.catalog.clearCache()
        if own:
            session.stop()


def main(argv: list[str] | None = None) -> int:
    """``spark-submit .../kith/spark/job.py LOG --out OUT [--as-of T] [--context F] [--pairs F]``, or
    ``... LOG --edges --out EDGES.parquet [--as-of T]`` for the who-knows-whom edge list."""
    parser = argparse.ArgumentParser(prog="kith.spark.job", description="Score an interaction log on Spark.")
    parser.add_argument("log", help="the log: CSV or Parquet, a file, a folder or a glob")
    parser.add_argument("--out", required=True, help="the folder to write (Parquet if it ends in .parquet)")
    parser.add_argument("--as-of", help="score at this time (ISO 8601 or UNIX seconds; default: the last)")
    parser.add_argument("--context", help="a person,context file")
    parser.add_argument("--pairs", help="an a,b file of pairs to score even if they never interacted")
    parser.add_argument(
        "--edges", action="store_true", help="write the who-knows-whom edge list (Parquet) instead of scores"
    )
    args = parser.parse_args(argv)
    from kith.strength.logfile import parse_time

    try:
        when = parse_time(args.as_of) if args.as_of is not None else None
        if args.edges:
            if args.context or args.pairs:
                raise BadInput("--context and --pairs are for scores, not for --edges")
            done: Run | EdgeList = run_edges(args.log, args.out, as_of=when, master=None)
        else:
            done = run(args.log, args.out, as_of=when, context=args.context, pairs=args.pairs, master=None)
    except KithError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(done.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
