"""Time of the weekly agenda on a realistic network, in-process.

    uv run python benchmarks/agenda.py [--home DIR] [--runs 5]

Without --home, builds the demo sample (``kith demo --no-serve``: about 1,500 LinkedIn connections, a year
of contact, favours, promises, job changes) in benchmarks/out/agenda-demo, once. With --home, uses that
folder's kith.db (for example benchmarks/out/log-latency from benchmarks/log_latency.py), copied to a
temporary folder so the original stays as it is. Reports best and median of RUNS for the strength
engine's ties() (the agenda calls it twice: now and 90 days ago), the facts the rules read, the whole
agenda and the iCalendar feed of every item. The floor is one full scan of the interaction table, timed
in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def best_and_median(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def demo_home() -> Path:
    home = HERE / "out" / "agenda-demo"
    if not (home / "kith.db").exists():
        env = {**os.environ, "KITH_DEMO_HOME": str(home)}
        subprocess.run([sys.executable, "-m", "kith", "demo", "--no-serve"], env=env, check=True)
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = args.home or demo_home()
    if not (home / "kith.db").exists():
        sys.exit(f"no database in {home}")

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(home / "kith.db", Path(tmp) / "kith.db")
        os.environ["KITH_HOME"] = tmp
        from sqlalchemy import text

        from kith.agenda import agenda_ics, build_agenda
        from kith.agenda.facts import gather
        from kith.store.db import transaction
        from kith.store.schema import Interaction
        from kith.strength.service import ties

        with transaction() as session:
            as_of = _latest(session, Interaction)
            people, interactions = session.execute(
                text("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM interaction)")
            ).one()
            items = build_agenda(session, as_of).items
            rows = [
                (
                    "floor: one scan of the interaction table",
                    lambda: session.execute(text("SELECT count(*), sum(duration_s) FROM interaction")).one(),
                ),
                ("strength ties() alone", lambda: ties(session, as_of)),
                ("agenda facts (includes ties() twice)", lambda: gather(session, as_of)),
                ("whole agenda", lambda: build_agenda(session, as_of)),
                (f"iCalendar feed of {len(items)} items", lambda: agenda_ics(items, generated_at=as_of)),
            ]
            results = [(label, *best_and_median(fn, args.runs)) for label, fn in rows]
    floor = results[0][2]
    load = os.getloadavg()[0]
    print(
        f"{people:,} people, {interactions:,} interactions, {len(items)} agenda items, "
        f"{args.runs} runs each, {os.cpu_count()} cores, load average {load:.2f}"
    )
    print("| work | median | best | ratio to floor |")
    print("|---|---|---|---|")
    for label, best, median in results:
        print(f"| {label} | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {median / floor:.1f}x |")


def _latest(session, model):
    from sqlalchemy import func, select, type_coerce

    from kith.store.schema import UTCDateTime

    return session.scalar(select(type_coerce(func.max(model.occurred_at), UTCDateTime())))


if __name__ == "__main__":
    main()
