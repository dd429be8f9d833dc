"""A big SQLite import's writes, run on a second thread so they overlap the reading.

Python's sqlite3 releases the GIL while SQLite works, so on two cores the inserts (and the
search index, R*Tree and history rows built batch by batch, db/exchange/bulk_indexes.py) can
run while the importer's thread reads and checks the next rows. The import stays one
transaction on one connection: the thread runs the jobs on the import's own driver
connection, one at a time and in the order given, and the importer's thread never uses the
connection while a job runs or waits (`drain`, called before its every statement by
`BatchWriter`). The queue holds at most `DEPTH` batches, so memory stays flat. The first
error a job raises stops the writing; the importer meets it at its next call, and the import
is rolled back as for any error.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable

Job = Callable[[sqlite3.Connection], None]
DEPTH = 3  # batches waiting at most (each ~20,000 rows): the reader runs at most this far ahead


class WriterThread:
    """Runs jobs on `raw` (an open write transaction's sqlite3 connection) off this thread."""

    def __init__(self, raw: sqlite3.Connection):
        self._raw = raw
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=DEPTH)
        self._error: BaseException | None = None
        self._stopping = False  # abandoned: jobs still queued are dropped unrun
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self._thread.start()

    def put(self, job: Job) -> None:
        """Queue `job` (waits while the queue is full); raises an earlier job's error."""
        self._raise_error()
        self._jobs.put(job)

    def drain(self) -> None:
        """Wait until every queued job has run; raises the first error one of them raised."""
        if not self.running_here():
            self._jobs.join()
        self._raise_error()

    def running_here(self) -> bool:
        """True on the writer's own thread."""
        return threading.current_thread() is self._thread

    def close(self, *, abandon: bool = False) -> None:
        """Stop the thread once the queued jobs ran (or, `abandon`ed, without running them)."""
        self._stopping = abandon
        self._jobs.put(None)
        self._thread.join()
        if not abandon:
            self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._stopping:
                    job(self._raw)
            except BaseException as err:  # any: handed to the importer's thread, which raises it
                self._error = err
            finally:
                self._jobs.task_done()
