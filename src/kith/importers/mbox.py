"""Mailboxes (mbox) to email interactions, streaming and reading headers only.

The file is read in 1 MB chunks; a message starts at a ``From `` line at the start of the file (blank
lines before it are passed over) or after a blank line. Only each message's header block is looked at; bodies are skipped with a byte search, never
decoded or parsed, so a 2 GB mailbox needs memory for about one chunk at a time.

Only the headers kith needs are read from a block (From, To, Cc, Bcc, Subject, Date, Message-ID and the
bulk-mail markers); dates and unusual address lists go through the standard library (``email.utils``);
plain ``Name <address>`` lists take a fast path.

Header text is decoded as the standards say, and never into replacement characters:

- RFC 2047 encoded words (``=?iso-8859-1?Q?Zo=EB?=``) in the charset they name;
- raw 8-bit bytes in a header (which RFC 5322 forbids, but old clients write): UTF-8 when they are valid
  UTF-8 (RFC 6532 allows it, and other text is almost never valid UTF-8 by accident), else the charset
  the message declares for its text (``Content-Type: ...; charset=...``), else Windows-1252 (cp1252, a
  superset of Latin-1 for printable text); an encoded word whose charset Python does not know, or whose
  bytes are not that charset, is read the same way.
- A name or subject that still cannot be decoded (a broken encoded word, or a replacement character
  already in the file) is left out and counted as a notice: the person is kept by address.

A mailbox that ends inside a message's header block (no blank line after the headers) was cut off: the
import stops with an error naming the message's line. (A cut in a body cannot be told from a shorter
message.)

One interaction per message: ``outbound`` when the user sent it (From is one of ``--me``), ``inbound``
otherwise; the participants are the From/To/Cc addresses minus the user. Bulk mail (a List-Unsubscribe
or List-Id header, Precedence bulk/list/junk, an automatic reply, a no-reply sender) and messages with
more than 20 recipients are skipped and counted. The external id is the Message-ID (or a hash of the
headers).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from kith.errors import BadInput
from kith.importers.records import ImportOptions, InteractionRecord, Notice, PersonRef, Record, Skipped
from kith.importers.textfile import open_binary
from kith.people.identities import normalize_email
from kith.when import MONTH_NUMBERS

#: more recipients than this is a broadcast, not a conversation
MAX_RECIPIENTS = 20
#: a header block longer than this is skipped (no real message has one)
MAX_HEADER = 256 * 1024
#: bytes read at a time
CHUNK = 1 << 20

_HEADER_END = re.compile(rb"\n\r?\n")
_NEXT_MESSAGE = re.compile(rb"\n\r?\nFrom ")
_WANTED = (
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "list-unsubscribe",
    "list-id",
    "precedence",
    "auto-submitted",
)
#: one wanted header field with its continuation lines
_FIELD = re.compile(rf"^({'|'.join(_WANTED)}):[ \t]*(.*(?:\r?\n[ \t].*)*)", re.MULTILINE | re.IGNORECASE)
#: the charset a message declares for its text, perhaps on a folded line: how raw 8-bit headers are read
_DECLARED = re.compile(
    rb'^content-type:(?:[^\n]|\n[ \t])*?charset\s*=\s*"?([A-Za-z0-9._:+-]+)', re.IGNORECASE | re.MULTILINE
)
#: an RFC 2047 encoded word: =?charset[*language]?Q or B?text?=
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")
#: charsets that say nothing about the bytes (RFC 1428's unknown-8bit, or ASCII holding 8-bit bytes)
_UNKNOWN_CHARSETS = {"unknown-8bit", "x-unknown", "unknown", "8bit", "x-user-defined"}
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?)\b|noreply")
_BULK_PRECEDENCE = {"bulk", "list", "junk"}


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one InteractionRecord per person-to-person message of the mbox at ``path``."""
    me = frozenset(options.me_emails)
    for number, header in _header_blocks(path, options):
        if not me:  # checked once the file is known to be a mailbox
            raise BadInput(f"{path}: say which address is yours with --me EMAIL (to tell sent from received)")
        where = f"{path}:{number}"
        if header is None:
            yield Skipped("message header too large", where)
            continue
        yield from _message(_fields(header), me, where)


