"""The full backup: every table of the store as versioned JSON, and restoring it into an empty home.

The file is one JSON object::

    {"format": "kith-backup", "version": 1, "schema": "0001",
     "tables": {"person": {"columns": ["id", "name", ...], "rows": [[1, "Jane Doe", ...], ...]}, ...}}

Tables come in dependency order and rows in primary-key order, one row per line, with times as ISO 8601
UTC and dates as ISO dates. Caches (tables named ``*_cache``) are left out: kith rebuilds them. Ids are kept, so a restored home is the same home: exporting it again gives
the same file byte for byte. A backup written by an older schema restores (missing columns take their
defaults, participant rows without a time, from before schema 0007, take their interaction's, and a
person's one notes field, from before schema 0012, becomes their first dated note, as the migration
does it); one with tables or columns this kith does not know is refused.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kith.errors import BadInput, Conflict
from kith.store.db import HEAD_REVISION, known_revision
from kith.store.schema import UTCDateTime, user_tables
from kith.wording import count

FORMAT = "kith-backup"
VERSION = 1
#: rows inserted per statement when restoring
BATCH = 1000


def _tables() -> list[Table]:
    """The tables a backup holds: all but caches (``*_cache``), which kith rebuilds from the rows, and the
    undo journal (``schema.user_tables``)."""
    return user_tables()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export(session: Session, now: datetime | None = None) -> str:
    """The whole store as a backup document (deterministic: the same data gives the same text)."""
    parts = [
        "{",
        f'"format": "{FORMAT}", "version": {VERSION}, "schema": {json.dumps(HEAD_REVISION)},',
        '"tables": {',
    ]
    tables = _tables()
    for t_index, table in enumerate(tables):
        columns = [c.name for c in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(select(*table.columns).order_by(*order)).all()
        parts.append(f'{json.dumps(table.name)}: {{"columns": {json.dumps(columns)}, "rows": [')
        for r_index, row in enumerate(rows):
            comma = "," if r_index < len(rows) - 1 else ""
            parts.append(json.dumps([_plain(v) for v in row], ensure_ascii=False) + comma)
        parts.append("]}" + ("," if t_index < len(tables) - 1 else ""))
    parts.append("}}")
    return "\n".join(parts) + "\n"


#: the longest line of a backup (one row per line; a longer one is not a kith backup, not a memory spike)
MAX_LINE = 64 << 20


def _capped_lines(stream, path: Path) -> bytes:
    lines: list[bytes] = []
    while raw := stream.readline(MAX_LINE + 1):
        if len(raw) > MAX_LINE:
            raise BadInput(
                f"{path}:{len(lines) + 1}: a line longer than {MAX_LINE >> 20} MB; not a kith backup"
            )
        lines.append(raw)
    return b"".join(lines)


def read_backup(path: Path) -> dict:
    """The backup document at ``path``; BadInput when it is not a kith backup."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
            if FORMAT.encode() not in head:
                raise BadInput(f"{path}:1: not a kith backup (made by: kith export json)")
            stream.seek(0)
            data = json.loads(_capped_lines(stream, path))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a backup file") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}:{exc.lineno}: not a kith backup (broken JSON: {exc.msg})") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not a kith backup (not UTF-8 text)") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path}: not a kith backup (made by: kith export json)")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BadInput(f"{path}: backup format version {version!r} is newer than this kith; upgrade kith")
    schema = data.get("schema")
    if schema is not None and not (isinstance(schema, str) and known_revision(schema)):
        raise BadInput(
            f"{path}: backup of database schema {schema!r}, unknown to this kith (newer?); upgrade kith"
        )
    if not isinstance(data.get("tables"), dict):
        raise BadInput(f"{path}: not a kith backup (no tables)")
    return data


def is_empty(session: Session) -> dict[str, int]:
    """Row counts of the tables that are not empty (an empty dict for an empty home)."""
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in _tables()}
    return {name: n for name, n in counts.items() if n}


