"""kith import google: the current Google Contacts CSV, the legacy layout, and hostile files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import assert_user_error, shown

from kith.importers.google import parse
from kith.importers.records import ImportOptions, PersonRecord, Skipped


def csv_bytes(rows: list[list[str]], bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


CURRENT_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes", "Photo",
    "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
    "Phone 1 - Label", "Phone 1 - Value", "Website 1 - Label", "Website 1 - Value",
]  # fmt: skip
CURRENT_ROWS = [
    ["Jane", "Q", "Doe", "", "", "", "Acme Corp", "Staff Engineer", "R&D", "", "Met at the meetup", "",
     "Climbing ::: * myContacts ::: * starred", "* Work", "jane.doe@example.com ::: jane@home.example",
     "Other", "jdoe@example.net", "Mobile", "+1 415 555 0100 ::: +1 415 555 0199", "Profile",
     "https://www.linkedin.com/in/janedoe-example"],
    ["", "", "", "", "", "", "", "", "", "", "", "", "* myContacts", "", "", "", "", "", "", "", ""],
    ["", "", "", "", "Bobby", "", "", "", "", "", "", "", "", "Home", "bob@example.org", "", "", "", "",
     "", ""],
]  # fmt: skip
LEGACY_HEADER = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Name Prefix", "Notes",
    "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
    "Organization 1 - Type", "Organization 1 - Name", "Organization 1 - Title",
]  # fmt: skip
LEGACY_ROWS = [
    ["Carol Example", "Carol", "", "Example", "", "", "", "Friends ::: * My Contacts", "* Home",
     "carol@example.com", "Mobile", "+44 20 7946 0001", "", "Initech", "CTO"],
    ["", "Dan", "", "Sample", "", "", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip


def write(tmp_path: Path, content: bytes, name: str = "google.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_current_layout_with_numbered_groups_and_multi_values(tmp_path):
    path = write(tmp_path, csv_bytes([CURRENT_HEADER, *CURRENT_ROWS]))
    jane, empty, bob = list(parse(path, ImportOptions()))
    assert isinstance(jane, PersonRecord)
    assert jane.ref.name == "Jane Q Doe"
    assert jane.ref.emails == ["jane.doe@example.com", "jane@home.example", "jdoe@example.net"]
    assert jane.ref.phones == ["+1 415 555 0100", "+1 415 555 0199"]
    assert jane.ref.linkedin == "https://www.linkedin.com/in/janedoe-example"
    assert (jane.company, jane.title, jane.notes) == ("Acme Corp", "Staff Engineer", "Met at the meetup")
    assert jane.tags == ["Climbing"]  # Google's own "* myContacts" and "* starred" are not tags
    assert isinstance(empty, Skipped) and empty.where.endswith(":3")
    assert bob.ref.name == "Bobby" and bob.ref.emails == ["bob@example.org"]


def test_legacy_layout_is_mapped_by_column_name(tmp_path):
    shuffled = [LEGACY_HEADER[::-1]] + [row[::-1] for row in LEGACY_ROWS]
    carol, dan = list(parse(write(tmp_path, csv_bytes(shuffled, bom=False)), ImportOptions()))
    assert carol.ref.name == "Carol Example"
    assert carol.ref.emails == ["carol@example.com"] and carol.ref.phones == ["+44 20 7946 0001"]
    assert (carol.company, carol.title, carol.tags) == ("Initech", "CTO", ["Friends"])
    assert dan.ref.name == "Dan Sample"


def test_import_google_adds_people_once_with_their_role(kith, tmp_path):
    path = write(tmp_path, csv_bytes([CURRENT_HEADER, *CURRENT_ROWS]))
    summary = kith("import", "google", str(path), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 2
    assert [(s["reason"], s["count"]) for s in summary["skipped"]] == [
        ("contact without a name, email or phone", 1)
    ]
    people = {p["name"]: p for p in kith("people", "--json").json()}
    assert set(people) == {"Jane Q Doe", "Bobby"}
    assert (people["Jane Q Doe"]["company"], people["Jane Q Doe"]["title"]) == ("Acme Corp", "Staff Engineer")
    kith("import", "google", str(path))
    assert len(kith("people", "--json").json()) == 2
    assert shown(kith, "jdoe@example.net")["name"] == "Jane Q Doe"


@pytest.mark.parametrize(
    "content, fragments",
    [
        (csv_bytes([["Company", "Position"], ["Acme", "CTO"]]), ["google.csv:", "no header row"]),
        (b"\x00\x01\x02\x03" * 1000, ["google.csv:1"]),
        ("First Name,Last Name\r\nRen\xe9e,Z\r\n".encode("latin-1"), ["google.csv:2", "utf-8"]),
        (b"First Name,Last Name\r\n" + b"A" * (3 << 20), ["google.csv:2", "longer than"]),
        (b"", ["google.csv:1", "empty"]),
    ],
)
def test_hostile_files_fail_in_one_line_and_write_nothing(kith, tmp_path, content, fragments):
    path = write(tmp_path, content)
    assert_user_error(kith("import", "google", str(path), expect=2), *fragments)
    assert kith("people", "--json").json() == []
