"""The code's shape: no import cycles in db/ and desktop/, no reaching into another module's
private names. The layers themselves are import-linter contracts in pyproject.toml."""

from __future__ import annotations

import grimp
import networkx as nx
import private_names
from private_names import Reach, private_reaches

# Cycles tolerated while someone removes them (none today). An entry is a set of modules and
# names who removes it; once it matches no cycle, the test below fails: delete the entry then.
KNOWN_CYCLES: dict[str, frozenset[str]] = {}

# Private names used across modules while a room is rebuilt, like KNOWN_CYCLES (none today).
KNOWN_REACHES: set[tuple[str, str]] = set()


def import_graph() -> nx.DiGraph:
    """Every import between our modules, function-level and TYPE_CHECKING ones included."""
    modules = grimp.build_graph("db", "desktop")
    graph = nx.DiGraph()
    for module in modules.modules:
        graph.add_node(module)
        for imported in modules.find_modules_directly_imported_by(module):
            graph.add_edge(module, imported)
    return graph


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle (a -> b -> … -> a) of each group of modules that import one another."""
    found = []
    for group in nx.strongly_connected_components(graph):
        if len(group) > 1:
            cycle = nx.find_cycle(graph.subgraph(group))
            found.append([a for a, _b in cycle] + [cycle[0][0]])
    return sorted(found)


def test_no_import_cycles():
    graph = import_graph()
    new = [
        cycle
        for cycle in cycles(graph)
        if not any(set(cycle) <= known for known in KNOWN_CYCLES.values())
    ]
    assert not new, "import cycles:\n" + "\n".join(" -> ".join(c) for c in new)


def test_known_cycles_still_exist():
    """An allow-listed cycle that is gone must leave the list, so it cannot come back unseen."""
    found = [set(c) for c in cycles(import_graph())]
    gone = [name for name, known in KNOWN_CYCLES.items() if not any(c <= known for c in found)]
    assert not gone, f"no longer cycles; delete from KNOWN_CYCLES: {gone}"


def test_the_cycle_check_sees_a_cycle():
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_module_uses_another_modules_private_names():
    reaches = [r for r in private_reaches() if (r.module, r.name) not in KNOWN_REACHES]
    assert not reaches, "private names used outside their module:\n" + "\n".join(map(str, reaches))


def test_known_reaches_still_exist():
    found = {(r.module, r.name) for r in private_reaches()}
    gone = KNOWN_REACHES - found
    assert not gone, f"no longer used; delete from KNOWN_REACHES: {sorted(gone)}"


def test_a_private_name_from_another_module_is_found(tmp_path, monkeypatch):
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "owner.py").write_text("def _helper():\n    pass\n")
    (tmp_path / "db" / "user.py").write_text(
        "from db.owner import _helper\nimport db.owner\n\ndb.owner._helper()\n"
    )
    (tmp_path / "db" / "own.py").write_text("def _helper():\n    pass\n\n_helper()\n")
    monkeypatch.setattr(private_names, "ROOT", tmp_path)
    monkeypatch.setattr(private_names, "PACKAGES", ("db",))
    found = {(r.module, r.line, r.name) for r in private_reaches()}
    assert found == {("db/user.py", 1, "_helper"), ("db/user.py", 4, "_helper")}
    assert isinstance(next(iter(private_reaches())), Reach)


def test_the_known_tags_are_read_one_way():
    """Through `LibraryController.all_tags`, as every view reads them (not queries directly)."""
    root = private_names.ROOT / "desktop"
    direct = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if "queries.all_tags(" in path.read_text(encoding="utf-8")
    ]
    assert direct == ["library.py"]
