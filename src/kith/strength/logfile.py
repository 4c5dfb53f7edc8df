"""The interaction log format (docs/interaction-log.md): read a log and a context file, score every pair, write scores.

A log is a CSV with a header and the columns ``time`` (ISO 8601 with or without zone, no zone meaning UTC,
or UNIX seconds), ``source``, ``target``, and optionally ``channel`` (default ``in_person``), ``duration_s``
and ``directed`` (default ``true``). Extra columns are ignored. A context file has ``person,context`` rows.
Bad input raises ``BadInput`` naming the file and line. Reading is columnar (Polars) so a log of a million
rows takes well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

from kith.channels import CHANNELS
from kith.errors import BadInput
from kith.strength import circles, engine

REQUIRED = ("time", "source", "target")
TRUE_WORDS = {"true", "1", "yes", "y", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "f"}
#: timestamp layouts tried in turn: UTC ones (no zone, or a trailing Z) first, then with an offset
NAIVE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
ZONED_FORMATS = ("%Y-%m-%dT%H:%M:%S%#z", "%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z")


@dataclass
class Log:
    """A parsed log: engine events plus the person keys behind the integer codes."""

    events: engine.Events
    people: list[str]


@dataclass
class Scores:
    """Every scored pair of a log, as columns (``a`` < ``b`` by code; names in ``people``)."""

    people: list[str]
    pairs: engine.Pairs
    components: dict[str, np.ndarray]
    strength: np.ndarray
    circle_a: np.ndarray
    circle_b: np.ndarray
    as_of: float
    #: how likely each pair is to be in touch again soon (``engine.likely_in_touch``)
    likely_in_touch: np.ndarray
    #: each pair's usual gap between real contacts in days (NaN: too few contacts to tell)
    usual_gap: np.ndarray


def _read_csv(path: Path, text_columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    """Read a CSV; ``text_columns`` are read as text and the rest typed by Polars (a faster path, used
    when the file allows it); otherwise every column is text."""
    try:
        frame = None
        if text_columns is not None:
            header = pl.read_csv(path, n_rows=0).columns
            overrides = {c: pl.String for c in header if c.strip().lower() in text_columns}
            try:
                frame = pl.read_csv(path, schema_overrides=overrides, truncate_ragged_lines=True)
            except pl.exceptions.ComputeError:
                frame = None  # a column's type changes past the rows Polars looked at: read all as text
        if frame is None:
            frame = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True)
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: no such file") from exc
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not a readable CSV file ({str(exc).splitlines()[0][:120]})") from exc
    frame.columns = [c.strip().lower() for c in frame.columns]
    return frame


def _line(index: int) -> int:
    """The file line of data row ``index`` (the header is line 1)."""
    return int(index) + 2


def _first_bad(path: Path, mask: pl.Series | np.ndarray, column: str, values: pl.Series, what: str) -> None:
    bad = np.flatnonzero(np.asarray(mask))
    if len(bad):
        i = int(bad[0])
        raise BadInput(f"{path}:{_line(i)}: {what} in column {column!r}: {values[i]!r}")


def parse_times(values: pl.Series, path: Path, column: str = "time") -> np.ndarray:
    """UNIX seconds from ISO 8601 timestamps (no zone: UTC) or UNIX seconds; BadInput on the first bad."""
    if values.dtype.is_numeric():
        result = values.cast(pl.Float64).to_numpy().astype(float)
        _first_bad(path, np.isnan(result), column, values, "missing time")
        return result
    text = values.cast(pl.String).str.strip_chars()
    _first_bad(path, text.is_null() | (text == ""), column, values, "missing time")
    seconds = np.full(len(text), np.nan)

    def attempt(parse) -> None:
        left = np.flatnonzero(np.isnan(seconds))
        if len(left):
            subset = text if len(left) == len(text) else text.gather(left)
            seconds[left] = parse(subset).fill_null(np.nan).to_numpy().astype(float)

    def epoch(parsed: pl.Series) -> pl.Series:
        return parsed.dt.epoch("us").cast(pl.Float64) / 1e6

    # the common layouts first, each tried only on what is still unparsed
    for fmt in NAIVE_FORMATS:
        attempt(
            lambda s, fmt=fmt: epoch(
                s.str.strip_suffix("Z").str.strptime(pl.Datetime("us"), fmt, strict=False)
            )
        )
    attempt(lambda s: s.cast(pl.Float64, strict=False))
    for fmt in ZONED_FORMATS:
        attempt(
            lambda s, fmt=fmt: epoch(
                s.str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T").str.to_datetime(
                    format=fmt, time_zone="UTC", strict=False, time_unit="us"
                )
            )
        )
    for k in np.flatnonzero(np.isnan(seconds)):
        seconds[k] = _parse_one(text[int(k)], path, int(k), column, values)
    return seconds


def _parse_one(raw: str, path: Path, index: int, column: str, values: pl.Series) -> float:
    from datetime import UTC

    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise BadInput(
            f"{path}:{_line(index)}: not a time in column {column!r}: {values[index]!r} "
            "(use ISO 8601 such as 2026-03-01T09:30:00Z, or UNIX seconds)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def _codes(keys: pl.Series) -> tuple[np.ndarray, list[str]]:
    """Dense integer codes for person keys, numbered in the keys' sorted order (so that the pairs, and
    the order the engine breaks ties in, follow the keys themselves and not where a log first names
    someone), and the key behind each code."""
    physical = keys.cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    size = int(physical.max(initial=-1)) + 1
    present = np.zeros(size, dtype=bool)
    present[physical] = True
    dense = np.cumsum(present) - 1
    # any row of a code names it (all its rows hold the same key), so duplicate writes do not matter
    row_of = np.zeros(size, dtype=np.int64)
    row_of[physical] = np.arange(len(physical))
    named = keys.gather(row_of[present])
    # then renumbered by sorting the distinct keys only (a few thousand, not every row)
    order = named.arg_sort().to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[dense[physical]], named.gather(order).to_list()


def read_log(path: Path) -> Log:
    """Parse an interaction log file into engine events."""
    frame = _read_csv(path, text_columns=("source", "target", "channel"))
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise BadInput(
            f"{path}: missing column {', '.join(repr(c) for c in missing)} (need time, source, target)"
        )
    n = frame.height
    t = parse_times(frame["time"], path)
    src = frame["source"].str.strip_chars()
    tgt = frame["target"].str.strip_chars()
    for name, col in (("source", src), ("target", tgt)):
        _first_bad(path, col.is_null() | (col == ""), name, frame[name], "missing person key")
    codes, people = _codes(pl.concat([src, tgt]))
    channel = np.zeros(n, dtype=np.int64)
    if "channel" in frame.columns:
        raw = frame["channel"].str.strip_chars().str.to_lowercase()
        found = raw.replace_strict(
            list(CHANNELS), list(range(len(CHANNELS))), default=None, return_dtype=pl.Int64
        )
        blank = raw.is_null() | (raw == "")
        known = ~found.is_null() | blank
        _first_bad(
            path, ~known, "channel", frame["channel"], f"unknown channel (use one of {', '.join(CHANNELS)})"
        )
        channel = found.fill_null(0).to_numpy()
    duration = np.full(n, np.nan)
    if "duration_s" in frame.columns:
        column = frame["duration_s"]
        if column.dtype.is_numeric():
            duration = column.cast(pl.Float64).to_numpy().astype(float)
            no_duration = np.isnan(duration)
        else:
            raw = column.str.strip_chars()
            no_duration = (raw.is_null() | (raw == "")).to_numpy()
            duration = raw.cast(pl.Float64, strict=False).to_numpy().astype(float)
        bad = ~no_duration & (np.isnan(duration) | (duration < 0))
        _first_bad(path, bad, "duration_s", column, "not a duration in seconds (a number >= 0)")
    directed = np.ones(n, dtype=bool)
    if "directed" in frame.columns:
        column = frame["directed"]
        if column.dtype == pl.Boolean:
            directed = column.fill_null(True).to_numpy()
        else:
            raw = column.cast(pl.String).str.strip_chars().str.to_lowercase().fill_null("")
            is_true = raw.is_in(list(TRUE_WORDS)) | (raw == "")
            is_false = raw.is_in(list(FALSE_WORDS))
            _first_bad(path, ~(is_true | is_false), "directed", column, "not true or false")
            directed = is_true.to_numpy()
    events = engine.Events(
        t=t, a=codes[:n], b=codes[n:], channel=channel, duration=duration, directed=directed
    )
    return Log(events=events, people=people)


def read_context(path: Path, people: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A (people, k) matrix of context codes (padded with -1) from ``person,context`` rows, and each
    code's weight by how many people of the file share that context (``engine.weigh_contexts``)."""
    frame = _read_csv(path)
    if "person" not in frame.columns or "context" not in frame.columns:
        raise BadInput(f"{path}: a context file needs the columns person and context")
    person = frame["person"].str.strip_chars()
    context = frame["context"].str.strip_chars()
    _first_bad(path, person.is_null() | (person == ""), "person", frame["person"], "missing person key")
    index = {key: i for i, key in enumerate(people)}
    rows: dict[int, list[int]] = {}
    context_code: dict[str, int] = {}
    members: dict[int, set[str]] = {}
    for who, what in zip(person.to_list(), context.to_list(), strict=True):
        if not what:
            continue
        code = context_code.setdefault(what.casefold(), len(context_code))
        # everyone in the file counts towards a context's size, in the log or not
        members.setdefault(code, set()).add(who)
        if who not in index:
            continue
        own = rows.setdefault(index[who], [])
        if code not in own:
            own.append(code)
    width = max((len(v) for v in rows.values()), default=0)
    matrix = np.full((len(people), width), -1, dtype=np.int64)
    for i, codes in rows.items():
        matrix[i, : len(codes)] = codes
    sizes = np.array([len(members[c]) for c in range(len(context_code))], dtype=float)
    return matrix, engine.weigh_contexts(sizes)


