"""The strength engine's rules as Spark expressions: events in, one row per unordered pair out, with every
component, strength, both circles and the tie's rhythm, equal to ``kith.strength.engine`` within 1e-9.

The rules are the engine's, written again only where Spark needs its own terms; every number comes from
the engine's definitions (``Params``, ``engine.COMPONENTS``, ``circles.THRESHOLDS``...), and the
per-channel constants are read off the engine's own functions (``engine.interaction_weights``,
``engine.depth``) rather than retyped.

- Per pair (``aggregate``): the sums of ``engine.aggregate`` in one grouping of the events by
  (lo, hi), people being their keys (a pair's lo is the key that sorts first).
- Shared context: the pairs joined to each side's contexts, the contexts in common combined as separate
  evidence (one minus the product of one minus each weight).
- Embeddedness (``mutual_close_contacts``): each tie seen from both ends, ranked within its person by a
  window on the base strength (to 1e-9, as ``engine.ranked_within``; ties in the engine's stable order),
  the top ``close_contacts`` kept, and the pairs of alters in one top list counted by a self-join, each
  weighing the weaker of its two ties relative to ``close_strength``.
- Circles: the same window over the strength and one CASE over the engine's thresholds.
- Rhythm: each tie's usual gap, and the median of the known ones for ties too new: exact, as NumPy's,
  found in a few passes whose memory does not grow with the log (``exact_median``).
"""

from __future__ import annotations

import numpy as np
from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from kith.channels import CHANNELS
from kith.strength import circles, engine
from kith.strength.params import DAY, DEFAULTS, Params

SOCIAL = engine.SOCIAL
REAL = range(SOCIAL)  # channels of real contact: all but a social reaction
COUNTS = [f"n_{name}" for name in CHANNELS]
#: how a table kept between steps is stored: on the local disk (in the operating system's page cache
#: while there is room), not in the Java heap. Spark holds a table kept in memory as 1 MB byte arrays,
#: and Java's collector (G1, Java 17) gives each array two megabytes of a heap of 4 GB or less, so a
#: table Spark counted as 1 GB filled 2 GB of the heap and the aggregations beside it ran out of heap
#: (docs/scale.md). Kept on disk, the tables leave all of Spark's memory to the sorts, joins and
#: aggregations, which spill to disk when it is full.
KEPT = StorageLevel.DISK_ONLY


def channel_table(params: Params) -> dict[str, list[float]]:
    """Per channel, from the engine itself: the weight of one typical interaction, the depth of a tie
    whose richest channel it is, and that tie's recency half-life."""
    n = len(CHANNELS)
    codes = np.arange(n)
    only = engine.Pairs(
        lo=codes, hi=codes, ref=0.0, decayed=np.zeros(n), first=np.zeros(n), last=np.zeros(n),
        last_real=np.zeros(n), by_lo=np.zeros(n), by_hi=np.zeros(n), together=np.zeros(n), counts=np.eye(n),
    )  # fmt: skip
    _, deep = engine.depth(only, params)
    return {
        "weight": engine.interaction_weights(codes, np.full(n, np.nan), params).tolist(),
        "depth": deep.tolist(),
        "half_life": [float(h) for h in params.recency_half_life_days],
    }


def constant(values: list[float], index: Column) -> Column:
    """``values[index]`` for a list of constants."""
    return F.array(*(F.lit(float(v)) for v in values))[index]


def aggregate(events: DataFrame, as_of: float, params: Params = DEFAULTS) -> DataFrame:
    """``engine.aggregate``: per pair (lo < hi by key) the decayed sum, first real, last and last real
    contact (null: none), each side's initiative, co-presence and counts per channel."""
    table = channel_table(params)
    timed = F.array(*(F.lit(bool(x)) for x in engine.TIMED_CHANNELS))[F.col("channel")]
    knee, full = params.duration_knee_s, params.full_duration_s
    factor = F.when(F.col("duration").isNull() | ~timed, F.lit(1.0)).otherwise(
        F.log1p(F.greatest(F.col("duration"), F.lit(0.0)) / knee) / F.lit(float(np.log1p(full / knee)))
    )
    w = constant(table["weight"], F.col("channel")) * factor
    real = F.col("channel") != SOCIAL
    ev = events.where((F.col("t") <= as_of) & (F.col("source") != F.col("target"))).select(
        F.least("source", "target").alias("lo"),
        F.greatest("source", "target").alias("hi"),
        "t",
        "channel",
        "directed",
        (F.col("source") == F.least("source", "target")).alias("by_lo"),
        w.alias("w"),
    )
    decay = F.pow(F.lit(2.0), -(F.lit(as_of) - F.col("t")) / (params.half_life_days * DAY))
    return ev.groupBy("lo", "hi").agg(
        F.sum(F.col("w") * decay).alias("decayed"),
        F.coalesce(F.min(F.when(real, F.col("t"))), F.min("t")).alias("first"),
        F.max("t").alias("last"),
        F.max(F.when(real, F.col("t"))).alias("last_real"),
        F.sum(F.when(F.col("directed") & F.col("by_lo"), F.col("w")).otherwise(0.0)).alias("by_lo"),
        F.sum(F.when(F.col("directed") & ~F.col("by_lo"), F.col("w")).otherwise(0.0)).alias("by_hi"),
        F.sum(F.when(~F.col("directed"), F.col("w")).otherwise(0.0)).alias("together"),
        *(F.sum((F.col("channel") == i).cast("long")).alias(COUNTS[i]) for i in range(len(CHANNELS))),
    )


