"""A file cut off is an error in every importer: one ``error:`` line naming the file and line, status 2,
nothing stored; the same file whole imports. (README: "A file kith cannot read ... a truncated zip".)"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_user_error
from samples import CALENDAR, CONNECTIONS, GOOGLE, INTERACTIONS, MBOX, ME, VCARD, zipped

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
    archive.write_bytes(zipped(("Connections.csv", cut(CONNECTIONS, "Sam,Lee,https"))))
    assert_user_error(
        kith("import", "linkedin", str(archive), expect=2), "export.zip:Connections.csv:", "cut off"
    )
    assert kith("people", "--json").json() == []


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_zip_is_refused_wherever_it_is_cut(kith, tmp_path, keep):
    data = zipped(("Connections.csv", CONNECTIONS * 50))
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
