"""kill -9 at 20 seeded moments of an import, a restore and a loop of `kith log`: the database always
passes ``PRAGMA integrity_check`` and holds the state before or after the work, never a part of it; every
log that returned is stored. (benchmarks/crash.py runs more moments on larger files.)"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from collections import Counter
from contextlib import closing

import pytest
from crashing import (
    LOG_LOOP,
    Run,
    digest,
    fresh_copy,
    holds_data,
    integrity,
    kith_command,
    linkedin_export,
    moments,
    run_and_kill,
)

from kith.store.db import dispose_engines

SEED = 20261206
MOMENTS = 20

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


@pytest.fixture
def network(kith, kith_home):
    """The home before the work: the user and two people, closed so that it can be copied."""
    kith("me", "--name", "Ada Lovelace", "--linkedin", "https://www.linkedin.com/in/ada-lovelace")
    kith("add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
    kith("add", "Sam Lee", "--email", "sam@initech.example")
    kith("log", "coffee", "Jane Doe", "--when", "2026-06-01")
    dispose_engines()
    return kith_home


def scheduled(seed: int, whole: Run) -> list[tuple[str | None, float]]:
    """The moments of a run: half anywhere from its start (start-up, reading the file), half once its
    first write reached the log (the writes and the commit), each a seeded delay from there."""
    anywhere = moments(seed, MOMENTS // 2, whole.seconds * 1.05)
    in_writes = moments(seed + 100, MOMENTS - MOMENTS // 2, whole.after_start * 1.05)
    return [(None, d) for d in anywhere] + [("writing", d) for d in in_writes]


def test_kill_during_an_import_leaves_all_or_nothing(network, tmp_path):
    export = linkedin_export(tmp_path / "export.zip", connections=800, messages=2000)
    command = kith_command("import", "linkedin", str(export), "--no-progress")
    before = digest(network)
    whole = run_and_kill(command, fresh_copy(network, tmp_path / "whole"), None, start_when="writing")
    assert "Imported" in whole.output, whole.output
    after = digest(tmp_path / "whole")
    assert after != before
    outcomes: Counter = Counter()
    for i, (start_when, delay) in enumerate(scheduled(SEED, whole)):
        home = fresh_copy(network, tmp_path / f"moment{i}")
        run = run_and_kill(command, home, delay, start_when=start_when)
        assert integrity(home) == "ok", (delay, run.output)
        state = digest(home)
        assert state in (before, after), f"killed at {delay:.2f} s: a state neither before nor after"
        outcomes["killed, before" if state == before else "killed, after" if run.killed else "finished"] += 1
        shutil.rmtree(home)
    print(f"import of {whole.seconds:.1f} s ({whole.after_start:.1f} s writing): {dict(outcomes)}")
    assert outcomes["killed, before"] >= 3  # not vacuous: some kills came before the commit


def test_kill_during_a_restore_leaves_an_empty_home_or_the_whole_backup(network, tmp_path):
    export = linkedin_export(tmp_path / "export.zip", connections=800, messages=2000)
    full = fresh_copy(network, tmp_path / "full")
    assert "Imported" in run_and_kill(kith_command("import", "linkedin", str(export)), full, None).output
    backup = tmp_path / "backup.json"
    run_and_kill(kith_command("export", "json", "--out", str(backup)), full, None)
    command = kith_command("restore", str(backup))
    whole = run_and_kill(command, tmp_path / "whole", None, start_when="writing")
    assert "Restored" in whole.output, whole.output
    after = digest(tmp_path / "whole")
    outcomes: Counter = Counter()
    retried = False
    for i, (start_when, delay) in enumerate(scheduled(SEED + 1, whole)):
        home = tmp_path / f"moment{i}"
        run = run_and_kill(command, home, delay, start_when=start_when)
        assert integrity(home) == "ok", (delay, run.output)
        if holds_data(home):
            assert digest(home) == after, f"killed at {delay:.2f} s: part of the backup restored"
            outcomes["after"] += 1
        else:
            outcomes["empty"] += 1
            if not retried:  # what a killed restore leaves is a home the restore can be run on again
                assert "Restored" in run_and_kill(command, home, None).output
                assert digest(home) == after
                retried = True
        shutil.rmtree(home, ignore_errors=True)
    print(f"restore of {whole.seconds:.1f} s ({whole.after_start:.1f} s writing): {dict(outcomes)}")
    assert outcomes["empty"] >= 3


def test_kill_during_commits_loses_no_acknowledged_log(network, tmp_path):
    command = [sys.executable, "-c", LOG_LOOP, "100000"]
    acknowledged = 0
    for i, delay in enumerate(moments(SEED + 2, MOMENTS, 2.0)):
        home = fresh_copy(network, tmp_path / f"moment{i}")
        run = run_and_kill(command, home, delay, start_when="ack 0")
        assert run.killed, run.output
        assert "failed" not in run.output and "Traceback" not in run.output, run.output
        acks = {int(n) for n in re.findall(r"^ack (\d+)$", run.output, re.MULTILINE)}
        assert integrity(home) == "ok"
        with closing(sqlite3.connect(home / "kith.db")) as db:
            stored = {
                int(note.rsplit("-", 1)[1])
                for (note,) in db.execute("SELECT notes FROM interaction WHERE notes LIKE 'crash-log-%'")
            }
            orphans = db.execute(
                "SELECT count(*) FROM interaction i WHERE NOT EXISTS "
                "(SELECT 1 FROM interaction_participant p WHERE p.interaction_id = i.id)"
            ).fetchone()[0]
        assert acks <= stored, f"killed at {delay:.2f} s: acknowledged logs lost: {sorted(acks - stored)}"
        assert stored == set(range(len(stored))), "a log stored out of order"
        assert len(stored - acks) <= 1  # the one being committed when the kill came, whole or not at all
        assert orphans == 0
        acknowledged += len(acks)
        shutil.rmtree(home)
    print(f"{acknowledged} acknowledged logs over {MOMENTS} kills")
    assert acknowledged >= MOMENTS
