"""The package's layers, read from its imports (``ast``, so lazy imports inside functions count too).

Data and imports flow one way (docs/architecture.md)::

    types, progress -> clean | dedup -> io -> options -> pipeline -> report | spark | integrations
        -> commands -> the public API (cleanpress/__init__.py) -> cli -> entry points (__main__.py, spark/submit.py)

A module imports its own area and the layers below it, never a sibling of its
own layer: clean and dedup do not know each other, Spark and the report never
import the commands. Inside an area: no command module imports another (what
two share is in a module such as ``commands/common.py``); the rules import only rules and the
types; the article step and ``html.py`` never reach back into the cleaner.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from cleanpress.cli import COMMANDS

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cleanpress"

#: Rank of each top-level area: a module may import areas of a lower rank, and its own.
RANKS = {
    "types": 0, "progress": 0,
    "clean": 1, "dedup": 1,
    "io": 2,
    "options": 3,
    "pipeline": 4,
    "report": 5, "spark": 5, "integrations": 5,
    "commands": 6,
    "cleanpress": 7,  # the public API (cleanpress/__init__.py)
    "cli": 8,
    "entry": 9,
}
#: The command modules (others in cleanpress.commands are what they share).
COMMAND_MODULES = {f"cleanpress.commands.{name}" for name in COMMANDS}
#: Modules whose area is not their top-level name.
AREAS = {
    "cleanpress.__main__": "entry",  # entry points: files run as programs, which start the command line
    "cleanpress.spark.submit": "entry",
    "cleanpress.parallel": "clean",  # the Cleaner's worker processes: part of the clean stage
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The cleanpress modules a file imports: import statements anywhere, and ``importlib.import_module``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # ``from cleanpress.clean import cleaner`` imports the module cleanpress.clean.cleaner
            modules = {f"{target}.{alias.name}" for alias in node.names} & set(MODULES)
            found.update(modules or {target})
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
            elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                found.add(str(arg.values[0].value).rstrip("."))
    return {m for m in found if m == "cleanpress" or m.startswith("cleanpress.")}


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def _scanned() -> dict[str, frozenset[str]]:
    return {name: frozenset(imported(path)) for name, path in MODULES.items()}


def import_graph() -> dict[str, set[str]]:
    """Module -> the cleanpress modules it imports (a fresh copy to change)."""
    return {name: set(targets) for name, targets in _scanned().items()}


def area(module: str) -> str:
    if module in AREAS:
        return AREAS[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cleanpress"


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        mine = area(module)
        for target in sorted(targets):
            theirs = area(target)
            if theirs not in RANKS or mine not in RANKS:
                found.append(f"{module} imports {target}: place the new area in RANKS (tests/test_layering.py)")
            elif theirs != mine and RANKS[theirs] >= RANKS[mine]:
                found.append(f"{module} imports {target}: {mine} may not import {theirs}")
        if module in COMMAND_MODULES:
            found.extend(f"{module} imports another command, {t}" for t in sorted(targets)
                         if t in COMMAND_MODULES and t != module)
        if _within(module, "cleanpress.clean.rules"):
            found.extend(f"{module} imports {t}: the rules import only rules and the types" for t in sorted(targets)
                         if _within(t, "cleanpress.clean") and not _within(t, "cleanpress.clean.rules"))
        if _within(module, "cleanpress.clean.article") or module == "cleanpress.clean.html":
            found.extend(f"{module} imports {t}: it must not reach back into the cleaner" for t in sorted(targets)
                         if any(_within(t, f"cleanpress.clean.{m}") for m in ("cleaner", "profile", "html", "stories"))
                         and t != module)
    return found


def test_imports_follow_the_layers():
    graph = import_graph()
    assert len(graph) > 40, "the package's modules were found"
    assert not violations(graph), "\n".join(violations(graph))


def test_lazy_and_dynamic_imports_are_seen():
    """The scan sees imports inside functions and through importlib, or it would miss the ones that matter."""
    graph = import_graph()
    assert "cleanpress.spark" in graph["cleanpress.commands.run"]  # importlib, only with --engine spark
    assert "cleanpress.commands" in graph["cleanpress.cli"]  # importlib with an f-string
    assert "cleanpress.clean.html" in graph["cleanpress.clean.cleaner"]  # inside a method


@pytest.mark.parametrize(
    ("module", "target", "why"),
    [
        ("cleanpress.clean.cleaner", "cleanpress.dedup.minhash", "clean may not import dedup"),
        ("cleanpress.dedup.cluster", "cleanpress.pipeline", "dedup may not import pipeline"),
        ("cleanpress.spark.command", "cleanpress.commands.common", "spark may not import commands"),
        ("cleanpress.report.model", "cleanpress.spark", "report may not import spark"),
        ("cleanpress.commands.run", "cleanpress.commands.dedup", "another command"),
        ("cleanpress.clean.html", "cleanpress.clean.cleaner", "back into the cleaner"),
        ("cleanpress.clean.rules.chrome", "cleanpress.clean.article.region", "only rules and the types"),
        ("cleanpress.io.readers", "cleanpress.cli", "io may not import cli"),
    ],
)
def test_a_wrong_import_is_caught(module, target, why):
    graph = import_graph()
    graph[module] = {*graph[module], target}
    assert [v for v in violations(graph) if target in v and module in v], why
