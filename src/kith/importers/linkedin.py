"""LinkedIn's data export (the .zip as downloaded, its unzipped folder, or a lone Connections.csv).

Files are found by name anywhere in the export, columns by name, never by position; every file but one
of the known ones may be missing:

- ``Connections.csv``: people with their company, position and connection date. A few "Notes:" lines
  come before the header; older exports have no ``URL`` column.
- ``Profile.csv``: the export's owner, the user. Its name always counts as the user's (whatever ``kith
  me`` says) and is handed on as an ``OwnerRecord``, with the user's profile URL as the export shows it
  (the sender of the outgoing invitations, or the one URL the profile's name sends messages with), so
  that the import can name a user who has no name yet, or say that kith knows them by another.
- ``messages.csv`` (``Inbox.csv`` in the oldest exports): message interactions, with direction relative
  to the user. The user is told apart by ``--me`` / the stored user and the profile (names and profile
  URLs), else inferred as the one participant present in nearly every conversation. A name may hold commas ("Femi
  O SPHRi, CPHR"): FROM is one person; TO is split into as many people as RECIPIENT PROFILE URLS has
  URLs, and without URLs into the names seen as senders (the credentials after a comma stay with the
  name before them). "LinkedIn Member", LinkedIn's name for a hidden or deleted account, is nobody.
- ``Invitations.csv``: connection requests, incoming and outgoing.
- ``Endorsement_Given_Info.csv``, ``Endorsement_Received_Info.csv``, ``Recommendations_Given.csv``,
  ``Recommendations_Received.csv``: favours (endorsement, recommendation).
- ``Education.csv``: the user's own schools (``kith.importers.linkedin_education``).

A zip is read member by member, row by row, never expanded whole; what it may expand to is capped first
(``kith.importers.archive``: a zip bomb is one error line).

The export's date (its newest file) dates what it reports, so a changed position becomes a job change
seen on that day.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from kith.errors import BadInput
from kith.importers.archive import check_expansion, open_zip
from kith.importers.linkedin_education import EDUCATION, education_records
from kith.importers.records import (
    FavourRecord,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    Notice,
    OwnerRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
)
from kith.importers.tabular import Table, cell, column_key, read_table
from kith.importers.textfile import open_binary
from kith.people.identities import is_placeholder_name, name_key, normalize_linkedin
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

#: the user is inferred as a participant of at least this share of conversations
NEARLY_EVERY = 0.9

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
def _url(text: str) -> str | None:
    try:
        return normalize_linkedin(text) if text.strip() else None
    except Exception:
        return None


_name_key = lru_cache(maxsize=1 << 16)(name_key)


def _name(*parts: str) -> str | None:
    return " ".join(" ".join(parts).split()) or None


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


class _Export:
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


def _table(export: _Export, name: str, stream: BinaryIO, options: ImportOptions, *need: str) -> Table:
    wanted = [column_key(n) for n in need]
    return read_table(
        stream,
        export.label(name),
        find_header=lambda keys: all(w in keys for w in wanted),
        expected=", ".join(need),
        progress=options.progress,
    )


class _User:
    """Tells the user apart in messages, by profile URL or name."""

    def __init__(self, options: ImportOptions) -> None:
        self.urls = set(options.me_linkedin)
        self.names = set(options.me_names)
        #: the profile URLs this export shows are the user's
        self.learned: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.urls or self.names)

    def __call__(self, name: str | None, url: str | None) -> bool:
        if url is not None and url in self.urls:
            return True
        if name is None:
            return False
        # "Femi O SPHRi, CPHR" is the user "Femi O SPHRi" with a credential after the comma
        return _name_key(name) in self.names or _name_key(name.split(",", 1)[0]) in self.names


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Read a LinkedIn export: people, messages, invitations, endorsements and recommendations."""
    now = options.now or datetime.now(UTC)
    export = _Export(Path(path), now)
    try:
        user = _User(options)
        owner = _read_profile(export, options, user) if PROFILE in export.files else None
        if CONNECTIONS in export.files:
            yield from _connections(export, options)
        if INVITATIONS in export.files:
            yield from _invitations(export, options, user)
        for name, direction in ENDORSEMENTS.items():
            if name in export.files:
                yield from _endorsements(export, name, direction, options)
        for name, direction in RECOMMENDATIONS.items():
            if name in export.files:
                yield from _recommendations(export, name, direction, options)
        if EDUCATION in export.files:
            with export.open(EDUCATION) as stream:
                yield from education_records(_table(export, EDUCATION, stream, options, "School Name"))
        messages = MESSAGES if MESSAGES in export.files else INBOX if INBOX in export.files else None
        if messages is not None:
            senders = _Senders()
            learn = owner is not None and not user.learned
            if not user or learn or not _has_recipient_urls(export, messages, options):
                _survey(export, messages, options, user, senders)
            if learn and owner is not None:
                _learn_url(owner[0], user, senders)
            yield from _messages(export, messages, options, user, senders)
        if owner is not None:
            name, where = owner
            learned = sorted(user.learned)
            yield OwnerRecord(name=name, linkedin=learned[0] if len(learned) == 1 else None, where=where)
    finally:
        export.close()


