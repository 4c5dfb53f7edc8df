"""Where one request of a team member's pages spends its time: PostgreSQL or Python.

    uv run python benchmarks/team_profile.py [--members 10] [--interactions 100000] [--people 2000]
                                             [--repeat 12] [--profile] [--compare SRC ...]

Fills a team as ``team_latency.py`` does (its throwaway PostgreSQL server, ``--members`` members each with
web_latency.py's network, then ``ANALYZE``), then asks each of its pages in-process (the app under
FastAPI's test client, no HTTP server), one request at a time, as the first member: the dashboard, the
people list, a person's page and team reach for a company. Each page's URLs are asked once to warm the
shared figures and the directory, then ``--repeat`` rounds of them. Reported per page: the median time
of a request, how much of it the statements took (from SQLAlchemy's cursor events: the round trip and
PostgreSQL's work), and how many statements it sent. ``--profile`` adds, for each page, the functions
the request's thread was seen in most often (sampled every millisecond from another thread: the app
answers in worker threads, which cProfile does not follow), in itself and with what it called; the
sampler runs when the request's thread lets go of the GIL, so waiting on the server is seen more often
than Python's own work (take Python's shares as lower bounds), and the slowest statements.

``--compare SRC`` measures kith's code in each folder SRC (a ``src`` folder, e.g. an older checkout's)
as well as this one's, on the same data, one after the other, in the same run: the way to compare a
change with the code before it at the same machine load. Each is measured in a process of its own.
``--hold FILE`` keeps the filled team until FILE is removed (FILE says where it is), and ``--using FILE``
measures on such a team instead of filling one: to measure several changes on the same data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "team"))

from team_latency import ADMIN, companies_with_people, fill, pages  # noqa: E402
from team_load import add_members, machine_load, scratch_team  # noqa: E402


class Sampler:
    """Which functions the threads running kith's code are in, sampled every ``every_s`` seconds."""

    def __init__(self, every_s: float = 0.001) -> None:
        self.every_s = every_s
        self.own: Counter[str] = Counter()
        self.inside: Counter[str] = Counter()
        self.samples = 0
        self._on = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        me = threading.get_ident()
        while True:
            self._on.wait()
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                stack = []
                while frame is not None:
                    code = frame.f_code
                    stack.append(f"{code.co_filename.split('site-packages/')[-1]}:{code.co_name}")
                    frame = frame.f_back
                if not any("kith/" in name for name in stack):
                    continue
                self.samples += 1
                self.own[stack[0]] += 1
                self.inside.update(set(stack))
            time.sleep(self.every_s)

    def start(self) -> None:
        self._on.set()

    def pause(self) -> None:
        self._on.clear()

    def report(self, top: int = 30) -> str:
        lines = [f"{self.samples} samples; own time:"]
        lines += [f"  {n * 100 / self.samples:5.1f}%  {name}" for name, n in self.own.most_common(top)]
        lines.append("with what it called:")
        lines += [f"  {n * 100 / self.samples:5.1f}%  {name}" for name, n in self.inside.most_common(top)]
        return "\n".join(lines)


