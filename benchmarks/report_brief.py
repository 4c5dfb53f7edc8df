"""Time of the network report and the meeting brief on a large database, in-process.

    uv run python benchmarks/report_brief.py [--home benchmarks/out/log-latency] [--runs 5]

Uses the database that benchmarks/log_latency.py builds (run that first; by default 10,000 people and
1,000,000 interactions), copied to a temporary folder so the original stays as it is. Reports the best and
median of RUNS for: the strength engine's ties() alone (the report needs it), the whole report, the report
with simple-count circles (strength absent), and the brief on the person with the most contact. The floor
is one full scan, ``SELECT count(*), sum(duration_s) FROM interaction``, timed in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best_and_median(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=HERE / "out" / "log-latency")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (args.home / "kith.db").exists():
        sys.exit(f"no database in {args.home}; run benchmarks/log_latency.py first")

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(args.home / "kith.db", Path(tmp) / "kith.db")
        os.environ["KITH_HOME"] = tmp
        from sqlalchemy import func, select, text

        from kith.brief import meeting_brief
        from kith.reports import network_report
        from kith.store.db import transaction
        from kith.store.schema import InteractionParticipant, Person
        from kith.strength.service import ties

        as_of = datetime(2026, 11, 1, tzinfo=UTC)
        with transaction() as session:
            people, interactions = session.execute(
                text("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM interaction)")
            ).one()
            busiest = session.scalar(
                select(InteractionParticipant.person_id)
                .group_by(InteractionParticipant.person_id)
                .order_by(func.count().desc())
                .limit(1)
            )
            person = session.get(Person, busiest)
            rows = [
                (
                    "floor: one scan of the interaction table",
                    lambda: session.execute(text("SELECT count(*), sum(duration_s) FROM interaction")).one(),
                ),
                ("strength ties() alone", lambda: ties(session, as_of)),
                ("network report (with ties)", lambda: network_report(session, as_of)),
                ("meeting brief, busiest person", lambda: meeting_brief(session, person, as_of)),
            ]
            results = [(label, *best_and_median(fn, args.runs)) for label, fn in rows]
            sys.modules["kith.strength.service"] = None  # the simple-count circles
            results.append(
                (
                    "network report (count circles)",
                    *best_and_median(lambda: network_report(session, as_of), args.runs),
                )
            )

    floor = results[0][2]
    print(
        f"\n{people:,} people, {interactions:,} interactions, {args.runs} runs each, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
    )
    print("| work | median | best | ratio to floor |")
    print("|---|---|---|---|")
    for label, best, median in results:
        print(f"| {label} | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {median / floor:.1f}x |")


if __name__ == "__main__":
    main()
