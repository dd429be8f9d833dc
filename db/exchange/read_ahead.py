"""A big import's file read in a second process, so reading and writing use both cores.

A big import is about half Python (the format reader turning lines into records, the loader
checking them) and half SQLite (inserts, search index, R*Tree, history, commit). One process
cannot overlap the two: the reading holds the GIL, and a writer thread did not help
(docs/import-speed.md). So the reading runs in a child process (`python -m` this module,
importing only `db`), which sends its records over a pipe in pickled batches; this process
resolves them against the library (actors, tags and sources by name) and writes them in its
one transaction, exactly as if it had read them itself.

The stream is the in-process reader's, event for event: whatever the reader did between two
records (an actor or source met for the first time, a progress report) is replayed here at
the same place, and an error the reader raised arrives as the same ChronicleError at the same
place, after the records read before it. Cancel (the progress callback raising) stops the
child at once; so does any error, and leaving the `with` block in any way.

Only files of `CHILD_FROM_BYTES` or more use a child (starting one costs ~0.85 s of CPU),
and only while a core is idle; never in a frozen app (its `sys.executable` is the app
itself, which `-m` would start as a second window); never on a machine with one core.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from db.errors import ChronicleError, DataImportError
from db.exchange import acled, csv_
from db.exchange.csv_halves import core_free, helper_possible
from db.exchange.loader_events import EventChecks
from db.exchange.loader_rows import UuidBatch
from db.exchange.records import SECTIONS, cycle_collector_paused
from db.progress import Progress

# Files below this size (unzipped) are read in this process. A child costs ~0.85 s of CPU to
# start (on its own core) and saves this process ~16 µs a row: it pays from ~7 MB of our CSV
# and ~17 MB of ACLED (docs/import-speed.md).
CHILD_FROM_BYTES = 12_000_000
BATCH = 2_000  # records a message
DEPTH = 8  # messages read from the pipe and not yet used, at most (memory stays flat)
_HEADER = struct.Struct("<Q")

# What happened between two records: (position of the next record in its batch, what, value).
# `what` is a section name (records appended to it), or "progress" (a (done, total) report).
_Between = list[tuple[int, str, Any]]


def child_wanted(path: Path) -> bool:
    """Whether `path` is read in a child process: big enough, two cores of which one is idle
    (`csv_halves.core_free`), not a frozen app (`csv_halves.helper_possible`).

    On a busy machine the two processes take turns on one core, and the child's own cost
    (its start, pickling; ~25 % more CPU in all at 1,000,000 events of our CSV) makes the
    import slower, not faster (docs/import-speed.md)."""
    if not helper_possible() or not core_free():
        return False
    try:
        return _unzipped_size(path) >= CHILD_FROM_BYTES
    except (OSError, zipfile.BadZipFile):
        return False  # the in-process reader words the refusal


def _unzipped_size(path: Path) -> int:
    if not zipfile.is_zipfile(path):
        return path.stat().st_size
    with zipfile.ZipFile(path) as zf:
        return sum(info.file_size for info in zf.infolist())


# ---------------------------------------------------------------- the child


class _Sender:
    """Batches of records with what happened between them, written as framed pickles.

    Each event record goes with what the loader's checks that need no library give
    (`EventChecks.checked`) and a new UUID, under "_checked": that work is done here, on the
    child's core.
    """

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.checks = EventChecks()
        self.uuids = UuidBatch()
        self.held: dict[str, list[Any]] = {}
        self.sent: dict[str, int] = {}
        self.records: list[Any] = []
        self.between: _Between = []

    def hold(self, held: dict[str, list[Any]]) -> None:
        """Watch these sections: what the reader appends to them is sent where it happened."""
        self.held = held
        self.sent = {name: len(records) for name, records in held.items()}

    def message(self, kind: str, value: Any) -> None:
        blob = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        self.out.write(_HEADER.pack(len(blob)))
        self.out.write(blob)
        self.out.flush()

    def progress(self, done: int, total: int) -> None:
        self._note_growth()
        self.between.append((len(self.records), "progress", (done, total)))

    def record(self, rec: Any) -> None:
        self._note_growth()
        checked = self.checks.checked(rec)
        if checked is not None:
            rec["_checked"] = (checked, None if "uuid" in rec else self.uuids())
        self.records.append(rec)
        if len(self.records) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self._note_growth()
        if self.records or self.between:
            self.message("batch", (self.records, self.between))
            self.records, self.between = [], []

    def _note_growth(self) -> None:
        # Records the reader appended to a section (an actor met by name) since the last look.
        for name, records in self.held.items():
            if len(records) > self.sent[name]:
                self.between.append((len(self.records), name, records[self.sent[name] :]))
                self.sent[name] = len(records)


class _FileSink:
    """The child's stand-in for `dataset_sync.DatasetSink` on a library holding none of the
    dataset: every row is new, and actors and sources get the file ids the parent's sink
    will give them (it is handed the same calls, in the same order)."""

    def __init__(self) -> None:
        self.tags: list[dict[str, Any]] = []
        self.actors: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self._names: dict[tuple[str, str], str] = {}

    def wants(self, _key: str, _digest: str | None) -> bool:
        return True

    def event(self, rec: dict[str, Any]) -> dict[str, Any]:
        return rec

    def actor(self, name: str, *, key: str | None = None, **fields: Any) -> str:
        found = self._names.get(("actor", key or name))
        if found is None:
            found = f"actor-{len(self.actors)}"
            self.actors.append({"id": found, "name": name, "key": key, "fields": fields})
            self._names["actor", key or name] = found
        return found

    def source(self, title: str, **fields: Any) -> str:
        found = self._names.get(("source", title))
        if found is None:
            found = f"source-{len(self.sources)}"
            self.sources.append({"id": found, "title": title, "fields": fields})
            self._names["source", title] = found
        return found

    def tag(self, name: str, color: str | None) -> None:
        self.tags.append({"name": name, "color": color})


def _send_csv(path: Path, send: _Sender) -> None:
    data, total = csv_.csv_records(path)
    held = {name: data[name] for name in SECTIONS if name != "events"}
    send.hold(held)
    send.message("start", ({name: list(records) for name, records in held.items()}, total))
    for rec in data["events"]:
        send.record(rec)
    send.flush()


DatasetReader = Callable[[Path, Any, Progress], Iterator[dict[str, Any]]]
# Dataset readers a child can run, by name (`read(path, sink, progress)`).
DATASETS: dict[str, DatasetReader] = {"acled": acled.read_acled}


def _send_dataset(read: DatasetReader) -> Callable[[Path, _Sender], None]:
    def send_rows(path: Path, send: _Sender) -> None:
        sink = _FileSink()
        send.hold({"tags": sink.tags, "actors": sink.actors, "sources": sink.sources})
        send.message("start", None)
        for rec in read(path, sink, send.progress):
            send.record(rec)
        send.flush()
        send.message("notes", sink.notes)

    return send_rows


# Formats a child can read, by name: each sends "start", batches, and may send more at the end.
_READERS: dict[str, Callable[[Path, _Sender], None]] = {
    "csv": _send_csv,
    **{name: _send_dataset(read) for name, read in DATASETS.items()},
}


def main(argv: list[str]) -> int:
    """The child: FORMAT PATH; its records go to stdout as framed pickles."""
    fmt, path = argv
    # The records get a descriptor of their own: anything printed goes to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with out:
        send = _Sender(out)
        try:
            with cycle_collector_paused():
                _READERS[fmt](Path(path), send)
        except ChronicleError as err:
            send.flush()  # the records read before it: the parent meets them first
            send.message("error", _error_state(err))
        except BrokenPipeError:
            return 1  # the parent stopped reading (cancelled, or failed itself)
        except Exception:  # a bug: the parent raises it with this traceback
            send.message("crash", traceback.format_exc())
            return 1
        send.message("end", None)
    return 0


def _error_state(err: ChronicleError) -> tuple[str, str, tuple[Any, ...], dict[str, Any]]:
    cls = type(err)
    return cls.__module__, cls.__qualname__, err.args, dict(vars(err))


def _rebuilt(state: tuple[str, str, tuple[Any, ...], dict[str, Any]]) -> ChronicleError:
    """The child's ChronicleError as the same class, message and attributes (line, column)."""
    module, qualname, args, attributes = state
    cls: Any = importlib.import_module(module)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    if not (isinstance(cls, type) and issubclass(cls, ChronicleError)):
        raise TypeError(f"not an error of ours: {module}.{qualname}")
    err: ChronicleError = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(attributes)
    return err


