"""`kith log` stays quick: it must not load the web, plotting, science or migration libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = (
    "numpy",
    "polars",
    "pandas",
    "matplotlib",
    "fastapi",
    "uvicorn",
    "jinja2",
    "starlette",
    "alembic",
    "duckdb",
    "icalendar",
    "vobject",
    "pydantic",
)

PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)), file=sys.stderr))
from kith.cli import main
sys.argv = ['kith'] + sys.argv[1:]
main()
"""


def _modules_loaded(home, *args: str) -> set[str]:
    env = {**os.environ, "KITH_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_log_loads_no_heavy_library(tmp_path):
    home = tmp_path / "home"
    _modules_loaded(home, "add", "Jane Doe")  # creates and migrates the database
    loaded = _modules_loaded(home, "log", "coffee", "Jane Doe", "--when", "2026-06-01")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    # an exact name and an ISO date need neither fuzzy matching nor the date-phrase parser
    assert "rapidfuzz" not in loaded and "parsedatetime" not in loaded
    assert "rich" not in loaded  # its one line of output needs no console library


def test_help_loads_no_heavy_library(tmp_path):
    loaded = _modules_loaded(tmp_path / "home", "--help")
    assert not loaded & {*HEAVY, "sqlalchemy"}, sorted(loaded & {*HEAVY, "sqlalchemy"})
