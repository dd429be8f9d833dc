"""db/ imports form no cycle: each module can be read (and tested) after the ones it uses.

grimp (installed with import-linter) sees every import, also those inside functions, which is
where cycles hide ("imported here because X needs this module first").
"""

from __future__ import annotations

from collections.abc import Mapping

import grimp


def import_cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another in a ring (strongly connected, Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(edges.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return cycles


def ring(edges: Mapping[str, set[str]], group: list[str]) -> str:
    """One concrete import ring through `group`, 'a -> b -> a', for the failure message."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        module = frontier.pop(0)
        for imported in sorted(edges[module] & members):
            if imported == start:
                return " -> ".join([*paths[module], start])
            if imported not in paths:
                paths[imported] = [*paths[module], imported]
                frontier.append(imported)
    raise AssertionError(f"no ring through {group}")  # a strongly connected group has one


def db_import_edges() -> dict[str, set[str]]:
    graph = grimp.build_graph("db", cache_dir=None)
    modules = set(graph.modules)
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def test_db_has_no_import_cycles():
    edges = db_import_edges()
    assert "db.dates.model" in edges  # the graph really holds db/
    rings = [
        f"{ring(edges, group)}  (all of: {', '.join(group)})" for group in import_cycles(edges)
    ]
    assert not rings, "import cycles in db/:\n" + "\n".join(rings)


def test_cycle_finder_names_a_ring():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(edges) == [["a", "b", "c"]]
    assert ring(edges, ["a", "b", "c"]) == "a -> b -> c -> a"
    assert import_cycles({"a": {"b"}, "b": set()}) == []