def _header_blocks(path: Path, options: ImportOptions) -> Iterator[tuple[int, bytes | None]]:
    """(line number of the ``From `` line, header block) per message; None for an oversized header."""
    progress = options.progress
    with open_binary(path) as stream:
        buf = stream.read(CHUNK)
        if progress is not None and buf:
            progress(len(buf))
        start = len(buf) - len(buf.lstrip(b"\r\n"))  # blank lines before the first message are harmless
        line = buf.count(b"\n", 0, start) + 1
        if not buf.startswith(b"From ", start):
            what = "empty file" if not buf.strip() else "not an mbox file (it does not start with 'From ')"
            raise BadInput(f"{path}:{line}: {what}")
        eof = False
        pos = start  # where the current message starts in buf; line: its line number

        def more() -> bool:
            nonlocal buf, eof
            chunk = stream.read(CHUNK)
            if not chunk:
                eof = True
                return False
            if progress is not None:
                progress(len(chunk))
            buf += chunk
            return True

        while True:
            if pos > CHUNK:  # forget what is behind the current message
                buf, pos = buf[pos:], 0
            found = _HEADER_END.search(buf, pos)
            while found is None and not eof and len(buf) - pos <= MAX_HEADER:
                more()
                found = _HEADER_END.search(buf, pos)
            if found is not None:
                header_end, search_from = found.start() + 1, found.start()
            elif eof:
                raise BadInput(
                    f"{path}:{line}: the mailbox is cut off in the headers of this message "
                    "(no blank line after them); export it again"
                )
            else:
                header_end, search_from = None, pos
            if header_end is not None and header_end - pos > MAX_HEADER:
                header_end = None
            if header_end is None:
                yield line, None
            else:
                first_line_end = buf.find(b"\n", pos, header_end)
                yield line, (buf[first_line_end + 1 : header_end] if first_line_end >= 0 else b"")
            while True:  # skip the body: find the next "From " line after a blank line
                following = _NEXT_MESSAGE.search(buf, search_from)
                if following is not None:
                    start = following.end() - 5
                    line += buf.count(b"\n", pos, start)
                    pos = start
                    break
                if eof:
                    return
                keep = max(search_from, len(buf) - 4)  # the tail may hold the start of "\n\nFrom "
                line += buf.count(b"\n", pos, keep)
                buf, pos, search_from = buf[keep:], 0, 0
                more()


def _fields(header: bytes) -> dict[str, list[str]]:
    """The wanted header fields of a block, unfolded, by lower-case name."""
    try:
        text = header.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_8bit(header)
    fields: dict[str, list[str]] = {}
    for name, value in _FIELD.findall(text):
        value = " ".join(value.split()) if "\n" in value else value.strip()
        fields.setdefault(name.lower(), []).append(value)
    return fields


def _decode_8bit(header: bytes) -> str:
    """A header block holding raw 8-bit bytes, line by line: UTF-8 where a line is valid UTF-8, else the
    message's declared charset, else Windows-1252 (Latin-1 for the five bytes cp1252 leaves undefined)."""
    declared = _DECLARED.search(header)
    charset = _codec(declared.group(1).decode("ascii")) if declared else None
    return "".join(_text_8bit(line, charset) for line in header.splitlines(keepends=True))


def _codec(charset: str) -> str | None:
    """Python's codec for a MIME charset name; None when unknown or when it says nothing about 8-bit bytes."""
    name = charset.split("*", 1)[0].strip().lower()
    if name in _UNKNOWN_CHARSETS:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _text_8bit(raw: bytes, charset: str | None) -> str:
    """Bytes of unknown or doubtful charset: UTF-8 when valid, else ``charset``, else cp1252 (Latin-1)."""
    for name in ("utf-8", charset, "cp1252"):
        if name is not None:
            try:
                return raw.decode(name)
            except UnicodeDecodeError:
                continue
    return raw.decode("latin-1")


