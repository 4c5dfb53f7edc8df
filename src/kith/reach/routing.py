"""The best route of each first person into a set of targets, over the who-knows-whom graph's sparse
matrix (``kith.reach.load.Graph``): vectorised, no loop over people in Python.

A route is one hop (a first person, someone the user has a tie with, who knows a target) or two (a first
person who knows someone the user does not know well, who knows a target); its value is the product of
the ties after the first person. ``kith.reach.paths`` scores each route with the user's own tie to the
first person and words it.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from kith.reach.load import Graph
from kith.reports import RELATIONSHIP_CIRCLES


def best_routes(graph: Graph, mine: dict, targets: set[int]) -> list[tuple[int, float, list[int]]]:
    """Each first person's best route into ``targets``: (the person, the product of the ties after them,
    the chain of ids), for everyone the user has a tie with who has a route."""
    at = graph.index(sorted(targets))
    at = at[at >= 0]
    if not len(at) or not graph.weights.nnz:
        return []
    ids, w, n = graph.ids, graph.weights, len(graph.ids)
    is_target = np.zeros(n, dtype=bool)
    is_target[at] = True
    # the best tie of each person into the targets (the matrix is symmetric: the targets' rows)
    best1, arg1 = best_into(w[at].tocoo(), at, n)
    # a path goes on through someone the user does not know well: anyone else is a first person themself
    people = [pid for pid, tie in mine.items() if tie.strength > 0]
    close = graph.index([pid for pid, tie in mine.items() if tie.circle in RELATIONSHIP_CIRCLES])
    onward = np.where(is_target, 0.0, best1)
    onward[close[close >= 0]] = 0.0
    first = graph.index(people)
    first = first[(first >= 0)]
    first = first[~is_target[first]]
    best2, arg2 = row_best(w[first], onward)
    one = best1[first] >= best2
    hops = np.where(one, best1[first], best2)
    some = hops > 0
    routes = []
    for i, h, k, direct in zip(
        first[some].tolist(), hops[some].tolist(), arg2[some].tolist(), one[some].tolist(), strict=True
    ):
        chain = [int(ids[i]), int(ids[arg1[i]])] if direct else [int(ids[i]), int(ids[k]), int(ids[arg1[k]])]
        routes.append((chain[0], h, chain))
    return routes


def best_into(into: sparse.coo_matrix, at: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For everyone, their best tie into the targets (rows ``at`` of the matrix) and which target (the
    first in the graph's order on a tie; 0 and -1 for no tie)."""
    best, arg = np.zeros(n), np.full(n, -1, dtype=np.int64)
    target = at[into.row]
    order = np.lexsort((target, -into.data, into.col))
    col = into.col[order]
    top = np.ones(len(col), dtype=bool)
    top[1:] = col[1:] != col[:-1]
    best[col[top]] = into.data[order][top]
    arg[col[top]] = target[order][top]
    return best, arg


def row_best(rows: sparse.csr_matrix, onward: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's largest weight times ``onward`` of its column (0 for none) and that column (the first
    on a tie)."""
    value = rows.data * onward[rows.indices]
    lengths = np.diff(rows.indptr)
    best = np.zeros(rows.shape[0])
    nonempty = lengths > 0
    best[nonempty] = np.maximum.reduceat(value, rows.indptr[:-1][nonempty]) if value.size else 0.0
    arg = np.full(rows.shape[0], -1, dtype=np.int64)
    row_of = np.repeat(np.arange(rows.shape[0]), lengths)
    hit = np.flatnonzero((value == best[row_of]) & (value > 0))
    rows_hit, first = np.unique(row_of[hit], return_index=True)
    arg[rows_hit] = rows.indices[hit[first]]
    return best, arg
