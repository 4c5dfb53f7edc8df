"""The crash suite at scale: kill -9 at many seeded moments of a large import, a large restore and a loop
of `kith log`, and count what each left (always the state before or after, or every acknowledged log).

    uv run python benchmarks/crash.py [--moments 100] [--connections 5000] [--messages 20000]

The same checks as tests/reliability/test_crash.py (whose helpers it uses), on a LinkedIn export of
5,000 connections and 20,000 messages and its backup. Half the moments fall anywhere in a run, half
once its first write has reached the database's log. Prints the outcomes and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "reliability"))

from crashing import (  # noqa: E402
    LOG_LOOP,
    digest,
    fresh_copy,
    holds_data,
    integrity,
    kith_command,
    linkedin_export,
    moments,
    run_and_kill,
)


def prepare(home: Path) -> None:
    for args in (
        ("me", "--name", "Ada Lovelace", "--linkedin", "https://www.linkedin.com/in/ada-lovelace"),
        ("add", "Jane Doe", "--email", "jane@acme.example"),
    ):
        run = run_and_kill(kith_command(*args), home, None)
        assert "error" not in run.output, run.output


def schedule(seed: int, count: int, whole) -> list[tuple[str | None, float]]:
    return [(None, d) for d in moments(seed, count // 2, whole.seconds * 1.05)] + [
        ("writing", d) for d in moments(seed + 100, count - count // 2, whole.after_start * 1.05)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moments", type=int, default=100)
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1206)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kith-crash-"))
    started, load = time.perf_counter(), os.getloadavg()[0]
    try:
        network = work / "network"
        prepare(network)
        export = linkedin_export(work / "export.zip", args.connections, args.messages)
        command = kith_command("import", "linkedin", str(export), "--no-progress")
        before = digest(network)
        whole = run_and_kill(command, fresh_copy(network, work / "whole"), None, start_when="writing")
        after = digest(work / "whole")
        outcomes: Counter = Counter()
        for i, (start_when, delay) in enumerate(schedule(args.seed, args.moments, whole)):
            home = fresh_copy(network, work / f"i{i}")
            run = run_and_kill(command, home, delay, start_when=start_when)
            state = digest(home)
            ok = integrity(home) == "ok" and state in (before, after)
            outcomes["BROKEN" if not ok else "before" if state == before else "after"] += 1
            shutil.rmtree(home)
        print(
            f"import ({whole.seconds:.1f} s, {whole.after_start:.1f} s writing), {args.moments} kills: {dict(outcomes)}"
        )

        backup = work / "backup.json"
        run_and_kill(kith_command("export", "json", "--out", str(backup)), work / "whole", None)
        command = kith_command("restore", str(backup))
        whole = run_and_kill(command, work / "restored", None, start_when="writing")
        after = digest(work / "restored")
        outcomes = Counter()
        for i, (start_when, delay) in enumerate(schedule(args.seed + 1, args.moments, whole)):
            home = work / f"r{i}"
            run_and_kill(command, home, delay, start_when=start_when)
            ok = integrity(home) == "ok" and (not holds_data(home) or digest(home) == after)
            outcomes["BROKEN" if not ok else "after" if holds_data(home) else "empty"] += 1
            shutil.rmtree(home, ignore_errors=True)
        print(
            f"restore ({whole.seconds:.1f} s, {whole.after_start:.1f} s writing), {args.moments} kills: {dict(outcomes)}"
        )

        acknowledged, lost, partial = 0, 0, 0
        for i, delay in enumerate(moments(args.seed + 2, args.moments, 3.0)):
            home = fresh_copy(network, work / f"l{i}")
            run = run_and_kill([sys.executable, "-c", LOG_LOOP, "1000000"], home, delay, start_when="ack 0")
            acks = {int(n) for n in re.findall(r"^ack (\d+)$", run.output, re.MULTILINE)}
            with sqlite3.connect(home / "kith.db") as db:
                stored = {
                    int(n.rsplit("-", 1)[1])
                    for (n,) in db.execute("SELECT notes FROM interaction WHERE notes LIKE 'crash-log-%'")
                }
                partial += db.execute(
                    "SELECT count(*) FROM interaction i WHERE NOT EXISTS "
                    "(SELECT 1 FROM interaction_participant p WHERE p.interaction_id = i.id)"
                ).fetchone()[0]
            acknowledged += len(acks)
            lost += len(acks - stored) + (integrity(home) != "ok")
            shutil.rmtree(home)
        print(
            f"kith log loop, {args.moments} kills: {acknowledged} acknowledged, {lost} lost, {partial} half-written"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{time.perf_counter() - started:.0f} s, 2 cores, load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at end"
    )


if __name__ == "__main__":
    main()
