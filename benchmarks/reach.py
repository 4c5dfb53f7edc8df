"""Who knows whom at scale: loading the graph from the store, and warm-path questions on it.

    uv run python benchmarks/reach.py [--people 100000] [--queries 200] [--libraries networkx,rustworkx,igraph]

Builds (once, in benchmarks/out/reach-PEOPLE/) a real kith store of PEOPLE people whose ties come from
every kind of evidence, in about these shares at 100,000 people: roles at about 10,000 organisations of 2
to 40 of your people (a current role each, a past one for a fifth: colleagues), 5,000 schools with years for 60%
(shared years, or unknown ones), group interactions (logged lunches of 3 to 4 people, calendar meetings
of 3 to 8, email threads of 2 to 10 with replies), "met via" and stated ties (a few rejected), drawn
from neighbourhoods of the id range so that the network has local structure. The number of ties is what
the load finds, printed.

Then, in one process: ``kith.reach.load.load_graph`` from the store (best and median of 3), and 200
questions (half a company, half a person) answered by kith's ``_best_paths`` on the loaded graph (the
warm paths, with the words of each tie shown), the same question in plain Python over networkx's graph
(the reference), and, with ``--libraries``, over rustworkx's and igraph's graphs; the time to build each
library's graph from the loaded arrays; and whether every library gives the same scores. The user's own
ties are 1,500 people drawn at random, with strengths and circles by rank. Prints the load average
before and after.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from scipy import sparse

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
SUBJECTS = ["Plans", "Budget", "Hiring", "Offsite", "Intro", "Launch", "Review", "Q3", "Lunch?", "Notes"]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build_store(home: Path, people: int, seed: int = 7) -> None:
    """A kith store of ``people`` people (created by kith at its current schema, filled in bulk)."""
    os.environ["KITH_HOME"] = str(home)
    from kith.store.db import dispose_engines, transaction
    from kith.store.schema import Person

    with transaction() as session:  # kith creates the database and its schema
        session.add(Person(name="Ada Lovelace", name_key="ada lovelace", is_me=True))
    dispose_engines()
    rng = np.random.default_rng(seed)
    db = sqlite3.connect(home / "kith.db")
    db.execute("PRAGMA synchronous = OFF")
    stamp = "2026-01-01 00:00:00.000000"
    db.executemany(
        "INSERT INTO person (id, name, name_key, is_me, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
        ((i, f"Person{i} Sample", f"person{i} sample", stamp, stamp) for i in range(2, people + 2)),
    )
    ids = np.arange(2, people + 2)

    def near(centre: int, k: int, spread: int = 300) -> np.ndarray:
        """k distinct people near ``centre`` in the id range (a neighbourhood)."""
        picks = np.unique(np.clip(centre + rng.integers(-spread, spread, size=3 * k), 2, people + 1))
        return rng.permutation(picks)[:k]

    # organisations: blocks of a shuffled order, 2 to 60 people each; a current role each, a past one for some
    order = np.argsort(ids + rng.integers(-400, 400, size=people))  # mostly local blocks
    sizes = np.clip(rng.geometric(1 / 10, size=people), 2, 40)
    bounds = np.cumsum(sizes)
    bounds = bounds[bounds < people]
    orgs = np.split(ids[order], bounds)
    db.executemany(
        "INSERT INTO organisation (id, name, name_key) VALUES (?, ?, ?)",
        ((o, f"Company {o}", f"company {o}") for o in range(1, len(orgs) + 1)),
    )

    def day(lo: int, hi: int) -> str:
        return str(date(2010, 1, 1) + timedelta(days=int(rng.integers(lo, hi))))

    roles = []
    for o, members in enumerate(orgs, 1):
        for p in members.tolist():
            roles.append((p, o, day(2000, 6000), None, stamp))
            if rng.random() < 0.2:
                past = int(rng.integers(1, len(orgs) + 1))
                roles.append((p, past, day(0, 2000), day(2000, 3000), stamp))
    db.executemany(
        "INSERT INTO role (person_id, organisation_id, started_on, ended_on, created_at) VALUES (?, ?, ?, ?, ?)",
        roles,
    )
    # schools: 60% of people, 3,000 schools by neighbourhood; years for most
    schools = []
    for p in rng.choice(ids, size=int(0.6 * people), replace=False).tolist():
        s = min(p * 5000 // people + int(rng.integers(0, 3)), 4999)
        start = int(rng.integers(0, 4000))
        years = rng.random() < 0.85
        schools.append(
            (
                p,
                f"University {s}",
                f"university {s}",
                day(start, start + 1) if years else None,
                day(start + 1400, start + 1401) if years else None,
                stamp,
            )
        )
    db.executemany(
        "INSERT INTO education (person_id, school, school_key, started_on, ended_on, source, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'manual', ?)",
        schools,
    )
    # group interactions: lunches, calendar meetings, email threads with replies
    interactions, participants = [], []
    n_groups = int(0.8 * people)
    kinds = rng.choice(3, size=n_groups, p=[0.5, 0.3, 0.2])
    for i, kind in enumerate(kinds.tolist(), 1):
        centre = int(rng.integers(2, people + 2))
        if kind == 0:
            members, row = near(centre, int(rng.integers(3, 5))), ("in_person", "lunch", "manual", None)
        elif kind == 1:
            members, row = (
                near(centre, int(rng.integers(3, 9))),
                ("in_person", "meeting", "calendar", "Weekly"),
            )
        else:
            subject = str(rng.choice(SUBJECTS)) if rng.random() < 0.8 else None
            if subject and rng.random() < 0.5:
                subject = "Re: " + subject
            members, row = near(centre, int(rng.integers(2, 11))), ("email", "email", "mbox", subject)
        when = f"{day(4000, 6000)} 12:00:00.000000"
        interactions.append((i, when, *row, f"x{i}", stamp))
        participants.extend((i, int(p), when, row[0]) for p in members)
    db.executemany(
        "INSERT INTO interaction (id, occurred_at, channel, kind, source, summary, direction, external_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, 'mutual', ?, ?)",
        [(i, w, ch, k, src, summ, ext, st) for i, w, ch, k, src, summ, ext, st in interactions],
    )
    db.executemany(
        "INSERT INTO interaction_participant (interaction_id, person_id, occurred_at, channel) VALUES (?, ?, ?, ?)",
        participants,
    )
    # met via, and ties the user stated (1% of them rejections)
    via = rng.choice(ids, size=people // 5, replace=False)
    db.executemany(
        "UPDATE person SET met_via_id = ? WHERE id = ?",
        ((int(near(int(p), 1)[0]), int(p)) for p in via),
    )
    stated = {}
    for a in rng.integers(2, people + 2, size=int(3.5 * people)).tolist():
        b = int(near(a, 1, spread=2000)[0])
        if a != b:
            stated[(min(a, b), max(a, b))] = rng.random() > 0.01
    db.executemany(
        "INSERT INTO stated_tie (person_a_id, person_b_id, knows, closeness, stated_at) VALUES (?, ?, ?, ?, ?)",
        ((a, b, knows, None, stamp) for (a, b), knows in stated.items()),
    )
    db.commit()
    db.close()


def my_ties(graph, rng, count: int = 1500) -> dict:
    """The user's ties: ``count`` people at random, strongest first into the circles."""
    from kith.strength.service import Tie

    chosen = rng.choice(graph.ids, size=count, replace=False)
    strength = np.sort(rng.uniform(0.05, 0.95, size=count))[::-1]
    circles = ["intimate"] * 5 + ["close"] * 10 + ["friends"] * 35 + ["meaningful"] * 100
    circles += ["acquaintance"] * (count - len(circles))
    last = [NOW - timedelta(days=int(d)) for d in rng.integers(1, 700, size=count)]
    return {
        int(p): Tie(int(p), float(s), c, {}, t, lambda: "")
        for p, s, c, t in zip(chosen, strength, circles, last, strict=True)
    }


