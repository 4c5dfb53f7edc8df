"""Logs for the who-knows-whom edge list (``kith edges``): a crafted one whose every tie is worked out by
hand (``CRAFTED_TIES``), and a generated one with interactions and threads of every size and channel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from kith.channels import CHANNELS

HEADER = "time,source,target,channel,duration_s,interaction,thread"
#: the crafted log's time limit for ``--as-of`` (the last row is after it)
CRAFTED_AS_OF = "2026-02-01T00:00:00Z"


def crafted_log(folder: Path) -> Path:
    rows = [
        "2026-01-01T10:00:00Z,ada,bo,in_person,3600,,",  # a meeting of two: 0.3
        "2026-01-02T10:00:00Z,ada,bo,email,,m1,T1",  # a mail to three: 0.15 * 2/3 each pair
        "2026-01-02T10:00:00Z,ada,cy,email,,m1,T1",
        "2026-01-03T10:00:00Z,bo,ada,email,,m2,T1",  # the reply, to two: 0.15, the same thread
        "2026-01-03T11:00:00Z,bo,ada,MESSAGE,,m3,T1",  # another channel: another thread
        "2026-01-04T10:00:00Z,cy,di,social,,,",  # a like ties nobody
        *(f"2026-01-05T10:00:00Z,cy,{p},video,1800,g1, " for p in ("di", "ed", "fa", "gu")),  # five: 0.24
        "1767700000,  ada ,ha,Email,,  ,",  # a key to trim, a blank interaction: a mail of two, 0.15
        "2026-01-06T10:00:00Z,ha,ha,in_person,,,",  # with oneself: nobody
        *(f"2026-01-07T09:00:00Z,host,x{k:03d},in_person,,all,," for k in range(200)),  # 201 people
        *(f"2026-01-{8 + k % 20:02d}T09:00:00Z,ji,ko,email,,,t{k}" for k in range(30)),  # 30 threads
        *(f"2026-01-{8 + k % 20:02d}T10:00:00Z,ji,ko,email,,,same" for k in range(3)),  # one thread
        "2026-03-01T10:00:00Z,ada,ju,call,600,,",  # after CRAFTED_AS_OF
    ]
    path = folder / "crafted.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def _tie(meetings: list[float], threads: list[float]) -> tuple[float, int, int, bool]:
    left = float(np.prod([1 - c for c in meetings + threads]))
    return min(0.95, 1 - left), len(meetings), len(threads), not meetings


#: every tie of the crafted log (all its rows): weight, meetings, threads, weak
CRAFTED_TIES = {
    ("ada", "bo"): _tie([0.3], [0.15, 0.15]),  # m1 and m2 one thread (its best: 0.15), m3 another
    ("ada", "cy"): _tie([], [0.1]),
    ("bo", "cy"): _tie([], [0.1]),
    **{
        pair: _tie([0.24], [])
        for pair in [
            ("cy", "di"),
            ("cy", "ed"),
            ("cy", "fa"),
            ("cy", "gu"),
            ("di", "ed"),
            ("di", "fa"),
            ("di", "gu"),
            ("ed", "fa"),
            ("ed", "gu"),
            ("fa", "gu"),
        ]
    },  # fmt: skip
    ("ada", "ha"): _tie([], [0.15]),
    ("ji", "ko"): _tie([], [0.15] * 31),  # capped at 0.95
    ("ada", "ju"): _tie([0.3], []),
}


def generated_log(folder: Path, seed: int = 11) -> Path:
    """About 2,000 rows among 60 people over two years: rows on their own and interactions of two to
    fifteen people (some over several rows of one pair), threads of several messages, every channel in
    any case, blank ids, self-contacts."""
    rng = np.random.default_rng(seed)
    people = [f"p{i:02d}@example.com" for i in range(55)] + [f"émilie{i}@example.org" for i in range(5)]
    start = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    rows = []
    for _ in range(900):  # rows on their own
        a, b = rng.integers(0, len(people), 2)
        channel = str(rng.choice(CHANNELS))
        thread = f"th{rng.integers(0, 40)}" if rng.random() < 0.4 else ""
        interaction = "   " if rng.random() < 0.05 else ""
        rows.append(
            (start + int(rng.integers(0, 730 * 86400)), people[a], people[b], channel, interaction, thread)
        )
    for g in range(120):  # interactions: one sender or host and everyone else at it
        size = int(rng.integers(2, 16))
        members = rng.choice(len(people), size, replace=False)
        channel = str(rng.choice(CHANNELS))
        thread = f"th{rng.integers(0, 40)}" if rng.random() < 0.5 else ""
        t = start + int(rng.integers(0, 730 * 86400))
        for other in members[1:]:
            rows.append((t, people[members[0]], people[other], channel, f"g{g}", thread))
        if size > 3:  # two others at it in a row of their own, and a row of the same pair again
            rows.append((t, people[members[1]], people[members[2]], channel, f"g{g}", thread))
            rows.append((t, people[members[0]], people[members[1]], channel, f"g{g}", thread))
    rows.append((start, people[3], people[3], "in_person", "", ""))
    frame = pl.DataFrame(
        rows, schema=["t", "source", "target", "channel", "interaction", "thread"], orient="row"
    )
    frame = frame.with_columns(
        time=pl.from_epoch("t").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        channel=pl.Series([c.upper() if i % 11 == 0 else c for i, c in enumerate(frame["channel"])]),
        duration_s=pl.lit(""),
    ).select("time", "source", "target", "channel", "duration_s", "interaction", "thread")
    path = folder / "generated.csv"
    frame.sample(fraction=1.0, shuffle=True, seed=seed).write_csv(path)
    return path
