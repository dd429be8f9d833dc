"""Long work (imports, exports, layouts) off the UI thread, with progress and Cancel.

A `Job` runs a plain function in QThreadPool. The function receives a `progress(done, total)`
callable (the `db.progress.Progress` protocol) that raises CancelledError once the user cancels,
so `db/` code stays free of Qt and rolls its transaction back on cancel.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance
from shiboken6 import isValid

from db.errors import CancelledError, ChronicleError

if TYPE_CHECKING:  # for annotations only: jobs run without any widget too
    from PySide6.QtWidgets import QProgressDialog


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a message fit to show
    cancelled = Signal()


class Job(QRunnable):
    """Run `work(progress)` on a pool thread; results come back as signals on the UI thread."""

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], title: str = ""):
        super().__init__()
        self.setAutoDelete(False)
        self.title = title
        self.signals = _Signals()
        self._work = work
        self._cancel = threading.Event()
        self.done = threading.Event()
        self.dialog: QProgressDialog | None = None  # its progress dialog (dialogs.job_progress)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise CancelledError("Cancelled; nothing was changed.")
        self.signals.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except CancelledError:
            self._emit(self.signals.cancelled)
        except ChronicleError as err:
            self._emit(self.signals.failed, str(err))
        except Exception as err:  # a bug: show it rather than lose it on a worker thread
            traceback.print_exc()
            self._emit(self.signals.failed, f"Unexpected error: {err}")
        else:
            self._emit(self.signals.finished, result)
        finally:
            self.done.set()

    def _emit(self, signal: SignalInstance, *args: Any) -> None:
        # A job still running while the app shuts down outlives its signals' QObject (Python
        # tears it down at exit): nobody is left to tell, so the result is dropped quietly.
        if isValid(self.signals):
            signal.emit(*args)


def start(job: Job, pool: QThreadPool | None = None) -> Job:
    (pool or QThreadPool.globalInstance()).start(job)
    return job
