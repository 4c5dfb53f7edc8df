"""vCard files (2.1, 3.0 and 4.0, one card or many) to person records, read by kith's own line reader.

Real address books are written loosely, and a general vCard library reads them wrongly in ways that cut
people's data silently; so kith reads the lines itself, by the rules each writer actually follows:

- **Lines.** A line starting with a space or tab continues the one before (3.0 and 4.0 drop that one
  character; 2.1 keeps it, since it folds at a space). A quoted-printable value ending in ``=`` goes on
  on the next line whatever it starts with (2.1's soft line break). The base64 lines of a 2.1 photo go on
  until a blank line. Any other line without a ``:`` is passed over.
- **Properties.** ``[group.]NAME[;param...]:value``; 2.1's bare parameters (``TEL;WORK;VOICE:``) are
  types; ``ENCODING=QUOTED-PRINTABLE`` values are decoded in their ``CHARSET`` (UTF-8, else
  Windows-1252); base64 values (photos, keys, sounds) are never decoded: kith keeps no photos, so a
  photo that would not decode costs nothing.
- **Text.** ``\\,`` ``\\;`` ``\\:`` ``\\\\`` and ``\\n`` are unescaped everywhere (Apple writes
  ``https\\://``). Only structured properties are split: N and ORG on ``;``, CATEGORIES on ``,``. A
  text value is never cut at a comma, escaped or not (Gmail and 2.1 writers leave them bare:
  ``FN:Mr. John Richter, James Doe Sr.``).
- ``PROFILE:VCard``, ``VERSION``, ``PRODID`` and whatever kith does not use are passed over.

Names come from FN (or N, or the email); emails, phones, the organisation and title, notes, categories
(as tags; Google's own ``myContacts`` and ``starred`` left out) and profile URLs (URL, Apple's
X-SOCIALPROFILE, X-TWITTER...) are kept, and so are the birthday (BDAY: ``1985-04-12``, vCard 4's
``19850412`` and ``--0412``, Apple's year-less ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12``) and the
anniversary (ANNIVERSARY, X-ANNIVERSARY and its kin, Apple's ``X-ABDATE`` labelled anniversary); a date
kith cannot read is a notice, and the card is kept without it. Each card is read on its own, so a large
address book never sits in memory whole and one broken card is skipped, not fatal. A file whose last card has no ``END:VCARD``
was cut off: the import stops with an error naming the card's line, and nothing is stored.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kith.birthdays import KINDS, parse_yearly
from kith.errors import BadInput
from kith.importers.records import ImportOptions, Notice, PersonRecord, PersonRef, Record, Skipped
from kith.importers.textfile import text_lines
from kith.people.identities import normalize_email, normalize_identity

#: a card longer than this many lines is not a contact (it is a photo-heavy or hostile file)
MAX_CARD_LINES = 20_000

_SOCIAL_KINDS = {"twitter": "twitter", "x": "twitter", "github": "github", "mastodon": "mastodon"}
#: categories that are an address book's own, not the user's
_OWN_CATEGORIES = {"mycontacts", "starred", "* mycontacts", "* starred"}
#: where writers put the anniversary: vCard 4's property, then the X- forms vCard 3 writers use (the
#: common one, Evolution's, Outlook's)
_ANNIVERSARIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY")
_PROPERTY = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n": "\n", "N": "\n"}


@dataclass
class Property:
    """One content line: its upper-case name, parameters (upper-case names, values as written) and value."""

    name: str
    params: dict[str, list[str]] = field(default_factory=dict)
    value: str = ""
    #: the group a property is in (Apple's ``item1.X-ABDATE`` and its ``item1.X-ABLABEL``), upper-case
    group: str = ""

    def types(self) -> set[str]:
        return {t.lower() for v in self.params.get("TYPE", []) for t in v.split(",") if t}

    def param(self, name: str) -> str:
        values = self.params.get(name)
        return values[0] if values else ""


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one PersonRecord per card in the vCard file at ``path`` (Skipped for odd cards)."""
    card: list[str] | None = None
    start = depth = 0
    seen_card = False
    for number, line in text_lines(path, "vCard", options.progress):
        upper = line.strip().upper()
        if card is None:
            if not upper:
                continue
            if upper == "BEGIN:VCARD":
                card, start, depth, seen_card = [], number, 1, True
            elif not seen_card:
                raise BadInput(f"{path}:{number}: not a vCard file (expected BEGIN:VCARD)")
            else:
                yield Skipped("text outside a card", f"{path}:{number}")
            continue
        if upper.endswith("BEGIN:VCARD"):  # a card inside a card (2.1's AGENT): not this person's data
            depth += 1
        elif upper == "END:VCARD" or (depth > 1 and upper.endswith("END:VCARD")):
            depth -= 1
            if depth == 0:
                yield from _card_records(card, f"{path}:{start}")
                card = None
            continue
        if depth == 1:
            card.append(line)
        if len(card) > MAX_CARD_LINES:
            raise BadInput(
                f"{path}:{start}: a card of more than {MAX_CARD_LINES} lines; is this a vCard file?"
            )
    if card is not None:
        raise BadInput(f"{path}:{start}: the file is cut off: the card that starts here has no END:VCARD")
    if not seen_card:
        raise BadInput(f"{path}:1: empty file; expected vCards (BEGIN:VCARD)")


