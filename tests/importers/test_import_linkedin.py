"""kith import linkedin: synthetic exports in LinkedIn's formats, as a zip or a folder, with variants and
hostile files."""

from __future__ import annotations

import os
import zipfile

import pytest
from conftest import assert_user_error, shown
from linkedin_export import (
    CONNECTION_HEADER,
    JANE,
    ME_URL,
    NOTES,
    SAM,
    connection,
    csv_text,
    default_connections,
    default_messages,
    export_files,
    message,
    write_folder,
    write_zip,
)
from sqlalchemy import func, select

from kith.store.db import transaction
from kith.store.schema import Favour, Invitation, LifeEvent, Person


def person(kith, name):
    return shown(kith, name, "--limit", "0")


def count(model) -> int:
    with transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_zip_export_imports_connections_messages_invitations_and_favours(kith, tmp_path):
    archive = write_zip(tmp_path / "Basic_LinkedInDataExport.zip", export_files())
    result = kith("import", "linkedin", str(archive))
    assert "people" in result.stdout and "added 5" in result.stdout  # 3 connections, Pat, Lou

    jane = person(kith, JANE)
    assert (jane["company"], jane["title"]) == ("Acme", "CTO")
    assert {"kind": "linkedin", "value": JANE} in jane["identities"]
    assert jane["connections"][0]["platform"] == "linkedin"
    assert jane["connections"][0]["connected_on"] == "2024-03-12"
    directions = sorted(i["direction"] for i in jane["timeline"])
    assert directions == ["inbound", "outbound"]
    assert {f["kind"] for f in jane["ledger"]["favours"]} == {"recommendation"}

    sam = person(kith, "sam@initech.example")
    assert sam["title"] == "Engineer, Platform"
    assert [(f["kind"], f["direction"]) for f in sam["ledger"]["favours"]] == [("endorsement", "received")]
    diaz = person(kith, "José Díaz")
    assert [(f["kind"], f["direction"]) for f in diaz["ledger"]["favours"]] == [("endorsement", "given")]

    with transaction() as session:
        invitations = {
            (i.person.name, i.direction, i.sent_at.isoformat() if i.sent_at else None, i.status)
            for i in session.scalars(select(Invitation))
        }
    assert invitations == {
        ("Pat Kim", "outgoing", "2026-01-29T14:37:00+00:00", "pending"),
        ("Lou Ng", "incoming", "2026-02-01T09:05:00+00:00", "pending"),
        ("Sam Lee", "incoming", "2020-01-01T09:05:00+00:00", "accepted"),
    }
    assert "invitation with an unknown direction" in result.stdout


def test_reimport_is_idempotent_and_zip_equals_folder(kith, tmp_path):
    files = export_files()
    kith("import", "linkedin", str(write_zip(tmp_path / "export.zip", files)))
    people = kith("people", "--json").json()
    totals = (count(Favour), count(Invitation))
    again = kith("import", "linkedin", str(write_folder(tmp_path / "unzipped", files)), "--json").json()
    assert again["added"] == 0 and again["updated"] == 0
    assert again["unchanged"] >= 3 + 3 + 3 + 3
    assert kith("people", "--json").json() == people
    assert (count(Favour), count(Invitation)) == totals


def test_connections_variants_without_url_bom_crlf_and_reordered_columns(kith, tmp_path):
    header = ["Connected On", "Position", "Company", "Email Address", "Last Name", "First Name"]
    rows = [["5 Jun 2021", "Chef", "Bistro", "kim@bistro.example", "Park", "Kim"]]
    files = export_files(connections=rows, connection_header=header, crlf=True, bom=True)
    kith("import", "linkedin", str(write_folder(tmp_path / "old", files)))
    kim = person(kith, "kim@bistro.example")
    assert (kim["name"], kim["company"], kim["title"]) == ("Kim Park", "Bistro", "Chef")
    assert kim["connections"][0]["connected_on"] == "2021-06-05"


