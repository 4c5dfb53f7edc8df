"""A file cut off is an error in every importer: one ``error:`` line naming the file and line, status 2,
nothing stored; the same file whole imports. (README: "A file kith cannot read ... a truncated zip".)"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import assert_user_error

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


def zipped(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


#: (format, file name, whole content, where to cut it, what the error names)
CASES = [
    ("vcard", "contacts.vcf", VCARD, "NOTE:met", "contacts.vcf:6"),
    ("vcard", "contacts.vcf", VCARD, "END:VCARD\r\n", "contacts.vcf:6"),  # the last END:VCARD missing
    ("google", "google.csv", GOOGLE, "Sam,Le", "google.csv:"),
    ("google", "google.csv", GOOGLE, "met at the\r\n", "google.csv:"),  # inside a quoted value
    ("linkedin", "Connections.csv", CONNECTIONS, "Sam,Lee,https", "Connections.csv:"),
    ("linkedin", "Connections.csv", CONNECTIONS, '"Initech,', "Connections.csv:"),
    ("interactions", "log.csv", INTERACTIONS, "sam@initech.example,ada", "log.csv:"),
    ("calendar", "calendar.ics", CALENDAR, "END:VCALENDAR", "calendar.ics:"),
    ("calendar", "calendar.ics", CALENDAR, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada", "calendar.ics:"),
    ("mbox", "mail.mbox", MBOX, "Subject: Lunch", "mail.mbox:"),
]


def cut(content: str, marker: str) -> str:
    """``content`` cut just after the last occurrence of ``marker``'s first half (mid-line), or just
    before ``marker`` when it is a whole line ending."""
    at = content.rindex(marker)
    if marker.endswith("\n"):
        return content[:at]
    return content[: at + max(1, len(marker) // 2)]


def run_import(kith, fmt: str, path: Path, expect: int):
    return kith("import", fmt, str(path), "--me", ME, expect=expect)


@pytest.mark.parametrize("fmt, name, content, marker, where", CASES)
def test_a_cut_off_file_is_one_error_and_stores_nothing(kith, tmp_path, fmt, name, content, marker, where):
    kith("me", "--name", "Ada Lovelace", "--email", ME)
    before = kith("export", "json").stdout
    path = tmp_path / name
    path.write_text(cut(content, marker), encoding="utf-8", newline="")
    result = run_import(kith, fmt, path, expect=2)
    assert_user_error(result, where, "cut off")
    assert kith("export", "json").stdout == before
    # the whole file imports
    path.write_text(content, encoding="utf-8", newline="")
    assert run_import(kith, fmt, path, expect=0).stdout.startswith("Imported")
    assert (
        kith("people", "--search", "jane", "--json").json()
        or kith("people", "--search", "sam", "--json").json()
    )


def test_a_cut_off_csv_inside_a_whole_zip_is_refused(kith, tmp_path):
    archive = tmp_path / "export.zip"
    archive.write_bytes(zipped("Connections.csv", cut(CONNECTIONS, "Sam,Lee,https")))
    assert_user_error(
        kith("import", "linkedin", str(archive), expect=2), "export.zip:Connections.csv:", "cut off"
    )
    assert kith("people", "--json").json() == []


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_zip_is_refused_wherever_it_is_cut(kith, tmp_path, keep):
    data = zipped("Connections.csv", CONNECTIONS * 50)
    archive = tmp_path / "export.zip"
    archive.write_bytes(data[: int(len(data) * keep)])
    assert_user_error(kith("import", "linkedin", str(archive), expect=2), "export.zip", "truncated")
    assert kith("people", "--json").json() == []


def test_a_file_without_a_final_line_break_is_whole(kith, tmp_path):
    """Writers that leave out the last line break are not taken for cut off: every column is there."""
    for fmt, name, content in (
        ("google", "google.csv", GOOGLE),
        ("linkedin", "Connections.csv", CONNECTIONS),
        ("interactions", "log.csv", INTERACTIONS),
    ):
        path = tmp_path / name
        path.write_text(content.rstrip("\r\n"), encoding="utf-8", newline="")
        run_import(kith, fmt, path, expect=0)
    names = {p["name"] for p in kith("people", "--json").json()}
    assert {"Jane Doe", "Sam Lee"} <= names
