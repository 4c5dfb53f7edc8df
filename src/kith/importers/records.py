"""The records every importer yields and the storing function consumes.

Importers never touch the database: they turn a file into these plain records. People are referred to
by ``PersonRef`` (whatever the file knows: a name, emails, a phone, a profile URL); the storing function
resolves a reference to an existing person (same email, phone or profile URL) or creates one.
Directions are relative to the user (``outbound``: the user reached out or gave).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class PersonRef:
    """How a file names a person; any field may be missing."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: str | None = None
    #: other handles as (kind, value), e.g. ("twitter", "@jane")
    handles: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PersonRecord:
    """A contact: who they are, where they work, and how the user is connected to them."""

    ref: PersonRef
    company: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    #: "1985-04-12", or "--04-12" without a year (``kith.birthdays.YearlyDate.stored``)
    birthday: str | None = None
    anniversary: str | None = None
    #: the platform of a connection this record proves (e.g. "linkedin"), with its date
    platform: str | None = None
    connected_on: date | None = None
    #: when the source saw this (an export's date): dates role changes
    seen_at: datetime | None = None
    where: str = ""


@dataclass
class InteractionRecord:
    """Something that happened between the user and ``participants``."""

    occurred_at: datetime
    channel: str
    kind: str
    participants: list[PersonRef]
    direction: str = "outbound"
    duration_s: int | None = None
    summary: str | None = None
    external_id: str | None = None
    where: str = ""


@dataclass
class FavourRecord:
    """A favour between the user and a person; ``direction`` "given" (by the user) or "received"."""

    person: PersonRef
    kind: str
    direction: str
    occurred_at: datetime
    note: str | None = None
    external_id: str | None = None
    where: str = ""


@dataclass
class InvitationRecord:
    """A connection request; ``direction`` "incoming" or "outgoing"."""

    person: PersonRef
    direction: str
    sent_at: datetime | None
    message: str | None = None
    platform: str = "linkedin"
    external_id: str | None = None
    where: str = ""


@dataclass
class OwnerRecord:
    """Who the file belongs to: the user, as the file names them (LinkedIn's Profile.csv), with their
    profile URL when the file shows it. Into a home where the user has no name yet, the user is named
    so; a different name kith already has is reported, never overwritten."""

    name: str
    linkedin: str | None = None
    where: str = ""


@dataclass
class EducationRecord:
    """A school the file's owner (the user) went to: its name, the degree and the years when known."""

    school: str
    degree: str | None = None
    started: int | None = None
    ended: int | None = None
    where: str = ""


@dataclass
class Skipped:
    """A row that was merely odd: counted and reported in the summary, never fatal."""

    reason: str
    where: str = ""


@dataclass
class Notice:
    """Something about a kept row the user should know: a field left out or read a certain way (a
    connection date kith could not read, a time without a zone read as local time). Counted under
    ``what`` in the summary; the row itself is counted by its own record."""

    what: str
    where: str = ""


Record = (
    PersonRecord
    | InteractionRecord
    | FavourRecord
    | InvitationRecord
    | OwnerRecord
    | EducationRecord
    | Skipped
    | Notice
)


@dataclass
class ImportOptions:
    """What a parser may need beyond the file: who the user is, the time, a progress callback."""

    #: the user's identities (normalised), to tell the user apart from the people in a file
    me_emails: list[str] = field(default_factory=list)
    me_names: list[str] = field(default_factory=list)
    me_linkedin: list[str] = field(default_factory=list)
    #: where the user's phone numbers without a country code are from (``kith me --region``), if said
    region: str | None = None
    #: "now" for the import (dates relative phrases, the export date when the file has none)
    now: datetime | None = None
    #: called with the number of bytes read since the last call, for a progress bar
    progress: Callable[[int], None] | None = None
