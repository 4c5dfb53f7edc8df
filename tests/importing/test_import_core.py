"""The import machinery: the registry, run_import and the storing function with identity resolution."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import assert_user_error, shown
from sqlalchemy import func, select

from kith.errors import BadInput
from kith.importers import registry
from kith.importers.records import (
    FavourRecord,
    ImportOptions,
    InteractionRecord,
    InvitationRecord,
    PersonRecord,
    PersonRef,
    Skipped,
)
from kith.importing.run import import_options, run_import, store_records
from kith.importing.summary import ImportSummary
from kith.store.db import transaction
from kith.store.schema import Favour, Interaction, Invitation, Person

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
T1 = datetime(2026, 1, 2, 10, tzinfo=UTC)


def store(records, source="test") -> ImportSummary:
    summary = ImportSummary(format=source, path="-")
    with transaction() as session:
        store_records(
            session, records, source=source, options=ImportOptions(now=NOW), now=NOW, summary=summary
        )
    return summary


def count(model) -> int:
    with transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def show(kith, name):
    return shown(kith, name, "--limit", "0")


@pytest.fixture
def fake_format(monkeypatch):
    """A registered format whose parser yields the records in ``records`` (and then maybe fails)."""
    state = {"records": [], "fail_after": False}

    def parse(path, options):
        yield from state["records"]
        if state["fail_after"]:
            raise BadInput(f"{path.name}:99: broken at the end")

    monkeypatch.setitem(registry.REGISTRY, "fake", parse)
    return state


def test_registry_names_every_format_and_refuses_unknown_ones(kith, tmp_path):
    assert {"linkedin", "interactions"} <= set(registry.REGISTRY)
    (tmp_path / "x.csv").write_text("a\n")
    assert_user_error(
        kith("import", "nope", str(tmp_path / "x.csv"), expect=2), "unknown import format", "linkedin"
    )
    assert_user_error(kith("import", "linkedin", str(tmp_path / "missing.zip"), expect=2), "missing.zip")


def test_same_email_phone_or_profile_is_the_same_person(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--phone", "+1 415 555 0100")
    kith("add", "Sam Lee", "--linkedin", "https://linkedin.com/in/samlee")
    summary = store(
        [
            PersonRecord(PersonRef(name="J. Doe", emails=["JANE@acme.example"]), company="Acme", title="CTO"),
            PersonRecord(
                PersonRef(name="Jane Doe", phones=["+1 (415) 555-0100"], emails=["jd@home.example"])
            ),
            PersonRecord(PersonRef(name="Samuel Lee", linkedin="www.linkedin.com/in/SamLee/")),
        ]
    )
    assert count(Person) == 2
    assert summary.counts["people"] == {"updated": 1, "unchanged": 1, "merged": 1}
    assert summary.matched_by == {"email": 1, "linkedin": 1}
    jane = show(kith, "Jane Doe")
    assert jane["name"] == "Jane Doe"  # names typed by the user are kept
    assert {"kind": "email", "value": "jd@home.example"} in jane["identities"]
    assert (jane["company"], jane["title"]) == ("Acme", "CTO")


def test_a_phone_alone_never_merges_two_names(kith):
    """An office line shared by two contacts: the second is a new person, proposed as a duplicate."""
    kith("add", "Jane Doe", "--phone", "+1 415 555 0100")
    summary = store([PersonRecord(PersonRef(name="Sam Lee", phones=["+1 415 555 0100"]))])
    assert count(Person) == 2
    assert summary.counts["people"] == {"added": 1} and summary.duplicates_proposed == 1
    proposal = kith("duplicates", "--json").json()[0]
    assert {proposal["a"]["name"], proposal["b"]["name"]} == {"Jane Doe", "Sam Lee"}
    assert "phone" in proposal["reason"]
    again = store([PersonRecord(PersonRef(name="Sam Lee", phones=["+1 415 555 0100"]))])
    assert count(Person) == 2 and again.counts["people"] == {"unchanged": 1}
    same = store([PersonRecord(PersonRef(name="jane doe", phones=["+1-415-555-0100"]), title="CTO")])
    assert same.counts["people"] == {"updated": 1} and same.matched_by == {"phone": 1}


def test_interactions_favours_and_invitations_are_stored_once(kith):
    kith("me", "--name", "Ada", "--email", "ada@example.com")
    jane = PersonRef(name="Jane Doe", emails=["jane@acme.example"])
    records = [
        InteractionRecord(
            T1, "in_person", "meeting", [jane, PersonRef(name="Ada", emails=["ada@example.com"])]
        ),
        InteractionRecord(T1, "email", "email", [jane], direction="inbound", external_id="<m1@acme.example>"),
        FavourRecord(jane, "intro", "received", T1, note="introduced me to Sam"),
        InvitationRecord(jane, "incoming", T1, message="let us connect"),
        Skipped("an odd row", "file:3"),
    ]
    first = store(records)
    assert first.counts["interactions"]["added"] == 2
    assert first.counts["favours"]["added"] == 1 and first.counts["invitations"]["added"] == 1
    assert first.skipped == {"an odd row": 1} and first.skipped_where == {"an odd row": "file:3"}
    second = store(records)
    assert second.added == 0 and second.unchanged == 4
    assert (count(Interaction), count(Favour), count(Invitation), count(Person)) == (2, 1, 1, 2)
    detail = show(kith, "Jane Doe")
    assert sorted((i["channel"], i["direction"]) for i in detail["timeline"]) == [
        ("email", "inbound"),
        ("in_person", "outbound"),
    ]
    assert [(f["kind"], f["direction"]) for f in detail["ledger"]["favours"]] == [("intro", "received")]


def test_odd_records_are_skipped_with_reasons():
    jane = PersonRef(name="Jane Doe", emails=["jane@acme.example"])
    summary = store(
        [
            InteractionRecord(T1, "telepathy", "x", [jane], where="f:1"),
            InteractionRecord(T1, "email", "email", [jane], direction="sideways", where="f:2"),
            InteractionRecord(T1, "email", "email", [], where="f:3"),
            FavourRecord(jane, "bribe", "given", T1, where="f:4"),
            PersonRecord(PersonRef(), where="f:5"),
        ]
    )
    assert summary.skipped_total == 5 and summary.added == 0
    assert summary.skipped_where["no name, email, phone or profile"] == "f:5"
    assert count(Person) == 0


def test_a_name_alone_matches_one_person_and_never_guesses_between_two(kith):
    kith("add", "Kim Park", "--email", "kim@x.example")
    kith("add", "Lee Chan", "--email", "lee1@x.example")
    kith("add", "Lee Chan", "--email", "lee2@x.example", "--allow-duplicate")
    summary = store(
        [
            InteractionRecord(T1, "message", "message", [PersonRef(name="kim  PARK")]),
            FavourRecord(PersonRef(name="Lee Chan"), "advice", "given", T1, where="f:2"),
        ]
    )
    assert summary.counts["interactions"]["added"] == 1
    assert summary.skipped_where == {
        "name matches several people (no email or profile to tell them apart)": "f:2"
    }
    assert len(show(kith, "kim@x.example")["timeline"]) == 1


def test_roles_connections_and_job_changes(kith):
    ref = PersonRef(name="Jane Doe", linkedin="https://www.linkedin.com/in/janedoe")
    may, june = datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    store(
        [PersonRecord(ref, "Acme", "CTO", platform="linkedin", connected_on=date(2024, 3, 12), seen_at=may)]
    )
    summary = store([PersonRecord(ref, "Globex", "CTO", platform="linkedin", seen_at=june)])
    assert summary.job_changes == 1 and summary.counts["people"] == {"updated": 1}
    jane = show(kith, "Jane Doe")
    assert [(r["company"], r["ended_on"]) for r in jane["roles"]] == [
        ("Globex", None),
        ("Acme", "2026-06-01"),
    ]
    assert jane["connections"][0]["connected_on"] == "2024-03-12"
    assert [e["when"][:10] for e in jane["life_events"] if e["kind"] == "job_change"] == ["2026-06-01"]


def test_run_import_fails_whole_and_dry_runs(kith, tmp_path, fake_format):
    path = tmp_path / "data.txt"
    path.write_text("x")
    fake_format["records"] = [
        PersonRecord(PersonRef(name=f"P{i}", emails=[f"p{i}@x.example"])) for i in range(12000)
    ]
    fake_format["fail_after"] = True
    with pytest.raises(BadInput, match="data.txt:99"):
        run_import("fake", path, now=NOW, progress=False)
    assert count(Person) == 0  # several batches were written, then rolled back

    fake_format["fail_after"] = False
    summary = run_import("fake", path, now=NOW, dry_run=True, progress=False)
    assert summary.dry_run and summary.counts["people"]["added"] == 12000
    assert count(Person) == 0
    assert run_import("fake", path, now=NOW, progress=False).added == 12000
    assert count(Person) == 12000


def test_me_values_tell_parsers_who_the_user_is(kith):
    kith("me", "--name", "Ada Lovelace", "--email", "ada@example.com")
    with transaction() as session:
        options = import_options(session, ["ADA@work.example", "linkedin.com/in/ada", "u17"], NOW)
    assert options.me_emails == ["ada@example.com", "ada@work.example"]
    assert options.me_linkedin == ["https://www.linkedin.com/in/ada"]
    assert options.me_names == ["ada lovelace", "u17"]


def test_a_log_keyed_by_phone_is_the_person_holding_that_phone(kith):
    kith("add", "Jane Doe", "--phone", "+1 415 555 0100")
    summary = store([PersonRecord(PersonRef(name="+1 415 555 0100", phones=["+1 415 555 0100"]))])
    assert count(Person) == 1 and summary.matched_by == {"phone": 1}
