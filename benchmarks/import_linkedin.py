"""Wall time and peak memory of `kith import linkedin` on an export of 30,000 connections and 100,000
messages, as a ratio to one plain `csv.reader` pass over the same files (the floor).

    uv run python benchmarks/import_linkedin.py [--connections 30000] [--messages 100000] [--runs 3]

The synthetic export (a zip, as LinkedIn delivers it, with a "Notes:" preamble, a BOM, 3,000
conversations and realistic columns) is written once to benchmarks/out/linkedin/. Each run imports it
into an empty database in a fresh process (so peak RSS is the import's own), times the first strength
scoring after it (``ties()``: the strength cache is rebuilt from the new rows, which the next screen
showing strength waits for), then imports it a second time into the same database (the re-import path:
everything resolves, nothing is added). Then the whole command, `kith import linkedin --no-progress`
into an empty home, runs as a user would run it (start-up, schema creation, import, commit). The floor
reads every row of both CSV files from the zip with `csv.reader` and does nothing with them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "linkedin"

FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
]
FIRST += ["Omar", "Pia", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera", "Wen", "Xavi", "Yara", "Zoé"]
_SYLLABLES = ["ba", "ko", "ri", "sen", "ta", "lu", "mar", "ne", "vo", "di", "sha", "pel", "quo", "zan", "fi"]
#: about 3,400 surnames, so that two people of the same name at the same company are as rare as in life
LAST = sorted({(a + b + c).capitalize() for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES[:15]})
COMPANIES = [f"Company {i}" for i in range(800)]
TITLES = ["Engineer", "Designer", "CTO", "Recruiter", "Product Manager", "Founder", "Analyst", "Sales, EMEA"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ME = ("Ada Example", "https://www.linkedin.com/in/ada-example")


def build(path: Path, connections: int, messages: int) -> None:
    rng = random.Random(11)
    people = []
    conn_buf = io.StringIO()
    conn_buf.write("\ufeffNotes:\n")
    conn_buf.write(
        '"When exporting your connection data, you may notice that some email addresses are missing."\n\n'
    )
    writer = csv.writer(conn_buf, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(connections):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i:06d}"
        people.append((f"{first} {last}", url))
        email = f"p{i}@mail.example" if rng.random() < 0.1 else ""
        on = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}"
        writer.writerow([first, last, url, email, rng.choice(COMPANIES), rng.choice(TITLES), on])
    msg_buf = io.StringIO()
    writer = csv.writer(msg_buf, lineterminator="\n")
    writer.writerow(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
        ]
    )
    conversations = [(f"2-{rng.getrandbits(64):016x}", rng.choice(people)) for _ in range(3000)]
    for _ in range(messages):
        conv, other = rng.choice(conversations)
        sender, recipient = (ME, other) if rng.random() < 0.5 else (other, ME)
        when = f"{rng.randint(2016, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " + (
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} UTC"
        )
        text = " ".join(
            rng.choice(["hello", "thanks", "coffee", "next week", "the role", "great"]) for _ in range(12)
        )
        writer.writerow([conv, "", sender[0], sender[1], recipient[0], recipient[1], when, "", text, "INBOX"])
    profile = "First Name,Last Name,Headline\nAda,Example,Engineer\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", conn_buf.getvalue())
        archive.writestr("messages.csv", msg_buf.getvalue())
        archive.writestr("Profile.csv", profile)


def export(connections: int, messages: int) -> Path:
    """The synthetic export of that size, written once to benchmarks/out/linkedin/."""
    path = OUT / f"export-v2-{connections}-{messages}.zip"
    if not path.exists():
        build(path, connections, messages)
    return path


def floor(path: Path) -> tuple[float, float]:
    """One plain csv.reader pass over every row of the export's CSV files (read from the zip)."""
    start, cpu = time.perf_counter(), time.process_time()
    with zipfile.ZipFile(path) as archive:
        for name in ("Connections.csv", "messages.csv"):
            with archive.open(name) as raw:
                for _row in csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")):
                    pass
    return time.perf_counter() - start, time.process_time() - cpu


