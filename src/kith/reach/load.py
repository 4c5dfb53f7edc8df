"""The who-knows-whom graph as arrays: every tie's weight, loaded from the store at once.

``load_graph`` reads the same evidence as ``kith.reach.graph.acquaintances`` and weighs it with the same
functions (``gathering_chance``, ``colleagues_weight``, ``school_weight``...), but never builds a Python
object per pair: the store gives plain columns of ids and day numbers, the pairs within each gathering,
organisation and school are made with NumPy index arithmetic, each piece of evidence becomes a
log(1 - weight), and a tie's weight is 1 - exp(their sum) per pair (the same independent chances), then
capped. A rejected pair is dropped at the end. The result is a ``Graph``: the people's ids (ascending; a
person's position is their index) and one symmetric SciPy CSR matrix of weights, built once.

The words of a tie are not loaded: ``Graph.evidence`` gathers them for one pair when a path shows it.

``edge_graph`` loads the same ``Graph`` from an edge list instead (``kith edges``, a log's ties written
by the local engine or by Spark), for a team server whose who-knows-whom comes from an organisation's
metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path

import numpy as np
import polars as pl
from scipy import sparse
from sqlalchemy.orm import Session

from kith.errors import BadInput
from kith.reach.graph import Acquaintance, evidence_with
from kith.reach.weights import (
    BRIEF_ROLE_SQL,
    GATHERING_SQL,
    MAX_ORGANISATION,
    MAX_WEIGHT,
    MET_VIA,
    STATED,
    colleagues_weight,
    gathering_chance,
    school_weight,
    thread_key,
)

_EPOCH = date(1970, 1, 1)
#: a date column as whole days since 1970, per database (julianday gives noon-less dates at .5)
_DAYS = {
    "sqlite": "CAST(julianday({c}) - 2440587.5 AS INTEGER)",
    "postgresql": "({c} - DATE '1970-01-01')",
}
_KINDS = ("together", "meeting", "thread")
_GROUPS = "SELECT interaction_id FROM interaction_participant GROUP BY interaction_id HAVING count(*) >= 2"


@dataclass(frozen=True, eq=False)
class Graph:
    """Who knows whom at ``as_of``: ``ids`` (ascending person ids) and ``weights``, the symmetric matrix of
    tie weights between their positions."""

    ids: np.ndarray
    weights: sparse.csr_matrix
    as_of: datetime
    #: the words of the ties shown so far: a graph lives for one version of the data, and so do they
    _words: dict = field(default_factory=dict, repr=False)

    def index(self, person_ids) -> np.ndarray:
        """Each person's position in the graph (-1 for someone not in it)."""
        wanted = np.asarray(list(person_ids), dtype=np.int64)
        if not len(self.ids):
            return np.full(len(wanted), -1)
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        return np.where(self.ids[at] == wanted, at, -1)

    def weight(self, a: int, b: int) -> float:
        i, j = self.index([a, b])
        return 0.0 if i < 0 or j < 0 else float(self.weights[i, j])

    def neighbours(self, person_id: int) -> dict[int, float]:
        """The people ``person_id`` has a tie with, and each tie's weight."""
        (i,) = self.index([person_id])
        if i < 0:
            return {}
        # the row's slice of the matrix as it is stored (``getrow`` would copy it into a new matrix)
        start, end = self.weights.indptr[i], self.weights.indptr[i + 1]
        columns, weights = self.weights.indices[start:end], self.weights.data[start:end]
        return dict(zip(self.ids[columns].tolist(), weights.tolist(), strict=True))

    def ties(self) -> dict[tuple[int, int], float]:
        """Every tie as {(a, b): weight} with ``a < b`` (for tests and small networks)."""
        upper = sparse.triu(self.weights, k=1).tocoo()
        return {
            (int(self.ids[i]), int(self.ids[j])): float(w)
            for i, j, w in zip(upper.row, upper.col, upper.data, strict=True)
        }

    def evidence(self, session: Session, a: int, b: int) -> Acquaintance | None:
        """The tie between two people with its evidence in words, read for this pair only (once)."""
        return self.evidence_of(session, a, [b])[b]

    def evidence_of(
        self, session: Session, person_id: int, others: list[int]
    ) -> dict[int, Acquaintance | None]:
        """The tie between ``person_id`` and each of ``others`` with its evidence in words: the pairs not
        read yet read in one go (``kith.reach.graph.evidence_with``), each once."""

        def key(other: int) -> tuple[int, int]:
            return (person_id, other) if person_id < other else (other, person_id)

        unread = [other for other in others if key(other) not in self._words]
        if unread:
            for other, tie in evidence_with(session, person_id, unread, self.as_of).items():
                self._words[key(other)] = tie
        return {other: self._words[key(other)] for other in others}


