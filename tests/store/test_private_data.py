"""The data folder is the user's alone: created 0700 with every file kith writes in it 0600, and an older,
too-open folder tightened (with a notice) when kith opens it."""

from __future__ import annotations

import os
import stat

import pytest


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """Run as most accounts do (umask 022), which would make files 0644 unless kith says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.sqlite_only
def test_a_new_data_folder_and_its_files_are_private(kith, kith_home, tmp_path):
    from web_client import client

    kith("add", "Jane Doe", "--email", "jane@acme.example")
    kith("log", "coffee", "Jane Doe")
    client().get("/")  # the web app writes its signing secret
    assert mode(kith_home) == 0o700
    files = {p.name: mode(p) for p in kith_home.iterdir()}
    assert {"kith.db", "kith.db-wal", "kith.db-shm", "web-secret"} <= set(files), files
    assert set(files.values()) == {0o600}, files
    kith("export", "json", "--out", str(kith_home / "backup.json"))
    assert mode(kith_home / "backup.json") == 0o600


@pytest.mark.sqlite_only
def test_a_too_open_data_folder_is_tightened_with_a_notice(kith, kith_home):
    kith("add", "Jane Doe")
    from kith.store.db import dispose_engines

    dispose_engines()  # as a new kith process would open it
    os.chmod(kith_home, 0o755)
    for name in ("kith.db", "kith.db-wal", "kith.db-shm"):
        if (kith_home / name).exists():
            os.chmod(kith_home / name, 0o644)
    result = kith("people")
    assert "Jane Doe" in result.stdout
    notice = result.stderr.strip().splitlines()
    assert len(notice) == 1 and notice[0].startswith("notice: ") and "now private" in notice[0], notice
    assert mode(kith_home) == 0o700 and mode(kith_home / "kith.db") == 0o600
    dispose_engines()
    assert kith("people").stderr == ""  # said once, not on every command


def test_a_database_elsewhere_is_created_private(kith, tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "my.db"
    monkeypatch.setenv("KITH_DATABASE_URL", f"sqlite:///{target}")
    kith("add", "Jane Doe")
    assert mode(target.parent) == 0o700 and mode(target) == 0o600