def with_latent(pairs: DataFrame, candidates: DataFrame) -> DataFrame:
    """``engine.with_pairs``: the candidate pairs that never interacted, with no contact at all."""
    new = candidates.join(pairs.select("lo", "hi"), ["lo", "hi"], "left_anti")
    zero = F.lit(0.0)
    nothing = F.lit(None).cast("double")
    return pairs.unionByName(
        new.select(
            "lo",
            "hi",
            zero.alias("decayed"),
            nothing.alias("first"),
            nothing.alias("last"),
            nothing.alias("last_real"),
            zero.alias("by_lo"),
            zero.alias("by_hi"),
            zero.alias("together"),
            *(F.lit(0).cast("long").alias(c) for c in COUNTS),
        )  # fmt: skip
    )


def with_shared(pairs: DataFrame, contexts: DataFrame | None) -> DataFrame:
    """``shared`` (what the contexts a pair has in common say together, ``1 - (1 - w1)(1 - w2)...`` as
    ``engine.shared_contexts``) and ``shared_count``."""
    if contexts is None:
        return pairs.withColumn("shared", F.lit(0.0)).withColumn("shared_count", F.lit(0).cast("long"))
    left = contexts.select(F.col("person").alias("lo"), "key", "weight")
    right = contexts.select(F.col("person").alias("hi"), "key")
    common = (
        pairs.select("lo", "hi")
        .join(left, "lo")
        .join(right, ["hi", "key"])
        .groupBy("lo", "hi")
        .agg(
            (1.0 - F.product(1.0 - F.least(F.greatest("weight", F.lit(0.0)), F.lit(1.0)))).alias("shared"),
            F.count("key").alias("shared_count"),
        )
    )
    return pairs.join(common, ["lo", "hi"], "left").fillna(0, subset=["shared", "shared_count"])


def richest() -> Column:
    """The richest channel of real contact (``SOCIAL`` where there is none), as ``engine.depth``."""
    found = F.when(F.col(COUNTS[0]) > 0, F.lit(0))
    for i in REAL[1:]:
        found = found.when(F.col(COUNTS[i]) > 0, F.lit(i))
    return found.otherwise(F.lit(SOCIAL))


def recency(as_of: float, params: Params, allowance: Column, half_life: Column | None = None) -> Column:
    """``engine._recency``: the tie's depth, halving every ``half_life`` days of silence past
    ``allowance`` (default: the half-life of the tie's richest channel); 0 with no real contact."""
    table = channel_table(params)
    if half_life is None:
        half_life = constant(table["half_life"], richest())
    since_last = F.greatest(F.lit(as_of) - F.col("last_real"), F.lit(0.0)) / DAY
    silent = F.greatest(since_last - allowance, F.lit(0.0))
    value = constant(table["depth"], richest()) * F.pow(F.lit(2.0), -silent / half_life)
    return F.when(F.col("last_real").isNull(), F.lit(0.0)).otherwise(value)


def combine(
    params: Params, without: tuple[str, ...] = (), replace: dict[str, Column] | None = None
) -> Column:
    """``engine.combine``: the weighted mean of the component columns, in the engine's order."""
    names = [c for c in engine.COMPONENTS if c not in without]
    total = sum(params.weights[c] for c in names)
    terms = [params.weights[c] * (replace or {}).get(c, F.col(c)) for c in names]
    summed = terms[0]
    for term in terms[1:]:
        summed = summed + term
    return summed / total


