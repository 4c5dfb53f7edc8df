"""vCards as real address books write them (tests/importers/fixtures/<writer>/): Apple, Gmail, Outlook
and Android (2.1), Lotus Notes and Evolution. Every card kept, every field whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shown

from kith.importers.records import ImportOptions, PersonRecord
from kith.importers.vcard import parse

FIXTURES = Path(__file__).parent / "fixtures"
WRITERS = {
    "apple": ("contacts.vcf", 2),
    "gmail": ("contacts.vcf", 2),
    "outlook": ("contact.vcf", 1),
    "android": ("contacts.vcf", 2),
    "lotus-notes": ("contact.vcf", 1),
    "evolution": ("contacts.vcf", 1),
}


def fixture(writer: str) -> Path:
    return FIXTURES / writer / WRITERS[writer][0]


def cards(writer: str) -> dict[str, PersonRecord]:
    records = list(parse(fixture(writer), ImportOptions()))
    assert all(isinstance(r, PersonRecord) for r in records), records
    return {r.ref.name: r for r in records}  # type: ignore[union-attr]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_card_of_every_writer_is_imported_with_its_email(kith, writer):
    summary = kith("import", "vcard", str(fixture(writer)), "--json").json()
    assert summary["by_kind"]["people"]["added"] == WRITERS[writer][1]
    assert summary["skipped"] == [] and summary["notices"] == []
    assert all(p["emails"] for p in kith("people", "--json").json())
    again = kith("import", "vcard", str(fixture(writer)), "--json").json()
    assert again["added"] == 0 and again["by_kind"]["people"]["unchanged"] == WRITERS[writer][1]


def test_gmail_text_with_bare_commas_is_kept_whole(kith):
    john = cards("gmail")["Mr. John Richter, James Doe Sr."]
    assert john.notes == (
        "Met at the conference in Pune, the one on robotics. Likes jazz, chess, and hiking."
    )
    assert john.tags == ["Friends"]  # Google's own myContacts and starred are not the user's tags
    assert cards("gmail")["Ananya Iyer"].title == "Art Director, Film"


def test_escaped_colons_and_commas_are_unescaped(kith):
    ruth = cards("lotus-notes")["Dr. Ruth Keller"]
    assert ("website", "http://www.bigblue.example") in ruth.ref.handles
    assert ruth.notes == "Works on storage, tape and archives. Retires in 2027; ask about the handover."
    chidi = cards("evolution")["Chidi Okoro"]
    assert chidi.notes == "Maintainer of the build tools, met at GUADEC.\nAsk about the release."
    assert chidi.tags == ["Business", "Open Source"]


def test_lotus_notes_profile_line_does_not_drop_the_card(kith):
    kith("import", "vcard", str(fixture("lotus-notes")))
    ruth = shown(kith, "Ruth Keller")
    assert ruth["emails"] == ["ruth.keller@bigblue.example"] and ruth["company"] == "Big Blue Example"


def test_outlook_21_quoted_printable_soft_line_breaks_lose_nothing(kith):
    grace = cards("outlook")["Okafor, Grace"]
    assert grace.notes == (
        "Grace runs the quarterly close. She asked for the report by Friday, with the cover note\n"
        "and the appendix, which covers Lagos and Nairobi."
    )
    assert (grace.company, grace.title) == ("Contoso Example", "Controller, EMEA")
    assert grace.ref.emails == ["grace.okafor@contoso.example"]  # after the photo's blank line
    assert ("website", "http://www.contoso.example/finance") in grace.ref.handles


def test_android_21_utf8_quoted_printable_and_a_broken_photo(kith):
    found = cards("android")
    zhang = found["张伟"]
    assert zhang.notes == "喜欢咖啡，住在上海。Met at the Shanghai meetup, then again in Shenzhen."
    karim = found["Karim Haddad"]  # his photo is cut off and not base64: the photo is lost, not the card
    assert karim.ref.emails == ["karim.haddad@cedar.example"] and karim.ref.phones == ["+961 3 555 010"]


def test_apple_linkedin_social_profile_is_the_same_person_as_the_linkedin_connection(kith, tmp_path):
    haruki = cards("apple")["Haruki Sato"]
    assert haruki.ref.linkedin == "https://www.linkedin.com/in/haruki-sato-example"
    assert haruki.notes == "Prefers email, not calls. Met at the robotics fair; ask about the arm prototype."
    kith("import", "vcard", str(fixture("apple")))
    connections = tmp_path / "Connections.csv"
    connections.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Haruki,Sato,https://www.linkedin.com/in/Haruki-Sato-Example/,,Example Robotics,Lead Engineer,"
        "02 May 2024\n",
        encoding="utf-8",
    )
    summary = kith("import", "linkedin", str(connections), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 0 and summary["matched_by"] == {"profile URL": 1}
    assert len([p for p in kith("people", "--json").json() if "Haruki" in p["name"]]) == 1


def test_a_number_without_a_country_code_is_kept_as_written_until_the_region_is_known(kith, tmp_path):
    summary = kith("import", "vcard", str(fixture("gmail")), "--json").json()
    assert summary["phones"] == {"region": None, "placed_by_region": 0, "kept_as_written": 2}
    john = shown(kith, "john.doe@mail.example")
    assert john["phone"] == "09876543210"  # not +1 0987...: no country was guessed
    text = kith("import", "vcard", str(fixture("gmail"))).stdout
    assert "kept as written" in text and "kith me --region" in text


def test_the_users_region_places_numbers_and_the_summary_says_so(kith):
    kith("me", "--name", "Ada Example", "--region", "in")
    assert kith("me", "--json").json()["region"] == "IN"
    result = kith("import", "vcard", str(fixture("gmail")))
    assert "2 without a country code read as IN" in result.stdout
    assert shown(kith, "Ananya Iyer")["phone"] == "+918055550142"