def measure(token: str, urls: dict[str, list[str]], repeat: int, profile: bool) -> dict:
    """Each page's URLs asked in-process as the member of ``token``: per page, the median milliseconds of a
    request, of its statements, and the statements per request (and cProfile's top functions)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from kith.settings import get_settings
    from kith.web.app import create_app

    sql: list[tuple[str, float]] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def before(conn, _cursor, _statement, _parameters, _context, _many):
        conn.info.setdefault("kith.started", []).append(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def after(conn, _cursor, _statement, _parameters, _context, _many):
        sql.append((_statement, time.perf_counter() - conn.info["kith.started"].pop()))

    web = TestClient(create_app(get_settings(), team=True), base_url="http://127.0.0.1")
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/html"}
    found: dict[str, dict] = {}
    for page, page_urls in urls.items():
        chosen = page_urls[:repeat]
        for url in chosen:  # warm: the shared figures, the directory published, the statement caches
            assert web.get(url, headers=headers).status_code == 200, url
        walls, in_sql, counts = [], [], []
        slowest: Counter[str] = Counter()
        profiler = Sampler() if profile else None
        for i in range(repeat):
            url = chosen[i % len(chosen)]
            sql.clear()
            if profiler:
                profiler.start()
            started = time.perf_counter()
            response = web.get(url, headers=headers)
            walls.append(time.perf_counter() - started)
            if profiler:
                profiler.pause()
            assert response.status_code == 200, url
            in_sql.append(sum(t for _, t in sql))
            for statement, spent in sql:
                slowest[" ".join(statement.split())[:240]] += spent * 1000 / repeat
            counts.append(len(sql))
        found[page] = {
            "ms": statistics.median(walls) * 1000,
            "sql_ms": statistics.median(in_sql) * 1000,
            "statements": statistics.median(counts),
        }
        if profiler:
            found[page]["profile"] = (
                profiler.report()
                + "\nthe slowest statements, ms per request:\n"
                + ("\n".join(f"  {ms:6.2f}  {statement}" for statement, ms in slowest.most_common(8)))
            )
    return found


def measure_in(src: Path | None, token: str, urls: dict, repeat: int, profile: bool) -> dict:
    """``measure`` in a process of its own, with kith imported from ``src`` (None: this checkout's)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    args = {"token": token, "urls": urls, "repeat": repeat, "profile": profile}
    done = subprocess.run(
        [sys.executable, __file__, "--measure"],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring {src or 'this checkout'} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10, help="members of the team, the admin included")
    parser.add_argument("--interactions", type=int, default=100_000, help="interactions in each kith")
    parser.add_argument("--people", type=int, default=2_000, help="people in each member's kith")
    parser.add_argument("--repeat", type=int, default=12, help="requests measured per page")
    parser.add_argument("--profile", action="store_true", help="where each page's requests spend their time")
    parser.add_argument("--compare", type=Path, nargs="*", default=[], help="other kith src folders")
    parser.add_argument("--rounds", type=int, default=2, help="times each code is measured, in turn")
    parser.add_argument("--hold", type=Path, help="keep the team until this file is removed")
    parser.add_argument("--using", type=Path, help="measure on a team another run holds")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.setswitchinterval(0.0002)  # the sampler gets its turn while a request computes, too
        asked = json.load(sys.stdin)
        print(json.dumps(measure(asked["token"], asked["urls"], asked["repeat"], asked["profile"])))
        return

    print(f"{os.cpu_count()} cores; at the start: {machine_load()}", file=sys.stderr)
    if args.using:
        held = json.loads(args.using.read_text())
        os.environ.update({"KITH_HOME": held["home"], "KITH_DATABASE_URL": held["url"]})
        compare(held["token"], held["urls"], args)
        return
    with scratch_team(ADMIN, "kith-team-profile-") as (url, home, admin):
        from kith.settings import get_settings

        settings = get_settings()
        team = [admin, *add_members(settings, [f"member{i}@firm.example" for i in range(1, args.members)])]
        fill(settings, home, team, args.people, args.interactions)
        urls = pages(args.people, companies_with_people(settings, admin.schema), random.Random(5))
        if args.hold:
            args.hold.write_text(
                json.dumps({"home": str(home), "url": url, "token": admin.token, "urls": urls})
            )
            print(f"holding the team until {args.hold} is removed", file=sys.stderr)
            while args.hold.exists():
                time.sleep(1)
            return
        compare(admin.token, urls, args)


def compare(token: str, urls: dict[str, list[str]], args: argparse.Namespace) -> None:
    """Measure this checkout's code and each of ``--compare``'s in turn, ``--rounds`` times, and print it."""
    codes: list[Path | None] = [None, *args.compare]
    results: dict[str, list[dict]] = {}
    for _ in range(args.rounds):
        for src in codes:
            print(f"measuring {src or 'this checkout'}: {machine_load()}", file=sys.stderr)
            results.setdefault(str(src or "this checkout"), []).append(
                measure_in(src, token, urls, args.repeat, args.profile)
            )
    print(
        f"\none request at a time, in-process, median of {args.repeat} per page (each run);"
        f" at the end: {machine_load()}"
    )
    for code, runs in results.items():
        print(f"\n{code}\n| page | ms | of it in statements | statements |\n|---|---|---|---|")
        for page in urls:
            print(
                f"| {page} | "
                + " / ".join(f"{r[page]['ms']:.1f}" for r in runs)
                + " | "
                + " / ".join(f"{r[page]['sql_ms']:.1f}" for r in runs)
                + f" | {runs[-1][page]['statements']:.0f} |"
            )
        if args.profile:
            for page in urls:
                print(f"\n## {code}: {page}\n{runs[-1][page]['profile']}")


if __name__ == "__main__":
    main()