def components(pairs: DataFrame, as_of: float, params: Params = DEFAULTS) -> DataFrame:
    """Every component but embeddedness, and ``base``: their weighted mean for pairs with any contact."""
    real_contacts = sum((F.col(COUNTS[i]) for i in REAL[1:]), F.col(COUNTS[0]))
    channels = sum(
        ((F.col(COUNTS[i]) > 0).cast("long") for i in REAL[1:]), (F.col(COUNTS[0]) > 0).cast("long")
    )
    span = F.when(F.col("last_real").isNotNull(), F.greatest(F.col("last_real") - F.col("first"), F.lit(0.0)))
    span = F.coalesce(span, F.lit(0.0)) / DAY
    weaker = F.least("by_lo", "by_hi") + 0.5 * F.col("together")
    strands = F.greatest(channels - 1, F.lit(0))
    scored = pairs.select(
        "*",
        real_contacts.alias("real_contacts"),
        (F.col("decayed") / (F.col("decayed") + params.intensity_half)).alias("intensity"),
        recency(as_of, params, F.lit(0.0)).alias("recency"),
        (span / (span + params.tenure_half_days)).alias("tenure"),
        (weaker / (weaker + params.reciprocity_half)).alias("reciprocity"),
        (strands / (strands + 2.0)).alias("multiplexity"),
        F.least(F.greatest(F.col("shared"), F.lit(0.0)), F.lit(1.0)).alias("shared_context"),
    )
    contacted = sum((F.col(c) for c in COUNTS[1:]), F.col(COUNTS[0])) > 0
    base = F.when(contacted, combine(params, without=("embeddedness",))).otherwise(F.lit(0.0))
    return scored.withColumn("base", base)


def quantized(score: str) -> Column:
    """The score resolved to 1e-9 for ranking, as ``engine.ranked_within`` does (half to even)."""
    return F.rint((1.0 - F.least(F.greatest(F.col(score), F.lit(0.0)), F.lit(1.0))) * 1e9).cast("long")


def both_ends(frame: DataFrame, score: str, *keep: str) -> DataFrame:
    """Each tie seen from each of its people (``ego``, ``alter``) with its rank in ego's list, strongest
    first; equal scores in the engine's stable order (the alters after ego by key, then those before)."""
    ends = frame.select(F.col("lo").alias("ego"), F.col("hi").alias("alter"), score, *keep).unionByName(
        frame.select(F.col("hi").alias("ego"), F.col("lo").alias("alter"), score, *keep)
    )
    order = Window.partitionBy("ego").orderBy(quantized(score), F.col("alter") < F.col("ego"), "alter")
    return ends.withColumn("rank", F.row_number().over(order) - 1)


def mutual_close_contacts(scored: DataFrame, params: Params = DEFAULTS) -> DataFrame:
    """``engine.mutual_close_contacts``: for every pair, how many third people count both among their
    ``close_contacts`` strongest ties (base strength above 0), ``mutual_count``, and their weight,
    ``mutual``: each counts as much as the weaker of their two ties, relative to ``close_strength``."""
    k = params.close_contacts
    if k < 2:
        return scored.withColumn("mutual", F.lit(0.0)).withColumn("mutual_count", F.lit(0.0))
    top = both_ends(scored.where(F.col("base") > 0), "base").where(F.col("rank") < k)
    vouch = F.least(F.col("base") / params.close_strength, F.lit(1.0))
    first = top.select("ego", F.col("alter").alias("lo"), vouch.alias("v1"))
    second = top.select("ego", F.col("alter").alias("hi"), vouch.alias("v2"))
    counted = (
        first.join(second, "ego")
        .where(F.col("lo") < F.col("hi"))
        .groupBy("lo", "hi")
        .agg(F.count("ego").alias("m"), F.sum(F.least("v1", "v2")).alias("w"))
    )
    joined = scored.join(counted, ["lo", "hi"], "left")
    return (
        joined.withColumn("mutual", F.coalesce(F.col("w"), F.lit(0.0)))
        .withColumn("mutual_count", F.coalesce(F.col("m").cast("double"), F.lit(0.0)))
        .drop("m", "w")
    )


def usual_gap(params: Params) -> Column:
    """``engine.usual_gap_days``: the mean gap in days between real contacts (null: too few to tell)."""
    enough = F.col("real_contacts") >= max(params.rhythm_min_contacts, 2)
    gap = (F.col("last_real") - F.col("first")) / DAY / F.greatest(F.col("real_contacts") - 1, F.lit(1))
    return F.when(enough & F.col("last_real").isNotNull(), F.greatest(gap, F.lit(params.rhythm_floor_days)))


def circle(params_as_of: float) -> Column:
    """``circles.assign`` for one end of a tie, from its strength and its rank in ego's list."""
    names = circles.CIRCLES
    since = F.coalesce((F.lit(params_as_of) - F.col("last_real")) / DAY, F.lit(float("inf")))
    was_real = (F.col("real_contacts") >= 2) | (F.col(COUNTS[0]) >= 1)
    faded = was_real & (since > circles.DORMANT_DAYS) & (F.col("strength") < circles.THRESHOLDS["meaningful"])
    found = F.when(F.col("real_contacts") <= 0, F.lit(names.index("collected")))
    found = found.when(faded, F.lit(names.index("dormant")))
    for name, lowest in circles.THRESHOLDS.items():  # innermost first: the innermost that holds wins
        inside = (F.col("strength") >= lowest) & (F.col("rank") < 2 * circles.TYPICAL_SIZES[name])
        found = found.when(inside, F.lit(names.index(name)))
    index = found.otherwise(F.lit(names.index("acquaintance")))
    return F.array(*(F.lit(n) for n in names))[index]


