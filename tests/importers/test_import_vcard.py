"""kith import vcard: vCard 3.0 and 4.0 files, one or many cards, and hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_user_error, shown

from kith.errors import BadInput
from kith.importers.records import ImportOptions, Notice, PersonRecord, Skipped
from kith.importers.vcard import parse

CARDS = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Jane Doe\r\n"
    "N:Doe;Jane;;;\r\n"
    "EMAIL;TYPE=INTERNET,WORK:Jane.Doe@Example.com\r\n"
    "EMAIL;TYPE=HOME:jane@home.example\r\n"
    "TEL;TYPE=CELL:+1 415 555 0100\r\n"
    "ORG:Acme Corp;Research\r\n"
    "TITLE:Staff Engineer\r\n"
    "CATEGORIES:climbing,alumni\r\n"
    "URL:https://www.linkedin.com/in/janedoe-example\r\n"
    "NOTE:Met at the data meetup\\, wants an intro\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "N:Roe;Robert;;;\r\n"
    "EMAIL;TYPE=work:bob@example.org\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+44-20-7946-0000\r\n"
    "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/bobroe_example\r\n"
    "END:VCARD\r\n"
)


def write(tmp_path: Path, content: str | bytes, name: str = "contacts.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_parse_reads_version_3_and_4_cards(tmp_path):
    records = list(parse(write(tmp_path, CARDS), ImportOptions()))
    jane, bob = records
    assert isinstance(jane, PersonRecord) and isinstance(bob, PersonRecord)
    assert jane.ref.name == "Jane Doe"
    assert jane.ref.emails == ["jane.doe@example.com", "jane@home.example"]
    assert jane.ref.phones == ["+1 415 555 0100"]
    assert jane.ref.linkedin == "https://www.linkedin.com/in/janedoe-example"
    assert (jane.company, jane.title) == ("Acme Corp", "Staff Engineer")
    assert jane.tags == ["climbing", "alumni"]
    assert jane.notes == "Met at the data meetup, wants an intro"
    assert bob.ref.name == "Robert Roe"  # from N when there is no FN
    assert bob.ref.phones == ["+44-20-7946-0000"]
    assert ("twitter", "https://twitter.com/bobroe_example") in bob.ref.handles


def test_broken_and_empty_cards_are_skipped_not_fatal(tmp_path):
    content = CARDS + "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"
    records = list(parse(write(tmp_path, content), ImportOptions()))
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert [s.reason for s in skipped] == ["card without a name, email or phone"]
    assert skipped[0].where.endswith(":21")


def test_a_file_cut_off_inside_a_card_is_an_error(tmp_path):
    content = CARDS + "BEGIN:VCARD\r\nFN:Cut Off\r\n"
    with pytest.raises(BadInput, match=r"contacts\.vcf:21: the file is cut off"):
        list(parse(write(tmp_path, content), ImportOptions()))


def test_an_address_that_is_not_one_is_reported_and_the_card_kept(kith, tmp_path):
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nEMAIL:sam at example dot org\r\n"
        "EMAIL:sam@lee.example\r\nTEL:call me maybe\r\nEND:VCARD\r\n"
    )
    records = list(parse(write(tmp_path, card), ImportOptions()))
    notices = [r for r in records if isinstance(r, Notice)]
    assert [n.what for n in notices] == [
        "not an email address (the card is kept without it)",
        "not a phone number (the card is kept without it)",
    ]
    assert "sam at example dot org" in notices[0].where
    (sam,) = [r for r in records if isinstance(r, PersonRecord)]
    assert (sam.ref.emails, sam.ref.phones) == (["sam@lee.example"], [])
    result = kith("import", "vcard", str(write(tmp_path, card)), "--json").json()
    assert result["added"] == 1 and result["skipped"] == []
    assert [n["count"] for n in result["notices"]] == [1, 1]
    assert shown(kith, "Sam Lee")["emails"] == ["sam@lee.example"]


def test_a_card_whose_only_address_is_not_one_is_skipped_once(tmp_path):
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:not an address\r\nTEL:call me\r\nEND:VCARD\r\n"
    records = list(parse(write(tmp_path, card), ImportOptions()))
    assert [(type(r).__name__, getattr(r, "reason", None)) for r in records] == [
        ("Skipped", "card without a name, email or phone")
    ]


def test_import_vcard_adds_people_once(kith, tmp_path):
    path = write(tmp_path, CARDS)
    result = kith("import", "vcard", str(path), "--json").json()
    assert result["added"] >= 2
    people = {p["name"]: p for p in kith("people", "--json").json()}
    assert set(people) == {"Jane Doe", "Robert Roe"}
    assert people["Jane Doe"]["company"] == "Acme Corp"
    kith("import", "vcard", str(path))
    assert len(kith("people", "--json").json()) == 2
    jane = shown(kith, "jane.doe@example.com")
    assert "climbing" in jane["tags"]


@pytest.mark.parametrize(
    "content, fragments",
    [
        ("Name,Email\r\nJane,jane@example.com\r\n", ["contacts.vcf:1", "not a vcard file"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ["contacts.vcf:1", "binary"]),
        ("BEGIN:VCARD\r\nFN:Ren\xe9e\r\nEND:VCARD\r\n".encode("latin-1"), ["contacts.vcf:2", "utf-8"]),
        ("\ufeff".encode("utf-16-le") + "BEGIN:VCARD\r\n".encode("utf-16-le"), ["utf-16"]),
        (b"BEGIN:VCARD\r\nNOTE:" + b"x" * (3 << 20), ["contacts.vcf:2", "longer than"]),
        (b"", ["empty"]),
    ],
)
def test_hostile_files_fail_in_one_line_and_write_nothing(kith, tmp_path, content, fragments):
    path = write(tmp_path, content)
    assert_user_error(kith("import", "vcard", str(path), expect=2), *fragments)
    assert kith("people", "--json").json() == []


def test_a_fatal_line_after_good_cards_writes_nothing(kith, tmp_path):
    path = write(tmp_path, CARDS.encode() + b"BEGIN:VCARD\r\nFN:\xff\xfe\r\nEND:VCARD\r\n")
    assert_user_error(kith("import", "vcard", str(path), expect=2), "contacts.vcf:22", "utf-8")
    assert kith("people", "--json").json() == []
