"""A company or title changed on the day the current role began corrects that role (a typo put right:
no job change, no "new role" on the agenda, no role of a few hours that would put someone "together at"
the wrong company); a change of a role that began on an earlier day is a job change, as ever."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import shown
from sqlalchemy import select

from kith.reach.graph import acquaintances
from kith.store.db import transaction
from kith.store.schema import Organisation, Person


def roles(kith, name: str) -> list[tuple]:
    return [(r["company"], r["title"], r["started_on"], r["ended_on"]) for r in shown(kith, name)["roles"]]


def job_changes(kith, name: str) -> list[str]:
    return [e["summary"] for e in shown(kith, name)["life_events"] if e["kind"] == "job_change"]


def agenda_kinds(kith) -> list[str]:
    return [item["kind"] for item in kith("agenda", "--json").json()]


def ties_by_name() -> dict[tuple[str, str], str]:
    """Who knows whom as the evidence says, by name, with the reason in words."""
    with transaction(write=False) as session:
        names = dict(session.execute(select(Person.id, Person.name)).all())
        found = acquaintances(session, datetime(2026, 6, 15, 12, tzinfo=UTC))
    return {tuple(sorted((names[t.a], names[t.b]))): t.reason for t in found.values()}


def organisations() -> set[str]:
    with transaction(write=False) as session:
        return set(session.scalars(select(Organisation.name)))


def test_a_company_typed_wrong_today_is_corrected_not_a_job_change(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Tom Lee", "--company", "Acme")
    kith("add", "Jane Doe", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Jane Doe", "--company", "Globex")
    assert roles(kith, "Jane Doe") == [("Globex", "Engineer", None, None)]
    assert job_changes(kith, "Jane Doe") == []
    assert "job-change" not in agenda_kinds(kith)
    # she was never at Acme: nothing says she and Tom were there together
    assert ("Jane Doe", "Tom Lee") not in ties_by_name()
    assert organisations() == {"Acme", "Globex"}


def test_a_corrected_company_leaves_no_trace_and_the_correction_undoes(kith):
    kith("add", "Jane Doe", "--company", "Acne")
    kith("edit", "Jane Doe", "--company", "Acme")
    assert organisations() == {"Acme"}  # the misspelt company is not offered as one kith knows
    assert kith("undo").stdout.startswith("Undid: edit Jane Doe")
    assert roles(kith, "Jane Doe") == [("Acne", None, None, None)]
    assert organisations() == {"Acne"}


def test_a_title_corrected_the_same_day_changes_the_role(kith):
    kith("add", "Jane Doe", "--company", "Acme", "--title", "Enginer")
    kith("edit", "Jane Doe", "--title", "Engineer")
    assert roles(kith, "Jane Doe") == [("Acme", "Engineer", None, None)]
    assert job_changes(kith, "Jane Doe") == []


def test_a_role_that_began_earlier_ends_and_a_new_one_begins(kith, kith_on):
    kith("me", "--name", "Ada Lovelace")
    kith_on("2026-03-02", "add", "Jane Doe", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Jane Doe", "--company", "Globex")
    assert roles(kith, "Jane Doe") == [
        ("Globex", "Engineer", "2026-06-15", None),
        ("Acme", "Engineer", None, "2026-06-15"),
    ]
    assert job_changes(kith, "Jane Doe") == ["Engineer at Acme -> Engineer at Globex"]
    assert "job-change" in agenda_kinds(kith)


def test_a_job_change_corrected_the_same_day_says_the_corrected_role(kith, kith_on):
    kith_on("2026-03-02", "add", "Jane Doe", "--company", "Acme", "--title", "Engineer")
    kith("edit", "Jane Doe", "--company", "Globex")
    kith("edit", "Jane Doe", "--company", "Initech", "--title", "CTO")
    assert roles(kith, "Jane Doe") == [
        ("Initech", "CTO", "2026-06-15", None),
        ("Acme", "Engineer", None, "2026-06-15"),
    ]
    assert job_changes(kith, "Jane Doe") == ["Engineer at Acme -> CTO at Initech"]
    assert "Globex" not in organisations()
    # back to where she was: the job change was the mistake, and it is gone
    kith("edit", "Jane Doe", "--company", "Acme", "--title", "Engineer")
    assert roles(kith, "Jane Doe") == [("Acme", "Engineer", None, None)]
    assert job_changes(kith, "Jane Doe") == []


def test_the_next_day_a_change_is_a_job_change_again(kith, kith_on):
    kith_on("2026-06-14", "add", "Jane Doe", "--company", "Acme")
    kith("edit", "Jane Doe", "--company", "Globex")
    assert [r[0] for r in roles(kith, "Jane Doe")] == ["Globex", "Acme"]
    assert job_changes(kith, "Jane Doe") == ["Acme -> Globex"]