def exact_median(frame: DataFrame, column: str, margin: float = 0.01) -> float | None:
    """``np.median`` of a column's non-null values (the mean of the two middle ones when their number is
    even), or None when there are none, without holding the column in one place: Spark's exact
    ``percentile`` keeps every distinct value in one aggregation buffer, which ran out of heap at tens of
    millions of ties. An approximate quantile on each side of the middle (rank error well inside
    ``margin``) bounds a narrow band of values; the values below the band are counted, the band's
    distinct values are counted and brought to the driver, and the middle ranks are read off them. Should
    the band miss a middle rank (a small column, where an approximate rank is coarse), the whole column
    is the band: still exact."""
    value = F.col(column)
    known = frame.select(value).where(value.isNotNull())
    n = known.count()
    if n == 0:
        return None
    middle = ((n - 1) // 2, n // 2)
    low, high = known.approxQuantile(column, [max(0.5 - margin, 0.0), min(0.5 + margin, 1.0)], margin / 10)
    below = known.where(value < low).count()
    band = band_counts(known, column, low, high)
    if not (below <= middle[0] and middle[1] < below + sum(count for _, count in band)):
        below, band = 0, band_counts(known, column, float("-inf"), float("inf"))
    found: list[float] = []
    seen = below
    for at, count in band:
        seen += count
        while len(found) < 2 and middle[len(found)] < seen:
            found.append(at)
    return (found[0] + found[1]) / 2


def band_counts(known: DataFrame, column: str, low: float, high: float) -> list[tuple[float, int]]:
    """The distinct values of ``column`` from ``low`` to ``high`` with how often each occurs, in order."""
    value = F.col(column)
    rows = known.where(value.between(low, high)).groupBy(column).count().orderBy(column).collect()
    return [(float(row[column]), int(row["count"])) for row in rows]


def score(
    events: DataFrame,
    as_of: float,
    params: Params = DEFAULTS,
    contexts: DataFrame | None = None,
    candidates: DataFrame | None = None,
) -> DataFrame:
    """``logfile.score_log`` on Spark: the scores table of ``logfile.scores_frame`` (``a`` < ``b`` by
    key), unordered, with usual gaps rounded to a tenth of a day as it rounds them."""
    pairs = aggregate(events, as_of, params)
    if candidates is not None:
        pairs = with_latent(pairs, candidates)
    scored = components(with_shared(pairs, contexts), as_of, params)
    scored = scored.persist(KEPT)
    scored = mutual_close_contacts(scored, params)
    scored = scored.withColumn("embeddedness", F.col("mutual") / (F.col("mutual") + 2.0))
    scored = scored.withColumn("strength", combine(params)).withColumn("gap", usual_gap(params))
    scored = scored.persist(KEPT)
    median = exact_median(scored, "gap")
    gap = F.col("gap")
    if median is not None:
        rhythm = recency(as_of, params, F.coalesce(gap, F.lit(0.0)), F.coalesce(gap, F.lit(float(median))))
    else:
        rhythm = recency(as_of, params, F.lit(0.0))
    scored = scored.withColumn("likely_in_touch", combine(params, replace={"recency": rhythm}))
    ends = both_ends(scored, "strength", "last_real", "real_contacts", COUNTS[0]).select(
        "ego", "alter", circle(as_of).alias("circle")
    )
    seen = ends.groupBy(F.least("ego", "alter").alias("lo"), F.greatest("ego", "alter").alias("hi")).agg(
        F.max(F.when(F.col("ego") < F.col("alter"), F.col("circle"))).alias("circle_of_b_for_a"),
        F.max(F.when(F.col("ego") > F.col("alter"), F.col("circle"))).alias("circle_of_a_for_b"),
    )
    total = sum((F.col(c) for c in COUNTS[1:]), F.col(COUNTS[0]))
    return scored.join(seen, ["lo", "hi"]).select(
        F.col("lo").alias("a"),
        F.col("hi").alias("b"),
        "strength",
        *engine.COMPONENTS,
        total.alias("interactions"),
        F.col("mutual_count").cast("long").alias("mutual_close"),
        F.col("shared_count").cast("long").alias("shared_contexts"),
        "circle_of_b_for_a",
        "circle_of_a_for_b",
        "likely_in_touch",
        (F.rint(F.col("gap") * 10) / 10).alias("usual_gap_days"),
    )
