"""Eight members writing through one team server at once, while others read: every write answered,
each stored once, in its member's kith and nobody else's.

A small version of ``benchmarks/team_concurrency.py`` (8 members x 1,000 logs): a real ``kith serve
--team`` with two worker processes, each writer with their own bearer token, a reader asking for their
dashboard, people list and person page, and the admin asking team reach (which publishes the writers'
kiths as they change).
"""

from __future__ import annotations

from collections import Counter

import httpx
from conftest import TEAM_ADMIN
from team_load import (
    COMPANY,
    Member,
    add_members,
    run_load,
    seed,
    server_environment,
    stored_notes,
    team_server,
    token_of,
)

from kith.settings import get_settings
from kith.team.accounts import get_member

WRITERS = 8
LOGS = 15


def test_eight_members_writing_at_once_lose_nothing_and_see_only_their_own(team, kith_home, tmp_path):
    settings = get_settings()
    writers = add_members(settings, [f"writer{i}@firm.example" for i in range(WRITERS)])
    readers = add_members(settings, ["reader@firm.example"])
    admin = Member(TEAM_ADMIN, get_member(settings, TEAM_ADMIN).schema, token_of(settings, TEAM_ADMIN))
    env = server_environment(kith_home, team)
    with team_server(env, workers=2, log_to=tmp_path / "server.log") as (base, _pid):
        seed(base, writers + readers + [admin])
        outcome = run_load(base, writers, LOGS, readers, admin)
        reach = httpx.get(base + f"/api/reach?company={COMPANY}", headers=admin.bearer, timeout=120).json()

    failures = outcome.failures()
    assert not failures, "\n".join(f"{a.what}: {a.status} {a.message}" for a in failures[:10])
    assert all(len(attempts) == LOGS for attempts in outcome.writes.values())
    assert all(outcome.reads[kind] for kind in ("dashboard /", "people list", "person page", "team reach"))
    stored = stored_notes(team, [m.schema for m in writers + readers + [admin]])
    for member in writers:  # each acknowledged write once, in its member's schema, and nothing else there
        assert stored[member.schema] == outcome.acknowledged(member.email)
        assert sum(stored[member.schema].values()) == LOGS
    assert stored[readers[0].schema] == Counter() and stored[admin.schema] == Counter()
    # the admin's team reach, published after the writes, names the writers who now know someone there
    assert reach["team"]["message"] == f"{WRITERS} of your colleagues know someone at {COMPANY}."
    assert {c["email"] for c in reach["team"]["colleagues"]} <= {m.email for m in writers}
