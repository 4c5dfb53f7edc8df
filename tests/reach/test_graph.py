"""Who knows whom (kith.reach.graph): each kind of evidence, how it is weighed, and the user's word."""

from __future__ import annotations

from datetime import UTC, date, datetime

from test_paths import past_role

from kith.reach.graph import acquaintances
from kith.store.db import transaction

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def ties_by_name(kith) -> dict[tuple[str, str], object]:
    with transaction(write=False) as session:
        found = acquaintances(session, NOW)
        ids = {p["id"]: p["name"] for p in kith("people", "--json").json()}
    return {tuple(sorted((ids[t.a], ids[t.b]))): t for t in found.values()}


def test_smaller_organisations_and_longer_overlaps_weigh_more(kith):
    kith("me", "--name", "Ada Lovelace")
    for name in ("Ann A", "Ben B", "Cat C", "Dev D", "Eli E", "Fay F", "Gus G", "Hal H", "Ivy I"):
        kith("add", name)
    # two years together at a small firm, and a few weeks
    past_role("Ann A", "Tiny Ltd", date(2018, 1, 1), date(2020, 6, 1))
    past_role("Ben B", "Tiny Ltd", date(2018, 3, 1), date(2020, 5, 1))
    past_role("Cat C", "Tiny Ltd", date(2020, 4, 1), date(2020, 12, 1))
    # two years together, ended when Tiny's did, at a firm where seven of your people worked
    for name in ("Dev D", "Eli E", "Fay F", "Gus G", "Hal H", "Ivy I", "Ann A"):
        past_role(name, "Big Corp", date(2018, 1, 1), date(2020, 6, 1))
    ties = ties_by_name(kith)
    long_small = ties[("Ann A", "Ben B")]
    short_small = ties[("Ann A", "Cat C")]
    long_big = ties[("Dev D", "Eli E")]
    assert long_small.weight > short_small.weight
    assert long_small.weight > long_big.weight
    assert long_small.reason == "together at Tiny Ltd 2018–2020"
    assert ("Ben B", "Cat C") in ties  # April 2020 overlaps
    assert ("Cat C", "Dev D") not in ties  # never at the same place


def test_evidence_adds_up_and_the_users_word_can_overrule_it(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("add", "Tom Lee", "--met-via", "Jane Doe")
    kith("log", "dinner", "Jane Doe", "Tom Lee", "--when", "2026-06-01")
    ties = ties_by_name(kith)
    both = ties[("Jane Doe", "Tom Lee")]
    assert [e.kind for e in both.evidence] == ["together", "met_via"]
    assert both.weight > max(e.weight for e in both.evidence)
    kith("knows", "Jane Doe", "Tom Lee", "--not")
    assert ties_by_name(kith) == {}
    kith("undo")
    assert ("Jane Doe", "Tom Lee") in ties_by_name(kith)


def test_the_user_is_never_in_a_tie(
    kith,
):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe", "--company", "Acme")
    kith("edit", "me", "--company", "Acme")
    kith("log", "lunch", "Jane Doe", "--when", "2026-06-01")
    assert ties_by_name(kith) == {}
    result = kith("knows", "me", "Jane Doe", expect=2)
    assert "between two of your people" in result.stderr


def test_a_merge_keeps_what_the_user_said(kith):
    kith("me", "--name", "Ada Lovelace")
    kith("add", "Jane Doe")
    kith("add", "J. Doe")
    kith("add", "Tom Lee")
    kith("knows", "J. Doe", "Tom Lee", "--how", "neighbours")
    kith("knows", "J. Doe", "Jane Doe")
    kith("merge", "Jane Doe", "J. Doe")
    ties = ties_by_name(kith)
    assert list(ties) == [("Jane Doe", "Tom Lee")]
    assert ties[("Jane Doe", "Tom Lee")].reason == "you said they know each other: neighbours"
