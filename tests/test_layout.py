"""The layout: one room per concept, data flowing one way, no reaching into private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "frontline"
ROOMS = ("geo", "scenario", "news", "model", "layers", "cli")
#: Which rooms each room may import (data flows one way).
ALLOWED = {
    "geo": set(),
    "scenario": {"geo"},
    "news": {"geo", "scenario"},
    "model": {"geo", "scenario"},
    "layers": {"geo", "scenario", "model"},
    "cli": {"geo", "scenario", "news", "model", "layers"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [name for name in out if name.startswith("frontline")]


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_imports_only_what_comes_before_it(room: str) -> None:
    for path in sorted((PACKAGE / room).rglob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) > 1 and parts[1] in ROOMS and parts[1] != room:
                assert parts[1] in ALLOWED[room], f"{path.name} imports {name}"


def test_no_module_imports_another_rooms_private_names() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        room = path.relative_to(PACKAGE).parts[0]
        for name in _imports(path):
            parts = name.split(".")
            private = [p for p in parts[1:] if p.startswith("_") and not p.startswith("__")]
            if private and parts[1] in ROOMS and parts[1] != room:
                raise AssertionError(f"{path} imports {name}")


def test_every_room_says_what_it_holds() -> None:
    for room in (*ROOMS, "data"):
        doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text()))
        assert doc and len(doc.splitlines()[0]) > 20, room


def test_thresholds_are_defined_in_one_place() -> None:
    """A module-level number in capitals belongs in frontline/thresholds.py (units aside)."""
    import re

    constants = {"EARTH_RADIUS_KM", "SQ_MILE_KM2"}  # facts of nature, not choices

    pattern = re.compile(r"^[A-Z][A-Z0-9_]*(?:_KM|_M|_M2|_KM2|_DEG|_SHARE|TOLERANCE|SIMILARITY"
                         r"|MARGIN|CONFIDENCE)\s*(?::[^=]+)?=\s*[-\d(]", re.M)
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "thresholds.py":
            continue
        found = [f for f in pattern.findall(path.read_text(encoding="utf-8"))
                 if f.split()[0].rstrip(":=") not in constants]
        assert not found, f"{path}: {found}"


def test_ci_sets_the_variable_that_makes_missing_clients_fail() -> None:
    """A browser or QGIS test skipped in CI would pass by not running: .ci/run exports the
    one variable tests/clients.py reads, so there they fail instead."""
    from clients import CI_VARIABLE

    ci = (PACKAGE.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert f"export {CI_VARIABLE}=1" in ci
    other = 'environ.get("' + 'CI")'  # (spelt so that this file does not hold it)
    for path in sorted((PACKAGE.parent / "tests").glob("*.py")):
        assert other not in path.read_text(encoding="utf-8"), path.name


def test_benchmarks_and_scripts_use_only_the_public_surface() -> None:
    """The benchmarks, the docs' scripts and the notebooks' maker import no private module or
    name of the package: what they need, a user can call too."""
    root = PACKAGE.parent
    for folder in ("benchmarks", "docs", "notebooks"):
        for path in sorted((root / folder).rglob("*.py")):
            for name in _imports(path):
                private = [p for p in name.split(".")[1:]
                           if p.startswith("_") and not p.startswith("__")]
                assert not private, f"{path.relative_to(root)} imports {name}"
