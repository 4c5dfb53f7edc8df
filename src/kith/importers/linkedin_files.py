"""The files of a LinkedIn export and what every reader of them shares: finding a file by name in a zip,
a folder or alone (``Export``), reading its table by column names, LinkedIn's dates, profile URLs and
names, and the stable ids of imported rows (``kith.importers.linkedin`` reads the export with them)."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from kith.errors import BadInput
from kith.importers.archive import check_expansion, open_zip
from kith.importers.linkedin_education import EDUCATION
from kith.importers.records import ImportOptions
from kith.importers.tabular import Table, column_key, read_table
from kith.importers.textfile import open_binary
from kith.people.identities import name_key, normalize_linkedin
from kith.when import MONTH_NUMBERS

CONNECTIONS = "connections.csv"
MESSAGES = "messages.csv"
#: the oldest exports' messages (From, To, Date, Subject, Content, Direction, Folder)
INBOX = "inbox.csv"
INVITATIONS = "invitations.csv"
PROFILE = "profile.csv"
ENDORSEMENTS = {"endorsement_given_info.csv": "given", "endorsement_received_info.csv": "received"}
RECOMMENDATIONS = {"recommendations_given.csv": "given", "recommendations_received.csv": "received"}
KNOWN = (CONNECTIONS, MESSAGES, INBOX, INVITATIONS, PROFILE, EDUCATION, *ENDORSEMENTS, *RECOMMENDATIONS)

_DATE_FORMATS = (
    "%d %b %Y",  # Connections.csv: 12 Mar 2024
    "%d-%b-%y",  # older Connections.csv: 23-Apr-23
    "%d-%b-%Y",
    "%Y-%m-%d %H:%M:%S %Z",  # messages.csv: 2025-06-01 14:03:22 UTC
    "%Y/%m/%d %H:%M:%S %Z",  # endorsements: 2019/05/14 09:12:11 UTC
    "%m/%d/%y, %I:%M %p",  # invitations, recommendations: 1/29/26, 2:37 PM
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d %B %Y",
)


def parse_date(text: str) -> datetime | None:
    """A LinkedIn date or timestamp as aware UTC; None when unreadable."""
    # the two formats of the big files first, without strptime (it dominates a 100,000-message import)
    if len(text) == 23 and text[19:] == " UTC" and text[4] == "-":
        try:
            return datetime.fromisoformat(text[:19] + "+00:00")  # faster than .replace(tzinfo=UTC)
        except ValueError:
            pass
    value = " ".join(text.split())
    if not value:
        return None
    parts = value.split(" ")
    if (
        len(parts) == 3
        and parts[0].isdigit()
        and parts[2].isdigit()
        and parts[1][:3].lower() in MONTH_NUMBERS
    ):
        try:
            return datetime(int(parts[2]), MONTH_NUMBERS[parts[1][:3].lower()], int(parts[0]), tzinfo=UTC)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


@lru_cache(maxsize=1 << 16)
def profile_url(text: str) -> str | None:
    try:
        return normalize_linkedin(text) if text.strip() else None
    except Exception:
        return None


cached_name_key = lru_cache(maxsize=1 << 16)(name_key)


def full_name(*parts: str) -> str | None:
    return " ".join(" ".join(parts).split()) or None


def stable_id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


class Export:
    """The files of an export, by lower-cased name, whatever its container."""

    def __init__(self, path: Path, now: datetime) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.files: dict[str, object] = {}
        newest: datetime | None = None
        if not path.is_dir():
            open_binary(path).close()  # an unreadable file says why (is_zipfile would call it "not a zip")
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.name.lower() in KNOWN:
                    self.files.setdefault(file.name.lower(), file)
                    mtime = datetime.fromtimestamp(file.stat().st_mtime, UTC)
                    newest = max(newest or mtime, mtime)
        elif zipfile.is_zipfile(path):
            self.zip = open_zip(path, path.name)
            for info in self.zip.infolist():
                name = info.filename.rsplit("/", 1)[-1].lower()
                if name in KNOWN and not info.is_dir():
                    self.files.setdefault(name, info)
                    try:
                        stamp = datetime(*info.date_time, tzinfo=UTC)
                    except ValueError:
                        continue
                    newest = max(newest or stamp, stamp)
            check_expansion(path.name, [f for f in self.files.values() if isinstance(f, zipfile.ZipInfo)])
        elif path.suffix.lower() == ".zip":
            raise BadInput(f"{path.name}: not a zip file, or the zip is truncated; download the export again")
        elif path.name.lower() in KNOWN or path.suffix.lower() == ".csv":
            self.files[path.name.lower() if path.name.lower() in KNOWN else CONNECTIONS] = path
            newest = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        else:
            raise BadInput(
                f"{path.name}: not a LinkedIn export (give the .zip as downloaded, its folder, or Connections.csv)"
            )
        if not self.files:
            raise BadInput(
                f"{path.name}: no LinkedIn files in it (looked for Connections.csv, messages.csv, ...)"
            )
        #: when LinkedIn wrote the export (its newest file), never later than now
        self.exported_at = min(newest, now) if newest else now

    def label(self, name: str) -> str:
        found = self.files[name]
        own = found.filename if isinstance(found, zipfile.ZipInfo) else Path(str(found)).name
        return f"{self.path.name}:{own}" if self.zip is not None or self.path.is_dir() else own

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        found = self.files[name]
        label = self.label(name)
        try:
            if isinstance(found, zipfile.ZipInfo):
                assert self.zip is not None
                try:
                    member = self.zip.open(found)
                except NotImplementedError:  # a compression method zipfile lacks (or a mangled header)
                    raise BadInput(
                        f"{label}: compressed in a way kith cannot read; download the export again"
                    ) from None
                except RuntimeError:  # encrypted: zipfile asks for a password
                    raise BadInput(
                        f"{label}: the file is encrypted; export it again without a password"
                    ) from None
                with io.BufferedReader(member, 1 << 16) as stream:  # type: ignore[arg-type,type-var]
                    yield stream
            else:
                with open(str(found), "rb") as stream:
                    yield stream
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise BadInput(
                f"{label}: the zip is truncated or corrupt ({exc}); download the export again"
            ) from None
        except OSError as exc:
            raise BadInput(f"{label}: cannot read it ({exc.strerror or exc})") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def export_table(export: Export, name: str, stream: BinaryIO, options: ImportOptions, *need: str) -> Table:
    wanted = [column_key(n) for n in need]
    return read_table(
        stream,
        export.label(name),
        find_header=lambda keys: all(w in keys for w in wanted),
        expected=", ".join(need),
        progress=options.progress,
    )
