"""The interaction log, the context file and the pairs file read on Spark, checked row by row as
``kith.strength.logfile`` checks them, so that a bad row stops the run with the same one-line error.

A log is CSV with a header (every column read as text, typed here as the local reader types it) or
Parquet (typed columns are taken as they are); a path is a file, a folder or a glob, local or any
file system Spark reads. Checking costs one pass over the log, which also finds its last time (the
default ``--as-of``). Only when a row is bad is its place looked for: the line in a CSV file (the file
read again as lines, each parsed the same way), the row in a Parquet file. Rows kept apart for that
cost nothing on a good log.

Times are read by Spark's own patterns for the layouts the local reader tries (ISO 8601 with or without a
zone, a trailing Z, UNIX seconds); the few distinct strings left are read on the driver by the local
reader's own rule (``datetime.fromisoformat``), so a log in any layout ``kith score`` accepts gives the
same seconds here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from pyspark.errors import AnalysisException
from pyspark.sql import Column, DataFrame, Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from kith.channels import CHANNELS
from kith.errors import BadInput
from kith.reach.logedges import GROUPING
from kith.strength.logfile import FALSE_WORDS, REQUIRED, TRUE_WORDS

#: Unicode white space, what the local reader strips from every value (Spark's trim strips only spaces)
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
#: the local reader's layouts (``logfile.NAIVE_FORMATS``, ``ZONED_FORMATS``) in Spark's pattern letters
NAIVE_PATTERNS = (
    "yyyy-MM-dd'T'HH:mm:ss",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS",
    "yyyy-MM-dd HH:mm:ss.SSSSSSSSS",
    "yyyy-MM-dd'T'HH:mm",
    "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd",
)
ZONED_PATTERNS = tuple(
    f"yyyy-MM-dd'T'HH:mm{rest}{zone}" for zone in ("XXX", "XX", "X") for rest in (":ss[.SSSSSSSSS]", "")
)
#: distinct times only the driver can read before a log is refused as written in no layout kith knows
MAX_DRIVER_TIMES = 10_000
NOT_A_TIME = "(use ISO 8601 such as 2026-03-01T09:30:00Z, or UNIX seconds)"
#: each check in the local reader's order, and what its error says
CHECKS = (
    ("time", "missing time"),
    ("time", "not a time"),
    ("source", "missing person key"),
    ("target", "missing person key"),
    ("channel", f"unknown channel (use one of {', '.join(CHANNELS)})"),
    ("duration_s", "not a duration in seconds (a number >= 0)"),
    ("directed", "not true or false"),
)
NOT_A_TIME_CHECK = 1


@dataclass
class Table:
    """A file, folder or glob as Spark loaded it, and its columns by their lower-case names."""

    path: str
    format: str
    frame: DataFrame
    columns: dict[str, str]

    def col(self, name: str) -> Column:
        return F.col(f"`{self.columns[name]}`")

    def type_of(self, name: str) -> T.DataType:
        return self.frame.schema[self.columns[name]].dataType


def strip(column: Column) -> Column:
    return F.btrim(column, F.lit(WHITESPACE))


def blank(column: Column) -> Column:
    return column.isNull() | (strip(column) == "")


def load(spark: SparkSession, path: str) -> Table:
    """A CSV or Parquet table (Parquet when the path or its files end in .parquet); BadInput if Spark
    cannot find or read it."""
    fmt = "parquet" if path.rstrip("/").lower().endswith((".parquet", ".pq")) else "csv"
    try:
        reader = spark.read.format(fmt)
        if fmt == "csv":
            reader = reader.option("header", True).option("inferSchema", False)
        frame = reader.load(path)
        if fmt == "csv" and any(f.lower().endswith(".parquet") for f in frame.inputFiles()[:1]):
            fmt, frame = "parquet", spark.read.parquet(path)
    except AnalysisException as exc:
        if "PATH_NOT_FOUND" in str(exc) or "does not exist" in str(exc):
            raise BadInput(f"{path}: no such file or folder") from None
        raise BadInput(
            f"{path}: not a readable {fmt} table ({str(exc).strip().splitlines()[0][:120]})"
        ) from None
    return Table(path, fmt, frame, {c.strip().lower(): c for c in reversed(frame.columns)})


def time_seconds(table: Table) -> Column:
    """UNIX seconds from the time column (null where Spark's patterns read nothing)."""
    kind = table.type_of("time")
    raw = table.col("time")
    if isinstance(kind, T.TimestampType | T.TimestampNTZType):
        return F.unix_micros(raw.cast("timestamp")) / 1e6
    if isinstance(kind, T.NumericType):
        value = raw.cast("double")
        return F.when(~F.isnan(value), value)
    text = strip(raw.cast("string"))
    naive = F.regexp_replace(text, "Z$", "")
    zoned = F.regexp_replace(text, r"^(\d{4}-\d\d-\d\d) ", "$1T")
    number = text.try_cast("double")
    return F.coalesce(
        F.unix_micros(F.coalesce(*(F.try_to_timestamp(naive, F.lit(p)) for p in NAIVE_PATTERNS))) / 1e6,
        F.when(~F.isnan(number), number),
        F.unix_micros(F.coalesce(*(F.try_to_timestamp(zoned, F.lit(p)) for p in ZONED_PATTERNS))) / 1e6,
    )


def channel_code(table: Table) -> Column:
    """The channel's index in CHANNELS (blank: in person); null for an unknown channel."""
    if "channel" not in table.columns:
        return F.lit(0)
    text = F.lower(strip(table.col("channel").cast("string")))
    code = F.when(blank(table.col("channel")), F.lit(0))
    for index, name in enumerate(CHANNELS):
        code = code.when(text == name, F.lit(index))
    return code


def duration(table: Table) -> tuple[Column, Column]:
    """Seconds (null: unknown) and whether the value is bad (not a number >= 0)."""
    if "duration_s" not in table.columns:
        return F.lit(None).cast("double"), F.lit(False)
    raw = table.col("duration_s")
    if isinstance(table.type_of("duration_s"), T.NumericType):
        value = raw.cast("double")
        unknown = value.isNull() | F.isnan(value)
        return F.when(~unknown, value), ~unknown & (value < 0)
    value = strip(raw).try_cast("double")
    missing = blank(raw)
    bad = ~missing & (value.isNull() | F.isnan(value) | (value < 0))
    return F.when(~missing & ~bad, value), bad


def directed(table: Table) -> tuple[Column, Column]:
    """Whether the source started it (blank: true), and whether the value is bad."""
    if "directed" not in table.columns:
        return F.lit(True), F.lit(False)
    raw = table.col("directed")
    if isinstance(table.type_of("directed"), T.BooleanType):
        return F.coalesce(raw, F.lit(True)), F.lit(False)
    text = F.lower(strip(raw.cast("string")))
    true = blank(raw) | text.isin(*sorted(TRUE_WORDS))
    false = text.isin(*sorted(FALSE_WORDS))
    return true, ~true & ~false


def checked(table: Table) -> DataFrame:
    """The log's rows as engine columns (t, source, target, channel, duration, directed) with ``check``:
    the first check a row fails (an index into CHECKS; null: none; a time only the driver may read is
    not failed here), ``raw_time``, the time as written, and the optional columns that group rows into
    interactions and threads (``logedges.GROUPING``; null where absent or blank)."""
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise BadInput(
            f"{table.path}: missing column {', '.join(repr(c) for c in missing)} (need time, source, target)"
        )
    t = time_seconds(table)
    raw_time = strip(table.col("time").cast("string"))
    seconds, _ = duration(table)
    is_directed, _ = directed(table)
    grouping = [
        F.when(~blank(table.col(c).cast("string")), strip(table.col(c).cast("string")))
        if c in table.columns
        else F.lit(None).cast("string")
        for c in GROUPING
    ]
    return table.frame.select(
        t.alias("t"),
        strip(table.col("source").cast("string")).alias("source"),
        strip(table.col("target").cast("string")).alias("target"),
        channel_code(table).alias("channel"),
        seconds.alias("duration"),
        is_directed.alias("directed"),
        check_of(table).alias("check"),
        raw_time.alias("raw_time"),
        *(column.alias(name) for column, name in zip(grouping, GROUPING, strict=True)),
    )


def driver_times(rows: list[str]) -> tuple[dict[str, float], list[str]]:
    """The local reader's last resort (``datetime.fromisoformat``, no zone meaning UTC) for times Spark's
    patterns did not read: seconds by string, and the strings that are no time at all."""
    read: dict[str, float] = {}
    bad: list[str] = []
    for text in rows:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            bad.append(text)
            continue
        read[text] = (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return read, bad


def first_bad(
    spark: SparkSession, table: Table, failing: Callable[[Table], Column]
) -> tuple[str, Row | None]:
    """Where the first row failing ``failing`` is (``file:line`` for CSV, ``file: row N`` for Parquet,
    the first file by name), and its row as Spark read it."""
    frame = table.frame.select("*", F.col("_metadata.file_path").alias("__file"))
    file = frame.where(failing(table)).agg(F.min("__file")).collect()[0][0]
    if file is None:
        return table.path, None
    single = len(table.frame.inputFiles()) == 1 and not table.path.rstrip("/").endswith(("/", "*"))
    shown = table.path if single else file
    if table.format == "parquet":
        row = (
            table.frame.select(
                "*", F.col("_metadata.file_path").alias("__file"), F.col("_metadata.row_index").alias("__row")
            )
            .where((F.col("__file") == file) & failing(table))
            .orderBy("__row")
            .first()
        )
        return (f"{shown}: row {row['__row'] + 1}" if row is not None else shown), row
    return _csv_line(spark, table, file, shown, failing)


def _csv_line(spark, table: Table, file: str, shown: str, failing) -> tuple[str, Row | None]:
    """The line of the first failing row of one CSV file: the file read as lines (in file order: block,
    then position within it), each line parsed as the reader parsed it and checked the same way."""
    lines = spark.read.text(file).select(
        "value",
        F.col("_metadata.file_block_start").alias("block"),
        F.monotonically_increasing_id().alias("position"),
    )
    header = lines.where(F.col("block") == 0).agg(F.min("position")).collect()[0][0]
    names = list(table.frame.columns)
    schema = ", ".join(f"`c{i}` STRING" for i in range(len(names)))
    parsed = lines.where((F.col("value") != "") & ~((F.col("block") == 0) & (F.col("position") == header)))
    parsed = parsed.select("block", "position", F.from_csv("value", schema).alias("row"))
    as_read = parsed.select("block", "position", *(F.col(f"row.c{i}").alias(n) for i, n in enumerate(names)))
    again = Table(table.path, "csv", as_read, table.columns)
    found = again.frame.where(failing(again)).orderBy("block", "position").first()
    if found is None:
        return shown, None
    before = lines.where(
        (F.col("block") < found["block"])
        | ((F.col("block") == found["block"]) & (F.col("position") < found["position"]))
    ).count()
    return f"{shown}:{before + 1}", found


def refuse(spark: SparkSession, table: Table, check: int, bad_times: list[str]) -> BadInput:
    """The one-line error for the first row failing check number ``check``."""
    column, what = CHECKS[check]
    if check == NOT_A_TIME_CHECK:

        def failing(t: Table) -> Column:
            return strip(t.col("time").cast("string")).isin(bad_times)
    else:

        def failing(t: Table) -> Column:
            return check_of(t) == check

    where, row = first_bad(spark, table, failing)
    value = row[table.columns[column]] if row is not None and column in table.columns else None
    if check == NOT_A_TIME_CHECK:
        return BadInput(f"{where}: not a time in column 'time': {value!r} {NOT_A_TIME}")
    return BadInput(f"{where}: {what} in column {column!r}: {value!r}")


def time_missing(table: Table) -> Column:
    if isinstance(table.type_of("time"), T.NumericType):
        value = table.col("time").cast("double")
        return value.isNull() | F.isnan(value)
    return blank(table.col("time").cast("string"))


def check_of(table: Table) -> Column:
    """The first check (an index into CHECKS) a row fails, null for none; a time only the driver may
    read is left to ``driver_times``."""
    _, bad_duration = duration(table)
    _, bad_directed = directed(table)
    return (
        F.when(time_missing(table), F.lit(0))
        .when(blank(table.col("source").cast("string")), F.lit(2))
        .when(blank(table.col("target").cast("string")), F.lit(3))
        .when(channel_code(table).isNull(), F.lit(4))
        .when(bad_duration, F.lit(5))
        .when(bad_directed, F.lit(6))
    )


def _keys(table: Table, columns: tuple[str, str], what: str) -> None:
    """BadInput unless ``table`` has both columns."""
    if any(c not in table.columns for c in columns):
        raise BadInput(f"{table.path}: {what} needs the columns {columns[0]} and {columns[1]}")


def read_context(spark: SparkSession, path: str) -> DataFrame:
    """``person, context, weight`` rows from a ``person,context`` file: each context named in any case
    (case-folded by Python's own rule, on the driver: a file has few distinct contexts) and weighed by
    how many people of the file share it (``engine.weigh_contexts``)."""
    from kith.strength.engine import weigh_contexts

    table = load(spark, path)
    _keys(table, ("person", "context"), "a context file")

    def no_person(t: Table) -> Column:
        return blank(t.col("person").cast("string"))

    if table.frame.where(no_person(table)).limit(1).count():
        where, row = first_bad(spark, table, no_person)
        value = row[table.columns["person"]] if row is not None else None
        raise BadInput(f"{where}: missing person key in column 'person': {value!r}")
    rows = table.frame.select(
        strip(table.col("person").cast("string")).alias("person"),
        strip(table.col("context").cast("string")).alias("context"),
    ).where(F.col("context").isNotNull() & (F.col("context") != ""))
    named = [r[0] for r in rows.select("context").distinct().collect()]
    folded = spark.createDataFrame([(n, n.casefold()) for n in named], "context string, key string")
    members = rows.join(F.broadcast(folded), "context").select("person", "key").distinct()
    sizes = members.groupBy("key").count().collect()
    weights = weigh_contexts(np.array([r["count"] for r in sizes], dtype=float))
    weighed = spark.createDataFrame(
        [(r["key"], float(w)) for r, w in zip(sizes, weights, strict=True)], "key string, weight double"
    )
    return members.join(F.broadcast(weighed), "key")


def read_pairs(spark: SparkSession, path: str) -> DataFrame:
    """The distinct unordered pairs (``lo`` < ``hi``) of an ``a,b`` file, a person never paired with
    themselves."""
    table = load(spark, path)
    _keys(table, ("a", "b"), "a pairs file")
    for column in ("a", "b"):

        def no_key(t: Table, column: str = column) -> Column:
            return blank(t.col(column).cast("string"))

        if table.frame.where(no_key(table)).limit(1).count():
            where, row = first_bad(spark, table, no_key)
            value = row[table.columns[column]] if row is not None else None
            raise BadInput(f"{where}: missing person key in column {column!r}: {value!r}")
    a, b = strip(table.col("a").cast("string")), strip(table.col("b").cast("string"))
    return (
        table.frame.select(F.least(a, b).alias("lo"), F.greatest(a, b).alias("hi"))
        .where(F.col("lo") != F.col("hi"))
        .distinct()
    )
