"""The keep-in-touch cadence learned from a tie's own rhythm (at the fixed date 2026-06-15, conftest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kith.interactions import log_interaction
from kith.people.core import PersonFields, add_person
from kith.store.db import transaction

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _keep_in_touch(kith) -> dict[str, dict]:
    items = kith("agenda", "--all", "--json").json()
    return {i["person"]: i for i in items if i["kind"] == "keep-in-touch"}


def test_a_tie_with_a_rhythm_is_kept_at_its_own_cadence_and_the_users_cadence_wins(kith):
    kith("me", "--name", "Ada Example")
    with transaction() as session:
        rhea = add_person(session, PersonFields(name="Rhea Rhythm"), now=NOW)
        # lunch every three weeks for a year, the last one 26 days ago: five days overdue on her rhythm
        when = NOW - timedelta(days=26 + 21 * 16)
        while when <= NOW - timedelta(days=26):
            log_interaction(session, kind="lunch", people=[rhea], when=when)
            when += timedelta(days=21)
        sam = add_person(session, PersonFields(name="Sam Seldom"), now=NOW)
        for days in (200, 26):  # two lunches: too few to know a rhythm, so the circle's cadence holds
            log_interaction(session, kind="lunch", people=[sam], when=NOW - timedelta(days=days))
    keep = _keep_in_touch(kith)
    assert "Rhea Rhythm" in keep
    assert "you are usually in touch every 21 days" in keep["Rhea Rhythm"]["reason"]
    assert keep["Rhea Rhythm"]["due"].startswith((NOW - timedelta(days=5)).strftime("%Y-%m-%d"))
    assert "Sam Seldom" not in keep or "circle" in keep["Sam Seldom"]["reason"]
    # the user's own cadence for the person wins over the learned one
    kith("edit", "Rhea Rhythm", "--cadence", "60")
    assert "Rhea Rhythm" not in _keep_in_touch(kith)
