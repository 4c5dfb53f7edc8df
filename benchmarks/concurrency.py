"""Concurrent use of one kith home: failures, lost writes and waits under load, and `kith log` during a
large import.

    uv run python benchmarks/concurrency.py [--cli-writers 8] [--cli-logs 200] [--web-writers 4]
                                            [--readers 2] [--connections 30000] [--messages 100000]

The same load as tests/reliability/test_concurrency.py (its ``workload`` module), at full size, in a fresh
home:

1. ``kith serve``'s app (two worker processes, as on 2 cores) on a port bound to 0; ``--cli-writers``
   command-line writers, each running ``kith log coffee`` ``--cli-logs`` times (one process per log, one
   after another), ``--web-writers`` API writers (``POST /api/interactions``) and ``--readers`` page
   readers, all at once until the command-line writers are done. Reported: failures (of any kind),
   acknowledged writes against rows stored, ``PRAGMA integrity_check``, and times per kind of request.
2. Into the same home, with the server still up: ``kith import linkedin`` of an export of
   ``--connections`` connections and ``--messages`` messages (``import_linkedin.py``'s generator); while it
   runs, a new API write starts every 0.25 s and a new ``kith log`` every second. Reported: the import's
   time, and for the writes that started while the import held the write lock, their failures and times.
   An API write's time is its wait (answering one takes a few ms); a ``kith log``'s includes its start-up,
   so the median of 10 ``kith log`` run alone is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "reliability"))

from import_linkedin import export  # noqa: E402
from workload import (  # noqa: E402
    PERSON,
    Attempt,
    integrity,
    run_kith,
    run_load,
    seed,
    server,
    start_kith,
    stored_notes,
    web_writer,
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def times(label: str, attempts: list[Attempt]) -> None:
    seconds = [a.seconds for a in attempts]
    if not seconds:
        print(f"  {label}: none")
        return
    print(
        f"  {label}: {len(seconds)}, p50 {pct(seconds, 50) * 1000:.0f} ms, p95 {pct(seconds, 95) * 1000:.0f} ms,"
        f" max {max(seconds) * 1000:.0f} ms"
    )


def failures(label: str, attempts: list[Attempt], ok: int) -> int:
    bad = [a for a in attempts if a.status != ok]
    print(f"  {label} failed: {len(bad)} of {len(attempts)}")
    for a in bad[:5]:
        print(f"    {a.what}: {a.status} {a.message[:200]}")
    return len(bad)


def during_import(home: Path, base: str, zipped: Path) -> None:
    note = home / "kith.db.writer"
    cli: list[Attempt] = []
    web: list[Attempt] = []
    held: list[float] = []  # when the import's note (it holds the write lock) was seen
    started = time.monotonic()
    importer = start_kith(home, "import", "linkedin", str(zipped), "--no-progress")

    def watch() -> None:
        while importer.poll() is None:
            if note.exists():
                held.append(time.monotonic())
            time.sleep(0.01)

    def log(what: str) -> None:
        attempt = run_kith(home, "log", "coffee", PERSON, "--note", what)
        attempt.what = what
        cli.append(attempt)

    threads = [threading.Thread(target=watch)]
    threads[0].start()
    tick = 0
    while importer.poll() is None:  # a new API write every 0.25 s, a new kith log every second
        batch = [
            threading.Thread(target=web_writer, args=(base, f"import-web{tick}", threading.Event(), web, 1))
        ]
        if tick % 4 == 0:
            batch.append(threading.Thread(target=log, args=(f"import-cli{tick}",)))
        for thread in batch:
            thread.start()
        threads += batch
        tick += 1
        time.sleep(0.25)
    import_s = time.monotonic() - started
    out, err = importer.communicate()
    for thread in threads:
        thread.join()
    if importer.returncode != 0:
        raise SystemExit(f"the import failed: {err}")
    lock_from, lock_to = (held[0], held[-1]) if held else (started, started)
    people_line = next((line.strip() for line in out.splitlines() if line.strip().startswith("people")), "")
    print(
        f"\nimport of {zipped.name}: {import_s:.1f} s wall, of which it waited {lock_from - started:.1f} s"
        f" (start-up included) and held the write lock {lock_to - lock_from:.1f} s; {people_line}"
    )
    cli_during = [a for a in cli if lock_from <= a.started <= lock_to]
    web_during = [a for a in web if lock_from <= a.started <= lock_to]
    failures("kith log started while the import held the lock", cli_during, 0)
    failures("API writes started while the import held the lock", web_during, 201)
    times("kith log started while the import held the lock (wall, start-up included)", cli_during)
    times("API writes started while the import held the lock (their wait)", web_during)
    failures("all writes around the import: kith log", cli, 0)
    failures("all writes around the import: API", web, 201)
    acknowledged = [a.what for a in cli if a.status == 0] + [a.what for a in web if a.status == 201]
    stored = stored_notes(home)
    lost = [w for w in acknowledged if stored[w] != 1]
    print(
        f"  acknowledged {len(acknowledged)}, stored {sum(stored[w] for w in acknowledged)}, lost {len(lost)}"
    )


def load(home: Path, base: str, person: int, args: argparse.Namespace) -> None:
    """Step 1: the writers and readers at once, until the command-line writers are done."""
    started = time.monotonic()
    outcome = run_load(
        home,
        base,
        person,
        cli_writers=args.cli_writers,
        cli_logs=args.cli_logs,
        web_writers=args.web_writers,
        readers=args.readers,
    )
    took = time.monotonic() - started
    print(
        f"\nload: {args.cli_writers} command-line writers x {args.cli_logs} logs, {args.web_writers} API"
        f" writers, {args.readers} readers, two server processes: {took:.0f} s,"
        f" load average {os.getloadavg()[0]:.2f} at the end"
    )
    failures("kith log", outcome.cli, 0)
    failures("API writes", outcome.web, 201)
    failures("reads", outcome.reads, 200)
    times("kith log (wall, start-up included)", outcome.cli)
    times("API writes", outcome.web)
    times("reads", outcome.reads)
    acknowledged = outcome.acknowledged()
    stored = stored_notes(home)
    lost = [w for w in acknowledged if stored[w] != 1]
    print(
        f"  acknowledged {len(acknowledged)}, stored {sum(stored[w] for w in acknowledged)},"
        f" lost or doubled {len(lost)}; integrity_check: {integrity(home)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli-writers", type=int, default=8)
    parser.add_argument("--cli-logs", type=int, default=200)
    parser.add_argument("--web-writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=30000)
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--only-import", action="store_true", help="skip the load, run step 2 alone")
    args = parser.parse_args()

    linkedin = export(args.connections, args.messages)
    home = Path(tempfile.mkdtemp(prefix="kith-concurrency-"))
    os.environ.pop("KITH_NOW", None)
    try:
        person = seed(home)
        alone = [run_kith(home, "log", "coffee", PERSON, "--note", f"alone-{i}") for i in range(10)]
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
        print(f"kith log alone: median {statistics.median(a.seconds for a in alone) * 1000:.0f} ms (10 runs)")
        server_log = HERE / "out" / "concurrency-server.log"
        server_log.parent.mkdir(parents=True, exist_ok=True)
        with server(home, log_to=server_log) as base:
            if not args.only_import:
                load(home, base, person, args)
            during_import(home, base, linkedin)
        print(f"integrity_check after all: {integrity(home)}")
        lines = server_log.read_text(errors="replace").splitlines()
        notable = [line for line in lines if "died" in line or "Error" in line or "Traceback" in line]
        print(f"server log ({server_log}): {len(lines)} lines, {len(notable)} about errors or restarts")
        for line in notable[:10]:
            print(f"  {line[:200]}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