def questions(session, rng, n: int, ids: np.ndarray) -> list[tuple[str, set[int]]]:
    """Half companies with people there now, half people."""
    from sqlalchemy import text

    companies = session.execute(
        text(
            "SELECT o.name, group_concat(r.person_id) FROM role r JOIN organisation o ON o.id = r.organisation_id"
            " WHERE r.ended_on IS NULL GROUP BY o.id"
        )
    ).all()
    asked = []
    for k in rng.choice(len(companies), size=n // 2, replace=False).tolist():
        name, members = companies[k]
        asked.append((name, {int(m) for m in members.split(",")}))
    people = rng.choice(ids, size=n - n // 2, replace=False)
    asked += [(f"#{p}", {int(p)}) for p in people.tolist()]
    return asked


def best_paths_plain(adjacent, mine: dict, targets: set[int], limit: int = 5) -> list[float]:
    """The same question in plain Python over a library's adjacency (``adjacent(node) -> {node: weight}``)."""
    from kith.reach.paths import _recency
    from kith.reports import RELATIONSHIP_CIRCLES

    best1: dict[int, tuple[float, int]] = {}
    for t in sorted(targets):
        for k, w in adjacent(t).items():
            if w > best1.get(k, (0.0, 0))[0]:
                best1[k] = (w, t)
    close = {p for p, tie in mine.items() if tie.circle in RELATIONSHIP_CIRCLES}
    onward = {k: v for k, v in best1.items() if k not in targets and k not in close}
    scores = []
    for p, tie in mine.items():
        if tie.strength <= 0 or p in targets:
            continue
        b1 = best1.get(p, (0.0, 0))[0]
        b2 = 0.0
        for k, w in adjacent(p).items():
            o = onward.get(k)
            if o is not None and w * o[0] > b2:
                b2 = w * o[0]
        hops = max(b1, b2)
        if hops > 0:
            scores.append(tie.strength * hops * _recency(tie.last_contact, NOW))
    return sorted(scores, reverse=True)[:limit]


CPU: dict[str, list[float]] = {}


def timed(fn, asked, name: str) -> tuple[list[float], list]:
    """Wall time per question (and, in ``CPU``, this process's CPU time: what the load does not stretch)."""
    times, answers, cpu = [], [], []
    for _label, targets in asked:
        start, used = time.perf_counter(), time.process_time()
        answers.append(fn(targets))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    CPU[name] = cpu
    return times, answers


def summary(times: list[float], name: str) -> str:
    ms, cpu = np.array(times) * 1000, np.array(CPU[name]) * 1000
    return (
        f"p50 {np.percentile(ms, 50):7.2f} ms   p95 {np.percentile(ms, 95):7.2f} ms   max {ms.max():7.2f} ms"
        f"   (CPU p50 {np.percentile(cpu, 50):6.2f} ms, p95 {np.percentile(cpu, 95):6.2f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--libraries", default="networkx,rustworkx,igraph")
    parser.add_argument("--build-only", action="store_true", help="Build the store and stop.")
    args = parser.parse_args()
    home = HERE / "out" / f"reach-{args.people}"
    if not (home / "kith.db").exists():
        home.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        build_store(home, args.people)
        print(f"built the store in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.build_only:
        return
    os.environ["KITH_HOME"] = str(home)
    from sqlalchemy import select

    from kith.reach.load import load_graph
    from kith.reach.paths import _best_paths, _recency
    from kith.reach.routing import best_routes
    from kith.store.db import transaction
    from kith.store.schema import Person

    print(f"load average before: {loadavg()}")
    with transaction(write=False) as session:
        loads, cpu = [], []
        for _ in range(3):
            start, used = time.perf_counter(), time.process_time()
            graph = load_graph(session, NOW)
            loads.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)
        ties = graph.weights.nnz // 2
        print(
            f"{len(graph.ids):,} people, {ties:,} ties; load_graph from the store: best {min(loads):.2f} s,"
            f" median {statistics.median(loads):.2f} s (CPU: best {min(cpu):.2f} s, median {statistics.median(cpu):.2f} s)"
        )
        rng = np.random.default_rng(11)
        mine = my_ties(graph, rng)
        asked = questions(session, rng, args.queries, graph.ids)
        names = dict(session.execute(select(Person.id, Person.name)).all())
        w = graph.weights

        def kith_answer(targets):
            found, _ = _best_paths(session, graph, mine, targets, names, NOW, 5)
            return [p["score"] for p in found]

        def kith_routes(targets):
            """kith's path finding alone: the same scores, without the words of the ties shown."""
            found = [
                mine[pid].strength * hops * _recency(mine[pid].last_contact, NOW)
                for pid, hops, _chain in best_routes(graph, mine, targets)
            ]
            return sorted(found, reverse=True)[:5]

        results = {}
        times, answers = timed(kith_routes, asked, "kith, finding")
        results["kith, finding"] = (times, answers)
        print(f"{'kith: SciPy sparse rows, finding only':40} {summary(times, 'kith, finding')}")
        kith_answer(asked[0][1])  # warm the statements up once
        times, answers = timed(kith_answer, asked, "kith (SciPy CSR)")
        results["kith (SciPy CSR)"] = (times, answers)
        print(f"{'kith: SciPy sparse rows, with words':40} {summary(times, 'kith (SciPy CSR)')}")
        from kith.reach.paths import reach

        def kith_read_model(label: str):
            """The whole read model of ``kith reach`` / ``GET /api/reach`` on the loaded graph: the target
            found in the store, the people you know there, the paths with their words and the balances."""
            query = {"person_id": int(label[1:])} if label.startswith("#") else {"company": label}
            return reach(session, NOW, mine=mine, graph=graph, **query)

        kith_read_model(asked[0][0])  # warm the statements up once
        whole, used_cpu = [], []
        for label, _targets in asked:
            start, used = time.perf_counter(), time.process_time()
            kith_read_model(label)
            whole.append(time.perf_counter() - start)
            used_cpu.append(time.process_time() - used)
        CPU["kith, read model"] = used_cpu
        print(f"{'kith: the whole reach() read model':40} {summary(whole, 'kith, read model')}")
        upper = sparse.triu(w, k=1).tocoo()
        a_idx, b_idx, weights = upper.row, upper.col, upper.data
        edges_a, edges_b = graph.ids[a_idx], graph.ids[b_idx]
        for library in [x for x in args.libraries.split(",") if x]:
            start = time.perf_counter()
            adjacent = build(library, graph.ids, edges_a, edges_b, weights)
            built = time.perf_counter() - start
            times, answers = timed(
                lambda t, adjacent=adjacent: best_paths_plain(adjacent, mine, t), asked, library
            )
            results[library] = (times, answers)
            print(
                f"{library + ' (plain Python over its graph)':40} {summary(times, library)}   built in {built:.1f} s"
            )
            del adjacent
        reference = [[round(s, 4) for s in a] for a in results["kith (SciPy CSR)"][1]]
        for library, (_times, answers) in results.items():
            same = sum(ref == [round(s, 4) for s in a] for ref, a in zip(reference, answers, strict=True))
            print(f"  {library}: {same} of {len(asked)} answers with the same scores as kith's")
        kith_p95 = np.percentile(results["kith, finding"][0], 95)
        kith_cpu = np.percentile(CPU["kith, finding"], 95)
        for library, (times, _answers) in results.items():
            print(
                f"  {library}: p95 {np.percentile(times, 95) / kith_p95:.1f} x kith's finding"
                f" (CPU p95 {np.percentile(CPU[library], 95) / kith_cpu:.1f} x)"
            )
        paths = sum(1 for a in results["kith (SciPy CSR)"][1] if a)
        print(f"  {paths} of {len(asked)} questions have a warm path")
    print(f"load average after: {loadavg()}")


def build(library: str, ids, edges_a, edges_b, weights):
    """The library's graph from the loaded arrays, and a function giving a node's {neighbour: weight}."""
    if library == "networkx":
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(ids.tolist())
        g.add_weighted_edges_from(zip(edges_a.tolist(), edges_b.tolist(), weights.tolist(), strict=True))
        return lambda node: {k: d["weight"] for k, d in g.adj[node].items()} if node in g else {}
    position = {int(p): i for i, p in enumerate(ids.tolist())}
    ai, bi = np.searchsorted(ids, edges_a), np.searchsorted(ids, edges_b)
    if library == "rustworkx":
        import rustworkx as rx

        g = rx.PyGraph(multigraph=False)
        g.add_nodes_from(ids.tolist())
        g.extend_from_weighted_edge_list(list(zip(ai.tolist(), bi.tolist(), weights.tolist(), strict=True)))

        def adjacent(node):
            at = position.get(node)
            return {} if at is None else {int(ids[k]): w for k, w in g.adj(at).items()}

        return adjacent
    if library == "igraph":
        import igraph as ig

        g = ig.Graph(n=len(ids), edges=np.column_stack([ai, bi]).tolist())
        g.es["weight"] = weights.tolist()
        edge_weight, ends_a, ends_b, names = g.es["weight"], ai.tolist(), bi.tolist(), ids.tolist()

        def adjacent(node):
            at = position.get(node)
            if at is None:
                return {}
            return {
                names[ends_b[e] if ends_a[e] == at else ends_a[e]]: edge_weight[e] for e in g.incident(at)
            }

        return adjacent
    raise SystemExit(f"unknown library {library!r}")


if __name__ == "__main__":
    main()