def read_pairs(path: Path, people: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs from ``a,b`` rows, as codes; people not in the log are appended to ``people``."""
    frame = _read_csv(path)
    if "a" not in frame.columns or "b" not in frame.columns:
        raise BadInput(f"{path}: a pairs file needs the columns a and b")
    index = {key: i for i, key in enumerate(people)}
    codes = []
    for column in ("a", "b"):
        values = frame[column].str.strip_chars()
        _first_bad(path, values.is_null() | (values == ""), column, frame[column], "missing person key")
        for key in values.to_list():
            if key not in index:
                index[key] = len(people)
                people.append(key)
        codes.append(np.array([index[key] for key in values.to_list()], dtype=np.int64))
    return codes[0], codes[1]


def score_log(
    path: Path,
    *,
    as_of: float | None = None,
    context: Path | None = None,
    pairs: Path | None = None,
    params: engine.Params = engine.DEFAULTS,
) -> Scores:
    """Score every pair of a log (what ``kith score`` runs); ``as_of`` defaults to the last timestamp.
    ``pairs`` names a CSV of ``a,b`` pairs to score as well, even if they never interacted."""
    log = read_log(path)
    if len(log.events) == 0:
        raise BadInput(f"{path}: the log has no interactions")
    when = float(log.events.t.max()) if as_of is None else as_of
    candidates = read_pairs(pairs, log.people) if pairs is not None else None
    contexts, weights = read_context(context, log.people) if context is not None else (None, None)
    scored, comps, strength = engine.score(log.events, when, params, contexts, candidates, weights)
    since = np.where(np.isfinite(scored.last_real), (when - scored.last_real) / engine.DAY, np.inf)
    real = scored.counts[:, :5].sum(axis=1)
    circle_a, circle_b = circles.assign_pairs(
        scored.lo, scored.hi, strength, real, scored.counts[:, 0], since
    )
    return Scores(
        log.people, scored, comps, strength, circle_a, circle_b, when,
        engine.likely_in_touch(scored, comps, when, params), engine.usual_gap_days(scored, params),
    )  # fmt: skip


def scores_frame(scores: Scores) -> pl.DataFrame:
    """The output table: ``a,b,strength``, the components, then counts and circles; strongest first.
    Each pair reads in key order (a < b)."""
    names = pl.Series("key", scores.people, dtype=pl.String)
    name_rank = np.empty(len(scores.people), dtype=np.int64)
    name_rank[np.argsort(np.array(scores.people, dtype=object))] = np.arange(len(scores.people))
    lo, hi = scores.pairs.lo, scores.pairs.hi
    swap = name_rank[lo] > name_rank[hi]
    order = np.argsort(-scores.strength, kind="stable")
    pick = lambda values: values[order]  # noqa: E731
    labels = pl.Series("circle", list(circles.CIRCLES), dtype=pl.String)
    columns = {
        "a": names.gather(pick(np.where(swap, hi, lo))),
        "b": names.gather(pick(np.where(swap, lo, hi))),
        "strength": pick(scores.strength),
        **{name: pick(scores.components[name]) for name in engine.COMPONENTS},
        "interactions": pick(scores.pairs.counts.sum(axis=1).astype(np.int64)),
        "mutual_close": pick(scores.components["mutual_close"].astype(np.int64)),
        "shared_contexts": pick(scores.components["shared"].astype(np.int64)),
        "circle_of_b_for_a": labels.gather(pick(np.where(swap, scores.circle_b, scores.circle_a))),
        "circle_of_a_for_b": labels.gather(pick(np.where(swap, scores.circle_a, scores.circle_b))),
        "likely_in_touch": pick(scores.likely_in_touch),
        "usual_gap_days": pl.Series(pick(np.round(scores.usual_gap, 1))).fill_nan(None),
    }
    return pl.DataFrame(columns)


def write_scores(scores: Scores, out) -> None:
    """Write the scores table as CSV (to a path or a text stream)."""
    scores_frame(scores).write_csv(out, float_precision=6)


def parse_time(text: str) -> float:
    """One time typed on the command line (ISO 8601 or UNIX seconds) as UNIX seconds."""
    try:
        return float(parse_times(pl.Series("as_of", [text]), Path("--as-of"), "as_of")[0])
    except BadInput:
        raise BadInput(
            f"--as-of: not a time: {text!r} (use ISO 8601 such as 2026-03-01T09:30:00Z, or UNIX seconds)"
        ) from None
