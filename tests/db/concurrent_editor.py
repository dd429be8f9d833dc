"""A second analyst in a process of its own, editing through the public db API (tests only).

python tests/db/concurrent_editor.py append LOCATION EVENT_ID TOKEN COUNT BARRIER
    appends "TOKEN;" to the event's summary COUNT times, each edit based on the version it
    read, retrying an edit that lost a race; prints "conflicts N" at the end. The first
    edit is based on what it read before BARRIER/go existed (it writes BARRIER/TOKEN when
    it has read), so two editors started together surely race.
python tests/db/concurrent_editor.py set LOCATION KIND ID FIELD VALUE
    one plain edit (another analyst changing a record), prints the new version.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from db import store
from db.engine import open_library


def append(location: str, event_id: int, token: str, count: int, barrier: Path) -> None:
    lib = open_library(location)
    conflicts = 0
    try:
        for turn in range(count):
            while True:
                base = store.version(lib, "event", event_id)
                summary = store.get(lib, "event", event_id)["summary"]
                if turn == 0 and not (barrier / "go").exists():
                    (barrier / token).touch()
                    while not (barrier / "go").exists():
                        time.sleep(0.01)
                try:
                    store.update_versioned(
                        lib, "event", event_id, {"summary": f"{summary}{token};"}, based_on=base
                    )
                    break
                except store.EditConflictError:
                    conflicts += 1
    finally:
        lib.close()
    print(f"conflicts {conflicts}", flush=True)


def set_field(location: str, kind: str, record_id: int, field: str, value: str) -> None:
    lib = open_library(location)
    try:
        _before, version = store.update_versioned(lib, kind, record_id, {field: value})
    finally:
        lib.close()
    print(version, flush=True)


if __name__ == "__main__":
    verb, *args = sys.argv[1:]
    if verb == "append":
        append(args[0], int(args[1]), args[2], int(args[3]), Path(args[4]))
    else:
        set_field(args[0], args[1], int(args[2]), args[3], args[4])
