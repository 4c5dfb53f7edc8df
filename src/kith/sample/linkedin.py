"""Write a sample network as a LinkedIn data export ("Get a copy of your data"): the CSV files in a zip.

The files and columns are those of a real export: ``Connections.csv`` (a "Notes:" preamble, then
First Name, Last Name, URL, Email Address, Company, Position, Connected On), ``messages.csv``,
``Invitations.csv``, ``Profile.csv``, ``Email Addresses.csv``, the endorsement and recommendation files.
Dates are written the way each file writes them. The zip is byte-for-byte reproducible: entries in a fixed
order with the export's date as their time stamp.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

from kith.sample.network import Contact, Network

NOTES = (
    "Notes:\n"
    '"Email addresses appear here only for connections who let their connections see or download them '
    '(a privacy setting of theirs), so many rows have none."\n'
    "\n"
)


def _csv(header: list[str], rows: list[list[str]], preamble: str = "") -> bytes:
    out = io.StringIO()
    out.write(preamble)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _invite_time(when: datetime) -> str:
    # "11/14/26, 8:31 AM"
    hour = when.hour % 12 or 12
    return f"{when.month}/{when.day}/{when:%y}, {hour}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"


def export_files(net: Network, second: bool) -> dict[str, bytes]:
    """The files of the first export (``second=False``) or of the second, a few days before ``as_of``."""
    at = net.second_export if second else net.first_export
    me = net.me
    connected = [c for c in net.contacts if c.connected_on is not None and (second or not c.late)]
    connected.sort(key=lambda c: (c.connected_on, c.key), reverse=True)

    def job(c: Contact) -> tuple[str, str]:
        if second and c.new_company:
            return c.new_company, c.new_title or c.title
        return c.company, c.title

    files: dict[str, bytes] = {}
    files["Connections.csv"] = _csv(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            [c.first, c.last, c.url, c.shared_email or "", *job(c), f"{c.connected_on:%d %b %Y}"]
            for c in connected
        ],
        NOTES,
    )
    messages = sorted(
        (m for m in net.messages if m.when <= at), key=lambda m: (m.when, m.conversation), reverse=True
    )
    rows = []
    for m in messages:
        other = net.contact(m.contact)
        sender, receiver = (other, me) if m.inbound else (me, other)
        rows.append(
            [
                m.conversation,
                "",
                sender.name,
                sender.url,
                receiver.name,
                receiver.url,
                f"{m.when:%Y-%m-%d %H:%M:%S} UTC",
                "",
                m.text,
                "INBOX",
            ]
        )
    files["messages.csv"] = _csv(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
        ],
        rows,
    )
    invitations = sorted((i for i in net.invitations if i.when <= at), key=lambda i: i.when, reverse=True)
    rows = []
    for inv in invitations:
        other = net.contact(inv.contact)
        sender, receiver = (other, me) if inv.incoming else (me, other)
        rows.append(
            [
                sender.name,
                receiver.name,
                _invite_time(inv.when),
                inv.message or "",
                "INCOMING" if inv.incoming else "OUTGOING",
                sender.url,
                receiver.url,
            ]
        )
    files["Invitations.csv"] = _csv(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"], rows
    )
    files["Profile.csv"] = _csv(
        [
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ],
        [
            [
                me.first,
                me.last,
                "",
                "",
                "",
                f"{me.title} at {me.company}",
                "I help teams hire and grow.",
                "Business Consulting and Services",
                "",
                "Lisbon, Portugal",
                "",
                "",
                "",
            ]
        ],
    )
    files["Email Addresses.csv"] = _csv(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [[me.email, "Yes", "Yes", "5/2/19, 10:04 AM"]],
    )
    for received in (True, False):
        who = "Endorser" if received else "Endorsee"
        rows = [
            [
                f"{e.when:%Y/%m/%d %H:%M:%S} UTC",
                e.skill,
                net.contact(e.contact).first,
                net.contact(e.contact).last,
                net.contact(e.contact).url.removeprefix("https://"),
                "ACCEPTED",
            ]
            for e in sorted(net.endorsements, key=lambda e: e.when, reverse=True)
            if e.received == received
        ]
        name = "Endorsement_Received_Info.csv" if received else "Endorsement_Given_Info.csv"
        files[name] = _csv(
            [
                "Endorsement Date",
                "Skill Name",
                f"{who} First Name",
                f"{who} Last Name",
                f"{who} Public Url",
                "Endorsement Status",
            ],
            rows,
        )
        rows = [
            [
                net.contact(r.contact).first,
                net.contact(r.contact).last,
                net.contact(r.contact).company,
                net.contact(r.contact).title,
                r.text,
                f"{r.when:%m/%d/%y, %I:%M %p}",
                "VISIBLE",
            ]
            for r in sorted(net.recommendations, key=lambda r: r.when, reverse=True)
            if r.received == received
        ]
        name = "Recommendations_Received.csv" if received else "Recommendations_Given.csv"
        files[name] = _csv(
            ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"], rows
        )
    return files


def export_name(net: Network, second: bool) -> str:
    at = net.second_export if second else net.first_export
    return f"Basic_LinkedInDataExport_{at:%m-%d-%Y}"


def write_export(net: Network, folder: Path, *, second: bool = False, as_zip: bool = True) -> Path:
    """Write one export into ``folder`` as a zip (or a folder of CSV files); returns its path."""
    at = net.second_export if second else net.first_export
    files = export_files(net, second)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_name(net, second)
    if not as_zip:
        target.mkdir(exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
        return target
    target = target.with_suffix(".zip")
    stamp = (at.year, at.month, at.day, at.hour, at.minute, at.second)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return target