CHILD = """
import json, resource, sys, time
from datetime import UTC, datetime
from kith.settings import Settings
from kith.importing.run import run_import
from kith.store.db import open_engine, transaction
from kith.strength.service import ties
home, path = sys.argv[1], sys.argv[2]
settings = Settings(home=__import__("pathlib").Path(home), database_url=f"sqlite:///{home}/kith.db")
open_engine(settings)  # create the schema outside the timing
now = datetime(2026, 11, 1, tzinfo=UTC)
out = {}
for label in ("first", "again"):
    start, cpu = time.perf_counter(), time.process_time()
    summary = run_import("linkedin", path, settings=settings, now=now, progress=False)
    out[label] = time.perf_counter() - start
    out[label + "_cpu"] = time.process_time() - cpu
    out[label + "_added"] = summary.added
    out[label + "_unchanged"] = summary.unchanged
    if label == "first":
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, cpu = time.perf_counter(), time.process_time()
        with transaction(settings) as session:
            ties(session, now)
        out["ties"] = time.perf_counter() - start
        out["ties_cpu"] = time.process_time() - cpu
print(json.dumps(out))
"""


def command(path: Path) -> tuple[float, float, float]:
    """(wall, CPU, peak RSS in MB) of the whole `kith import linkedin` command into an empty home."""
    home = tempfile.mkdtemp(prefix="kith-bench-")
    env = {**os.environ, "KITH_HOME": home}
    env.pop("KITH_DATABASE_URL", None)
    try:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "kith", "import", "linkedin", str(path), "--no-progress"],
            stdout=subprocess.DEVNULL,
            env=env,
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time and peak memory
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if child.returncode:
        raise SystemExit(f"kith import linkedin failed (status {child.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30000)
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    path = export(args.connections, args.messages)
    print(f"export: {path} ({path.stat().st_size / 1e6:.1f} MB zipped)")
    results, floors, commands = [], [], []
    for _ in range(args.runs):
        floors.append(floor(path))
        home = tempfile.mkdtemp(prefix="kith-bench-")
        try:
            done = subprocess.run(
                [sys.executable, "-c", CHILD, home, str(path)], check=True, capture_output=True, text=True
            )
        finally:
            shutil.rmtree(home, ignore_errors=True)
        results.append(json.loads(done.stdout))
        commands.append(command(path))
    base = statistics.median(f[0] for f in floors)
    base_cpu = statistics.median(f[1] for f in floors)
    last = results[-1]
    print(f"{args.runs} runs, 2 cores, load average {os.getloadavg()[0]:.2f}; medians, wall (CPU) and ratio")
    print(f"floor (csv.reader pass):  {base:.2f} s ({base_cpu:.2f} s CPU)")
    for label, what in (("first", "import (empty database)"), ("again", "re-import (nothing new)")):
        wall = statistics.median(r[label] for r in results)
        cpu = statistics.median(r[label + "_cpu"] for r in results)
        print(f"{what}:  {wall:.2f} s, {wall / base:.1f}x  ({cpu:.2f} s CPU, {cpu / base_cpu:.1f}x)")
    wall = statistics.median(r["ties"] for r in results)
    cpu = statistics.median(r["ties_cpu"] for r in results)
    print(f"first strength scoring after it (cache rebuilt):  {wall:.2f} s ({cpu:.2f} s CPU)")
    wall = statistics.median(c[0] for c in commands)
    cpu = statistics.median(c[1] for c in commands)
    print(
        f"`kith import linkedin` command, empty home:  {wall:.2f} s, {wall / base:.1f}x  "
        f"({cpu:.2f} s CPU, {cpu / base_cpu:.1f}x; peak RSS {max(c[2] for c in commands):.0f} MB)"
    )
    print(f"peak RSS of the import process: {max(r['peak_rss_mb'] for r in results):.0f} MB")
    print(
        f"added {last['first_added']}, then unchanged {last['again_unchanged']} and added {last['again_added']}"
    )


if __name__ == "__main__":
    main()
