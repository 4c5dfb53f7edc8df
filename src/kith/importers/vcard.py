"""vCard files (3.0 and 4.0, one card or many) to person records.

The file is read line by line and each ``BEGIN:VCARD`` ... ``END:VCARD`` block is parsed on its own with
vobject, so a large address book never sits in memory whole and one broken card is skipped, not fatal.
Names come from FN (or N, or the email); emails, phones, the organisation and title, notes, categories
(as tags) and profile URLs (LinkedIn, websites, social profiles) are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from kith.errors import BadInput
from kith.importers.records import ImportOptions, PersonRecord, PersonRef, Record, Skipped
from kith.importers.textfile import text_lines
from kith.people.identities import normalize_email, normalize_identity

#: a card longer than this many lines is not a contact (it is a photo-heavy or hostile file)
MAX_CARD_LINES = 20_000

# vobject logs each line it skips straight to stderr; kith's one-line output must stay clean
logging.getLogger("vobject").setLevel(logging.CRITICAL)
logging.getLogger("vobject.base").setLevel(logging.CRITICAL)

_SOCIAL_KINDS = {"twitter": "twitter", "x": "twitter", "github": "github", "mastodon": "mastodon"}


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one PersonRecord per card in the vCard file at ``path`` (Skipped for odd cards)."""
    card: list[str] | None = None
    start = 0
    seen_card = False
    for number, line in text_lines(path, "vCard", options.progress):
        upper = line.strip().upper()
        if card is None:
            if not upper:
                continue
            if upper == "BEGIN:VCARD":
                card, start, seen_card = [line], number, True
            elif not seen_card:
                raise BadInput(f"{path}:{number}: not a vCard file (expected BEGIN:VCARD)")
            else:
                yield Skipped("text outside a card", f"{path}:{number}")
            continue
        card.append(line)
        if upper == "END:VCARD":
            yield from _card_records("\r\n".join(card) + "\r\n", f"{path}:{start}")
            card = None
        elif len(card) > MAX_CARD_LINES:
            raise BadInput(
                f"{path}:{start}: a card of more than {MAX_CARD_LINES} lines; is this a vCard file?"
            )
    if card is not None:
        yield Skipped("card cut off (no END:VCARD)", f"{path}:{start}")
    elif not seen_card:
        raise BadInput(f"{path}:1: empty file; expected vCards (BEGIN:VCARD)")


def _card_records(text: str, where: str) -> Iterator[Record]:
    """The card's PersonRecord (or a Skipped), after a Skipped for each email or phone of a kept card
    that is not one."""
    record, bad = _card_record(text, where)
    if isinstance(record, PersonRecord):
        for kind, value in bad:
            yield Skipped(f"not {kind}; the card is kept without it", f"{where}: {value!r}")
    yield record


def _card_record(text: str, where: str) -> tuple[Record, list[tuple[str, str]]]:
    """The card's record, and the emails and phones in it that are not one ("an email address" or "a
    phone number", value): those are left out before the card is judged empty."""
    import vobject

    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
    except Exception as exc:  # vobject raises ParseError and assorted ValueErrors on broken cards
        return Skipped(f"unreadable card ({exc.__class__.__name__})", where), []
    fields = card.contents
    bad: list[tuple[str, str]] = []
    emails: list[str] = []
    for value in _unique(_values(fields, "email")):
        try:
            emails.append(normalize_email(value))
        except BadInput:
            bad.append(("an email address", value))
    phones: list[str] = []
    for value in _unique(_phone(v) for v in _values(fields, "tel")):
        try:
            normalize_identity("phone", value)
        except BadInput:
            bad.append(("a phone number", value))
        else:
            phones.append(value)  # kept as written; the store normalises it
    emails = _unique(emails)
    ref = PersonRef(name=_name(fields), emails=emails, phones=phones)
    for url in _values(fields, "url"):
        _add_profile(ref, url)
    for line in fields.get("x-socialprofile", []):
        kind = str(line.params.get("TYPE", [""])[0]).lower()
        _add_profile(ref, _text(line.value), kind)
    for key, kind in (("x-twitter", "twitter"), ("x-github", "github")):
        for value in _values(fields, key):
            ref.handles.append((kind, value))
    if not ref.name and not ref.emails and not ref.phones:
        return Skipped("card without a name, email or phone", where), []
    company, title = _organisation(fields), _first(fields, "title")
    tags: list[str] = []
    for line in fields.get("categories", []):
        values = line.value if isinstance(line.value, list) else str(line.value).split(",")
        tags.extend(t.strip() for t in values if str(t).strip())
    record = PersonRecord(
        ref=ref,
        company=company,
        title=title,
        tags=_unique(tags),
        notes=_note(fields),
        where=where,
    )
    return record, bad


def _text(value) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v)
    return " ".join(str(value or "").split())


def _values(fields: dict, key: str) -> list[str]:
    return [t for t in (_text(line.value) for line in fields.get(key, [])) if t]


def _first(fields: dict, key: str) -> str | None:
    values = _values(fields, key)
    return values[0] if values else None


def _note(fields: dict) -> str | None:
    notes = [str(line.value).strip() for line in fields.get("note", []) if str(line.value).strip()]
    return "\n".join(notes) or None


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _phone(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    return value or None


def _name(fields: dict) -> str | None:
    full = _first(fields, "fn")
    if full:
        return full
    for line in fields.get("n", []):
        value = line.value
        if hasattr(value, "given"):
            parts = [value.prefix, value.given, value.additional, value.family, value.suffix]
            name = _text([_text(p) for p in parts])
        else:
            bits = str(value).split(";")
            name = _text(bits[1:2] + bits[0:1])
        if name:
            return name
    return None


def _organisation(fields: dict) -> str | None:
    for line in fields.get("org", []):
        value = line.value
        first = value[0] if isinstance(value, list) and value else value
        text = _text(first)
        if text:
            return text
    return None


def _add_profile(ref: PersonRef, url: str, kind: str = "") -> None:
    lowered = url.lower()
    if "linkedin.com/" in lowered or kind == "linkedin":
        if ref.linkedin is None:
            ref.linkedin = url
    elif kind in _SOCIAL_KINDS:
        ref.handles.append((_SOCIAL_KINDS[kind], url))
    elif "github.com/" in lowered:
        ref.handles.append(("github", url))
    elif url:
        ref.handles.append(("website", url))
