"""The interaction log format of docs/interaction-log.md: one row per interaction, columns by name.

``time,source,target[,channel,duration_s,directed]``: ``time`` is ISO 8601 (no zone means UTC) or UNIX
seconds; ``source`` and ``target`` are keys of people (an email, a handle, a number); ``channel`` defaults
to ``in_person`` and ``directed`` to ``true`` (the source initiated).

kith stores interactions between the user and other people, so the user must be one of ``source`` and
``target`` (``--me KEY``, or the user's stored emails or name). The other key becomes the person: an email
or a phone number as that identity, any other key as a ``handle`` identity, so a re-import finds the same
people. Rows between two other people are skipped and counted ("does not involve you"); ``kith score``
is the tool that scores such logs as a whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from kith.channels import CHANNELS
from kith.errors import BadInput
from kith.importers.records import ImportOptions, InteractionRecord, PersonRef, Record, Skipped
from kith.importers.tabular import cell, read_table
from kith.people.identities import guess_identity_kind, name_key, normalize_identity

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def parse_time(text: str) -> datetime | None:
    """ISO 8601 (no zone = UTC) or UNIX seconds, as an aware UTC datetime; None when unreadable."""
    value = text.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        if not math.isfinite(seconds):
            return None
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def person_for_key(key: str) -> PersonRef:
    """The reference a log key stands for: an email, a phone number or a handle."""
    kind = guess_identity_kind(key)
    if kind == "email":
        return PersonRef(name=key, emails=[key])
    if kind == "phone":
        return PersonRef(name=key, phones=[key])
    if kind == "linkedin":
        return PersonRef(name=key, linkedin=key)
    return PersonRef(name=key, handles=[("handle", key)])


class _Me:
    """Tells whether a log key is the user."""

    def __init__(self, options: ImportOptions) -> None:
        self.emails = set(options.me_emails)
        self.linkedin = set(options.me_linkedin)
        self.names = set(options.me_names)

    def __bool__(self) -> bool:
        return bool(self.emails or self.linkedin or self.names)

    def __call__(self, key: str) -> bool:
        kind = guess_identity_kind(key)
        if kind in ("email", "linkedin"):
            try:
                value = normalize_identity(kind, key)
            except BadInput:
                value = ""
            if value in (self.emails if kind == "email" else self.linkedin):
                return True
        return name_key(key) in self.names


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Read an interaction log; rows not involving the user are skipped and counted."""
    path = Path(path)
    label = path.name
    is_me = _Me(options)
    if not is_me:
        raise BadInput(
            f"{label}: kith needs to know which source/target key is you; pass --me KEY "
            "(or set your email with: kith me --email ...)"
        )
    if path.is_dir():
        raise BadInput(f"{path}: is a folder; give the interaction log CSV file")
    with path.open("rb") as stream:
        table = read_table(stream, label, progress=options.progress)
        t_col = table.column("time", required=True)
        s_col = table.column("source", required=True)
        d_col = table.column("target", required=True)
        c_col = table.column("channel")
        dur_col = table.column("duration_s", "duration")
        dir_col = table.column("directed")
        for line, row in table.rows:
            where = f"{label}:{line}"
            when = parse_time(cell(row, t_col))
            if when is None:
                yield Skipped("unreadable time", where)
                continue
            source, target = cell(row, s_col), cell(row, d_col)
            if not source or not target:
                yield Skipped("missing source or target", where)
                continue
            channel = (cell(row, c_col) or "in_person").lower()
            if channel not in CHANNELS:
                yield Skipped("unknown channel", where)
                continue
            duration = cell(row, dur_col)
            try:
                duration_s = round(float(duration)) if duration else None
            except (ValueError, OverflowError):
                duration_s = -1
            if duration_s is not None and not 0 <= duration_s < 10**9:
                yield Skipped("unreadable duration", where)
                continue
            directed_text = (cell(row, dir_col) or "true").lower()
            if directed_text not in _TRUE | _FALSE:
                yield Skipped("unreadable directed value", where)
                continue
            source_me, target_me = is_me(source), is_me(target)
            if source_me and target_me:
                yield Skipped("source and target are both you", where)
                continue
            if not (source_me or target_me):
                yield Skipped("does not involve you", where)
                continue
            other = target if source_me else source
            direction = "mutual" if directed_text in _FALSE else "outbound" if source_me else "inbound"
            yield InteractionRecord(
                occurred_at=when,
                channel=channel,
                kind=channel,
                participants=[person_for_key(other)],
                direction=direction,
                duration_s=duration_s,
                where=where,
            )
