"""The interaction log format (PRODUCT.md): read a log and a context file, score every pair, write scores.

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
#: timestamp layouts tried in turn, after "Z" becomes "+00:00" and a space before the time becomes "T"
ZONED_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z")


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


def _read_csv(path: Path) -> pl.DataFrame:
    try:
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
    text = values.str.strip_chars()
    _first_bad(path, text.is_null() | (text == ""), column, values, "missing time")
    numeric = text.cast(pl.Float64, strict=False)
    result = numeric.to_numpy().astype(float)
    todo = np.isnan(result)
    if todo.any():
        iso = (
            text.filter(pl.Series(todo))
            .str.replace(r"[zZ]$", "+00:00")
            .str.replace(r"^(\d{4}-\d\d-\d\d) ", "${1}T")
        )
        parsed = iso.str.to_datetime(time_zone="UTC", strict=False, time_unit="us")
        for fmt in ZONED_FORMATS:
            missing = parsed.is_null()
            if not missing.any():
                break
            again = iso.str.to_datetime(format=fmt, time_zone="UTC", strict=False, time_unit="us")
            parsed = parsed.zip_with(~missing, again)
        seconds = parsed.dt.epoch("us").cast(pl.Float64).to_numpy() / 1e6
        for k in np.flatnonzero(np.isnan(seconds)):
            seconds[k] = _parse_one(iso[int(k)], path, int(np.flatnonzero(todo)[k]), column, values)
        result[todo] = seconds
    return result


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


def read_log(path: Path) -> Log:
    """Parse an interaction log file into engine events."""
    frame = _read_csv(path)
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
    keys = pl.concat([src, tgt]).unique(maintain_order=True)
    people = keys.to_list()
    codes = pl.concat([src, tgt]).replace_strict(
        keys, pl.int_range(len(keys), eager=True), return_dtype=pl.Int64
    )
    codes = codes.to_numpy()
    channel = np.zeros(n, dtype=np.int64)
    if "channel" in frame.columns:
        raw = frame["channel"].str.strip_chars().str.to_lowercase().fill_null("")
        raw = raw.zip_with(raw != "", pl.Series([CHANNELS[0]] * n))
        known = raw.is_in(list(CHANNELS))
        _first_bad(
            path, ~known, "channel", frame["channel"], f"unknown channel (use one of {', '.join(CHANNELS)})"
        )
        channel = raw.replace_strict(
            list(CHANNELS), list(range(len(CHANNELS))), return_dtype=pl.Int64
        ).to_numpy()
    duration = np.full(n, np.nan)
    if "duration_s" in frame.columns:
        raw = frame["duration_s"].str.strip_chars()
        blank = raw.is_null() | (raw == "")
        duration = raw.cast(pl.Float64, strict=False).to_numpy().astype(float)
        bad = ~blank.to_numpy() & (np.isnan(duration) | (duration < 0))
        _first_bad(path, bad, "duration_s", frame["duration_s"], "not a duration in seconds (a number >= 0)")
    directed = np.ones(n, dtype=bool)
    if "directed" in frame.columns:
        raw = frame["directed"].str.strip_chars().str.to_lowercase().fill_null("")
        is_true = raw.is_in(list(TRUE_WORDS)) | (raw == "")
        is_false = raw.is_in(list(FALSE_WORDS))
        _first_bad(path, ~(is_true | is_false), "directed", frame["directed"], "not true or false")
        directed = is_true.to_numpy()
    events = engine.Events(
        t=t, a=codes[:n], b=codes[n:], channel=channel, duration=duration, directed=directed
    )
    return Log(events=events, people=people)


def read_context(path: Path, people: list[str]) -> np.ndarray:
    """A (people, k) matrix of context codes (padded with -1) from ``person,context`` rows."""
    frame = _read_csv(path)
    if "person" not in frame.columns or "context" not in frame.columns:
        raise BadInput(f"{path}: a context file needs the columns person and context")
    person = frame["person"].str.strip_chars()
    context = frame["context"].str.strip_chars()
    _first_bad(path, person.is_null() | (person == ""), "person", frame["person"], "missing person key")
    index = {key: i for i, key in enumerate(people)}
    rows: dict[int, list[int]] = {}
    context_code: dict[str, int] = {}
    for who, what in zip(person.to_list(), context.to_list(), strict=True):
        if who not in index or not what:
            continue
        code = context_code.setdefault(what.casefold(), len(context_code))
        own = rows.setdefault(index[who], [])
        if code not in own:
            own.append(code)
    width = max((len(v) for v in rows.values()), default=0)
    matrix = np.full((len(people), width), -1, dtype=np.int64)
    for i, codes in rows.items():
        matrix[i, : len(codes)] = codes
    return matrix


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
    contexts = read_context(context, log.people) if context is not None else None
    scored, comps, strength = engine.score(log.events, when, params, contexts, candidates)
    since = np.where(np.isfinite(scored.last_real), (when - scored.last_real) / engine.DAY, np.inf)
    real = scored.counts[:, :5].sum(axis=1)
    circle_a, circle_b = circles.assign_pairs(
        scored.lo, scored.hi, strength, real, scored.counts[:, 0], since
    )
    return Scores(log.people, scored, comps, strength, circle_a, circle_b, when)


def scores_frame(scores: Scores) -> pl.DataFrame:
    """The output table: ``a,b,strength``, the components, then counts and circles; strongest first."""
    names = np.array(scores.people, dtype=object)
    first, second = names[scores.pairs.lo], names[scores.pairs.hi]
    swap = first > second  # each pair reads in key order: a < b
    labels = np.array(circles.CIRCLES, dtype=object)
    circle_a, circle_b = labels[scores.circle_a], labels[scores.circle_b]
    columns: dict[str, object] = {
        "a": np.where(swap, second, first),
        "b": np.where(swap, first, second),
        "strength": np.round(scores.strength, 6),
    }
    for name in engine.COMPONENTS:
        columns[name] = np.round(scores.components[name], 6)
    columns["interactions"] = scores.pairs.counts.sum(axis=1).astype(np.int64)
    columns["mutual_close"] = scores.components["mutual_close"].astype(np.int64)
    columns["shared_contexts"] = scores.components["shared"].astype(np.int64)
    columns["circle_of_b_for_a"] = np.where(swap, circle_b, circle_a)
    columns["circle_of_a_for_b"] = np.where(swap, circle_a, circle_b)
    frame = pl.DataFrame({k: pl.Series(k, v) for k, v in columns.items()})
    return frame.sort(["strength", "a", "b"], descending=[True, False, False])


def parse_time(text: str) -> float:
    """One time typed on the command line (ISO 8601 or UNIX seconds) as UNIX seconds."""
    try:
        return float(parse_times(pl.Series("as_of", [text]), Path("--as-of"), "as_of")[0])
    except BadInput:
        raise BadInput(
            f"--as-of: not a time: {text!r} (use ISO 8601 such as 2026-03-01T09:30:00Z, or UNIX seconds)"
        ) from None
