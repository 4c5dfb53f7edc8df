"""Who knows whom from an interaction log (``kith edges``, ``kith.reach.logedges``): every tie of a
crafted log as worked out by hand, the Parquet edge list the command writes, and that list loaded into
reach's graph (``kith.reach.load.edge_graph``) giving the same ties and the same best paths."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from conftest import assert_user_error, run_cli
from edge_logs import CRAFTED_AS_OF, CRAFTED_TIES, crafted_log, generated_log

from kith.reach.load import edge_graph
from kith.reach.logedges import EDGE_COLUMNS, read_log_edges
from kith.reach.routing import best_routes as kith_routes
from kith.strength.logfile import parse_time

AS_OF = datetime(2026, 6, 15, tzinfo=UTC)


def as_dict(edges: pl.DataFrame) -> dict:
    return {(r[0], r[1]): tuple(r[2:]) for r in edges.iter_rows()}


def test_every_tie_of_a_crafted_log_weighs_as_worked_out_by_hand(tmp_path):
    edges = read_log_edges(crafted_log(tmp_path))
    assert edges.columns == list(EDGE_COLUMNS)
    found = as_dict(edges)
    assert found.keys() == CRAFTED_TIES.keys()  # no like, no one with themselves, no gathering of 201
    for pair, (weight, meetings, threads, weak) in CRAFTED_TIES.items():
        assert found[pair][0] == pytest.approx(weight, abs=1e-12), pair
        assert found[pair][1:] == (meetings, threads, weak), pair
    assert edges["weight"].to_list() == sorted(edges["weight"].to_list(), reverse=True)
    earlier = as_dict(read_log_edges(crafted_log(tmp_path), as_of=parse_time(CRAFTED_AS_OF)))
    assert earlier.keys() == CRAFTED_TIES.keys() - {("ada", "ju")}


def test_the_command_writes_parquet_whole_and_refuses_a_bad_row(tmp_path):
    log = crafted_log(tmp_path)
    out = tmp_path / "edges.parquet"
    done = run_cli("edges", str(log), "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert (
        done.stdout.strip()
        == f"Found {len(CRAFTED_TIES)} ties among 11 people (4 on weak evidence only) -> {out}"
    )
    assert as_dict(pl.read_parquet(out)) == as_dict(read_log_edges(log))
    assert_user_error(run_cli("edges", str(log), "--out", str(out)), "already exists")
    bad = tmp_path / "bad.csv"
    bad.write_text(log.read_text().replace("ada,bo,in_person", "ada,bo,carrier pigeon", 1))
    refused = run_cli("edges", str(bad), "--out", str(tmp_path / "bad.parquet"))
    assert_user_error(refused, f"{bad}:2: unknown channel")
    assert not (tmp_path / "bad.parquet").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kith")] == []


def best_routes(ties: dict, mine: dict, targets: set) -> dict:
    """Each first person's best route into the targets by brute force over the edge list: a direct tie,
    or a tie to someone who is not close to the user, then theirs."""
    weight = {**ties, **{(b, a): w for (a, b), w in ties.items()}}
    people = {p for pair in ties for p in pair}
    close = {p for p, tie in mine.items() if tie.circle == "close"}
    found = {}
    for first in mine:
        if first in targets:
            continue
        options = [(weight.get((first, t), 0.0), [first, t]) for t in targets]
        options += [
            (weight.get((first, m), 0.0) * weight.get((m, t), 0.0), [first, m, t])
            for m, t in itertools.product(people - targets - close - {first}, targets)
        ]
        best = max(w for w, _ in options)
        if best > 0:
            found[first] = (best, [chain for w, chain in options if w == best])
    return found


def test_the_edge_list_loads_into_the_reach_graph_with_the_same_ties_and_paths(tmp_path):
    edges = read_log_edges(generated_log(tmp_path))
    path = tmp_path / "edges.parquet"
    edges.write_parquet(path)
    graph, keys = edge_graph(path, AS_OF)
    ties = {(keys[a], keys[b]): w for (a, b), w in graph.ties().items()}
    assert ties == {(a, b): w for a, b, w in edges.select("person_a", "person_b", "weight").iter_rows()}
    # the user knows a few of them, two well; the targets are three others
    mine = {
        k: SimpleNamespace(strength=0.5, circle="close" if k < 2 else "acquaintance") for k in range(0, 40, 4)
    }
    targets = {50, 53, 57}
    expected = best_routes(graph.ties(), mine, targets)
    routes = kith_routes(graph, mine, targets)
    assert {first for first, _, _ in routes} == expected.keys()
    assert {len(chain) for _, _, chain in routes} == {2, 3}  # direct ties and introductions both
    for first, hops, chain in routes:
        assert hops == pytest.approx(expected[first][0], abs=1e-12)
        assert chain in expected[first][1]
    # a team server's people by key: the same ties between its own ids, keys it does not know left out
    person_ids = {key: 1000 + 7 * i for i, key in enumerate(keys) if i % 5}
    stored, shown = edge_graph(edges, AS_OF, person_ids=person_ids)
    assert [person_ids[k] for k in shown] == stored.ids.tolist()
    assert stored.ties() == {
        (person_ids[keys[a]], person_ids[keys[b]]): w
        for (a, b), w in graph.ties().items()
        if keys[a] in person_ids and keys[b] in person_ids
    }


def test_a_folder_of_part_files_loads_as_one_list(tmp_path):
    edges = read_log_edges(crafted_log(tmp_path))
    folder = Path(tmp_path / "edges.parquet")
    folder.mkdir()
    edges[:5].write_parquet(folder / "part-00000.parquet")
    edges[5:].write_parquet(folder / "part-00001.parquet")
    (folder / "_SUCCESS").write_text("")
    graph, keys = edge_graph(folder, AS_OF)
    assert {(keys[a], keys[b]): w for (a, b), w in graph.ties().items()} == {
        k: v[0] for k, v in as_dict(edges).items()
    }