def test_a_lone_connections_csv_can_be_imported(kith, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(csv_text(NOTES + [CONNECTION_HEADER] + default_connections(), bom=True))
    kith("import", "linkedin", str(path))
    assert len(kith("people", "--json").json()) == 3


def test_newer_export_with_a_job_change_records_a_dated_role_change(kith, tmp_path):
    kith(
        "import", "linkedin", str(write_zip(tmp_path / "may.zip", export_files(), when=(2026, 5, 1, 9, 0, 0)))
    )
    newer = default_connections()
    newer[0] = connection("Jane", "Doe", "jane-doe-1", "Globex", "VP Engineering", "12 Mar 2024")
    files = export_files(connections=newer)
    result = kith(
        "import", "linkedin", str(write_zip(tmp_path / "june.zip", files, when=(2026, 6, 10, 8, 0, 0)))
    )
    assert "job changes   1" in result.stdout
    assert len(kith("people", "--json").json()) == 5  # updated, not duplicated

    jane = person(kith, JANE)
    assert (jane["company"], jane["title"]) == ("Globex", "VP Engineering")
    assert [(r["company"], r["title"], r["ended_on"]) for r in jane["roles"]] == [
        ("Globex", "VP Engineering", None),  # newest first
        ("Acme", "CTO", "2026-06-10"),
    ]
    events = [e for e in jane["life_events"] if e["kind"] == "job_change"]
    assert len(events) == 1
    assert events[0]["when"].startswith("2026-06-10")
    assert "CTO at Acme" in events[0]["summary"] and "VP Engineering at Globex" in events[0]["summary"]

    # the older export again changes nothing back
    kith("import", "linkedin", str(tmp_path / "may.zip"))
    assert person(kith, JANE)["company"] == "Globex"
    assert count(LifeEvent) == 1


def test_user_is_inferred_without_profile_and_me_overrides(kith, tmp_path):
    files = export_files(profile=False)
    kith("import", "linkedin", str(write_folder(tmp_path / "noprofile", files)))
    jane = person(kith, JANE)
    assert sorted(i["direction"] for i in jane["timeline"]) == ["inbound", "outbound"]
    assert kith("people", "--search", "Ada", "--json").json() == []  # the user is not a contact


def test_inference_that_cannot_decide_asks_for_me(kith, tmp_path):
    one_chat = [message("c1", "Ada Example", ME_URL, "Jane Doe", JANE, "2025-06-01 14:03:22 UTC", "Hello")]
    # no profile and no outgoing invitation to say who sent them
    files = export_files(profile=False, messages=one_chat, extra={"Invitations.csv": None})
    folder = write_folder(tmp_path / "x", files)
    assert_user_error(kith("import", "linkedin", str(folder), expect=2), "messages.csv", "--me")
    assert kith("people", "--json").json() == []
    kith("import", "linkedin", str(folder), "--me", ME_URL)
    assert person(kith, JANE)["timeline"][0]["direction"] == "outbound"


def test_an_outgoing_invitation_says_who_the_user_is(kith, tmp_path):
    one_chat = [message("c1", "Ada Example", ME_URL, "Jane Doe", JANE, "2025-06-01 14:03:22 UTC", "Hello")]
    files = export_files(profile=False, messages=one_chat)  # Ada invited Pat Kim: her URL is the inviter's
    kith("import", "linkedin", str(write_folder(tmp_path / "x", files)))
    assert person(kith, JANE)["timeline"][0]["direction"] == "outbound"
    assert kith("people", "--search", "Ada", "--json").json() == []


def test_dry_run_shows_the_summary_and_writes_nothing(kith, tmp_path):
    archive = write_zip(tmp_path / "export.zip", export_files())
    result = kith("import", "linkedin", str(archive), "--dry-run")
    assert "dry run" in result.stdout and "added 5" in result.stdout
    assert kith("people", "--json").json() == []
    assert count(Person) == 0


def test_truncated_zip_is_refused(kith, tmp_path):
    archive = write_zip(tmp_path / "export.zip", export_files())
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    assert_user_error(kith("import", "linkedin", str(archive), expect=2), "export.zip", "truncated")
    assert count(Person) == 0


def test_corrupt_member_late_in_the_export_writes_nothing(kith, tmp_path):
    archive = write_zip(tmp_path / "export.zip", export_files())
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("messages.csv")
    start = info.header_offset + 30 + len(info.filename) + 2
    data[start : start + 8] = b"\x00" * 8
    archive.write_bytes(bytes(data))
    result = kith("import", "linkedin", str(archive), expect=2)
    assert_user_error(result, "messages.csv")
    assert count(Person) == 0


def test_binary_junk_is_refused(kith, tmp_path):
    junk = tmp_path / "export.zip"
    junk.write_bytes(os.urandom(4096))
    assert_user_error(kith("import", "linkedin", str(junk), expect=2), "export.zip")
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    assert_user_error(kith("import", "linkedin", str(other), expect=2), "photo.jpg", "not a linkedin export")


def test_wrong_encoding_names_the_file_and_line(kith, tmp_path):
    files = export_files()
    latin = csv_text(NOTES + [CONNECTION_HEADER] + default_connections()).encode("latin-1")
    files["Connections.csv"] = latin
    folder = write_folder(tmp_path / "latin", files)
    result = kith("import", "linkedin", str(folder), expect=2)
    assert_user_error(result, "Connections.csv:7", "UTF-8")
    assert count(Person) == 0


def test_missing_required_column_is_an_error(kith, tmp_path):
    files = export_files()
    files["Connections.csv"] = csv_text([["Vorname", "Nachname", "Firma"], ["Jane", "Doe", "Acme"]])
    result = kith("import", "linkedin", str(write_zip(tmp_path / "e.zip", files)), expect=2)
    assert_user_error(result, "Connections.csv", "First Name")
    files = export_files(messages=[])
    files["messages.csv"] = csv_text([["CONVERSATION ID", "FROM", "CONTENT"], ["c", "x", "y"]])
    result = kith("import", "linkedin", str(write_zip(tmp_path / "m.zip", files)), expect=2)
    assert_user_error(result, "messages.csv", "DATE")
    assert count(Person) == 0


def test_a_huge_single_line_is_refused_without_reading_it_whole(kith, tmp_path):
    folder = tmp_path / "huge"
    folder.mkdir()
    with open(folder / "Connections.csv", "wb") as out:
        out.write(b"First Name,Last Name," + b"x" * (3 << 20))
    result = kith("import", "linkedin", str(folder), expect=2)
    assert_user_error(result, "Connections.csv:1", "line longer")


def test_odd_rows_are_skipped_and_counted(kith, tmp_path):
    rows = default_connections() + [["", "", "", "", "Acme", "Nobody", "1 Jan 2020"]]
    msgs = default_messages() + [
        message("c3", "Sam Lee", SAM, "Jane Doe", JANE, "2025-07-02 10:00:00 UTC", "not to me"),
        message("c4", "Sam Lee", SAM, "Ada Example", ME_URL, "yesterday-ish", "bad date"),
    ]
    summary = kith(
        "import",
        "linkedin",
        str(write_zip(tmp_path / "e.zip", export_files(connections=rows, messages=msgs))),
        "--json",
    ).json()
    reasons = {s["reason"]: s["count"] for s in summary["skipped"]}
    assert reasons["connection without a name"] == 1
    assert reasons["message does not involve you"] == 1
    assert reasons["message with an unreadable date"] == 1
    first = {s["reason"]: s["first"] for s in summary["skipped"]}
    assert first["connection without a name"] == "e.zip:Connections.csv:8"


@pytest.mark.parametrize("container", ["zip", "folder"])
def test_same_name_at_same_company_is_proposed_not_merged(kith, tmp_path, container):
    rows = default_connections() + [connection("Jane", "Doe", "jane-doe-2", "ACME", "Sales", "1 Feb 2024")]
    files = export_files(connections=rows)
    path = (
        write_zip(tmp_path / "e.zip", files)
        if container == "zip"
        else write_folder(tmp_path / "folder", files)
    )
    kith("import", "linkedin", str(path))
    janes = kith("people", "--search", "jane doe", "--json").json()
    assert len(janes) == 2
    proposals = kith("duplicates", "--json").json()
    assert len(proposals) == 1 and "same company" in proposals[0]["reason"]


def test_a_fresh_home_names_the_user_after_the_profile(kith, tmp_path):
    result = kith("import", "linkedin", str(write_zip(tmp_path / "export.zip", export_files())))
    assert "  you           named Ada Example after your LinkedIn profile\n" in result.stdout
    assert f"  you           your profile URL {ME_URL} is now one of yours\n" in result.stdout
    me = kith("me", "--json").json()
    assert (me["name"], me["linkedin"]) == ("Ada Example", ME_URL)
    assert kith("people", "--search", "Ada", "--json").json() == []  # the user is not a contact
    assert kith("me").stdout.startswith("You are Ada Example (#")
    again = kith("import", "linkedin", str(tmp_path / "export.zip"), "--json").json()
    assert again["you"]["named"] is False and again["you_said"] == []  # nothing new to say


def test_another_name_for_the_user_is_reported_with_how_to_reconcile(kith, tmp_path):
    kith("me", "--name", "Ada King")
    result = kith("import", "linkedin", str(write_folder(tmp_path / "export", export_files())))
    assert (
        "  you           your LinkedIn profile says 'Ada Example', kith knows you as 'Ada King': "
        "run kith me --name 'Ada Example' to take the profile's name" in result.stdout
    )
    me = kith("me", "--json").json()
    assert (me["name"], me["linkedin"]) == ("Ada King", ME_URL)  # the name kith had stays
    # her messages are still the user's: Jane's conversation goes both ways, nobody called Ada was added
    assert sorted(i["direction"] for i in person(kith, JANE)["timeline"]) == ["inbound", "outbound"]
    assert kith("people", "--search", "Ada", "--json").json() == []


def test_the_users_profile_url_is_learned_from_their_messages(kith, tmp_path):
    kith("me", "--name", "Ada King")
    files = export_files(extra={"Invitations.csv": None})  # no outgoing invitation to read it from
    summary = kith("import", "linkedin", str(write_folder(tmp_path / "x", files)), "--json").json()
    assert summary["you"] == {
        "profile_name": "Ada Example",
        "known_as": "Ada King",
        "named": False,
        "linkedin": ME_URL,
    }
    assert kith("me", "--json").json()["linkedin"] == ME_URL
    assert sorted(i["direction"] for i in person(kith, JANE)["timeline"]) == ["inbound", "outbound"]
