"""Who knows whom from an interaction log: the edge list of the people who took part in the same
interactions, weighed by the rules of ``kith.reach.graph`` (``kith edges LOG``).

A log (docs/interaction-log.md) says who took part in each interaction, and nothing else a store knows:
no roles or schools, no "met via", nothing the user stated or rejected. So the edges of a log are its
gatherings only:

- A gathering is one interaction: the rows with the same ``interaction`` value (an optional column: a
  meeting's or a message's id, shared by its rows) or, without one, a single row. Its people are every
  source and target of its rows, its channel the deepest of theirs (``kith.channels.CHANNELS`` order).
- What it was comes from its channel (``weights.LOG_GATHERING``): a meeting (in person, video, a call)
  or a thread (email, a message); a social reaction ties nobody. Each weighs as ``gathering_chance``
  says for its number of people, and a gathering of more than ``MAX_ORGANISATION`` people, like an
  organisation that large, says too little to tie anyone (and would make tens of thousands of pairs).
- Messages of one thread (an optional ``thread`` column: the mail system's thread or conversation id,
  taken as written, per channel) count once per pair, weighed by their smallest message, as reach
  counts the messages of one subject.
- A pair's weight combines its meetings and threads as independent chances, 1 - the product of
  (1 - each chance), at most ``MAX_WEIGHT``; a pair tied only by threads rests on weak evidence.

``log_edges`` is the rule on columns (Polars), the reference the Spark job (``kith.spark.edges``) is
tested against; ``read_log_edges`` reads a log file for it; ``kith.reach.load.edge_graph`` loads an
edge list into the graph reach finds paths on.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from kith.channels import CHANNELS
from kith.errors import BadInput
from kith.reach.weights import LOG_GATHERING, MAX_ORGANISATION, MAX_WEIGHT, gathering_chance

#: the edge list's columns: two person keys (``person_a`` sorts first), the tie's weight, how many
#: meetings and threads it rests on, and whether all of it is weak evidence
EDGE_COLUMNS = ("person_a", "person_b", "weight", "meetings", "threads", "weak")
#: the log's optional columns that group its rows into interactions and its messages into threads
GROUPING = ("interaction", "thread")


@dataclass
class EdgeList:
    """What an edge list holds: how many ties among how many people, how many of them on weak evidence
    only, and where it was written."""

    ties: int
    people: int
    weak: int
    out: str

    @classmethod
    def of(cls, edges: pl.DataFrame, out: str) -> EdgeList:
        people = pl.concat([edges["person_a"], edges["person_b"]]).n_unique()
        return cls(edges.height, people, int(edges["weak"].sum()), out)

    def summary(self) -> str:
        ties = f"{self.ties:,} tie{'s' if self.ties != 1 else ''}"
        people = f"{self.people:,} {'person' if self.people == 1 else 'people'}"
        return f"Found {ties} among {people} ({self.weak:,} on weak evidence only) -> {self.out}"


def chances() -> list[tuple[int, int, str, float]]:
    """(channel code, people, kind, chance) for every gathering that ties anyone: ``gathering_chance``
    for each channel's kind and each size from two people to ``MAX_ORGANISATION``."""
    sizes = np.arange(2, MAX_ORGANISATION + 1)
    table: list[tuple[int, int, str, float]] = []
    for code, channel in enumerate(CHANNELS):
        kind = LOG_GATHERING[channel]
        if kind is not None:
            chance = gathering_chance(kind, sizes)
            table.extend((code, int(s), kind, float(c)) for s, c in zip(sizes, chance, strict=True))
    return table


def chance_frame() -> pl.DataFrame:
    code, size, kind, chance = zip(*chances(), strict=True)
    return pl.DataFrame(
        {"channel": code, "size": size, "kind": kind, "chance": chance},
        schema={"channel": pl.Int64, "size": pl.Int64, "kind": pl.String, "chance": pl.Float64},
    )