def restore(session: Session, data: dict, label: str) -> dict[str, int]:
    """Write a backup (from ``read_backup``) into an empty store; row counts per table."""
    busy = is_empty(session)
    if busy:
        what = ", ".join(count(n, name.replace("_", " ")) for name, n in sorted(busy.items())[:4])
        raise Conflict(
            f"restore needs an empty kith home, and this one has data ({what}); point KITH_HOME at a new folder"
        )
    known = {t.name: t for t in _tables()}
    data = _dated_notes(data)
    unknown = sorted(n for n in set(data["tables"]) - set(known) if not n.endswith("_cache"))
    if unknown:
        raise BadInput(
            f"{label}: table {unknown[0]!r} is unknown to this kith (a newer backup?); upgrade kith"
        )
    counts: dict[str, int] = {}
    #: interaction id -> (when, channel), for participant rows backed up without them
    copied: dict[Any, tuple[Any, Any]] = {}
    for table in _tables():
        block = data["tables"].get(table.name)
        if block is None:
            continue
        rows = _rows(table, block, label)
        names = block["columns"]
        if table.name == "interaction":
            copied = {r.get("id"): (r.get("occurred_at"), r.get("channel")) for r in rows}
        elif table.name == "interaction_participant":
            for column, at in (("occurred_at", 0), ("channel", 1)):
                if column not in names:  # a backup from before schema 0007 (time) or 0009 (channel)
                    for r in rows:
                        r[column] = copied.get(r.get("interaction_id"), (None, None))[at]
        self_refs = [c.name for c in table.columns for fk in c.foreign_keys if fk.column.table is table]
        first = [{**r, **{c: None for c in self_refs}} for r in rows] if self_refs else rows
        try:
            for start in range(0, len(first), BATCH):
                session.execute(insert(table), first[start : start + BATCH])
            for column in self_refs:
                pk = table.primary_key.columns.values()[0]
                linked = [r for r in rows if r.get(column) is not None]
                # columns with an on-update default (updated_at) keep their backed-up value
                keep = [c.name for c in table.columns if c.onupdate is not None and c.name in names]
                for row in linked:
                    values = {column: row[column], **{k: row[k] for k in keep}}
                    session.execute(update(table).where(pk == row[pk.name]).values(values))
            session.flush()
        except IntegrityError as exc:
            detail = " ".join(str(exc.orig).split())[:200]
            raise BadInput(f"{label}: table {table.name!r} does not fit together ({detail})") from None
        counts[table.name] = len(rows)
    _reset_sequences(session)
    return counts


def _dated_notes(data: dict) -> dict:
    """A backup from before schema 0012, its people's notes field made into dated notes (dated by the
    person's last update, or creation), as migration 0012 does to a database."""
    person = data["tables"].get("person")
    if (
        not isinstance(person, dict)
        or "notes" not in (person.get("columns") or [])
        or "note" in data["tables"]
    ):
        return data
    names = list(person["columns"])
    at = names.index("notes")
    people: list[list] = []
    notes: list[list] = []
    for raw in person.get("rows") or []:
        if not isinstance(raw, list) or len(raw) != len(names):
            return data  # refused with the row's number when the table is read
        values = dict(zip(names, raw, strict=True))
        text = values.get("notes")
        if isinstance(text, str) and text.strip():
            dated = values.get("updated_at") or values.get("created_at")
            notes.append([len(notes) + 1, values.get("id"), dated, text, "manual"])
        people.append(raw[:at] + raw[at + 1 :])
    tables = {
        **data["tables"],
        "person": {"columns": names[:at] + names[at + 1 :], "rows": people},
        "note": {"columns": ["id", "person_id", "written_at", "text", "source"], "rows": notes},
    }
    return {**data, "tables": tables}


def _rows(table: Table, block: Any, label: str) -> list[dict]:
    if not isinstance(block, dict) or not isinstance(block.get("columns"), list):
        raise BadInput(f"{label}: table {table.name!r} has no column list")
    names = block["columns"]
    columns = {c.name: c for c in table.columns}
    unknown = [n for n in names if n not in columns]
    if unknown:
        raise BadInput(f"{label}: column {table.name}.{unknown[0]} is unknown to this kith; upgrade kith")
    if not isinstance(block.get("rows", []), list):
        raise BadInput(f"{label}: table {table.name!r} has no list of rows")
    rows = []
    for index, raw in enumerate(block.get("rows") or [], start=1):
        if not isinstance(raw, list) or len(raw) != len(names):
            raise BadInput(f"{label}: table {table.name!r}, row {index}: expected {len(names)} values")
        row = {}
        for name, value in zip(names, raw, strict=True):
            try:
                row[name] = _typed(columns[name].type, value)
            except (TypeError, ValueError):
                raise BadInput(f"{label}: table {table.name!r}, row {index}: bad {name} {value!r}") from None
        rows.append(row)
    return rows


def _typed(kind, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, UTCDateTime):
        when = datetime.fromisoformat(value)
        if when.tzinfo is None:
            raise ValueError("a time without a zone")
        return when
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    python_type = kind.python_type
    if python_type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if python_type is int and isinstance(value, bool) or not isinstance(value, python_type):
        raise TypeError(f"expected {python_type.__name__}")
    return value


def _reset_sequences(session: Session) -> None:
    """PostgreSQL only: move id sequences past the restored ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    for table in _tables():
        if "id" in table.columns and table.columns["id"].primary_key:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
