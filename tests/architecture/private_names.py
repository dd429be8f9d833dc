"""Find uses of another module's private names (`_name`) in our own code.

A name with a leading underscore is defined for its own module only. A module may use the private
names it defines itself (functions, classes, globals, `self._x` attributes); using one that only
another module of ours defines (imported, or read as an attribute of an object from there) is
reaching into that module's insides.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("db", "desktop", "tools")
# Public names of libraries that happen to begin with "_": SQLAlchemy's `Row._mapping`, the
# named tuple's `_replace`, `_asdict` and `_fields`.
LIBRARY_NAMES = frozenset({"_mapping", "_replace", "_asdict", "_fields", "_make"})


@dataclass(frozen=True)
class Reach:
    module: str  # file, relative to the repository
    line: int
    name: str
    owners: tuple[str, ...]  # the modules that define the name

    def __str__(self) -> str:
        return f"{self.module}:{self.line} uses {self.name} of {', '.join(self.owners)}"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in LIBRARY_NAMES


def defined_names(tree: ast.AST) -> set[str]:
    """Private names a module defines: defs, classes, assignments, attributes it sets."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
    return {n for n in names if _is_private(n)}


def used_names(tree: ast.AST) -> list[tuple[int, str]]:
    """Private names a module reads as attributes or imports from a module of ours."""
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if _is_private(node.attr):
                used.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            used += [(node.lineno, a.name) for a in node.names if _is_private(a.name)]
    return used


def sources() -> dict[str, ast.AST]:
    files = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))
    return {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8")) for p in files}


def private_reaches() -> list[Reach]:
    trees = sources()
    defined = {module: defined_names(tree) for module, tree in trees.items()}
    reaches = []
    for module, tree in trees.items():
        for line, name in used_names(tree):
            if name in defined[module]:
                continue
            owners = tuple(m for m, names in defined.items() if name in names)
            if owners:  # a private name of Qt or the standard library is not ours to police
                reaches.append(Reach(module, line, name, owners))
    return reaches
