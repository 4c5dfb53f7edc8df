"""Benchmark: `kith score` on a 1,000,000-interaction log among 10,000 people, against DuckDB as a floor.

    uv run python benchmarks/score_perf.py [--rows 1000000] [--people 10000] [--repeat 3]

Writes a synthetic log in the interaction log format (ISO 8601 times; every person keeps up a few dozen
ties, with a heavy tail), then times, best of ``--repeat``:

- kith end to end: ``score_log`` (read the CSV, every component, circles) and writing the scores CSV, the
  exact path of ``kith score LOG.csv --out SCORES.csv``;
- kith's read alone and the engine alone (arrays in memory);
- with ``--database``: ``kith.strength.service.ties()`` over a kith database of the same size (the first call
  builds the strength cache, later calls read it, as a web page does) and logging one interaction;
- DuckDB reading the same CSV and computing the same channel-weighted, duration-scaled, time-decayed sums
  per unordered pair (the core of intensity, nothing else), and the same sums on a table already in memory.

The ratios (kith / DuckDB) are the figures to watch: the machine is shared, so absolute times move.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import polars as pl

from kith.channels import CHANNELS
from kith.strength import engine
from kith.strength.logfile import read_log, score_log, write_scores
from kith.strength.params import DEFAULTS

OUT = Path(__file__).resolve().parent / "out" / "score-perf"
YEAR = 365 * 86400


def synthetic_log(path: Path, rows: int, people: int, seed: int = 1) -> None:
    """A log where each person interacts mostly with a few dozen others, over three years."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, people, rows)
    # partners: a nearby id (a personal circle), heavy-tailed distance, sometimes anyone at all
    offset = np.maximum(1, rng.zipf(1.6, rows) % 200)
    b = np.where(rng.random(rows) < 0.9, (a + offset) % people, rng.integers(0, people, rows))
    t = 1_700_000_000 + rng.integers(0, 3 * YEAR, rows)
    channel = rng.choice(len(CHANNELS), rows, p=[0.15, 0.05, 0.1, 0.3, 0.25, 0.15])
    duration = np.where(channel <= 2, rng.integers(300, 7200, rows).astype(float), np.nan)
    frame = pl.DataFrame(
        {
            "time": pl.from_epoch(pl.Series(t), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "source": pl.Series([f"person{i}@example.com" for i in range(people)])[a],
            "target": pl.Series([f"person{i}@example.com" for i in range(people)])[b],
            "channel": pl.Series(list(CHANNELS))[channel],
            "duration_s": pl.Series(duration).fill_nan(None).cast(pl.Int64),
            "directed": pl.Series(rng.random(rows) < 0.8).cast(pl.String).str.to_lowercase(),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)


CPU: dict[str, float] = {}


def best(fn, repeat: int, name: str | None = None) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs (CPU time of that run, all threads, kept in ``CPU[name]``)."""
    times, result = [], None
    for _ in range(repeat):
        began, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - began)
        if name is not None and times[-1] == min(times):
            CPU[name] = time.process_time() - cpu
    return min(times), result


def duckdb_sql(source: str, as_of: float) -> str:
    weights = DEFAULTS.channel_weights
    case = " ".join(f"WHEN '{c}' THEN {w}" for c, w in zip(CHANNELS, weights, strict=True))
    knee, full, half = DEFAULTS.duration_knee_s, DEFAULTS.full_duration_s, DEFAULTS.half_life_days * 86400
    return f"""
        SELECT least(source, target) AS a, greatest(source, target) AS b,
               sum((CASE channel {case} END)
                   * coalesce(ln(1 + duration_s / {knee}) / ln(1 + {full} / {knee}), 1.0)
                   * pow(2, -({as_of} - epoch(time)) / {half})) AS decayed,
               count(*) AS n
        FROM {source} WHERE source <> target GROUP BY 1, 2
    """


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", action="store_true", help="also time ties() on a database this size")
    args = parser.parse_args()
    import duckdb

    log = OUT / f"log-{args.rows}.csv"
    if not log.exists():
        synthetic_log(log, args.rows, args.people)
    out = OUT / "scores.csv"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    print(f"log: {args.rows:,} interactions among {args.people:,} people ({log.stat().st_size / 1e6:.0f} MB)")

    def kith_end_to_end():
        scores = score_log(log)
        write_scores(scores, out)
        return scores

    t_kith, scores = best(kith_end_to_end, args.repeat, "kith")
    as_of = scores.as_of
    t_read, parsed = best(lambda: read_log(log), args.repeat)
    t_engine, _ = best(lambda: engine.score(parsed.events, as_of), args.repeat)
    t_sums, _ = best(lambda: engine.aggregate(parsed.events, as_of), args.repeat)

    con = duckdb.connect()
    source = f"read_csv('{log}', timestampformat='%Y-%m-%dT%H:%M:%SZ')"
    t_duck, duck = best(lambda: con.execute(duckdb_sql(source, as_of)).fetchnumpy(), args.repeat, "duck")
    con.execute(f"CREATE TABLE log AS SELECT * FROM {source}")
    t_duck_mem, _ = best(lambda: con.execute(duckdb_sql("log", as_of)).fetchnumpy(), args.repeat)

    # the two computed the same sums
    ours = np.sort(engine.aggregate(parsed.events, as_of).decayed)
    theirs = np.sort(np.asarray(duck["decayed"], dtype=float))
    agree = len(ours) == len(theirs) and np.allclose(ours, theirs, rtol=1e-6)

    print(f"pairs scored: {len(scores.strength):,}; sums agree with DuckDB: {agree}")
    print(f"kith score end to end (read, score, circles, write CSV): {t_kith:6.2f} s")
    print(f"  read the log:                                          {t_read:6.2f} s")
    print(f"  engine, every component (arrays in memory):            {t_engine:6.2f} s")
    print(f"  engine, decayed sums only (arrays in memory):          {t_sums:6.2f} s")
    print(f"DuckDB read CSV + decayed sums:                          {t_duck:6.2f} s")
    print(f"DuckDB decayed sums on an in-memory table:               {t_duck_mem:6.2f} s")
    print(f"ratio kith end to end / DuckDB read + sums:              {t_kith / t_duck:6.2f}x")
    print(
        f"CPU time (all threads) kith end to end {CPU['kith']:.2f} s, DuckDB read + sums {CPU['duck']:.2f} s: "
        f"{CPU['kith'] / CPU['duck']:.2f}x"
    )
    print(f"ratio kith read + decayed sums / DuckDB read + sums:     {(t_read + t_sums) / t_duck:6.2f}x")
    print(f"ratio kith sums / DuckDB sums, both in memory:           {t_sums / t_duck_mem:6.2f}x")
    if args.database:
        database_benchmark(args.rows, args.people, args.repeat)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


def database_benchmark(rows: int, people: int, repeat: int) -> None:
    """``ties()`` for a web page over a database of ``people`` and ``rows`` interactions, and the cost of
    logging one interaction (the cache update included)."""
    import sqlite3
    from datetime import UTC, datetime

    from kith.interactions import log_interaction
    from kith.settings import Settings
    from kith.store.db import open_engine, transaction
    from kith.store.schema import Person
    from kith.strength.service import ties

    home = OUT / f"db-{rows}"
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kith.db'}")
    fresh = not (home / "kith.db").exists()
    open_engine(settings)
    if fresh:
        rng = np.random.default_rng(2)
        con = sqlite3.connect(home / "kith.db")
        con.execute(
            "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at) VALUES (0, 'Me', 'me', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        con.executemany(
            "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at) VALUES (?, ?, ?, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            ((i, f"Person {i}", f"person {i}") for i in range(1, people + 1)),
        )
        whom = np.minimum(rng.zipf(1.3, rows), people)  # a few people get most of the contact
        stamps = 1_700_000_000 + rng.integers(0, 3 * YEAR, rows)
        kinds = rng.choice(
            ["coffee", "call", "email", "message", "like"], rows, p=[0.15, 0.1, 0.35, 0.25, 0.15]
        )
        channel = {
            "coffee": "in_person",
            "call": "call",
            "email": "email",
            "message": "message",
            "like": "social",
        }
        directions = rng.choice(["outbound", "inbound", "mutual"], rows, p=[0.45, 0.45, 0.1])
        when = [datetime.fromtimestamp(int(s), UTC).strftime("%Y-%m-%d %H:%M:%S.000000") for s in stamps]
        con.executemany(
            "INSERT INTO interaction (id, occurred_at, channel, kind, direction, source, created_at) VALUES (?, ?, ?, ?, ?, 'bench', '2026-01-01 00:00:00')",
            ((i + 1, when[i], channel[kinds[i]], kinds[i], directions[i]) for i in range(rows)),
        )
        group = rng.random(rows) < 0.05
        extra = rng.integers(1, people + 1, rows)
        # participant rows repeat their interaction's time and channel (the person index)
        con.executemany(
            "INSERT OR IGNORE INTO interaction_participant (interaction_id, person_id, occurred_at, channel) VALUES (?, ?, ?, ?)",
            ((i + 1, int(whom[i]), when[i], channel[kinds[i]]) for i in range(rows)),
        )
        con.executemany(
            "INSERT OR IGNORE INTO interaction_participant (interaction_id, person_id, occurred_at, channel) VALUES (?, ?, ?, ?)",
            (
                (int(i) + 1, int(extra[i]), when[int(i)], channel[kinds[int(i)]])
                for i in np.flatnonzero(group)
            ),
        )
        con.commit()
        con.close()
    as_of = datetime(2027, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    with transaction(settings) as session:
        scored = ties(session, as_of)  # builds the cache when it is missing or stale
    t_first = time.perf_counter() - began

    def cached():
        with transaction(settings) as session:
            return ties(session, as_of)

    t_cached, _ = best(cached, repeat)

    def log_one():
        with transaction(settings) as session:
            person = session.get(Person, 42)
            log_interaction(session, kind="coffee", people=[person], when=as_of, direction="outbound")

    t_log, _ = best(log_one, repeat)
    t_after, _ = best(cached, 1)
    print(f"database: {people:,} people, {rows:,} interactions")
    print(
        f"ties() first call (cache built from the rows):          {t_first:6.2f} s for {len(scored):,} ties"
    )
    print(f"ties() with the cache (a web page):                     {t_cached:6.2f} s")
    print(f"log one interaction (cache updated in the transaction): {t_log * 1000:6.1f} ms")
    print(f"ties() right after logging (cache still valid):         {t_after:6.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
