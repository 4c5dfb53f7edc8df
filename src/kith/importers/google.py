"""Google Contacts CSV exports to person records.

Three layouts exist, all mapped by column name, never position:

- the current one: ``First Name,Middle Name,Last Name,...,Organization Name,Organization Title,...,
  Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,...``;
- the legacy one: ``Name,Given Name,Additional Name,Family Name,...,Group Membership,E-mail 1 - Type,
  E-mail 1 - Value,...,Organization 1 - Name,Organization 1 - Title,...``;
- the "Outlook CSV" export: ``First Name,Middle Name,Last Name,Title,...,E-mail Address,E-mail 2
  Address,...,Home Phone,Business Phone,Mobile Phone,...,Job Title,Department,Company,...,Web Page,
  ...,Notes,...,Categories`` (its ``Title`` is Mr. or Ms., not a job; ``Company Main Phone`` and
  ``Assistant's Phone`` are not the person's own and are left out).

A file with a column of emails kith does not know how to read is refused, naming the column: people are
never imported without the emails the file has.

Numbered groups (``E-mail 2 - Value``, ...) may be any in number, and one cell may hold several values
joined by `` ::: ``. Labels and groups become tags, except Google's own (``* myContacts``, ``* starred``).
The ``Birthday`` column (Google writes ``1985-04-12``, or `` --04-12`` without a year) and the
anniversary (Outlook's ``Anniversary`` column, or Google's ``Event N - Value`` labelled "Anniversary")
are kept; a date kith cannot read is a notice, and the contact is kept without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kith.birthdays import parse_yearly
from kith.errors import BadInput
from kith.importers.records import ImportOptions, Notice, PersonRecord, PersonRef, Record, Skipped
from kith.importers.tabular import Table, cell, column_key, read_table
from kith.importers.textfile import open_binary
from kith.people.identities import normalize_email

MULTI = " ::: "

_NAME_COLUMNS = ("firstname", "lastname", "middlename", "name", "givenname", "familyname")
_GROUP = re.compile(r"^(email|phone|website)(\d+)value$")
#: Google's dated events: "Event 1 - Label" ("Anniversary") and "Event 1 - Value"
_EVENT = re.compile(r"^event(\d+)(label|value)$")
#: what the Outlook CSV export writes for a date it does not have
_NO_DATE = {"0/0/00", "0/0/0000", "00/00/0000"}
#: the Outlook CSV layout's own columns: "E-mail 2 Address", "Business Phone 2", "Personal Web Page"
_OUTLOOK = {
    "email": re.compile(r"^email(\d*)address$"),
    "phone": re.compile(r"^(home|business|mobile|car|other|primary|radio)phone(\d*)$"),
    "website": re.compile(r"^(personal)?webpage$"),
}
#: columns about an email column, not holding addresses ("E-mail 1 - Label", "E-mail Display Name")
_ABOUT_EMAIL = ("label", "type", "displayname")


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Yield one PersonRecord per contact row of a Google Contacts CSV (Skipped for odd rows)."""
    with open_binary(path) as stream:
        table = read_table(stream, str(path), find_header=_is_header, progress=options.progress)
        columns = _Columns(table)
        for number, row in table.rows:
            yield from _records(columns, row, f"{path}:{number}")


def _is_header(keys: list[str]) -> bool:
    return any(k in _NAME_COLUMNS for k in keys) or any(_GROUP.match(k) for k in keys)


