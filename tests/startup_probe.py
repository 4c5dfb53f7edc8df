"""Which modules a kith command loads: run it in a fresh Python and list ``sys.modules`` at exit (shared by
the start-up and report tests)."""

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


def modules_loaded(home, *args: str) -> set[str]:
    env = {**os.environ, "KITH_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))
