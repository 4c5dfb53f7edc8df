"""LinkedIn exports as kith's tests write them: made-up connections, messages, invitations and
recommendations in LinkedIn's CSV layouts, as a zip or a folder (shared by the importer and pipeline tests)."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import datetime

NOTES = [
    ["Notes:"],
    [
        "When exporting your connection data, you may notice that some of the email addresses are missing. "
        "You will only see email addresses for connections who have allowed their connections to see them."
    ],
    [],
]
CONNECTION_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
ME_URL = "https://www.linkedin.com/in/ada-example"


def csv_text(rows: list[list[str]], *, bom: bool = False, crlf: bool = False) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def connection(first, last, slug, company, position, on="12 Mar 2024", email=""):
    return [first, last, f"https://www.linkedin.com/in/{slug}", email, company, position, on]


def default_connections():
    return [
        connection("Jane", "Doe", "jane-doe-1", "Acme", "CTO", "12 Mar 2024"),
        connection(
            "Sam", "Lee", "samlee", "Initech", "Engineer, Platform", "1 Jan 2020", "sam@initech.example"
        ),
        connection("José", "Díaz", "jdiaz", "Globex", "Designer", "28 Feb 2023"),
    ]


def message(conv, sender, sender_url, to, to_url, when, content, subject=""):
    return [conv, "", sender, sender_url, to, to_url, when, subject, content, "INBOX"]


MESSAGE_HEADER = [
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
]
JANE = "https://www.linkedin.com/in/jane-doe-1"
SAM = "https://www.linkedin.com/in/samlee"


def default_messages():
    return [
        message("c1", "Ada Example", ME_URL, "Jane Doe", JANE, "2025-06-01 14:03:22 UTC", "Hello Jane"),
        message("c1", "Jane Doe", JANE, "Ada Example", ME_URL, "2025-06-02 09:00:00 UTC", "Hi Ada, coffee?"),
        message("c2", "Sam Lee", SAM, "Ada Example", ME_URL, "2025-07-01 10:00:00 UTC", "A question"),
    ]


EDUCATION_HEADER = ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"]


def education_csv() -> str:
    """The user's Education.csv: two schools (one with a degree, dates as LinkedIn writes them) and a row
    without a school."""
    return csv_text(
        [
            EDUCATION_HEADER,
            ["Massachusetts Institute of Technology", "Sep 2008", "Jun 2012", "", "BSc, Physics", "Rowing"],
            ["Lycée Henri-IV", "2004", "2007", "", "", ""],
            ["", "2001", "2002", "a course with no school named", "", ""],
        ],
        bom=True,
    )


def export_files(
    *,
    connections=None,
    connection_header=CONNECTION_HEADER,
    messages=None,
    profile=True,
    bom=True,
    crlf=False,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    files = {
        "Connections.csv": csv_text(
            NOTES + [connection_header] + (default_connections() if connections is None else connections),
            bom=bom,
            crlf=crlf,
        ),
        "messages.csv": csv_text([MESSAGE_HEADER] + (default_messages() if messages is None else messages)),
        "Invitations.csv": csv_text(
            [
                ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"],
                [
                    "Ada Example",
                    "Pat Kim",
                    "1/29/26, 2:37 PM",
                    "Hi Pat",
                    "OUTGOING",
                    ME_URL,
                    "linkedin.com/in/patkim",
                ],
                ["Lou Ng", "Ada Example", "2/1/26, 9:05 AM", "", "INCOMING", "linkedin.com/in/loung", ME_URL],
                ["Sam Lee", "Ada Example", "1/1/20, 9:05 AM", "", "INCOMING", SAM, ME_URL],
                ["Odd One", "Ada Example", "2/1/26, 9:05 AM", "", "SIDEWAYS", "", ""],
            ]
        ),
        "Endorsement_Received_Info.csv": csv_text(
            [
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorser First Name",
                    "Endorser Last Name",
                    "Endorser Public Url",
                    "Endorsement Status",
                ],
                ["2024/05/14 09:12:11 UTC", "Python", "Sam", "Lee", "www.linkedin.com/in/samlee", "ACCEPTED"],
            ]
        ),
        "Endorsement_Given_Info.csv": csv_text(
            [
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorsee First Name",
                    "Endorsee Last Name",
                    "Endorsee Public Url",
                    "Endorsement Status",
                ],
                [
                    "2024/06/01 10:00:00 UTC",
                    "Design",
                    "José",
                    "Díaz",
                    "www.linkedin.com/in/jdiaz",
                    "ACCEPTED",
                ],
            ]
        ),
        "Recommendations_Given.csv": csv_text(
            [
                ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"],
                [
                    "Jane",
                    "Doe",
                    "Acme",
                    "CTO",
                    "Jane is a great leader,\nand kind.",
                    "06/01/24, 08:44 AM",
                    "VISIBLE",
                ],
            ]
        ),
    }
    if profile:
        files["Profile.csv"] = csv_text(
            [["First Name", "Last Name", "Headline"], ["Ada", "Example", "Engineer"]]
        )
    files.update(extra or {})
    return {name: text for name, text in files.items() if text is not None}


def write_zip(path, files: dict[str, str | bytes], when=(2026, 5, 1, 9, 0, 0)):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode() if isinstance(text, str) else text)
    return path


def write_folder(path, files: dict[str, str], when=datetime(2026, 5, 1, 9, 0, 0)):
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = path / name
        target.write_bytes(text.encode() if isinstance(text, str) else text)
        stamp = when.timestamp()
        os.utime(target, (stamp, stamp))
    return path