class _Columns:
    """Where each field lives in this file's header."""

    def __init__(self, table: Table) -> None:
        keys = [column_key(h) for h in table.header]
        self.groups: dict[str, list[int]] = {"email": [], "phone": [], "website": []}
        for index, key in enumerate(keys):
            match = _GROUP.match(key)
            if match:
                self.groups[match.group(1)].append(index)
                continue
            for kind, pattern in _OUTLOOK.items():
                if pattern.match(key):
                    self.groups[kind].append(index)
        read = set(self.groups["email"])
        for index, key in enumerate(keys):
            if "mail" in key and index not in read and not key.endswith(_ABOUT_EMAIL):
                raise BadInput(
                    f"{table.label}: column {table.header[index]!r} holds email addresses kith cannot "
                    "read in this layout; export the contacts as Google CSV and import that"
                )
        self.first = table.column("First Name", "Given Name")
        self.middle = table.column("Middle Name", "Additional Name")
        self.last = table.column("Last Name", "Family Name")
        self.full = table.column("Name")
        self.nickname = table.column("Nickname", "File As")
        self.company = table.column("Organization Name", "Organization 1 - Name", "Company")
        self.title = table.column("Organization Title", "Organization 1 - Title", "Job Title")
        self.notes = table.column("Notes")
        self.labels = table.column("Labels", "Group Membership", "Categories")
        self.birthday = table.column("Birthday")
        self.anniversary = table.column("Anniversary")
        events: dict[str, dict[str, int]] = {}
        for index, key in enumerate(keys):
            match = _EVENT.match(key)
            if match:
                events.setdefault(match.group(1), {})[match.group(2)] = index
        #: (label column, value column) of each numbered event
        self.events = [(e["label"], e["value"]) for _, e in sorted(events.items()) if len(e) == 2]
        if not self.groups["email"] and self.first is None and self.last is None and self.full is None:
            raise BadInput(f"{table.label}: missing required column 'First Name' or 'E-mail 1 - Value'")


def _split(value: str, separator: str = MULTI.strip()) -> list[str]:
    return [v.strip() for v in value.split(separator) if v.strip()]


def _records(columns: _Columns, row: list[str], where: str) -> Iterator[Record]:
    """The row's record, after a notice for each date in it that kith cannot read (the person is kept
    without it)."""
    record = _record(columns, row, where)
    if isinstance(record, PersonRecord):
        anniversaries = [cell(row, columns.anniversary)] + [
            cell(row, value) for label, value in columns.events if "anniversary" in cell(row, label).lower()
        ]
        for kind, texts in (("birthday", [cell(row, columns.birthday)]), ("anniversary", anniversaries)):
            for text in texts:
                text = text.strip()
                if not text or text in _NO_DATE:
                    continue
                try:
                    setattr(record, kind, parse_yearly(text, kind).stored())
                    break
                except BadInput:
                    yield Notice(f"{kind} not read (the contact is kept without it)", f"{where}: {text!r}")
    yield record


def _record(columns: _Columns, row: list[str], where: str) -> Record:
    def group(kind: str) -> list[str]:
        return [v for index in columns.groups[kind] for v in _split(cell(row, index))]

    name = cell(row, columns.full) or " ".join(
        part
        for part in (cell(row, columns.first), cell(row, columns.middle), cell(row, columns.last))
        if part
    )
    display = " ".join(name.split()) or cell(row, columns.nickname) or None
    emails: list[str] = []
    for raw in group("email"):
        try:
            emails.append(normalize_email(raw))
        except BadInput:
            continue
    ref = PersonRef(
        name=display, emails=list(dict.fromkeys(emails)), phones=list(dict.fromkeys(group("phone")))
    )
    for url in group("website"):
        if "linkedin.com/" in url.lower() and ref.linkedin is None:
            ref.linkedin = url
        else:
            ref.handles.append(("website", url))
    if not ref.name and not ref.emails and not ref.phones:
        return Skipped("contact without a name, email or phone", where)
    labels = cell(row, columns.labels)
    separator = MULTI.strip() if MULTI.strip() in labels else ";"  # Outlook CSV: "Friends;Work"
    tags = [t for t in _split(labels, separator) if not t.startswith("*")]
    return PersonRecord(
        ref=ref,
        company=cell(row, columns.company) or None,
        title=cell(row, columns.title) or None,
        tags=tags,
        notes=cell(row, columns.notes) or None,
        where=where,
    )
