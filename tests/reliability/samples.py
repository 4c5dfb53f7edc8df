"""Small whole files of every format kith imports, for the tests that cut, mangle and fuzz them."""

from __future__ import annotations

import io
import zipfile

ME = "ada@example.com"

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@acme.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nEMAIL:sam@initech.example\r\nNOTE:met at the\r\n"
    " conference\r\nEND:VCARD\r\n"
)
GOOGLE = (
    "First Name,Last Name,Notes,E-mail 1 - Value,Organization Name\r\n"
    'Jane,Doe,"likes climbing",jane@acme.example,Acme\r\n'
    'Sam,Lee,"met at the\r\nconference",sam@initech.example,Initech\r\n'
)
CONNECTIONS = (
    'Notes:\n"When exporting your connection data, you may notice that some email addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jane,Doe,https://www.linkedin.com/in/jane-doe,,Acme,CTO,12 Mar 2024\n"
    'Sam,Lee,https://www.linkedin.com/in/sam-lee,,"Initech, Inc.",Engineer,1 Apr 2025\n'
)
INTERACTIONS = (
    "time,source,target,channel,duration_s,directed\n"
    "2026-03-01T09:30:00Z,ada@example.com,jane@acme.example,in_person,3600,true\n"
    "2026-03-04T18:02:00Z,sam@initech.example,ada@example.com,email,,true\n"
)
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a1\r\nDTSTART:20260301T150000Z\r\nDTEND:20260301T160000Z\r\nSUMMARY:Coffee\r\n"
    f"ORGANIZER:mailto:{ME}\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:jane@acme.example\r\n"
    f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
MBOX = (
    "From jane@acme.example Mon Mar  2 10:00:00 2026\nFrom: Jane Doe <jane@acme.example>\n"
    f"To: Ada <{ME}>\nSubject: Coffee?\nDate: Tue, 03 Mar 2026 10:00:00 +0000\nMessage-ID: <m1@x>\n\nHi\n\n"
    "From sam@initech.example Mon Mar  2 10:00:00 2026\nFrom: Sam Lee <sam@initech.example>\n"
    f"To: Ada <{ME}>\nSubject: Lunch?\nDate: Wed, 04 Mar 2026 10:00:00 +0000\nMessage-ID: <m2@x>\n\nHi\n\n"
)


def zipped(*files: tuple[str, str | bytes]) -> bytes:
    """A zip (as LinkedIn sends it) of (name, content) files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