def log_edges(rows: pl.DataFrame, people: list[str]) -> pl.DataFrame:
    """The edge list of a log's rows: columns ``a``, ``b`` (codes into ``people``, numbered in the keys'
    sorted order), ``channel`` (a code into CHANNELS), ``interaction`` and ``thread`` (text or null).
    Strongest first, then by the two keys."""
    rows = rows.with_row_index("row").with_columns(
        pl.when(pl.col("interaction").is_not_null())
        .then(pl.lit("i") + pl.col("interaction"))
        .otherwise(pl.lit("r") + pl.col("row").cast(pl.String))
        .alias("gathering")
    )
    what = rows.group_by("gathering").agg(pl.col("channel").min(), pl.col("thread").min())
    members = pl.concat(
        [rows.select("gathering", pl.col("a").alias("p")), rows.select("gathering", pl.col("b").alias("p"))]
    ).unique()
    sizes = members.group_by("gathering").agg(pl.len().cast(pl.Int64).alias("size"))
    gatherings = (
        what.join(sizes, on="gathering")
        .with_columns(pl.col("channel").cast(pl.Int64))
        .join(chance_frame(), on=["channel", "size"])
        .with_columns(
            pl.when((pl.col("kind") == "thread") & pl.col("thread").is_not_null())
            .then(pl.lit("t") + pl.col("channel").cast(pl.String) + pl.lit(":") + pl.col("thread"))
            .otherwise(pl.col("gathering"))
            .alias("unit")
        )
    )
    here = members.join(gatherings.select("gathering", "kind", "unit", "chance"), on="gathering")
    pairs = (
        here.join(here.select("gathering", pl.col("p").alias("q")), on="gathering")
        .filter(pl.col("p") < pl.col("q"))
        .group_by("p", "q", "kind", "unit")
        .agg(pl.col("chance").max())
        .group_by("p", "q")
        .agg(
            (-pl.col("chance")).log1p().sum().alias("logq"),
            (pl.col("kind") == "meeting").sum().cast(pl.Int64).alias("meetings"),
            (pl.col("kind") == "thread").sum().cast(pl.Int64).alias("threads"),
        )
    )
    keys = pl.Series("key", people, dtype=pl.String)
    logq = pairs["logq"].to_numpy()
    return (
        pairs.with_columns(
            keys.gather(pairs["p"]).alias("person_a"),
            keys.gather(pairs["q"]).alias("person_b"),
            pl.Series("weight", np.minimum(MAX_WEIGHT, -np.expm1(logq)), dtype=pl.Float64),
            (pl.col("meetings") == 0).alias("weak"),
        )
        .select(EDGE_COLUMNS)
        .sort(["weight", "person_a", "person_b"], descending=[True, False, False])
    )


def read_log_edges(path: Path, as_of: float | None = None) -> pl.DataFrame:
    """The edge list of a log file, its interactions up to ``as_of`` (default: all of them); BadInput on
    a malformed row, as ``kith score`` says it."""
    from kith.strength.logfile import read_log

    log = read_log(path)
    header = pl.read_csv(path, n_rows=0).columns
    named = {c.strip().lower(): c for c in reversed(header)}
    grouping = {}
    for column in GROUPING:
        if column in named:
            text = pl.read_csv(
                path, columns=[named[column]], infer_schema=False, truncate_ragged_lines=True
            ).to_series()
            text = text.str.strip_chars()
            grouping[column] = text.set(text == "", None)
        else:
            grouping[column] = pl.Series(column, [None] * len(log.events.t), dtype=pl.String)
    events = log.events
    rows = pl.DataFrame(
        {
            "t": events.t,
            "a": events.a,
            "b": events.b,
            "channel": events.channel,
            "interaction": grouping["interaction"],
            "thread": grouping["thread"],
        }
    )
    if as_of is not None:
        rows = rows.filter(pl.col("t") <= as_of)
    return log_edges(rows.drop("t"), log.people)


def write_edges(edges: pl.DataFrame, out: str) -> None:
    """The edge list as one Parquet file, written whole or not at all (an existing file is refused)."""
    target = Path(out)
    if target.exists():
        raise BadInput(f"{out} already exists: remove it or choose another --out")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".kith-edges-", suffix=".parquet", dir=folder)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}") from None
    os.close(handle)
    try:
        edges.write_parquet(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
