"""Mailboxes (mbox) to email interactions, streaming and reading headers only.

The file is read line by line in binary; a message starts at a ``From `` line at the start of the file
or after a blank line. Only each message's header block is parsed (``email.parser.BytesHeaderParser``);
bodies are skipped unread, so a 2 GB mailbox needs memory for one header block at a time.

One interaction per message: ``outbound`` when the user sent it (From is one of ``--me``), ``inbound``
otherwise; the participants are the From/To/Cc addresses minus the user. Bulk mail (a List-Unsubscribe
header, Precedence bulk/list/junk, an automatic reply, a no-reply sender) and messages with more than
20 recipients are skipped and counted. The external id is the Message-ID (or a hash of the headers).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from kith.errors import BadInput
from kith.identities import normalize_email
from kith.importers.records import ImportOptions, InteractionRecord, PersonRef, Record, Skipped
from kith.importers.textfile import open_binary

#: more recipients than this is a broadcast, not a conversation
MAX_RECIPIENTS = 20
#: a header block longer than this is skipped (no real message has one)
MAX_HEADER = 256 * 1024
#: lines are read in pieces of at most this many bytes (a body may be one enormous line)
CHUNK = 64 * 1024

_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?)\b|noreply")
_BULK_PRECEDENCE = {"bulk", "list", "junk"}


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one InteractionRecord per person-to-person message of the mbox at ``path``."""
    me = set(options.me_emails)
    if not me:
        raise BadInput(f"{path}: say which address is yours with --me EMAIL (to tell sent from received)")
    parser = BytesHeaderParser(policy=compat32)
    for number, header in _header_blocks(path, options):
        where = f"{path}:{number}"
        if header is None:
            yield Skipped("message header too large", where)
            continue
        yield _message(parser.parsebytes(header), me, where)


def _header_blocks(path: Path, options: ImportOptions) -> Iterator[tuple[int, bytes | None]]:
    """(line number of the ``From `` line, header bytes) for each message, bodies skipped unread."""
    progress = options.progress
    pending = 0
    with open_binary(path) as stream:
        first = stream.readline(CHUNK)
        if not first.startswith(b"From "):
            what = "empty file" if not first else "not an mbox file (line 1 does not start with 'From ')"
            raise BadInput(f"{path}:1: {what}")
        number, start, pending = 1, 1, len(first)
        header: list[bytes] | None = []
        size = 0
        in_header, blank_before, at_line_start = True, False, first.endswith(b"\n")
        readline = stream.readline
        while True:
            line = readline(CHUNK)
            if not line:
                break
            pending += len(line)
            if pending >= 1 << 20 and progress is not None:
                progress(pending)
                pending = 0
            if not at_line_start:  # the rest of a long line
                at_line_start = line.endswith(b"\n")
                continue
            at_line_start = line.endswith(b"\n")
            number += 1
            if blank_before and line.startswith(b"From "):
                yield start, (b"".join(header) if header is not None else None)
                start, header, size, in_header, blank_before = number, [], 0, True, False
                continue
            blank_before = line in (b"\n", b"\r\n")
            if in_header:
                if blank_before:
                    in_header = False
                elif header is not None:
                    size += len(line)
                    header = header if size <= MAX_HEADER else None
                    if header is not None:
                        header.append(line)
        yield start, (b"".join(header) if header is not None else None)
    if progress is not None and pending:
        progress(pending)


def _decode(value) -> str:
    if value is None:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except Exception:  # a badly encoded word: keep the raw text
        return " ".join(str(value).split())


def _addresses(message, *names: str) -> list[tuple[str, str]]:
    """(normalised email, display name) for the addresses in headers ``names``."""
    found: dict[str, str] = {}
    values = [str(v) for name in names for v in (message.get_all(name) or [])]
    for display, address in getaddresses(values):
        try:
            email = normalize_email(address)
        except BadInput:
            continue
        found.setdefault(email, _decode(display).strip("'\" "))
    return list(found.items())


def _message(message, me: set[str], where: str) -> Record:
    if message.get("List-Unsubscribe") is not None or message.get("List-Id") is not None:
        return Skipped("bulk mail (mailing list)", where)
    if str(message.get("Precedence", "")).strip().lower() in _BULK_PRECEDENCE:
        return Skipped("bulk mail (Precedence)", where)
    if str(message.get("Auto-Submitted", "no")).strip().lower() != "no":
        return Skipped("automatic reply", where)
    senders = _addresses(message, "From")
    if not senders:
        return Skipped("message without a sender address", where)
    sender = senders[0][0]
    if _NO_REPLY.search(sender.split("@")[0]):
        return Skipped("bulk mail (no-reply sender)", where)
    recipients = _addresses(message, "To", "Cc", "Bcc")
    if len(recipients) > MAX_RECIPIENTS:
        return Skipped(f"more than {MAX_RECIPIENTS} recipients", where)
    outbound = sender in me
    people = {e: n for e, n in (recipients if outbound else senders + recipients) if e not in me}
    if not people:
        return Skipped("message with nobody but you", where)
    when = _date(message)
    if when is None:
        return Skipped("message without a readable date", where)
    message_id = str(message.get("Message-ID", "")).strip().strip("<>").strip()
    if not message_id:
        seed = "|".join(str(message.get(h, "")) for h in ("From", "To", "Cc", "Date", "Subject"))
        message_id = "sha1:" + hashlib.sha1(seed.encode("utf-8", "replace")).hexdigest()
    return InteractionRecord(
        occurred_at=when,
        channel="email",
        kind="email",
        participants=[PersonRef(name=name or None, emails=[email]) for email, name in people.items()],
        direction="outbound" if outbound else "inbound",
        summary=_decode(message.get("Subject"))[:300] or None,
        external_id=message_id[:300],
        where=where,
    )


def _date(message) -> datetime | None:
    raw = message.get("Date")
    if raw is None:
        return None
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
