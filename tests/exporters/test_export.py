"""kith export csv|vcard|ics: what a spreadsheet, an address book and a calendar get; --out is atomic."""

from __future__ import annotations

import csv
import io

from conftest import assert_user_error, shown
from icalendar import Calendar


def _network(kith) -> None:
    kith(
        "add", "Jane Doe", "--email", "jane@example.com", "--company", "Acme", "--title", "CTO", "--tag", "ai"
    )
    kith("add", '=HYPERLINK("http://evil.example")', "--note", "+cmd|' /C calc'!A0")
    kith("add", "Bob Roe", "--email", "bob@example.org", "--phone", "+1 415 555 0100")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01 09:00", "--duration", "45", "--note", "hiring")
    kith(
        "log", "call", "Bob Roe", "--when", "2026-05-01", "--promise", "send the deck", "--due", "2026-06-20"
    )
    kith(
        "log", "email", "Jane Doe", "--when", "2026-06-10", "--promise", "intro to Bob", "--due", "2026-06-12"
    )


def test_csv_lists_people_with_last_contact_and_neutralises_formulas(kith):
    _network(kith)
    text = kith("export", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Jane Doe", "Bob Roe", '\'=HYPERLINK("http://evil.example")'}
    jane = by_name["Jane Doe"]
    assert (jane["emails"], jane["company"], jane["title"], jane["tags"]) == (
        "jane@example.com",
        "Acme",
        "CTO",
        "ai",
    )
    assert jane["last_contact"] == "2026-06-10T12:00:00+00:00" and jane["interactions"] == "2"
    evil = by_name['\'=HYPERLINK("http://evil.example")']
    assert evil["notes"].startswith("'+cmd") and evil["last_contact"] == "" and evil["interactions"] == "0"
    assert by_name["Bob Roe"]["phones"] == "'+14155550100"  # a leading + would be read as a formula
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    assert {"strength", "circle", "last_contact"} <= set(rows[0])


def test_vcard_export_imports_back_into_an_empty_home(kith, tmp_path, move_home):
    _network(kith)
    out = tmp_path / "people.vcf"
    kith("export", "vcard", "--out", str(out))
    before = {p["name"]: p for p in kith("people", "--json").json()}
    move_home(tmp_path / "other")
    kith("import", "vcard", str(out))
    after = {p["name"]: p for p in kith("people", "--json").json()}
    assert set(after) == set(before)
    assert (after["Jane Doe"]["company"], after["Jane Doe"]["title"]) == ("Acme", "CTO")
    bob = shown(kith, "+1 415 555 0100")
    assert bob["name"] == "Bob Roe"


def test_ics_has_interactions_as_events_and_due_open_commitments_as_todos(kith):
    _network(kith)
    cal = Calendar.from_ical(kith("export", "ics").stdout)
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"coffee with Jane Doe", "call with Bob Roe", "email with Jane Doe"}
    coffee = events["coffee with Jane Doe"]
    assert coffee.decoded("DTSTART").isoformat() == "2026-06-01T09:00:00+00:00"
    assert (coffee.decoded("DTEND") - coffee.decoded("DTSTART")).total_seconds() == 45 * 60
    assert "hiring" in str(coffee["DESCRIPTION"])
    assert str(coffee["ATTENDEE"]) == "mailto:jane@example.com"
    todos = {str(t["SUMMARY"]): t for t in cal.walk("VTODO")}
    assert set(todos) == {"send the deck (promised to Bob Roe)", "intro to Bob (promised to Jane Doe)"}
    assert (
        todos["send the deck (promised to Bob Roe)"].decoded("DUE").isoformat() == "2026-06-20T12:00:00+00:00"
    )


def test_out_writes_atomically_and_replaces_the_old_file(kith, tmp_path):
    _network(kith)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "people.csv"
    out.write_text("old contents")
    result = kith("export", "csv", "--out", str(out))
    assert "people.csv" in result.stdout
    assert out.read_text(encoding="utf-8").startswith("id,name,")
    assert [p.name for p in folder.iterdir()] == ["people.csv"]  # no temporary file left behind


def test_bad_export_requests_fail_in_one_line(kith, tmp_path):
    assert_user_error(kith("export", "pdf", expect=2), "unknown export format", "json")
    assert_user_error(
        kith("export", "csv", "--out", str(tmp_path / "missing" / "x.csv"), expect=2), "does not exist"
    )
    assert_user_error(kith("export", "csv", "--out", str(tmp_path), expect=2), "is a folder")


def test_csv_neutralises_full_width_formula_signs_tabs_and_carriage_returns(kith):
    from kith.exporters.people_csv import neutralise

    for sign in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "−"):
        assert neutralise(f"{sign}1+1") == f"'{sign}1+1", sign
    for harmless in ("Jane", "José", "ＡＢＣ", "1+1", "", None, 42):
        assert not neutralise(harmless).startswith("'"), harmless
    kith("add", '＝HYPERLINK("http://evil.example")', "--company", "＠SUM(A1)", "--note", "－2+3")
    kith("add", "Tab Person", "--title", "\t=cmd")
    rows = list(csv.DictReader(io.StringIO(kith("export", "csv").stdout)))
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert (evil["name"][:2], evil["company"][:2], evil["notes"][:2]) == ("'＝", "'＠", "'－")
    assert next(r for r in rows if r["name"] == "Tab Person")["title"].startswith("'")


def test_vcard_and_csv_carry_birthdays_anniversaries_and_every_note(kith, tmp_path, move_home):
    kith(
        "add", "Jane Doe", "--email", "jane@example.com", "--birthday", "1985-04-12", "--anniversary", "06-20"
    )
    kith("add", "Sam Lee", "--email", "sam@example.org", "--birthday", "02-29", "--note", "likes jazz")
    kith("note", "Jane Doe", "moved to Berlin", "--when", "2026-06-01")
    kith("note", "Jane Doe", "new job at Initech", "--when", "2026-06-10")
    card = kith("export", "vcard").stdout
    assert "BDAY:1985-04-12" in card and "X-ANNIVERSARY:--06-20" in card and "BDAY:--02-29" in card
    assert "NOTE:2026-06-10: new job at Initech\\n\\n2026-06-01: moved to Berlin" in card
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(kith("export", "csv").stdout))}
    assert (rows["Jane Doe"]["birthday"], rows["Jane Doe"]["anniversary"]) == ("1985-04-12", "'--06-20")
    assert rows["Sam Lee"]["notes"] == "likes jazz"  # one note as it is; several each after its date
    assert rows["Jane Doe"]["notes"] == "2026-06-10: new job at Initech\n\n2026-06-01: moved to Berlin"
    out = tmp_path / "people.vcf"
    out.write_text(card, encoding="utf-8")
    move_home(tmp_path / "other")
    kith("import", "vcard", str(out))
    jane, sam = shown(kith, "Jane Doe"), shown(kith, "Sam Lee")
    assert (jane["birthday"]["date"], jane["anniversary"]["date"]) == ("1985-04-12", "--06-20")
    assert (sam["birthday"]["date"], [n["text"] for n in sam["notes"]]) == ("--02-29", ["likes jazz"])
