"""`kith log` stays quick: it must not load the web, plotting, science or migration libraries."""

from __future__ import annotations

from startup_probe import HEAVY, modules_loaded


def test_log_loads_no_heavy_library(tmp_path):
    home = tmp_path / "home"
    modules_loaded(home, "add", "Jane Doe")  # creates and migrates the database
    loaded = modules_loaded(home, "log", "coffee", "Jane Doe", "--when", "2026-06-01")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    # an exact name and an ISO date need neither fuzzy matching nor the date-phrase parser
    assert "rapidfuzz" not in loaded and "parsedatetime" not in loaded
    assert "rich" not in loaded  # its one line of output needs no console library


def test_help_loads_no_heavy_library(tmp_path):
    loaded = modules_loaded(tmp_path / "home", "--help")
    assert not loaded & {*HEAVY, "sqlalchemy"}, sorted(loaded & {*HEAVY, "sqlalchemy"})
