"""Quote SQL identifiers that cannot be bound as parameters.

A table, column, index or trigger name cannot be a `?`/`:name` parameter, so the few statements
that name one splice it into the text. Every such name goes through `quoted`, which admits only a
plain identifier and double-quotes it, so no name (ours or one read from the catalog) can ever
carry SQL of its own.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quoted(name: str) -> str:
    """`name` double-quoted (SQLite and PostgreSQL); ValueError unless a plain identifier."""
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


def quoted_list(names: list[str] | tuple[str, ...]) -> str:
    """Comma-separated `quoted` names, for column or table lists."""
    return ", ".join(quoted(name) for name in names)


def checked(name: str) -> str:
    """`name` unchanged once it is known to be a plain identifier (ValueError otherwise).

    For statements whose stored text must stay as it was written (migrations: SQLite keeps the
    CREATE text in sqlite_master, and the schema check compares it).
    """
    quoted(name)
    return name


def escaped(name: str) -> str:
    """Any name double-quoted with its own quotes doubled, for names a foreign file brought
    (e.g. a trigger someone else added) that must be dropped whatever they are called."""
    return '"' + name.replace('"', '""') + '"'
