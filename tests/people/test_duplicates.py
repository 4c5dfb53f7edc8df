"""kith duplicates: imports propose possible duplicates, the user merges or dismisses them."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import assert_user_error

from kith.importers.records import ImportOptions, PersonRecord, PersonRef
from kith.importing.run import store_records
from kith.importing.summary import ImportSummary
from kith.store.db import transaction

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def store(*records: PersonRecord) -> ImportSummary:
    summary = ImportSummary(format="test", path="-")
    with transaction() as session:
        store_records(
            session, records, source="test", options=ImportOptions(now=NOW), now=NOW, summary=summary
        )
    return summary


def jane(slug: str, company: str | None) -> PersonRecord:
    return PersonRecord(
        PersonRef(name="Jane Doe", linkedin=f"https://www.linkedin.com/in/{slug}"), company=company
    )


def test_same_name_at_same_company_is_proposed_and_can_be_merged(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    summary = store(jane("jane-doe", "ACME"))
    assert summary.duplicates_proposed == 1
    people = kith("people", "--json").json()
    assert len(people) == 2  # proposed, not merged
    [proposal] = kith("duplicates", "--json").json()
    assert {proposal["a"]["id"], proposal["b"]["id"]} == {p["id"] for p in people}
    assert "same company" in proposal["reason"]
    text = kith("duplicates").stdout
    assert "Jane Doe (Acme, jane@acme.example" in text and "kith merge" in text

    kith("merge", f"#{proposal['a']['id']}", f"#{proposal['b']['id']}")
    assert kith("duplicates", "--json").json() == []
    [merged] = kith("people", "--json").json()
    assert (
        merged["emails"] == ["jane@acme.example"]
        and merged["linkedin"] == "https://www.linkedin.com/in/jane-doe"
    )


def test_same_name_elsewhere_is_not_a_duplicate(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    assert store(jane("jane-doe-9", "Globex")).duplicates_proposed == 0
    assert kith("duplicates").stdout.strip() == "No duplicate proposals."


def test_a_bare_person_with_the_same_name_is_proposed(kith):
    kith("add", "Jane Doe")  # nothing else known about her
    assert store(jane("jane-doe", "Acme")).duplicates_proposed == 1
    assert "no company" in kith("duplicates", "--json").json()[0]["reason"]


def test_reimport_does_not_propose_again_and_dismissed_stay_dismissed(kith):
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    store(jane("jane-doe", "Acme"))
    [proposal] = kith("duplicates", "--json").json()
    result = kith("duplicates", "--dismiss", str(proposal["id"]))
    assert "Dismissed" in result.stdout
    store(jane("jane-doe", "Acme"))
    assert kith("duplicates", "--json").json() == []
    assert len(kith("duplicates", "--all", "--json").json()) == 1
    assert_user_error(kith("duplicates", "--dismiss", "999", expect=2), "no duplicate proposal #999")


def test_a_new_person_with_no_company_is_proposed_against_a_namesake(kith):
    store(PersonRecord(PersonRef(name="Sana Ibarra", linkedin="https://www.linkedin.com/in/sana-i")))
    summary = store(PersonRecord(PersonRef(name="Sana Ibarra", emails=["sana@ember.example"])))
    assert summary.duplicates_proposed == 1 and summary.counts["people"]["added"] == 1
    [proposal] = kith("duplicates", "--json").json()
    assert {proposal["a"]["linkedin"], proposal["b"]["linkedin"]} == {
        "https://www.linkedin.com/in/sana-i",
        None,
    }
