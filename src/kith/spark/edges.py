"""Who knows whom from an interaction log on Spark: ``kith.reach.logedges``'s rules as joins, equal to
``logedges.log_edges`` within 1e-9 (``kith edges LOG --engine spark``).

- A row without an ``interaction`` is a gathering of its two people: its pair and its chance (the
  chance table for two people) come from the row itself, with no grouping.
- The rows of one ``interaction`` are grouped once for the gathering's channel and thread and once for
  its people; the people joined to themselves within the interaction give its pairs (at most
  ``MAX_ORGANISATION`` people, so at most some twenty thousand pairs per interaction).
- Each gathering's chance is a broadcast join to ``logedges.chances()``, the table
  ``weights.gathering_chance`` makes on the driver for every channel and size: no Python function runs
  on the rows, and no number is written here.
- Messages of one thread (per channel) count once per pair: the highest chance per (pair, thread);
  every other gathering is its own unit. A pair's weight is 1 - exp(the sum of log(1 - chance)), at
  most ``MAX_WEIGHT``.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from kith.reach.logedges import EDGE_COLUMNS, chances
from kith.reach.weights import MAX_WEIGHT


def _unit(channel: Column, thread: Column) -> Column:
    """The thread a message belongs to, per channel (null: the gathering is its own unit)."""
    return F.when(
        (F.col("kind") == "thread") & thread.isNotNull(),
        F.concat(F.lit("t"), channel.cast("string"), F.lit(":"), thread),
    )


def edges(spark: SparkSession, events: DataFrame, as_of: float | None = None) -> DataFrame:
    """The edge list of checked log rows (``t``, ``source``, ``target``, ``channel``, ``interaction``,
    ``thread``) up to ``as_of`` (None: all), unordered."""
    table = F.broadcast(
        spark.createDataFrame(chances(), "channel int, size long, kind string, chance double")
    )
    rows = events if as_of is None else events.where(F.col("t") <= F.lit(as_of))
    rows = rows.select(
        "source", "target", F.col("channel").cast("int").alias("channel"), "interaction", "thread"
    )
    # a row on its own: two people, one gathering
    alone = (
        rows.where(F.col("interaction").isNull() & (F.col("source") != F.col("target")))
        .select(
            F.least("source", "target").alias("a"),
            F.greatest("source", "target").alias("b"),
            "channel",
            "thread",
            F.lit(2).cast("long").alias("size"),
        )
        .join(table, ["channel", "size"])
        .select("a", "b", "kind", _unit(F.col("channel"), F.col("thread")).alias("unit"), "chance")
    )
    # the rows of one interaction: its channel and thread, its people, their pairs
    grouped = rows.where(F.col("interaction").isNotNull())
    what = grouped.groupBy("interaction").agg(
        F.min("channel").alias("channel"), F.min("thread").alias("thread")
    )
    members = (
        grouped.select("interaction", F.col("source").alias("p"))
        .union(grouped.select("interaction", F.col("target").alias("p")))
        .distinct()
    )
    sized = (
        what.join(members.groupBy("interaction").agg(F.count(F.lit(1)).alias("size")), "interaction")
        .join(table, ["channel", "size"])
        .select(
            "interaction",
            "kind",
            "chance",
            F.coalesce(
                _unit(F.col("channel"), F.col("thread")), F.concat(F.lit("i"), F.col("interaction"))
            ).alias("unit"),
        )
    )
    present = members.join(sized, "interaction")
    other = members.select("interaction", F.col("p").alias("q"))
    together = (
        present.join(other, "interaction")
        .where(F.col("p") < F.col("q"))
        .select(F.col("p").alias("a"), F.col("q").alias("b"), "kind", "unit", "chance")
    )
    evidence = alone.unionByName(together)
    # a thread counts once per pair, by its highest chance; any other gathering is its own unit
    units = (
        evidence.where(F.col("unit").isNotNull())
        .groupBy("a", "b", "kind", "unit")
        .agg(F.max("chance").alias("chance"))
    )
    single = evidence.where(F.col("unit").isNull()).select("a", "b", "kind", "unit", "chance")
    per_pair = (
        units.unionByName(single)
        .groupBy("a", "b")
        .agg(
            F.sum(F.log1p(-F.col("chance"))).alias("logq"),
            F.count_if(F.col("kind") == "meeting").alias("meetings"),
            F.count_if(F.col("kind") == "thread").alias("threads"),
        )
    )
    return per_pair.select(
        F.col("a").alias("person_a"),
        F.col("b").alias("person_b"),
        F.least(F.lit(MAX_WEIGHT), -F.expm1("logq")).alias("weight"),
        "meetings",
        "threads",
        (F.col("meetings") == 0).alias("weak"),
    ).select(*EDGE_COLUMNS)
