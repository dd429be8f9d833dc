"""Service functions: every create, update, delete and link; the GUI and CLI write only here.

Each call is one transaction, validates its input (raising ChronicleError subclasses with a
message fit to show) and returns plain values: ids, previous values, or a Snapshot for undo.
"""

from db.store.derivation import add_derivation
from db.store.entities import (
    create,
    delete,
    dependents,
    get,
    now_stamp,
    restore,
    update,
    update_versioned,
)
from db.store.links import (
    add_citation,
    add_participation,
    add_relation,
    delete_many,
    set_tags,
)
from db.store.positions import load_positions, save_positions
from db.store.snapshots import Snapshot
from db.store.versions import EditConflictError, UndoRefusedError, version

__all__ = [
    "EditConflictError",
    "Snapshot",
    "UndoRefusedError",
    "add_citation",
    "add_derivation",
    "add_participation",
    "add_relation",
    "create",
    "delete",
    "delete_many",
    "dependents",
    "get",
    "load_positions",
    "now_stamp",
    "restore",
    "save_positions",
    "set_tags",
    "update",
    "update_versioned",
    "version",
]
