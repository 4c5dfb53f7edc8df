"""For the Spark tests: one local Spark session for them all (two threads, 2 GB, few shuffle partitions),
a generated log that exercises every rule of the engine, and the comparison of two scores tables.

Each test module's ``spark`` fixture returns ``local_spark()``."""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from kith.channels import CHANNELS
from kith.strength.logfile import score_log, scores_frame

DAY = 86400
START = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())


@functools.cache
def local_spark():
    """One session per test run, whichever modules ask (it ends with the run). Without Java the tests
    that need it are skipped, saying so, except where ``KITH_REQUIRE_SPARK`` is set: .ci/run installs
    Java and sets it, so a machine where Spark cannot start fails there instead of skipping."""
    from kith.errors import BadInput
    from kith.spark.session import find_java, start

    try:
        find_java()
    except BadInput as exc:
        if os.environ.get("KITH_REQUIRE_SPARK"):
            raise
        pytest.skip(f"no Java for Spark on this machine: {exc}")

    settings = {
        "spark.driver.memory": "2g",
        "spark.sql.shuffle.partitions": "2",
        "spark.default.parallelism": "2",
    }
    return start("local[2]", settings)


def when_written(t: int, i: int) -> str:
    """A time in one of the layouts the log format allows, in turn (one only Python's reader knows)."""
    moment = datetime.fromtimestamp(t, UTC)
    layouts = [
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.strftime("%Y-%m-%d %H:%M:%S"),
        str(t),
        moment.astimezone(datetime.strptime("+0200", "%z").tzinfo).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        # a quarter second more, but not on the identical histories (which would then differ by 1e-9)
        moment.strftime("%Y-%m-%dT%H:%M:%S.250000" if t % DAY else "%Y-%m-%dT%H:%M:%S.000"),
        moment.strftime("%Y-%m-%dT%H:%M"),
        moment.strftime("%Y%m%dT%H%M%S"),  # basic ISO 8601: only the driver's reader takes it
    ]
    return layouts[i % len(layouts)]