# ---------------------------------------------------------------- the parent


class Child:
    """The child process reading `path` as `fmt`, and the messages it sent (a thread reads
    them off the pipe, at most `DEPTH` ahead, so the child reads on while this process
    writes)."""

    def __init__(self, fmt: str, path: Path):
        # it imports `db` from where this process does (a checkout run without installing)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, fmt, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=env,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console on Windows
        )
        self._blobs: queue.Queue[bytes | None] = queue.Queue(maxsize=DEPTH)
        self._stopping = threading.Event()
        self._reader = threading.Thread(target=self._read, name="import-child-pipe", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        pipe = self.process.stdout
        assert pipe is not None
        while not self._stopping.is_set():
            header = pipe.read(_HEADER.size)
            if len(header) < _HEADER.size:
                break
            (size,) = _HEADER.unpack(header)
            blob = pipe.read(size)
            if len(blob) < size:
                break
            self._put(blob)
        self._put(None)  # the end of the stream

    def _put(self, blob: bytes | None) -> None:
        while not self._stopping.is_set():
            with contextlib.suppress(queue.Full):
                self._blobs.put(blob, timeout=0.1)
                return

    def messages(self) -> Iterator[tuple[str, Any]]:
        """(kind, value) as the child sent them; its error raised where it arose."""
        while True:
            blob = self._blobs.get()
            if blob is None:
                code = self.process.wait()
                raise DataImportError(
                    f"The process reading the file stopped unexpectedly (exit code {code}). "
                    "Nothing was imported."
                )
            kind, value = pickle.loads(blob)  # our own child's records, never a file's
            if kind == "error":
                raise _rebuilt(value)
            if kind == "crash":
                raise RuntimeError(f"The process reading the file failed:\n{value}")
            if kind == "end":
                return
            yield kind, value

    def stop(self) -> None:
        """End the child (at once, if it is still reading) and the pipe's thread."""
        self._stopping.set()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _records(
    messages: Iterator[tuple[str, Any]], replay: Callable[[str, Any], None]
) -> Iterator[Any]:
    """The records of the batches, with `replay(what, value)` called for what happened
    between them, where it happened."""
    for kind, value in messages:
        if kind != "batch":
            replay(kind, value)
            continue
        records, between = value
        at = 0
        for position, rec in enumerate(records):
            while at < len(between) and between[at][0] == position:
                replay(*between[at][1:])
                at += 1
            yield rec
        for _position, what, happened in between[at:]:
            replay(what, happened)


@contextlib.contextmanager
def csv_records(path: Path) -> Iterator[tuple[dict[str, Any], int]]:
    """`csv_.csv_records(path)`, read by a child process when the file is big."""
    if not child_wanted(path):
        yield csv_.csv_records(path)
        return
    child = Child("csv", path)
    try:
        messages = child.messages()
        _kind, (data, total) = next(messages)

        def replay(what: str, value: Any) -> None:
            data[what].extend(value)

        data["events"] = _records(messages, replay)
        yield data, total
    finally:
        child.stop()


class DatasetRows:
    """The rows of a dataset reader (`DATASETS[name]`) for `import_dataset`, read by a child
    process when the file is big and the library holds none of the dataset.

    Call it with the import's sink; leave the `with` block to stop a child it started."""

    def __init__(self, name: str, path: Path, progress: Progress):
        self.name, self.path, self.progress = name, path, progress
        self.child: Child | None = None

    def __enter__(self) -> DatasetRows:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.child is not None:
            self.child.stop()
            self.child = None

    def __call__(self, sink: Any) -> Iterator[dict[str, Any]]:
        # A re-import asks the library about each row first (unchanged rows are skipped
        # unread): it stays in this process.
        if sink.known_count() or not child_wanted(self.path):
            return DATASETS[self.name](self.path, sink, self.progress)
        self.child = Child(self.name, self.path)
        return self._rows(self.child, sink)

    def _rows(self, child: Child, sink: Any) -> Iterator[dict[str, Any]]:
        messages = child.messages()
        next(messages)  # "start"

        def replay(what: str, value: Any) -> None:
            if what == "progress":
                self.progress(*value)
            elif what == "notes":
                sink.notes.extend(value)
            elif what == "tags":
                for tag in value:
                    sink.tag(tag["name"], tag["color"])
            else:
                for rec in value:
                    _declare(sink, what, rec)

        for rec in _records(messages, replay):
            external = rec["_external"]
            if sink.wants(external["key"], external["digest"]):  # counts it as added
                yield sink.event(rec)


def _declare(sink: Any, section: str, rec: dict[str, Any]) -> None:
    """Hand the parent's sink an actor or source the child's met, under the same file id."""
    if section == "actors":
        file_id = sink.actor(rec["name"], key=rec["key"], **rec["fields"])
    else:
        file_id = sink.source(rec["title"], **rec["fields"])
    if file_id != rec["id"]:
        raise RuntimeError(f"the reading process named {rec['id']} what this one names {file_id}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
