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

The files, dates and names are read by ``kith.importers.linkedin_files``; the messages, and telling the
user apart in them, by ``kith.importers.linkedin_messages``. A zip is read member by member, row by row,
never expanded whole; what it may expand to is capped first (``kith.importers.archive``: a zip bomb is
one error line).

The export's date (its newest file) dates what it reports, so a changed position becomes a job change
seen on that day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from kith.importers.linkedin_education import EDUCATION, education_records
from kith.importers.linkedin_files import (
    CONNECTIONS,
    ENDORSEMENTS,
    INBOX,
    INVITATIONS,
    MESSAGES,
    PROFILE,
    RECOMMENDATIONS,
    Export,
    export_table,
    full_name,
    parse_date,
    profile_url,
    stable_id,
)
from kith.importers.linkedin_messages import (
    Senders,
    User,
    has_recipient_urls,
    learn_url,
    messages_records,
    read_profile,
    survey,
)
from kith.importers.records import (
    FavourRecord,
    ImportOptions,
    InvitationRecord,
    Notice,
    OwnerRecord,
    PersonRecord,
    PersonRef,
    Record,
    Skipped,
)
from kith.importers.tabular import Table, cell, column_key
from kith.people.identities import name_key


def parse(path: Path, options: ImportOptions) -> Iterator[Record]:
    """Read a LinkedIn export: people, messages, invitations, endorsements and recommendations."""
    now = options.now or datetime.now(UTC)
    export = Export(Path(path), now)
    try:
        user = User(options)
        owner = read_profile(export, options, user) if PROFILE in export.files else None
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
                yield from education_records(export_table(export, EDUCATION, stream, options, "School Name"))
        messages = MESSAGES if MESSAGES in export.files else INBOX if INBOX in export.files else None
        if messages is not None:
            senders = Senders()
            learn = owner is not None and not user.learned
            if not user or learn or not has_recipient_urls(export, messages, options):
                survey(export, messages, options, user, senders)
            if learn and owner is not None:
                learn_url(owner[0], user, senders)
            yield from messages_records(export, messages, options, user, senders)
        if owner is not None:
            name, where = owner
            learned = sorted(user.learned)
            yield OwnerRecord(name=name, linkedin=learned[0] if len(learned) == 1 else None, where=where)
    finally:
        export.close()


def _connections(export: Export, options: ImportOptions) -> Iterator[Record]:
    with export.open(CONNECTIONS) as stream:
        table = export_table(export, CONNECTIONS, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        url = table.column("URL", "Profile URL")
        email = table.column("Email Address", "Email")
        company, position = table.column("Company"), table.column("Position")
        connected = table.column("Connected On")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            name = full_name(cell(row, first), cell(row, last))
            profile = profile_url(cell(row, url))
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


def _invitations(export: Export, options: ImportOptions, user: User) -> Iterator[Record]:
    with export.open(INVITATIONS) as stream:
        table = export_table(export, INVITATIONS, stream, options, "From", "To", "Direction")
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
                mine = profile_url(cell(row, cols["from_url"]))
                if mine:
                    user.urls.add(mine)
                    user.learned.add(mine)
            side = "from" if direction == "incoming" else "to"
            name, url = cell(row, cols[side]) or None, profile_url(cell(row, cols[f"{side}_url"]))
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


def _endorsements(export: Export, name: str, direction: str, options: ImportOptions) -> Iterator[Record]:
    with export.open(name) as stream:
        table = export_table(export, name, stream, options, "Skill Name")
        first, last = _column_ending(table, "firstname"), _column_ending(table, "lastname")
        url = _column_ending(table, "url")
        when = _column_ending(table, "date")
        skill, status = table.column("Skill Name"), table.column("Endorsement Status", "Status")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            person_name = full_name(cell(row, first), cell(row, last))
            profile = profile_url(cell(row, url))
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
                + stable_id(direction, profile or name_key(person_name or ""), skill_name),
                where=where,
            )


def _recommendations(export: Export, name: str, direction: str, options: ImportOptions) -> Iterator[Record]:
    with export.open(name) as stream:
        table = export_table(export, name, stream, options, "First Name", "Last Name")
        first, last = table.column("First Name"), table.column("Last Name")
        when = table.column("Creation Date", "Date")
        text, status = table.column("Text", "Recommendation"), table.column("Status")
        for line, row in table.rows:
            where = f"{table.label}:{line}"
            person_name = full_name(cell(row, first), cell(row, last))
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
                external_id="li-rec:" + stable_id(direction, name_key(person_name), created, body[:200]),
                where=where,
            )