def generated_log(folder: Path, seed: int = 7) -> dict[str, Path]:
    """A log of about 3,500 rows among 130 people, with a context file and a pairs file.

    A core of 14 all meet each other often (more intimate ties each than the layer holds); teams meet in person and write both ways (strong, embedded ties, full circles); one person keeps 40
    ties with identical histories (ties broken at the edge of the close layer and of the close contacts); monthly lunches (a tie's
    rhythm); old meetings (dormant ties); likes only; co-presence without direction; self-contacts;
    unknown and zero durations; contact after the scoring date; keys that need trimming or sort past
    ASCII."""
    rng = np.random.default_rng(seed)
    people = [f"p{i:03d}@example.com" for i in range(120)] + [f"émilie{i}@example.org" for i in range(10)]
    rows: list[tuple] = []

    def add(t, a, b, channel="in_person", duration="", directed="true"):
        rows.append((int(t), people[a], people[b], channel, duration, directed))

    end = START + 2 * 365 * DAY
    for team in range(12):  # teams of 8: weekly meetings, emails both ways
        members = list(range(team * 8, team * 8 + 8))
        for _ in range(120):
            a, b = rng.choice(members, 2, replace=False)
            channel = str(rng.choice(CHANNELS, p=[0.35, 0.1, 0.1, 0.25, 0.15, 0.05]))
            duration = str(int(rng.integers(0, 7200))) if rng.random() < 0.6 else ""
            directed = str(rng.random() < 0.8).lower()
            add(end - rng.integers(0, 500) * DAY - rng.integers(0, DAY), a, b, channel, duration, directed)
    for i in range(14):  # a close-knit core of 14: more very strong ties each than the intimate layer holds
        for j in range(i + 1, 14):
            for k in range(20):
                add(
                    end - (k * 10 + (i + j) % 5) * DAY,
                    i if k % 2 else j,
                    j if k % 2 else i,
                    "in_person",
                    "7200",
                )
            add(end - (i + j) * DAY, i, j, "call", "900")
    # one person with 40 ties of identical history, strong enough for the close layer, which holds 30:
    # which ten go to friends, and which of them count as close contacts, is decided by the tie order
    hub = len(people)
    leaves = [f"leaf{k:02d}@example.net" for k in range(20)] + [
        f"zleaf{k:02d}@example.net" for k in range(20, 40)
    ]
    people += ["m-hub@example.net", *leaves]
    for k in range(40):
        for meeting in range(25):
            leaf = hub + 1 + k
            add(
                end - meeting * 10 * DAY,
                hub if meeting % 2 else leaf,
                leaf if meeting % 2 else hub,
                "in_person",
                "7200",
            )
        add(end - 3 * DAY, hub, hub + 1 + k, "call", "900")
    for k in range(6):  # monthly lunches for a year: a rhythm
        for month in range(12):
            add(end - 15 * DAY - month * 30 * DAY, 96 + k, 110 + k, "in_person", "3600")
    for k in range(5):  # met twice two years ago: dormant
        add(START + k * DAY, 104 + k, 114 + k, "call", "600")
        add(START + (k + 3) * DAY, 114 + k, 104 + k, "email")
    for k in range(8):  # likes only, and co-presence without direction
        for _ in range(5):
            add(end - rng.integers(0, 300) * DAY, 80 + k, 90 + k, "social")
        add(end - k * DAY, 72 + k, 88 + k, "in_person", "1200", "false")
    for _ in range(700):  # anyone with anyone, any channel
        a, b = rng.integers(0, 130, 2)
        channel = str(rng.choice(CHANNELS))
        add(
            end - rng.integers(0, 700) * DAY - rng.integers(0, DAY), a, b, channel, str(rng.integers(0, 5000))
        )
    add(end - DAY, 5, 5)  # a self-contact
    add(end + 30 * DAY, 1, 2, "video", "1800")  # after the scoring date of the --as-of tests
    add(end + 31 * DAY, 3, 4)
    order = rng.permutation(len(rows))
    frame = pl.DataFrame(
        [rows[i] for i in order],
        schema=["t", "source", "target", "channel", "duration_s", "directed"],
        orient="row",
    )
    written = [when_written(int(t), i) for i, t in enumerate(frame["t"])]
    pad = lambda s, i: f"  {s} " if i % 13 == 0 else s  # noqa: E731
    frame = frame.with_columns(
        time=pl.Series(written),
        source=pl.Series([pad(s, i) for i, s in enumerate(frame["source"])]),
        channel=pl.Series([c.upper() if i % 17 == 0 else c for i, c in enumerate(frame["channel"])]),
    ).select("time", "source", "target", "channel", "duration_s", "directed")
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"log": folder / "log.csv", "context": folder / "context.csv", "pairs": folder / "pairs.csv"}
    frame.write_csv(paths["log"])
    contexts = [(people[i], f"Team {i // 8}") for i in range(96)]
    contexts += [(people[i], "ACME" if i % 2 else "Acme") for i in range(0, 130, 3)]  # one firm, any case
    contexts += [(people[i], "Straße 5" if i % 2 else "STRASSE 5") for i in range(40, 60)]  # casefold
    contexts += [(people[i], "Core") for i in range(14)]
    contexts += [(key, "Studio") for key in people[hub:]]
    contexts += [("someone.else@example.com", "Team 3"), (people[7], ""), (people[9], "Team 1")]
    pl.DataFrame(contexts, schema=["person", "context"], orient="row").write_csv(paths["context"])
    latent = [(people[i], people[j]) for i, j in rng.integers(0, 120, (150, 2)) if i != j]
    latent += [(leaves[k], leaves[k + 1]) for k in range(39)]  # close contacts of the hub, or not
    latent += [(people[0], "stranger@example.com"), (people[3], people[3])]
    pl.DataFrame(latent, schema=["a", "b"], orient="row").write_csv(paths["pairs"])
    return paths


def local_scores(log: Path, **options) -> pl.DataFrame:
    """What ``kith score`` computes on one machine."""
    return scores_frame(score_log(log, **options))


def assert_same_scores(local: pl.DataFrame, spark: pl.DataFrame, tolerance: float = 1e-9) -> None:
    """Every pair in both, every number within ``tolerance``, every count and circle identical."""
    assert spark.height == local.height
    joined = local.join(spark, on=["a", "b"], how="full", suffix="_spark", coalesce=True)
    assert joined.height == local.height, "pairs differ"
    for name, kind in local.schema.items():
        if name in ("a", "b"):
            continue
        mine, theirs = joined[name], joined[f"{name}_spark"]
        if kind.is_float():
            assert (mine.is_null() == theirs.is_null()).all(), name
            gap = (mine - theirs).abs().max()
            assert gap is None or gap <= tolerance, (name, gap)
        else:
            different = joined.filter(mine.cast(pl.String) != theirs.cast(pl.String))
            assert different.height == 0, (name, different.head(5))
