"""Google Contacts CSV in the layouts Google writes (tests/importers/fixtures/google-*): the current
Google CSV, the legacy one and the "Outlook CSV" export. Every email read, no country code guessed, a
shared office line never merging two people."""

from __future__ import annotations

from pathlib import Path

from conftest import assert_user_error

FIXTURES = Path(__file__).parent / "fixtures"
CURRENT = FIXTURES / "google-csv" / "contacts.csv"
LEGACY = FIXTURES / "google-csv-legacy" / "google.csv"
OUTLOOK = FIXTURES / "google-outlook-csv" / "contacts.csv"


def people(kith) -> dict[str, dict]:
    return {p["name"]: p for p in kith("people", "--json").json()}


def test_outlook_csv_export_is_read_with_its_emails_phones_and_job(kith):
    summary = kith("import", "google", str(OUTLOOK), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 2 and summary["skipped"] == []
    found = people(kith)
    lena = found["Lena Fischer"]
    assert lena["emails"] == ["lena.fischer@klinik.example", "lena@fischer.example"]
    assert (lena["company"], lena["title"]) == ("Klinik Example", "Chief Physician")  # not "Dr."
    assert lena["linkedin"] == "https://www.linkedin.com/in/lena-fischer-example"
    assert sorted(lena["tags"]) == ["berlin", "medicine"]
    # the switchboard both share is not either one's phone, so it merges nobody
    assert lena["phone"] == "+4915155550101" and found["Jonas Weber"]["phone"] == "+493055550123"
    assert found["Jonas Weber"]["emails"] == ["jonas.weber@klinik.example"]


def test_a_layout_whose_emails_cannot_be_read_is_refused_not_imported_without_them(kith, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Last Name,Email (Work)\nAda,Example,ada@work.example\n", encoding="utf-8")
    assert_user_error(kith("import", "google", str(path), expect=2), "contacts.csv", "'Email (Work)'")
    assert kith("people", "--json").json() == []


def test_a_shared_office_line_is_a_duplicate_proposal_not_a_merge(kith):
    summary = kith("import", "google", str(CURRENT), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 3 and summary["duplicates_proposed"] == 2
    assert set(people(kith)) == {"Rohan Mehta", "Sneha Kulkarni", "Vikram Rao"}
    reasons = {p["reason"] for p in kith("duplicates", "--json").json()}
    assert reasons == {"the same phone number under another name"}
    text = kith("import", "google", str(CURRENT)).stdout
    assert "unchanged 3" in text and "updated" not in text
    # the same number under the same name is the same person, and says what matched
    again = kith("import", "google", str(CURRENT), "--json").json()
    assert again["matched_by"] == {"profile URL": 1, "email": 1, "name": 1}


def test_numbers_without_a_country_code_are_not_given_plus_one(kith):
    kith("import", "google", str(LEGACY))
    assert people(kith)["Meera Nair"]["phone"] == "09447011223"
    assert people(kith)["Arjun Das"]["phone"] == "+913355550199"


def test_with_the_users_region_indian_mobiles_are_stored_as_indian(kith):
    kith("me", "--name", "Ada Example", "--region", "IN")
    summary = kith("import", "google", str(CURRENT), "--json").json()
    assert summary["phones"] == {"region": "IN", "placed_by_region": 2, "kept_as_written": 0}
    assert people(kith)["Rohan Mehta"]["phone"] == "+919820012345"
    legacy = kith("import", "google", str(LEGACY))
    assert "1 without a country code read as IN" in legacy.stdout
    assert people(kith)["Meera Nair"]["phone"] == "+919447011223"