# ------------------------------------------------------------------------------------------ lines


def properties(lines: list[str]) -> list[Property]:
    """The properties of one card's lines (between BEGIN:VCARD and END:VCARD), unfolded and decoded."""
    version = next(
        (ln.split(":", 1)[1].strip() for ln in lines if ln[:8].upper() == "VERSION:" and ":" in ln), "3.0"
    )
    keeps_fold_space = version.startswith("2")
    logical: list[str] = []
    in_base64 = in_qp = False
    for line in lines:
        if in_qp and logical:  # a quoted-printable soft line break: the value goes on, whatever this is
            logical[-1] = logical[-1][:-1] + line
            in_qp = logical[-1].endswith("=")
            continue
        if not line.strip():
            in_base64 = False  # 2.1 ends a base64 value with a blank line
            continue
        if line[0] in " \t" and logical:
            logical[-1] += line if keeps_fold_space else line[1:]
        elif in_base64 and ":" not in line:
            continue  # unindented base64 lines of a 2.1 photo
        else:
            logical.append(line)
        head = logical[-1].split(":", 1)[0].upper()
        in_base64 = "BASE64" in head or "ENCODING=B" in head
        in_qp = "QUOTED-PRINTABLE" in head and logical[-1].endswith("=")
    found = []
    for text in logical:
        prop = _property(text)
        if prop is not None:
            found.append(prop)
    return found


def _property(text: str) -> Property | None:
    match = _PROPERTY.match(text)
    if match is None:
        return None
    group, name, raw_params, value = (
        (match.group(1) or "").upper(),
        match.group(2).upper(),
        *match.group(3, 4),
    )
    prop = Property(name, group=group)
    for raw in _split_params(raw_params):
        key, eq, val = raw.partition("=")
        if eq:
            prop.params.setdefault(key.strip().upper(), []).append(val.strip().strip('"'))
        elif raw.strip():
            upper = raw.strip().upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                prop.params.setdefault("ENCODING", []).append(upper)
            else:
                prop.params.setdefault("TYPE", []).append(raw.strip())
    encoding = prop.param("ENCODING").upper()
    if encoding in ("BASE64", "B"):
        return None  # a photo, key or sound: kith keeps none, so it is never decoded
    if encoding == "QUOTED-PRINTABLE":
        value = _quoted_printable(value, prop.param("CHARSET"))
    prop.value = value
    return prop


def _split_params(text: str) -> list[str]:
    """``;TYPE=a,b;X-USER="x;y"`` into its parameters (a quoted value may hold ``;``)."""
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p for p in parts if p]