def load_graph(session: Session, as_of: datetime) -> Graph:
    """Every tie between two people of the store (not the user, not archived), weighed, as a ``Graph``."""
    session.flush()
    # the driver's own cursor: plain tuples, none of the ORM's row objects for a few million rows
    raw = session.connection().connection.dbapi_connection
    assert raw is not None

    def sql(statement: str):
        cursor = raw.cursor()
        cursor.execute(statement)
        return cursor

    day = _DAYS[session.get_bind().dialect.name]
    ids = _ints(sql("SELECT id FROM person WHERE NOT is_me AND archived_at IS NULL ORDER BY id"), 1)[:, 0]
    top = int(max(ids.max(initial=0), _scalar(sql("SELECT max(id) FROM person")))) + 1
    position = np.full(top, -1, dtype=np.int64)
    position[ids] = np.arange(len(ids))
    today = (as_of.date() - _EPOCH).days
    parts = [
        _gatherings(sql),
        _colleagues(sql, day, today),
        _schools(sql, day, today),
        _met_via(sql),
        _stated(sql),
    ]
    a = np.concatenate([p[0] for p in parts])
    b = np.concatenate([p[1] for p in parts])
    logq = np.concatenate([p[2] for p in parts])
    # from person ids to positions in the graph (-1: the user, someone archived)
    n = len(ids)
    ia, ib = position[a], position[b]
    keep = (ia >= 0) & (ib >= 0) & (ia != ib)
    key = np.minimum(ia, ib)[keep] * n + np.maximum(ia, ib)[keep]
    logq = logq[keep]
    order = np.argsort(key)
    key, logq = key[order], logq[order]
    start = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]])) if len(key) else key
    pairs = key[start]
    weight = np.minimum(MAX_WEIGHT, -np.expm1(np.add.reduceat(logq, start) if len(start) else logq))
    rejected = _ints(sql("SELECT person_a_id, person_b_id FROM stated_tie WHERE NOT knows"), 2)
    if len(rejected):
        ra, rb = position[rejected[:, 0]], position[rejected[:, 1]]
        ok = (ra >= 0) & (rb >= 0)
        said = np.minimum(ra, rb)[ok] * n + np.maximum(ra, rb)[ok]
        at = np.minimum(np.searchsorted(pairs, said), max(len(pairs) - 1, 0))
        gone = at[pairs[at] == said] if len(pairs) else at[:0]
        pairs, weight = np.delete(pairs, gone), np.delete(weight, gone)
    return Graph(ids, _symmetric(pairs // n, pairs % n, weight, n), as_of)


def edge_graph(
    edges: str | Path | pl.DataFrame, as_of: datetime, person_ids: Mapping[str, int] | None = None
) -> tuple[Graph, list[str]]:
    """The graph of an edge list (``kith edges``: one Parquet file, a folder of part files, or the frame)
    and the key of each of its people, in the graph's order.

    With ``person_ids`` (each key's person in the store: a team server's people by their email), the
    graph's ids are those people, a key not in it is left out, and two keys of one person keep the
    stronger tie; without, the people are numbered 0, 1... in their keys' order."""
    frame = edges if isinstance(edges, pl.DataFrame) else _read_edges(Path(edges))
    keys = pl.concat([frame["person_a"], frame["person_b"]]).unique().sort()
    if person_ids is None:
        ids = np.arange(len(keys), dtype=np.int64)
        shown = keys.to_list()
        a = keys.search_sorted(frame["person_a"]).to_numpy()
        b = keys.search_sorted(frame["person_b"]).to_numpy()
        weight = frame["weight"].to_numpy().astype(float)
    else:
        known = {k: person_ids[k] for k in keys.to_list() if k in person_ids}
        ids = np.unique(np.fromiter(known.values(), dtype=np.int64, count=len(known)))
        first: dict[int, str] = {}
        for key, pid in sorted(known.items()):
            first.setdefault(pid, key)
        shown = [first[int(pid)] for pid in ids]
        pa = frame["person_a"].replace_strict(known, default=-1, return_dtype=pl.Int64).to_numpy()
        pb = frame["person_b"].replace_strict(known, default=-1, return_dtype=pl.Int64).to_numpy()
        ok = (pa >= 0) & (pb >= 0) & (pa != pb)
        a, b = np.searchsorted(ids, pa[ok]), np.searchsorted(ids, pb[ok])
        weight = frame["weight"].to_numpy().astype(float)[ok]
    n = len(ids)
    key = np.minimum(a, b) * n + np.maximum(a, b)
    order = np.lexsort((-weight, key))
    key, weight = key[order], weight[order]
    first_of = np.ones(len(key), dtype=bool)
    first_of[1:] = key[1:] != key[:-1]
    key, weight = key[first_of], weight[first_of]
    return Graph(ids, _symmetric(key // n, key % n, weight, n), as_of), shown


def _read_edges(path: Path) -> pl.DataFrame:
    """An edge list from a Parquet file or a folder of part files (Spark's, its other files aside)."""
    try:
        if path.is_dir():
            return pl.read_parquet(sorted(path.glob("*.parquet")))
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise BadInput(f"{path}: not a readable edge list ({str(exc).splitlines()[0][:120]})") from None


def _symmetric(lo: np.ndarray, hi: np.ndarray, weight: np.ndarray, n: int) -> sparse.csr_matrix:
    """The n x n CSR matrix with ``weight`` at (lo, hi) and (hi, lo), built from sorted arrays directly."""
    rows, cols = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    order = np.argsort(rows * n + cols)
    counts = np.bincount(rows, minlength=n)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    matrix = sparse.csr_matrix((np.concatenate([weight, weight])[order], cols[order], indptr), shape=(n, n))
    matrix.has_sorted_indices = True
    return matrix


def _ints(rows, columns: int) -> np.ndarray:
    """Integer rows from the store as an (n, columns) array, without a Python object per value kept."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64)
    return flat.reshape(-1, columns)


def _scalar(cursor) -> int:
    value = cursor.fetchone()[0]
    return int(value or 0)


def _within(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions (i < j) inside consecutive groups of these sizes, as two index arrays."""
    starts = np.cumsum(sizes) - sizes
    group = np.repeat(np.arange(len(sizes)), sizes)
    position = np.arange(int(sizes.sum()))
    partners = sizes[group] - 1 - (position - starts[group])
    first = np.repeat(position, partners)
    offset = np.repeat(np.cumsum(partners) - partners, partners)
    second = first + 1 + (np.arange(len(first)) - offset)
    return first, second


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sizes of the runs of equal sorted keys, and each run's key."""
    if not len(keys):
        return np.zeros(0, np.int64), keys
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate([[0], bounds])
    return np.diff(np.concatenate([starts, [len(keys)]])), keys[starts]


def _best_per(pair_key: np.ndarray, unit: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Which rows to keep: one per (pair, unit), the highest value (first row of its kind on a tie)."""
    order = np.lexsort((-value, unit, pair_key))
    k, u = pair_key[order], unit[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (k[1:] != k[:-1]) | (u[1:] != u[:-1])
    return order[first]


def _gatherings(sql):
    """(a, b, log(1 - chance)) per pair and gathering (per thread, for mail)."""
    members = _ints(
        sql(
            "SELECT interaction_id, person_id FROM interaction_participant"
            f" WHERE interaction_id IN ({_GROUPS}) ORDER BY interaction_id, person_id"
        ),
        2,
    )
    code = " ".join(f"WHEN '{k}' THEN {n}" for n, k in enumerate(_KINDS))
    kinds = _ints(
        sql(
            f"SELECT id, COALESCE(CASE {GATHERING_SQL.format(i='interaction')} {code} END, -1) FROM interaction"
            f" WHERE id IN ({_GROUPS}) ORDER BY id"
        ),
        2,
    )
    sizes, interaction = _groups(members[:, 0])
    kind = kinds[np.searchsorted(kinds[:, 0], interaction), 1]
    chance = np.zeros(len(sizes))
    for n, name in enumerate(_KINDS):
        here = kind == n
        chance[here] = gathering_chance(name, sizes[here])
    # mail: one unit per thread (replies and forwards of one subject), the others one per interaction
    unit = interaction.copy()
    is_thread = kind == _KINDS.index("thread")
    if is_thread.any():
        threads: dict[str, int] = {}
        units = {
            interaction_id: threads.setdefault(
                thread_key(channel, subject, interaction_id), -1 - len(threads)
            )
            for interaction_id, channel, subject in sql(
                f"SELECT id, channel, summary FROM interaction WHERE id IN ({_GROUPS})"
                f" AND {GATHERING_SQL.format(i='interaction')} = 'thread'"
            )
        }
        unit[is_thread] = [units[i] for i in interaction[is_thread].tolist()]
    first, second = _within(sizes)
    group = np.repeat(np.arange(len(sizes)), sizes)[first]
    a, b = members[first, 1], members[second, 1]
    useful = kind[group] >= 0
    a, b, group = a[useful], b[useful], group[useful]
    # a pair meets once per gathering; only the messages of one thread need to become one
    mail = np.flatnonzero(is_thread[group])
    if len(mail):
        top = int(b[mail].max()) + 1
        kept = mail[_best_per(a[mail] * top + b[mail], unit[group[mail]], chance[group[mail]])]
        keep = np.concatenate([np.flatnonzero(~is_thread[group]), kept])
        a, b, group = a[keep], b[keep], group[keep]
    return a, b, np.log1p(-chance[group])


def _colleagues(sql, day: str, today: int):
    """(a, b, log(1 - weight)) per pair and organisation they were at at the same time."""
    end = f"COALESCE({day.format(c='ended_on')}, {today})"
    # a role of a day or less counts among the people there but begins after it ends: never together
    brief = BRIEF_ROLE_SQL.format(start=day.format(c="started_on"), end=day.format(c="ended_on"))
    start = f"CASE WHEN {brief} THEN {end} + 1 ELSE COALESCE({day.format(c='started_on')}, {end}) END"
    roles = _ints(
        sql(
            f"SELECT organisation_id, person_id, {start}, {end},"
            " CASE WHEN started_on IS NULL THEN 0 ELSE 1 END FROM role WHERE organisation_id IS NOT NULL"
            " ORDER BY organisation_id, person_id, id"
        ),
        5,
    )
    return _overlaps(
        roles, lambda days, size, ended: colleagues_weight(days, size, today - ended), unknown_ok=False
    )


def _schools(sql, day: str, today: int):
    """(a, b, log(1 - weight)) per pair and school, their years shared or unknown."""
    start = f"COALESCE({day.format(c='started_on')}, {day.format(c='ended_on')}, -99999999)"
    end = f"COALESCE({day.format(c='ended_on')}, {day.format(c='started_on')}, -99999999)"
    rows = _ints(
        sql(
            f"SELECT dense_rank() OVER (ORDER BY school_key), person_id, {start}, {end},"
            " CASE WHEN started_on IS NULL THEN 0 ELSE 1 END FROM education"
            " ORDER BY school_key, person_id, id"
        ),
        5,
    )
    return _overlaps(
        rows,
        lambda days, size, ended: school_weight(days >= 0, size, np.where(days >= 0, today - ended, 0)),
        unknown_ok=True,
    )


def _overlaps(rows: np.ndarray, weigh, unknown_ok: bool):
    """Pairs of rows (group, person, start day, end day, start known) in one group whose spans overlap
    (or, with ``unknown_ok``, whose span is unknown: day -99999999), weighed by the longest overlap, the
    group's number of people and the day the overlap ended. Spans that only touch (one ends the day the other starts, both starts
    known) do not overlap; a span whose start is unknown is known at its end only, and a day in common
    with it counts."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if not len(rows):
        return empty
    sizes, group_key = _groups(rows[:, 0])
    # people per group: distinct (group, person) rows
    distinct = np.ones(len(rows), dtype=bool)
    distinct[1:] = (rows[1:, 0] != rows[:-1, 0]) | (rows[1:, 1] != rows[:-1, 1])
    people = np.add.reduceat(distinct.astype(np.int64), np.cumsum(sizes) - sizes)
    first, second = _within(sizes)
    group = np.repeat(np.arange(len(sizes)), sizes)[first]
    small = (people[group] >= 2) & (people[group] <= MAX_ORGANISATION)
    first, second, group = first[small], second[small], group[small]
    a, b = rows[first, 1], rows[second, 1]
    days = np.minimum(rows[first, 3], rows[second, 3]) - np.maximum(rows[first, 2], rows[second, 2])
    together = (days > 0) | ((days == 0) & ((rows[first, 4] == 0) | (rows[second, 4] == 0)))
    if unknown_ok:
        unknown = (rows[first, 2] < -9999999) | (rows[second, 2] < -9999999)
        days = np.where(unknown, -1, days)
        keep = (a != b) & (unknown | together)
    else:
        keep = (a != b) & together
    a, b, days, group = a[keep], b[keep], days[keep], group[keep]
    if not len(a):
        return empty
    if distinct.all():  # one row per person and group: each pair meets once per group
        best = np.arange(len(a))
    else:
        top = int(b.max()) + 1
        best = _best_per(a * top + b, group_key[group], days.astype(float))
    ended = np.minimum(rows[first, 3], rows[second, 3])[keep]
    weight = np.asarray(weigh(days[best], people[group[best]], ended[best]), dtype=float)
    return a[best], b[best], np.log1p(-weight)


def _met_via(sql):
    rows = _ints(sql("SELECT id, met_via_id FROM person WHERE met_via_id IS NOT NULL"), 2)
    return rows[:, 0], rows[:, 1], np.full(len(rows), np.log1p(-MET_VIA))


def _stated(sql):
    # one float column per value (ids are exact in a float far beyond any store's size)
    rows = sql(
        f"SELECT person_a_id, person_b_id, COALESCE(closeness, {STATED!r}) FROM stated_tie WHERE knows"
    )
    flat = np.fromiter(chain.from_iterable(rows), dtype=float).reshape(-1, 3)
    a, b, weight = flat[:, 0].astype(np.int64), flat[:, 1].astype(np.int64), flat[:, 2]
    with np.errstate(divide="ignore"):  # a closeness of 1 is certainty: log(0)
        return a, b, np.log1p(-weight)
