"""No SQL statement in db/ or desktop/ is built from strings.

Values go in as parameters. Identifiers, which cannot be parameters, and fixed numbers may be
spliced into an f-string only through db/sql_names.py (`quoted`, `quoted_list`, `checked`,
`escaped`) or `int(...)`, which refuse anything that could carry SQL. A `%`, `+` or `.format`
string, or an f-string with any other formatted value, passed to execute/exec_driver_sql/text
is a failure; so is such an f-string assigned to a name later passed to one of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("db", "desktop")
SQL_CALLS = frozenset({"execute", "exec_driver_sql", "text", "executescript", "executemany"})
# Released migrations whose trigger and function bodies are assembled from constant SQL pieces
# of the same module (the search and history bodies, the change-log INSERT). Every name in them
# goes through `checked` and every number through `int`; the pieces themselves stay as they
# are, because SQLite keeps each CREATE TRIGGER's text and the schema check compares it with
# what these functions produce, byte for byte.
RELEASED_TRIGGER_BODIES = {
    ("db/migrations/history.py", "create_sqlite_triggers"),
    ("db/migrations/history.py", "create_postgresql_triggers"),
    ("db/migrations/postgresql.py", "create_search_index"),
    ("db/migrations/versions/0001_initial_schema.py", "_create_search_index"),
}
SAFE_CALLS = frozenset({"quoted", "quoted_list", "checked", "escaped", "int"})


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _safe_value(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _callee(node) in SAFE_CALLS


def _built(node: ast.expr) -> bool:
    """True when `node` builds SQL text from strings other than through the helpers."""
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue) and not _safe_value(part.value)
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    if isinstance(node, ast.Call) and _callee(node) == "format":
        return isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Constant)
    return False


def built_sql(source: str, name: str) -> list[str]:
    """`file:line` of each statement built from strings in one module's source."""
    return sorted({f"{name}:{line}" for line, _function in _findings(ast.parse(source))})


def _findings(tree: ast.Module) -> set[tuple[int, str]]:
    """(line, enclosing function or "") of each statement built from strings."""
    found: set[tuple[int, str]] = set()
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    enclosing: dict[int, str] = {}
    for scope in scopes:  # outer functions first (ast.walk is breadth-first): inner ones win
        for node in ast.walk(scope):
            enclosing[id(node)] = scope.name
    for scope in [tree, *scopes]:
        built_names: dict[str, int] = {}
        # A module's own names are its top-level assignments; a function's, all of its own.
        assigned = scope.body if isinstance(scope, ast.Module) else ast.walk(scope)
        for node in assigned:
            if isinstance(node, ast.Assign) and _built(node.value):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        built_names[target.id] = node.lineno
        for node in ast.walk(scope):
            if not (isinstance(node, ast.Call) and _callee(node) in SQL_CALLS and node.args):
                continue
            first = node.args[0]
            if _built(first) or (isinstance(first, ast.Name) and first.id in built_names):
                found.add((node.lineno, enclosing.get(id(node), "")))
    return found


def test_no_sql_is_built_from_strings() -> None:
    found: list[str] = []
    allowed_seen: set[tuple[str, str]] = set()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for line, function in sorted(_findings(ast.parse(path.read_text(encoding="utf-8")))):
                if (name, function) in RELEASED_TRIGGER_BODIES:
                    allowed_seen.add((name, function))
                else:
                    found.append(f"{name}:{line} (in {function or 'the module'})")
    assert found == [], "SQL built from strings (use db.sql_names or parameters):\n" + "\n".join(
        found
    )
    # An entry that no longer builds anything is stale: drop it rather than keep a loophole.
    assert allowed_seen == set(RELEASED_TRIGGER_BODIES)


def test_the_scan_catches_each_way_of_building() -> None:
    source = """
def f(conn, table, n):
    conn.execute(f"SELECT * FROM {table}")
    conn.exec_driver_sql("DROP TABLE %s" % table)
    text("SELECT " + table)
    conn.execute("SELECT {}".format(table))
    sql = f"DELETE FROM {table}"
    conn.execute(sql)
    conn.execute(f"SELECT * FROM {quoted(table)} LIMIT {int(n)}")
    conn.execute("SELECT 1")
    conn.execute(text("SELECT :x"), {"x": table})
"""
    assert built_sql(source, "m.py") == ["m.py:3", "m.py:4", "m.py:5", "m.py:6", "m.py:8"]
