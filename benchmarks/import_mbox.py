"""Importing a 100,000-message mailbox: wall time and peak memory, as ratios to a plain pass (the floor).

    uv run python benchmarks/import_mbox.py [--messages 100000] [--people 2000] [--runs 1]

Generates a synthetic mbox in benchmarks/out/mbox/ (reused when the message count matches): messages
between the user and a few thousand people, 1 to 4 recipients, bodies of a few lines to a few KB, 10%
bulk mail. Each measurement runs in its own Python process so that peak memory (max RSS) belongs to it:

- floor: one plain binary line pass over the file (``for line in file: pass``);
- parse: kith's mbox parser alone (headers only, bodies skipped), no database;
- import: the whole ``kith import mbox`` code path (``run_import``) into an empty SQLite home.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "mbox"
ME = "me@example.com"

FIRST = ["Jane", "Bob", "Carol", "Dan", "Erin", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kim", "Lena"]
LAST = ["Doe", "Roe", "Example", "Sample", "Tester", "Nguyen", "Garcia", "Okafor", "Muller", "Rossi"]
WORDS = [
    "coffee",
    "intro",
    "hiring",
    "offer",
    "project",
    "draft",
    "meeting",
    "follow",
    "up",
    "thanks",
    "notes",
    "deck",
    "agenda",
]


def generate(path: Path, messages: int, people: int) -> None:
    rng = random.Random(11)
    contacts = [
        (f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"person{i}@example{i % 50}.com") for i in range(people)
    ]
    start = datetime(2022, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for n in range(messages):
            when = start + timedelta(seconds=n * 900 + rng.randint(0, 600))
            others = rng.sample(contacts, rng.randint(1, 4))
            outbound = rng.random() < 0.4
            sender = ("Me", ME) if outbound else others[0]
            to = others if outbound else [("Me", ME)] + others[1:]
            subject = " ".join(rng.choices(WORDS, k=rng.randint(2, 6))).capitalize()
            headers = [
                f"From {sender[1]} {when:%a %b %d %H:%M:%S %Y}",
                f"From: {sender[0]} <{sender[1]}>",
                "To: " + ", ".join(f"{name} <{email}>" for name, email in to),
                f"Subject: {subject}",
                f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}",
                f"Message-ID: <{n}.{rng.getrandbits(40):x}@mail.example.com>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                f"Received: from mx{n % 7}.example.net by mail.example.com; {when:%a, %d %b %Y %H:%M:%S +0000}",
            ]
            if rng.random() < 0.1:
                headers.append("List-Unsubscribe: <mailto:leave@lists.example.com>")
            body = "\n".join(" ".join(rng.choices(WORDS, k=12)) for _ in range(rng.randint(3, 60)))
            out.write("\n".join(headers) + "\n\n" + body + "\n\n")


FLOOR = """
import sys
with open(sys.argv[1], "rb") as f:
    for line in f:
        pass
"""

PARSE = """
import sys
from pathlib import Path
from kith.importers.mbox import parse
from kith.importers.records import ImportOptions
n = sum(1 for _ in parse(Path(sys.argv[1]), ImportOptions(me_emails=["me@example.com"])))
"""

IMPORT = """
import sys
from datetime import UTC, datetime
from kith.importing.run import run_import
from kith.settings import Settings
home = sys.argv[2]
settings = Settings(home=home, database_url=f"sqlite:///{home}/kith.db")
summary = run_import("mbox", sys.argv[1], settings=settings, me=["me@example.com"],
                     now=datetime(2026, 6, 15, tzinfo=UTC), progress=False)
print(summary.counts["interactions"]["added"], summary.skipped_total, file=sys.stderr)
"""


def measure(code: str, *args: str) -> tuple[float, float, float, str]:
    """(wall seconds, peak RSS in MB, CPU seconds, stderr) of running ``code`` in a fresh Python.

    CPU time (user + system, including start-up) is reported too: on a shared, loaded machine it says
    more about the work than wall time does."""
    wrapper = (
        "import resource, sys, time\n"
        "t = time.perf_counter()\n"
        f"exec(compile({code!r}, 'bench', 'exec'))\n"
        "wall = time.perf_counter() - t\n"
        "use = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(f'RESULT {wall} {use.ru_maxrss / 1024} {use.ru_utime + use.ru_stime}')\n"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    _, wall, rss, cpu = line.split()
    return float(wall), float(rss), float(cpu), done.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"mail-{args.messages}.mbox"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        generate(path, args.messages, args.people)
    size_mb = path.stat().st_size / 1e6
    rows = []
    for label, code in (
        ("floor: plain line pass", FLOOR),
        ("parse only (no database)", PARSE),
        ("kith import mbox", IMPORT),
    ):
        results = []
        for _ in range(args.runs):
            home = OUT / "home"
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            results.append(measure(code, str(path), str(home)))
        best = min(results, key=lambda r: r[0])
        rows.append((label, best))
    floor_wall, floor_rss, floor_cpu = rows[0][1][0], rows[0][1][1], rows[0][1][2]
    load = os.getloadavg()[0]
    print(f"{args.messages:,} messages, {size_mb:.0f} MB, {os.cpu_count()} cores, load average {load:.2f}")
    print("| work | wall | wall / floor | CPU | CPU / floor | peak memory (RSS) |")
    print("|---|---|---|---|---|---|")
    for label, (wall, rss, cpu, err) in rows:
        print(
            f"| {label} | {wall:.2f} s | {wall / floor_wall:.1f}x | {cpu:.2f} s | {cpu / floor_cpu:.1f}x "
            f"| {rss:.0f} MB ({rss / floor_rss:.1f}x) |"
        )
        if err:
            print(f"  ({label}: interactions added, skipped: {err})", file=sys.stderr)


if __name__ == "__main__":
    main()
