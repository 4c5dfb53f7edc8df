"""The layout keeps its promises (docs/architecture.md): the edges never import each other, a route never
imports another route, the parsers touch no database, and no module imports in a loop."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import kith

SRC = Path(kith.__file__).parent

# Every module each file imports (at the top or inside a function), read by ``ast`` in a process of its
# own: CPython 3.11 keeps ``ast.parse``'s conversion state per interpreter, so a traceback formatted by
# another thread at the same moment (3.11 parses the source line for its carets) can break the parse
# with "AST constructor recursion depth mismatch" (python/cpython#106905 and its kin). A test worker
# has such threads (servers of earlier tests), so the reading is kept out of its interpreter.
_READ_IMPORTS = """
import ast, json, sys
from pathlib import Path
found = {}
for path in Path(sys.argv[1]).rglob("*.py"):
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    found[str(path)] = sorted(names)
print(json.dumps(found))
"""


@functools.cache
def _imports_by_file() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _READ_IMPORTS, str(SRC)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports (at the top or inside a function)."""
    return set(_imports_by_file()[str(path)])


def modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py"))


def test_the_web_never_imports_the_cli_and_the_core_imports_neither():
    for path in modules("web"):
        assert not any(m.startswith("kith.cli") for m in imports_of(path)), path
    edges = ("kith.cli", "kith.web")
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).parts
        if relative[0] in ("cli", "web", "__main__.py"):
            continue
        assert not any(m.startswith(edges) for m in imports_of(path)), path


def test_a_route_never_imports_another_route():
    for path in modules("web/routes"):
        others = {m for m in imports_of(path) if m.startswith("kith.web.routes")}
        assert not others, (path, others)


def test_the_parsers_are_pure():
    """``kith.importers`` reads files into records; storing them is ``kith.importing``'s."""
    for path in modules("importers"):
        touched = {
            m for m in imports_of(path) if m.startswith(("kith.store", "kith.importing", "sqlalchemy"))
        }
        assert not touched, (path, touched)


def test_no_module_imports_in_a_loop():
    names = {
        ".".join(("kith", *p.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__"): p
        for p in SRC.rglob("*.py")
    }
    graph = {
        name: {m for m in imports_of(path) if m in names and m != name and not name.startswith(m + ".")}
        for name, path in names.items()
    }
    # packages' faces hand names on; a loop through one is not a loop between modules
    faces = {n for n, p in names.items() if p.name == "__init__.py"}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node] - faces:
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state and name not in faces:
            visit(name, [name])


def test_the_tests_mirror_the_package():
    """Each package of kith has its folder of tests, and each folder of tests is a package of kith or one
    of the few that test across it (the command line as a whole, the reliability suite)."""
    tests = Path(__file__).parent
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name != "__pycache__"}
    across = {"reliability"}
    assert packages - folders == set(), "a package without its tests folder"
    assert folders - packages - across == set(), "a tests folder named after no package"
    for folder in folders:
        assert any((tests / folder).glob("test_*.py")), folder
