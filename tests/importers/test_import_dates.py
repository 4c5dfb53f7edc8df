"""Birthdays, anniversaries and notes from address books (tests/importers/fixtures/dates/):
vCard 3 and 4 forms, Apple's year-less birthday and labelled anniversary, Google's Birthday column
and anniversary event; a date kith cannot read is a notice and the contact is kept without it."""

from __future__ import annotations

from pathlib import Path

from conftest import shown

FIXTURES = Path(__file__).parent / "fixtures" / "dates"


def dates(kith, name: str) -> tuple:
    """(birthday, anniversary) as ``kith show --json`` gives them, as stored (None: not known)."""
    person = shown(kith, name)
    return tuple(person[k]["date"] if person[k] else None for k in ("birthday", "anniversary"))


def test_vcard_birthdays_and_anniversaries_in_every_form(kith):
    summary = kith("import", "vcard", str(FIXTURES / "contacts.vcf"), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 6
    assert dates(kith, "Mira Castell") == ("1985-04-12", "2010-06-20")  # vCard 3, X-ANNIVERSARY
    assert dates(kith, "Oskar Lind") == ("--06-19", "2012-09-01")  # vCard 4: --0619, 20120901
    assert dates(kith, "Priya Nair") == ("1990-01-31", None)  # vCard 4: 19900131
    assert dates(kith, "Emil Sand") == ("1991-11-05", None)  # a timestamp's date
    # Apple: the year it leaves out (1604), and the custom date labelled as the anniversary
    assert dates(kith, "Tove Brandt") == ("--02-29", "2015-05-30")
    assert dates(kith, "Ada Okafor") == (None, None)
    (notice,) = summary["notices"]
    assert notice["what"] == "birthday not read (the card is kept without it)"
    assert "circa 1970" in notice["first"]


def test_what_kith_show_says_about_an_imported_birthday(kith):
    kith("import", "vcard", str(FIXTURES / "contacts.vcf"))
    out = kith("show", "Oskar Lind").stdout
    assert "birthday    19 June; next on Friday (19 June)" in out
    assert "anniversary 1 September 2012; next on Tuesday 1 September 2026 (in 78 days), 14 years" in out
    tove = kith("show", "Tove Brandt").stdout  # 2027 has no 29 February
    assert "29 February; next on Sunday 28 February 2027 (in 258 days), as 2027 has no 29 February" in tove


def test_a_reimport_never_overwrites_a_date_the_user_set(kith):
    kith("import", "vcard", str(FIXTURES / "contacts.vcf"))
    kith("edit", "Priya Nair", "--birthday", "1990-02-01")
    again = kith("import", "vcard", str(FIXTURES / "contacts.vcf"), "--json").json()
    assert again["by_kind"]["people"]["unchanged"] == 6
    assert dates(kith, "Priya Nair") == ("1990-02-01", None)


def test_google_csv_birthday_column_and_anniversary_event(kith):
    summary = kith("import", "google", str(FIXTURES / "google.csv"), "--json").json()
    assert summary["by_kind"]["people"]["added"] == 3
    assert dates(kith, "Rosa Vidal") == ("1985-04-12", "2011-09-17")
    assert dates(kith, "Tomas Berg") == ("--06-19", None)  # Google writes " --06-19" without a year
    assert dates(kith, "Lina Holm") == (None, None)
    notices = {n["what"]: n for n in summary["notices"]}
    assert set(notices) == {
        "birthday not read (the contact is kept without it)",
        "anniversary not read (the contact is kept without it)",
    }
    assert "April 12" in notices["birthday not read (the contact is kept without it)"]["first"]
    # the contact's note is their first dated note, dated by the import
    (note,) = shown(kith, "Rosa Vidal")["notes"]
    assert (note["text"], note["when"][:10], note["source"]) == (
        "Met at the harbour fair.",
        "2026-06-15",
        "google",
    )


def test_an_imported_note_is_added_once_and_never_over_the_users_notes(kith):
    kith("import", "google", str(FIXTURES / "google.csv"))
    kith("note", "Rosa Vidal", "asked about the second boat")
    kith("import", "google", str(FIXTURES / "google.csv"))
    assert [n["text"] for n in kith("notes", "Rosa Vidal", "--json").json()] == [
        "asked about the second boat",
        "Met at the harbour fair.",
    ]
