"""The messages of a LinkedIn export (``messages.csv``, ``Inbox.csv`` in the oldest exports), and how the
user is told apart in them.

The user is known by ``--me`` / the stored user and the profile (names and profile URLs), else inferred
as the one participant present in nearly every conversation. A name may hold commas ("Femi O SPHRi,
CPHR"): FROM is one person; TO is split into as many people as RECIPIENT PROFILE URLS has URLs, and
without URLs into the names seen as senders (the credentials after a comma stay with the name before
them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import itemgetter

from kith.errors import BadInput
from kith.importers.linkedin_files import (
    PROFILE,
    Export,
    cached_name_key,
    export_table,
    full_name,
    parse_date,
    profile_url,
    stable_id,
)
from kith.importers.records import ImportOptions, InteractionRecord, PersonRef, Record, Skipped
from kith.importers.tabular import Table, cell
from kith.people.identities import is_placeholder_name, name_key

#: the user is inferred as a participant of at least this share of conversations
NEARLY_EVERY = 0.9


class User:
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
        return cached_name_key(name) in self.names or cached_name_key(name.split(",", 1)[0]) in self.names


def read_profile(export: Export, options: ImportOptions, user: User) -> tuple[str, str] | None:
    """The export owner's name from Profile.csv (and where), counted as the user's; None without one."""
    with export.open(PROFILE) as stream:
        table = export_table(export, PROFILE, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        url = table.column("Public Profile Url", "Profile URL", "URL")
        for line, row in table.rows:
            profile = profile_url(cell(row, url))
            if profile:
                user.urls.add(profile)
                user.learned.add(profile)
            name = full_name(cell(row, first), cell(row, last))
            if not name or is_placeholder_name(name):
                return None
            user.names.add(name_key(name))
            return name, f"{table.label}:{line}"
    return None


def learn_url(name: str, user: User, senders: Senders) -> None:
    """The user's profile URL from the messages: the one URL the profile's name sends with."""
    key = cached_name_key(name)
    urls = {u for u, names in senders.by_url.items() if key in names and profile_url(u)}
    if len(urls) == 1:
        url = profile_url(urls.pop())
        assert url is not None
        user.urls.add(url)
        user.learned.add(url)


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


class Senders:
    """The names seen in FROM, which LinkedIn never splits: how a TO that holds commas is read."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        #: the names each sender's profile URL is written with
        self.by_url: dict[str, set[str]] = {}

    def add(self, name: str, url: str) -> None:
        if name.strip():
            self.keys.add(cached_name_key(name))
            if url.strip():
                self.by_url.setdefault(url.strip(), set()).add(cached_name_key(name))

    def __contains__(self, name: str) -> bool:
        return cached_name_key(name) in self.keys


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


def _names(text: str, count: int | None, senders: Senders) -> list[str | None]:
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


def _segment(parts: list[str], senders: Senders) -> list[str]:
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
    sender: str, sender_url: str, to: str, to_urls: str, senders: Senders
) -> tuple[tuple, list[tuple]]:
    """(sender, recipients) as (name, url) pairs: FROM whole, TO split as ``_names`` reads it."""
    first = (" ".join(sender.split()) or None, profile_url(sender_url.strip()))
    to_urls = to_urls.strip()
    urls = [profile_url(u) for u in _split(to_urls.replace(" ", ","), ",")] if to_urls else []
    names = _names(to, len(urls) if urls else None, senders)
    recipients = list(zip(names, urls, strict=True)) if urls else [(n, None) for n in names]
    return first, [(n, u) for n, u in recipients if n or u]


def has_recipient_urls(export: Export, name: str, options: ImportOptions) -> bool:
    with export.open(name) as stream:
        table = export_table(export, name, stream, options, "FROM", "DATE")
        return table.column("RECIPIENT PROFILE URLS", "RECIPIENT PROFILE URL") is not None


def _sent(direction: str) -> bool | None:
    """What the oldest layout's DIRECTION says: True for the user's own message, None when absent."""
    said = direction.strip().upper()
    return True if said in ("OUTGOING", "SENT") else False if said in ("INCOMING", "RECEIVED") else None


def survey(export: Export, name: str, options: ImportOptions, user: User, senders: Senders) -> None:
    """A first pass over the messages: the names seen as senders (to read TO cells holding commas) and,
    when the user is not known yet, the user: the participant present in nearly every conversation."""
    distinct: set[tuple[str, ...]] = set()  # a conversation's few sender and recipient combinations
    with export.open(name) as stream:
        table = export_table(export, name, stream, options, "FROM", "DATE")
        for line, (conversation, sender, sender_url, to, to_urls, *_rest, direction) in _message_rows(table):
            senders.add(sender, sender_url)
            if not user:
                thread = conversation.strip() or f"line {line}"
                distinct.add((thread, sender, sender_url, to, to_urls, direction))
    if not user:
        _infer_user(export, name, distinct, user, senders)
    for url, names in senders.by_url.items():  # TO cells name the user without a URL
        if profile_url(url) in user.urls:
            user.names |= names


def _infer_user(
    export: Export, name: str, distinct: set[tuple[str, ...]], user: User, senders: Senders
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
                key = f"url {url}" if url else f"name {cached_name_key(person_name or '')}"
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


def messages_records(
    export: Export, name: str, options: ImportOptions, user: User, senders: Senders
) -> Iterator[Record]:
    #: who sent it and who else took part, per (FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS):
    #: the same few combinations come back in every message of a conversation
    seen: dict[tuple[str, ...], tuple[tuple, bool, tuple, bool]] = {}
    with export.open(name) as stream:
        table = export_table(export, name, stream, options, "FROM", "DATE")
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
                external_id="li-msg:" + stable_id(conversation, date, first[1] or first[0] or "", content),
                where=f"{label}:{line}",
            )