def _read_profile(export: _Export, options: ImportOptions, user: _User) -> tuple[str, str] | None:
    """The export owner's name from Profile.csv (and where), counted as the user's; None without one."""
    with export.open(PROFILE) as stream:
        table = _table(export, PROFILE, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        url = table.column("Public Profile Url", "Profile URL", "URL")
        for line, row in table.rows:
            profile = _url(cell(row, url))
            if profile:
                user.urls.add(profile)
                user.learned.add(profile)
            name = _name(cell(row, first), cell(row, last))
            if not name or is_placeholder_name(name):
                return None
            user.names.add(name_key(name))
            return name, f"{table.label}:{line}"
    return None


def _learn_url(name: str, user: _User, senders: _Senders) -> None:
    """The user's profile URL from the messages: the one URL the profile's name sends with."""
    key = _name_key(name)
    urls = {u for u, names in senders.by_url.items() if key in names and _url(u)}
    if len(urls) == 1:
        url = _url(urls.pop())
        assert url is not None
        user.urls.add(url)
        user.learned.add(url)


def _connections(export: _Export, options: ImportOptions) -> Iterator[Record]:
    with export.open(CONNECTIONS) as stream:
        table = _table(export, CONNECTIONS, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        url = table.column("URL", "Profile URL")
        email = table.column("Email Address", "Email")
        company, position = table.column("Company"), table.column("Position")
        connected = table.column("Connected On")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            name = _name(cell(row, first), cell(row, last))
            profile = _url(cell(row, url))
            address = cell(row, email)
            if not name and not profile and not address:
                yield Skipped("connection without a name", where)
                continue
            written = cell(row, connected)
            on = parse_date(written)
            if written and on is None:
                yield Notice("connection date not read (kept without it)", f"{where}: {written!r}")
            yield PersonRecord(
                ref=PersonRef(name=name, emails=[address] if address else [], linkedin=profile),
                company=cell(row, company) or None,
                title=cell(row, position) or None,
                platform="linkedin",
                connected_on=on.date() if on else None,
                seen_at=export.exported_at,
                where=where,
            )


def _split(text: str, sep: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", sep).split(sep) if part.strip()]


_MESSAGE_FIELDS = (
    "conversation",
    "from",
    "from_url",
    "to",
    "to_urls",
    "date",
    "subject",
    "content",
    "folder",
    "direction",
)


def _message_rows(table: Table) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line, the message fields in _MESSAGE_FIELDS order) per row; absent columns read as empty."""
    cols = {
        "conversation": table.column("CONVERSATION ID"),
        "from": table.column("FROM", required=True),
        "from_url": table.column("SENDER PROFILE URL"),
        "to": table.column("TO"),
        "to_urls": table.column("RECIPIENT PROFILE URLS", "RECIPIENT PROFILE URL"),
        "date": table.column("DATE", required=True),
        "subject": table.column("SUBJECT"),
        "content": table.column("CONTENT"),
        "folder": table.column("FOLDER"),
        "direction": table.column("DIRECTION"),
    }
    width = len(table.header)
    pick = itemgetter(*(width if cols[f] is None else cols[f] for f in _MESSAGE_FIELDS))
    padding = [""] * (width + 1)
    for line, row in table.rows:
        if len(row) <= width:
            row = row + padding[: width + 1 - len(row)]
        yield line, pick(row)


class _Senders:
    """The names seen in FROM, which LinkedIn never splits: how a TO that holds commas is read."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        #: the names each sender's profile URL is written with
        self.by_url: dict[str, set[str]] = {}

    def add(self, name: str, url: str) -> None:
        if name.strip():
            self.keys.add(_name_key(name))
            if url.strip():
                self.by_url.setdefault(url.strip(), set()).add(_name_key(name))

    def __contains__(self, name: str) -> bool:
        return _name_key(name) in self.keys


#: credentials and suffixes written after a comma in a LinkedIn name ("Jane Doe, MBA", "Sam Lee, Jr.")
_SUFFIXES = frozenset(
    [
        "jr",
        "jr.",
        "sr",
        "sr.",
        "ii",
        "iii",
        "iv",
        "phd",
        "ph.d.",
        "md",
        "m.d.",
        "mba",
        "cpa",
        "pmp",
        "cfa",
        "esq",
        "esq.",
        "dds",
        "msc",
        "bsc",
        "ma",
        "ba",
        "meng",
    ]
)


def _is_credential(part: str) -> bool:
    """True for "MBA", "CPHR", "SPHRi", "ACIPM", "Ph.D.": a credential, not a person's name."""
    word = part.strip()
    if not word or " " in word:
        return word.lower() in _SUFFIXES
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return word.lower() in _SUFFIXES or (len(letters) >= 2 and capitals >= len(letters) - 1 and capitals >= 2)


def _names(text: str, count: int | None, senders: _Senders) -> list[str | None]:
    """The people in a TO cell: ``count`` of them when the URLs say how many (None each when the names
    cannot be told apart), else as many as the names seen as senders and the credentials allow."""
    text = text.replace("\n", ",").strip().strip(",")
    if not text:
        return [None] * (count or 0)
    parts = [p for p in text.split(",") if p.strip()]
    if count is not None and len(parts) == count:
        return [p.strip() for p in parts]
    if count in (None, 1) and (len(parts) == 1 or text in senders or count == 1):
        return [" ".join(text.split())]
    groups: list[str | None] = list(_segment(parts, senders))
    if count is not None and len(groups) != count:
        return [None] * count
    return groups


def _segment(parts: list[str], senders: _Senders) -> list[str]:
    """Comma-separated parts joined back into names: the longest run that is a known sender's name,
    else a part with the credentials that follow it."""
    groups: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ",".join(parts[i:j]).strip()
            if j - i > 1 and candidate in senders:
                break
        else:
            j = i + 1
            while j < len(parts) and _is_credential(parts[j]) and ",".join(parts[i : j + 1]) not in senders:
                j += 1
            candidate = ",".join(parts[i:j]).strip()
        groups.append(" ".join(candidate.split()))
        i = j
    return groups


def _message_people(
    sender: str, sender_url: str, to: str, to_urls: str, senders: _Senders
) -> tuple[tuple, list[tuple]]:
    """(sender, recipients) as (name, url) pairs: FROM whole, TO split as ``_names`` reads it."""
    first = (" ".join(sender.split()) or None, _url(sender_url.strip()))
    to_urls = to_urls.strip()
    urls = [_url(u) for u in _split(to_urls.replace(" ", ","), ",")] if to_urls else []
    names = _names(to, len(urls) if urls else None, senders)
    recipients = list(zip(names, urls, strict=True)) if urls else [(n, None) for n in names]
    return first, [(n, u) for n, u in recipients if n or u]


def _has_recipient_urls(export: _Export, name: str, options: ImportOptions) -> bool:
    with export.open(name) as stream:
        table = _table(export, name, stream, options, "FROM", "DATE")
        return table.column("RECIPIENT PROFILE URLS", "RECIPIENT PROFILE URL") is not None


def _sent(direction: str) -> bool | None:
    """What the oldest layout's DIRECTION says: True for the user's own message, None when absent."""
    said = direction.strip().upper()
    return True if said in ("OUTGOING", "SENT") else False if said in ("INCOMING", "RECEIVED") else None


def _survey(export: _Export, name: str, options: ImportOptions, user: _User, senders: _Senders) -> None:
    """A first pass over the messages: the names seen as senders (to read TO cells holding commas) and,
    when the user is not known yet, the user: the participant present in nearly every conversation."""
    distinct: set[tuple[str, ...]] = set()  # a conversation's few sender and recipient combinations
    with export.open(name) as stream:
        table = _table(export, name, stream, options, "FROM", "DATE")
        for line, (conversation, sender, sender_url, to, to_urls, *_rest, direction) in _message_rows(table):
            senders.add(sender, sender_url)
            if not user:
                thread = conversation.strip() or f"line {line}"
                distinct.add((thread, sender, sender_url, to, to_urls, direction))
    if not user:
        _infer_user(export, name, distinct, user, senders)
    for url, names in senders.by_url.items():  # TO cells name the user without a URL
        if _url(url) in user.urls:
            user.names |= names


def _infer_user(
    export: _Export, name: str, distinct: set[tuple[str, ...]], user: _User, senders: _Senders
) -> None:
    """The user: the sender of the messages marked outgoing, else the participant present in nearly
    every conversation; BadInput when that cannot be told."""
    seen: dict[str, set[str]] = {}
    outgoing: Counter = Counter()
    for thread, sender, sender_url, to, to_urls, direction in distinct:
        people = seen.setdefault(thread, set())
        first, recipients = _message_people(sender, sender_url, to, to_urls, senders)
        for person_name, url in (first, *recipients):
            if url or (person_name and not is_placeholder_name(person_name)):
                key = f"url {url}" if url else f"name {_name_key(person_name or '')}"
                people.add(key)
                if (person_name, url) == first and _sent(direction):
                    outgoing[key] += 1
    if outgoing:  # the oldest layout says which messages the user sent
        top = outgoing.most_common(1)[0][0]
    else:
        counts = Counter(key for people in seen.values() for key in people)
        ranked = counts.most_common(2)
        total = len(seen)
        if not ranked:
            return
        top, n = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if total < 2 or n < NEARLY_EVERY * total or n == runner_up:
            raise BadInput(
                f"{export.label(name)}: cannot tell which participant is you (no Profile.csv); "
                "pass --me with your name or profile URL"
            )
    kind, value = top.split(" ", 1)
    (user.urls if kind == "url" else user.names).add(value)


def _messages(
    export: _Export, name: str, options: ImportOptions, user: _User, senders: _Senders
) -> Iterator[Record]:
    #: who sent it and who else took part, per (FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS):
    #: the same few combinations come back in every message of a conversation
    seen: dict[tuple[str, ...], tuple[tuple, bool, tuple, bool]] = {}
    with export.open(name) as stream:
        table = _table(export, name, stream, options, "FROM", "DATE")
        label = table.label
        for line, fields in _message_rows(table):
            conversation, sender, sender_url, to, to_urls, date, subject, content, folder, direction = fields
            when = parse_date(date)
            if when is None:
                yield Skipped("message with an unreadable date", f"{label}:{line}")
                continue
            if folder and folder.strip().upper() == "SPAM":
                yield Skipped("message in the spam folder", f"{label}:{line}")
                continue
            key = (sender, sender_url, to, to_urls, direction)
            known = seen.get(key)
            if known is None:
                if len(seen) > 1 << 16:
                    seen.clear()
                first, recipients = _message_people(sender, sender_url, to, to_urls, senders)
                sent = _sent(direction)
                from_me = user(*first) if sent is None else sent
                others = tuple(p for p in ([] if from_me else [first]) + recipients if not user(*p))
                involved = from_me or sent is False or len(others) != len(recipients) + 1
                known = seen[key] = (first, from_me, others, involved)
            first, from_me, others, involved = known
            if not involved:
                yield Skipped("message does not involve you", f"{label}:{line}")
                continue
            if not others:
                yield Skipped("message with no one besides you", f"{label}:{line}")
                continue
            subject = subject.strip()
            summary = subject or " ".join(content.split())[:200] or None
            yield InteractionRecord(
                occurred_at=when,
                channel="message",
                kind="message",
                participants=[PersonRef(name=n, linkedin=url) for n, url in others],
                direction="outbound" if from_me else "inbound",
                summary=summary,
                external_id="li-msg:" + _hash(conversation, date, first[1] or first[0] or "", content),
                where=f"{label}:{line}",
            )


def _invitations(export: _Export, options: ImportOptions, user: _User) -> Iterator[Record]:
    with export.open(INVITATIONS) as stream:
        table = _table(export, INVITATIONS, stream, options, "From", "To", "Direction")
        cols = {
            "from": table.column("From"),
            "to": table.column("To"),
            "sent": table.column("Sent At"),
            "message": table.column("Message"),
            "direction": table.column("Direction"),
            "from_url": table.column("inviterProfileUrl", "Inviter Profile URL"),
            "to_url": table.column("inviteeProfileUrl", "Invitee Profile URL"),
        }
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            direction = cell(row, cols["direction"]).lower()
            if direction not in ("incoming", "outgoing"):
                yield Skipped("invitation with an unknown direction", where)
                continue
            if direction == "outgoing":  # the user sent it: the inviter's profile is theirs
                mine = _url(cell(row, cols["from_url"]))
                if mine:
                    user.urls.add(mine)
                    user.learned.add(mine)
            side = "from" if direction == "incoming" else "to"
            name, url = cell(row, cols[side]) or None, _url(cell(row, cols[f"{side}_url"]))
            if not name and not url:
                yield Skipped("invitation without a name", where)
                continue
            yield InvitationRecord(
                person=PersonRef(name=name, linkedin=url),
                direction=direction,
                sent_at=parse_date(cell(row, cols["sent"])),
                message=cell(row, cols["message"]) or None,
                platform="linkedin",
                where=where,
            )


def _column_ending(table: Table, suffix: str) -> int | None:
    keys = [column_key(h) for h in table.header]
    return next((i for i, k in enumerate(keys) if k.endswith(suffix)), None)


def _endorsements(export: _Export, name: str, direction: str, options: ImportOptions) -> Iterator[Record]:
    with export.open(name) as stream:
        table = _table(export, name, stream, options, "Skill Name")
        first, last = _column_ending(table, "firstname"), _column_ending(table, "lastname")
        url = _column_ending(table, "url")
        when = _column_ending(table, "date")
        skill, status = table.column("Skill Name"), table.column("Endorsement Status", "Status")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            person_name = _name(cell(row, first), cell(row, last))
            profile = _url(cell(row, url))
            if not person_name and not profile:
                yield Skipped("endorsement without a name", where)
                continue
            if cell(row, status).upper() in ("REJECTED", "HIDDEN"):
                yield Skipped("endorsement rejected or hidden", where)
                continue
            skill_name = cell(row, skill)
            yield FavourRecord(
                person=PersonRef(name=person_name, linkedin=profile),
                kind="endorsement",
                direction=direction,
                occurred_at=parse_date(cell(row, when)) or export.exported_at,
                note=f"endorsement for {skill_name}" if skill_name else "endorsement",
                external_id="li-endorse:"
                + _hash(direction, profile or name_key(person_name or ""), skill_name),
                where=where,
            )


def _recommendations(export: _Export, name: str, direction: str, options: ImportOptions) -> Iterator[Record]:
    with export.open(name) as stream:
        table = _table(export, name, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        when = table.column("Creation Date", "Date")
        text, status = table.column("Text", "Recommendation"), table.column("Status")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            person_name = _name(cell(row, first), cell(row, last))
            if not person_name:
                yield Skipped("recommendation without a name", where)
                continue
            if cell(row, status).upper() in ("HIDDEN", "REJECTED"):
                yield Skipped("recommendation rejected or hidden", where)
                continue
            body = " ".join(cell(row, text).split())
            created = cell(row, when)
            yield FavourRecord(
                person=PersonRef(name=person_name),
                kind="recommendation",
                direction=direction,
                occurred_at=parse_date(created) or export.exported_at,
                note=body[:500] or None,
                external_id="li-rec:" + _hash(direction, name_key(person_name), created, body[:200]),
                where=where,
            )
