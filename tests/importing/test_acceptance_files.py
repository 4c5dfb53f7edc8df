"""Edge cases a demanding user hits with files: export, restore, import (acceptance audit of issue 3).

Each test is a defect that was found by trying to break the CLI: bad input must end in one ``error:``
line with status 2 and leave the data as it was.
"""

from __future__ import annotations

import builtins
import json
import os
import stat
from pathlib import Path

import pytest
from conftest import assert_user_error, run_cli, small_network

# --- export --out ---------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_export_to_a_device_writes_to_it_and_never_replaces_it(kith):
    small_network(kith)
    kith("export", "csv", "--out", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_export_to_a_full_device_is_a_one_line_error(kith):
    small_network(kith)
    assert_user_error(kith("export", "json", "--out", "/dev/full", expect=2), "/dev/full", "space")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_export_through_a_symlink_writes_the_file_it_points_to(kith, tmp_path):
    small_network(kith)
    real = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    kith("export", "csv", "--out", str(link))
    assert link.is_symlink() and "Jane Doe" in real.read_text()


# --- restore --------------------------------------------------------------------------------------


def _edited_backup(kith, tmp_path, edit) -> Path:
    data = json.loads(small_network(kith))
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    return path


def _into_new_home(move_home, tmp_path) -> None:
    move_home(tmp_path / "new-home")


def test_restore_refuses_a_backup_of_a_newer_schema(kith, tmp_path, move_home):
    path = _edited_backup(kith, tmp_path, lambda d: d.update(schema="9999"))
    _into_new_home(move_home, tmp_path)
    assert_user_error(kith("restore", str(path), expect=2), "9999", "upgrade kith")
    assert kith("people", "--json").json() == []


def test_restore_refuses_rows_that_are_not_a_list(kith, tmp_path, move_home):
    path = _edited_backup(kith, tmp_path, lambda d: d["tables"]["person"].update(rows=5))
    _into_new_home(move_home, tmp_path)
    assert_user_error(kith("restore", str(path), expect=2), "person", "rows")
    assert kith("people", "--json").json() == []


# --- importers ------------------------------------------------------------------------------------


def test_vcard_with_broken_lines_imports_without_noise_on_stderr(tmp_path):
    card = tmp_path / "broken.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vic Card\r\nEMAIL;TYPE=INTERNET\r\n:::::\r\n"
        b"this is not a line\r\nEMAIL:vic@x.example\r\nEND:VCARD\r\n"
    )
    result = run_cli("import", "vcard", str(card), "--no-progress")
    assert result.exit_code == 0 and result.stderr == ""
    assert "added 1" in result.stdout


def test_an_unreadable_linkedin_zip_says_so(kith, tmp_path, monkeypatch):
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    export.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # root reads a chmod 000 file anyway, so refuse it here
        if str(file) == str(export):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    assert_user_error(kith("import", "linkedin", str(export), expect=2), "cannot read", "permission")


def test_restore_refuses_a_line_too_long_for_a_backup_without_loading_it(kith, tmp_path, monkeypatch):
    from kith.exporters import backup

    monkeypatch.setattr(backup, "MAX_LINE", 1000)
    path = tmp_path / "one-line.json"
    path.write_text('{"format": "kith-backup", "version": 1, "x": "' + "x" * 5000 + '"}')
    assert_user_error(kith("restore", str(path), expect=2), "one-line.json:1", "longer than")
    assert kith("people", "--json").json() == []