def _first(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""


@lru_cache(maxsize=4096)
def _decode(value: str) -> str | None:
    """A header value with RFC 2047 encoded words decoded; None when it cannot be decoded (a broken
    encoded word, or a replacement character, U+FFFD, left by whatever wrote the file)."""
    if "=?" in value:
        parts: list[str] = []
        position = 0
        for word in _ENCODED_WORD.finditer(value):
            between = value[position : word.start()]
            if not (parts and not between.strip()):  # space between two encoded words is not text
                parts.append(between)
            text = _encoded_word(*word.groups())
            if text is None:
                return None
            parts.append(text)
            position = word.end()
        value = " ".join(("".join(parts) + value[position:]).split())
    return None if "\ufffd" in value else value


def _encoded_word(charset: str, encoding: str, data: str) -> str | None:
    """The text of one encoded word; None when its bytes are malformed."""
    try:
        if encoding in "Qq":
            raw = binascii.a2b_qp(data.encode("ascii"), header=True)
        else:
            raw = base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return None
    codec = _codec(charset)
    if codec is not None:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass  # mislabelled (cp1252 sent as UTF-8...): read as raw 8-bit text
    return _text_8bit(raw, None)


@lru_cache(maxsize=4096)
def _address_list(value: str) -> tuple[tuple[str, str | None], ...]:
    """(normalised email, display name or None) for each address in one header value."""
    if '"' in value or "(" in value or ";" in value or "\\" in value:
        found = (_address(display, address) for display, address in getaddresses([value]))
    else:  # the common "Name <a@b>, c@d" form: the same few thousand parts come back in every mailbox
        found = (_plain_address(part) for part in value.split(","))
    return tuple(pair for pair in found if pair is not None)


@lru_cache(maxsize=1 << 16)
def _plain_address(part: str) -> tuple[str, str | None] | None:
    name, bracket, rest = part.partition("<")
    return _address(name, rest.partition(">")[0]) if bracket else _address("", part)


def _address(display: str, address: str) -> tuple[str, str | None] | None:
    """(normalised email, display name; None when the name cannot be decoded), None when ``address`` is
    not an email address."""
    try:
        email = normalize_email(address)
    except BadInput:
        return None
    name = _decode(" ".join(display.split()))
    return email, None if name is None else name.strip("'\" ")


def _addresses(fields: dict[str, list[str]], *names: str) -> list[tuple[str, str | None]]:
    found: dict[str, str | None] = {}
    for name in names:
        for value in fields.get(name, ()):
            for email, display in _address_list(value):
                if email not in found or not found[email]:
                    found[email] = display
    return list(found.items())


def _message(fields: dict[str, list[str]], me: frozenset[str], where: str) -> list[Record]:
    """The message's record (an interaction, or why it is skipped), after a Notice for each part of it
    that could not be decoded."""
    if "list-unsubscribe" in fields or "list-id" in fields:
        return [Skipped("bulk mail (mailing list)", where)]
    if _first(fields, "precedence").strip().lower() in _BULK_PRECEDENCE:
        return [Skipped("bulk mail (Precedence)", where)]
    if (_first(fields, "auto-submitted").strip().lower() or "no") != "no":
        return [Skipped("automatic reply", where)]
    senders = _addresses(fields, "from")
    if not senders:
        return [Skipped("message without a sender address", where)]
    sender = senders[0][0]
    if _NO_REPLY.search(sender.split("@")[0]):
        return [Skipped("bulk mail (no-reply sender)", where)]
    recipients = _addresses(fields, "to", "cc", "bcc")
    if len(recipients) > MAX_RECIPIENTS:
        return [Skipped(f"more than {MAX_RECIPIENTS} recipients", where)]
    outbound = sender in me
    people: dict[str, str | None] = {}
    for email, name in recipients if outbound else senders[:1] + recipients:
        if email not in me and (email not in people or not people[email]):
            people[email] = name
    if not people:
        return [Skipped("message with nobody but you", where)]
    when = _date(_first(fields, "date"))
    if when is None:
        return [Skipped("message without a readable date", where)]
    message_id = _first(fields, "message-id").strip().strip("<>").strip()
    if not message_id:
        seed = "|".join(_first(fields, h) for h in ("from", "to", "cc", "date", "subject"))
        message_id = "sha1:" + hashlib.sha1(seed.encode("utf-8", "replace")).hexdigest()
    notices: list[Record] = [
        Notice("a name kith could not decode (the person is kept by address)", f"{where}: {email}")
        for email, name in people.items()
        if name is None
    ]
    subject = _decode(_first(fields, "subject"))
    if subject is None:
        notices.append(Notice("a subject kith could not decode (left out)", where))
    return [
        *notices,
        InteractionRecord(
            occurred_at=when,
            channel="email",
            kind="email",
            participants=[PersonRef(name=name or None, emails=[email]) for email, name in people.items()],
            direction="outbound" if outbound else "inbound",
            summary=(subject or "")[:300] or None,
            external_id=message_id[:300],
            where=where,
        ),
    ]


#: the usual form of a Date header, "Tue, 01 Mar 2022 10:15:00 +0000" (anything else goes to email.utils)
_USUAL_DATE = re.compile(
    r"(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"
)


def _date(raw: str) -> datetime | None:
    if not raw:
        return None
    usual = _USUAL_DATE.fullmatch(raw)
    if usual is not None and usual[2].lower() in MONTH_NUMBERS:
        day, month, year, hour, minute, second, sign, zh, zm = usual.groups()
        try:
            when = datetime(
                int(year),
                MONTH_NUMBERS[month.lower()],
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=UTC,
            )
        except ValueError:
            pass  # not a real date: email.utils decides
        else:
            offset = timedelta(hours=int(zh), minutes=int(zm))
            try:
                return when - offset if sign == "+" else when + offset
            except OverflowError:
                return None
    try:
        when = parsedate_to_datetime(raw)
        if when is None:
            return None
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