def _quoted_printable(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    for name in (charset or "utf-8", "cp1252"):
        try:
            return raw.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def unescape(text: str) -> str:
    """A text value with its backslash escapes undone (``\\,`` ``\\;`` ``\\:`` ``\\\\`` ``\\n``)."""
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def components(text: str, separator: str) -> list[str]:
    """A structured value split at unescaped ``separator`` (``;`` or ``,``), each part unescaped."""
    parts, current, i = [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
        i += 1
    parts.append(current)
    return [unescape(p) for p in parts]


# ------------------------------------------------------------------------------------------ cards


def _card_records(lines: list[str], where: str) -> Iterator[Record]:
    """The card's PersonRecord (or a Skipped), after a Notice for each email or phone of a kept card that
    is not one."""
    record, bad = _card_record(properties(lines), where)
    if isinstance(record, PersonRecord):
        for kind, value in bad:
            what = f"{kind} not read" if kind in KINDS else f"not {kind}"
            yield Notice(f"{what} (the card is kept without it)", f"{where}: {value!r}")
    yield record


def _card_record(props: list[Property], where: str) -> tuple[Record, list[tuple[str, str]]]:
    """The card's record, and the emails and phones in it that are not one ("an email address" or "a
    phone number", value): those are left out before the card is judged empty."""
    by_name: dict[str, list[Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)
    bad: list[tuple[str, str]] = []
    emails: list[str] = []
    for value in _unique(_texts(by_name, "EMAIL")):
        try:
            emails.append(normalize_email(value))
        except BadInput:
            bad.append(("an email address", value))
    phones: list[str] = []
    for value in _unique(_phone(v) for v in _texts(by_name, "TEL")):
        try:
            normalize_identity("phone", value)
        except BadInput:
            bad.append(("a phone number", value))
        else:
            phones.append(value)  # kept as written; the store normalises it
    ref = PersonRef(name=_name(by_name), emails=_unique(emails), phones=phones)
    for prop in by_name.get("URL", []):
        _add_profile(ref, _one_line(unescape(prop.value)))
    for prop in by_name.get("X-SOCIALPROFILE", []):
        _add_profile(ref, _social_url(prop), next(iter(prop.types()), ""))
    for key, kind in (("X-TWITTER", "twitter"), ("X-GITHUB", "github")):
        for value in _texts(by_name, key):
            ref.handles.append((kind, value))
    if not ref.name and not ref.emails and not ref.phones:
        return Skipped("card without a name, email or phone", where), []
    tags = [
        t
        for prop in by_name.get("CATEGORIES", [])
        for t in (_one_line(c) for c in components(prop.value, ","))
        if t and t.lower() not in _OWN_CATEGORIES
    ]
    birthday = _yearly("birthday", by_name.get("BDAY", []), bad)
    anniversaries = [p for name in _ANNIVERSARIES for p in by_name.get(name, [])]
    anniversary = _yearly("anniversary", anniversaries + _apple_anniversaries(by_name), bad)
    record = PersonRecord(
        ref=ref,
        company=_organisation(by_name),
        title=next(iter(_texts(by_name, "TITLE")), None),
        tags=_unique(tags),
        notes=_note(by_name),
        birthday=birthday,
        anniversary=anniversary,
        where=where,
    )
    return record, bad


def _yearly(kind: str, props: list[Property], bad: list[tuple[str, str]]) -> str | None:
    """The first of ``props`` (a BDAY, an ANNIVERSARY...) that is a date, in kith's stored form; one
    that is not (vCard 4's ``BDAY;VALUE=text:circa 1800``, a year alone) is added to ``bad`` as
    ``kind`` ("birthday" or "anniversary")."""
    for prop in props:
        value = _one_line(unescape(prop.value))
        if not value:
            continue
        omitted = prop.param("X-APPLE-OMIT-YEAR")
        if omitted and value.startswith(omitted):  # Apple's year-less date: 1604-04-12
            value = "--" + value[len(omitted) :].lstrip("-")
        try:
            return parse_yearly(value, kind).stored()
        except BadInput:
            bad.append((kind, f"{prop.name}:{value}"))
    return None


def _apple_anniversaries(by_name: dict[str, list[Property]]) -> list[Property]:
    """Apple's custom dates labelled as the anniversary: ``item1.X-ABDATE`` with
    ``item1.X-ABLABEL:_$!<Anniversary>!$_``."""
    labelled = {p.group for p in by_name.get("X-ABLABEL", []) if p.group and "anniversary" in p.value.lower()}
    return [p for p in by_name.get("X-ABDATE", []) if p.group in labelled]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _texts(by_name: dict[str, list[Property]], name: str) -> list[str]:
    """The single-line text values of a property, unescaped, whole (never split at commas)."""
    return [t for t in (_one_line(unescape(p.value)) for p in by_name.get(name, [])) if t]


def _note(by_name: dict[str, list[Property]]) -> str | None:
    notes = [unescape(p.value).replace("\r\n", "\n").strip() for p in by_name.get("NOTE", [])]
    return "\n".join(n for n in notes if n) or None


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _phone(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    return value or None


def _name(by_name: dict[str, list[Property]]) -> str | None:
    full = next(iter(_texts(by_name, "FN")), None)
    if full:
        return full
    for prop in by_name.get("N", []):
        parts = [_one_line(p) for p in components(prop.value, ";")] + [""] * 5
        family, given, additional, prefix, suffix = parts[:5]
        name = _one_line(" ".join([prefix, given, additional, family, suffix]))
        if name:
            return name
    return None


def _organisation(by_name: dict[str, list[Property]]) -> str | None:
    for prop in by_name.get("ORG", []):
        first = _one_line(components(prop.value, ";")[0])
        if first:
            return first
    return None


def _social_url(prop: Property) -> str:
    """Apple's X-SOCIALPROFILE value as a URL (``x-apple:user`` forms named by their x-user)."""
    value = _one_line(unescape(prop.value))
    user = prop.param("X-USER") or prop.param("X-USERID")
    if value.lower().startswith("x-apple:") or not value:
        if "linkedin" in prop.types() and user:
            return f"https://www.linkedin.com/in/{user}"
        return user or value
    return value


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
