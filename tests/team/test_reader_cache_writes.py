"""A reader on PostgreSQL stores the strength cache only while no writer of the same kith is at work.

Readers take no lock on PostgreSQL, so a page that found the cache out of date and rebuilt it could
delete the rows a writer was updating at that moment (the writer then failed with a 500). A reader now
rebuilds only when it can take the kith's write lock without waiting, and otherwise scores from the rows.
"""

from __future__ import annotations

from datetime import datetime

from conftest import NOW, TEAM_PASSWORD

from kith.settings import get_settings
from kith.store.db import may_write_now, transaction
from kith.strength import aggregates
from kith.strength.service import ties
from kith.team.accounts import add_member
from kith.team.workspace import member_settings

BOB = "bob@firm.example"


def test_a_reader_leaves_the_cache_alone_while_the_member_writes(team, kith, monkeypatch):
    member = add_member(get_settings(), BOB, TEAM_PASSWORD)
    monkeypatch.setenv("KITH_MEMBER", BOB)
    kith("add", "Jane Doe", "--company", "Acme")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    settings = member_settings(get_settings(), member.schema)
    as_of = datetime.fromisoformat(NOW)
    with transaction(settings) as session:
        aggregates.invalidate(session)  # the next reader rebuilds the cache

    with transaction(settings) as writing:  # a writer of Bob's kith holds its lock meanwhile
        assert may_write_now(writing)
        with transaction(settings, write=False) as reading:
            assert not may_write_now(reading)
            during = ties(reading, as_of)
            assert aggregates.cache_state(reading) is None  # scored from the rows, stored nothing
    with transaction(settings, write=False) as reading:  # no writer now: the reader rebuilds it
        assert may_write_now(reading)
        after = ties(reading, as_of)
        assert aggregates.cache_state(reading) is not None
    assert {pid: t.strength for pid, t in during.items()} == {pid: t.strength for pid, t in after.items()}
    assert during and all(t.strength > 0 for t in during.values())


def test_another_members_writer_does_not_hold_back_a_reader(team, kith):
    bob = add_member(get_settings(), BOB, TEAM_PASSWORD)
    carol = add_member(get_settings(), "carol@firm.example", TEAM_PASSWORD)
    with (
        transaction(member_settings(get_settings(), carol.schema)),
        transaction(member_settings(get_settings(), bob.schema), write=False) as reading,
    ):
        assert may_write_now(reading)  # each kith has its own lock
