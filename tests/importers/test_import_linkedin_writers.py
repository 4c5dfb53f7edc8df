"""LinkedIn exports as LinkedIn wrote them in its 2018, 2021 and 2024 layouts (tests/importers/fixtures/):
every person once, names with commas whole, placeholders never a person."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import shown
from sqlalchemy import func, select

from kith.store.db import transaction
from kith.store.schema import LifeEvent, Person

FIXTURES = Path(__file__).parent / "fixtures"


def export(tmp_path: Path, layout: str) -> Path:
    """A copy of one fixture export, so that the test may add to it."""
    return Path(shutil.copytree(FIXTURES / f"linkedin-{layout}", tmp_path / f"linkedin-{layout}"))


def people(kith) -> dict[str, dict]:
    return {p["name"]: p for p in kith("people", "--json").json()}


def timeline(kith, name: str) -> list[tuple[str, str]]:
    detail = shown(kith, name)
    return sorted((i["when"][:10], i["direction"]) for i in detail["timeline"])


def test_2024_names_with_commas_stay_whole_and_the_user_is_recognised(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2024")), "--json").json()
    found = people(kith)
    assert set(found) == {"Élise Müller", "Bola Ade, ACIPM", "Tomasz Nowak"}  # no "MBA", "CPHR" or "ACIPM"
    assert summary["by_kind"]["interactions"]["added"] == 4
    # received messages are kept: the user "Adaeze Okafor, MBA, CPHR" is recognised in TO
    assert timeline(kith, "Élise Müller") == [("2025-05-02", "inbound"), ("2025-05-02", "outbound")]
    assert timeline(kith, "Tomasz Nowak") == [("2025-06-10", "inbound"), ("2025-06-10", "inbound")]
    assert timeline(kith, "Bola Ade, ACIPM") == [("2025-06-10", "inbound"), ("2025-06-10", "inbound")]


def test_2024_percent_encoded_and_unicode_profile_urls_are_one_person(kith, tmp_path):
    kith("import", "linkedin", str(export(tmp_path, "2024")))
    elise = shown(kith, "Élise")
    urls = [i["value"] for i in elise["identities"] if i["kind"] == "linkedin"]
    assert urls == ["https://www.linkedin.com/in/%c3%a9lise-m%c3%bcller-4b2a1c"]
    assert kith("duplicates", "--json").json() == []
    # the country subdomain, case and trailing slash of Tomasz's URL fold too; kith add uses the same rule
    added = kith("add", "Tom N", "--linkedin", "http://linkedin.com/in/tomasznowak?trk=x", expect=2)
    assert "already belongs to Tomasz Nowak" in added.stderr


def test_2024_linkedin_member_is_never_a_person(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2024")), "--json").json()
    assert "LinkedIn Member" not in people(kith)
    skipped = {s["reason"]: s["count"] for s in summary["skipped"]}
    assert skipped == {"a hidden or deleted account (such as 'LinkedIn Member') is not a person": 3}


def test_2024_export_accounts_for_every_message_row(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2024")), "--json").json()
    rows = 7  # messages.csv
    interactions = summary["by_kind"]["interactions"]
    assert interactions["added"] + sum(s["count"] for s in summary["skipped"]) == rows
    again = kith("import", "linkedin", str(export(tmp_path / "again", "2024")), "--json").json()
    assert again["added"] == 0 and again["by_kind"]["people"]["unchanged"] == 3


def test_2021_same_name_connections_stay_two_people_without_a_job_change(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2021")), "--json").json()
    smiths = [p for p in kith("people", "--json").json() if p["name"] == "John Smith"]
    assert sorted(p["company"] for p in smiths) == ["Acme Example", "Globex Example"]
    assert summary["job_changes"] == 0
    with transaction() as session:
        assert session.scalar(select(func.count()).select_from(LifeEvent)) == 0
    # the message to "John Smith" cannot say which one: skipped with the reason, never guessed
    reasons = {s["reason"] for s in summary["skipped"]}
    assert "name matches several people (no email or profile to tell them apart)" in reasons
    again = kith("import", "linkedin", str(export(tmp_path / "again", "2021")), "--json").json()
    assert again["added"] == 0 and again["job_changes"] == 0
    assert again["by_kind"]["people"] == {"added": 0, "updated": 0, "unchanged": 4, "merged": 0}


def test_2021_messaged_connections_are_matched_to_their_connection(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2021")), "--json").json()
    assert summary["duplicates_proposed"] == 0 and kith("duplicates", "--json").json() == []
    with transaction() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(Person.is_me.is_(False))) == 4
    priya = shown(kith, "Priya Raman")
    assert {"kind": "linkedin", "value": "https://www.linkedin.com/in/priya-raman-7"} in priya["identities"]
    assert timeline(kith, "Priya Raman") == [("2021-08-01", "inbound"), ("2021-08-01", "outbound")]
    # a connection whose last name holds a credential is read whole, in FROM and in TO
    assert timeline(kith, "Femi O SPHRi, CPHR") == [("2021-09-01", "inbound"), ("2021-09-02", "outbound")]


def test_2018_dates_like_23_apr_18_are_read_and_an_unreadable_one_is_said(kith, tmp_path):
    summary = kith("import", "linkedin", str(export(tmp_path, "2018")), "--json").json()
    mei = shown(kith, "Mei Chen")
    assert mei["connections"][0]["connected_on"] == "2018-04-23"
    notices = {n["what"]: n for n in summary["notices"]}
    unread = notices["connection date not read (kept without it)"]
    assert unread["count"] == 1 and "sometime in 2016" in unread["first"]
    # the oldest layout's DIRECTION column says who sent what
    assert timeline(kith, "Mei Chen") == [("2018-04-23", "inbound"), ("2018-04-23", "outbound")]
    assert timeline(kith, "Lars Berg") == [("2018-05-02", "outbound")]


def test_2021_then_2024_export_gives_the_url_to_the_connection_it_belongs_to(kith, tmp_path):
    kith("import", "linkedin", str(export(tmp_path, "2021")))
    newer = export(tmp_path, "2024")
    (newer / "Connections.csv").write_text(
        (newer / "Connections.csv").read_text()
        + "Priya,Raman,https://www.linkedin.com/in/Priya-Raman-7/,,Initech Example,Product Manager,30 Sep 2020\n",
        encoding="utf-8",
    )
    summary = kith("import", "linkedin", str(newer), "--me", "Adaeze Okafor", "--json").json()
    assert summary["matched_by"] == {"profile URL": 1}
    assert len([p for p in people(kith) if p.startswith("Priya")]) == 1


def test_a_newer_export_with_a_third_john_smith_invents_no_job_change(kith, tmp_path):
    kith("import", "linkedin", str(export(tmp_path, "2021")))
    newer = export(tmp_path / "newer", "2021")
    (newer / "Connections.csv").write_text(
        (newer / "Connections.csv")
        .read_text()
        .replace(
            "John,Smith,,Acme Example,Engineer,14 Jun 2021\n",
            "John,Smith,,Acme Example,Engineer,14 Jun 2021\nJohn,Smith,,Initech Example,Intern,03 Mar 2022\n",
        ),
        encoding="utf-8",
    )
    summary = kith("import", "linkedin", str(newer), "--json").json()
    assert summary["job_changes"] == 0 and summary["by_kind"]["people"]["added"] == 1
    smiths = [p for p in kith("people", "--json").json() if p["name"] == "John Smith"]
    assert sorted(p["company"] for p in smiths) == ["Acme Example", "Globex Example", "Initech Example"]
    # and a lone John Smith connected on another day is not the one kith knows either
    lone = tmp_path / "Connections.csv"
    lone.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Priya,Raman,,Initech Example,Director of Product,04 Oct 2024\n",
        encoding="utf-8",
    )
    summary = kith("import", "linkedin", str(lone), "--json").json()
    assert summary["job_changes"] == 0 and summary["duplicates_proposed"] == 1
