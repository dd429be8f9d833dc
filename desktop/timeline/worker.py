"""Background preparation of timeline data where only the newest request matters.

While the user zooms, requests come faster than scenes are built. `LatestOnly` runs one
computation at a time on a thread pool; a newer request replaces any waiting one, and a
result whose generation is no longer the newest is dropped instead of being shown.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from db.errors import ChronicleError


class _Relay(QObject):
    """Lives on the UI thread; signals emitted by workers are queued to it."""

    done = Signal(int, object)
    failed = Signal(int, str)


class _Task(QRunnable):
    def __init__(self, generation: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.generation, self.work, self.relay = generation, work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except ChronicleError as err:
            self._emit(self.relay.failed, str(err))
        except Exception as err:  # a bug: report it rather than lose it on a worker thread
            traceback.print_exc()
            self._emit(self.relay.failed, f"Unexpected error: {err}")
        else:
            self._emit(self.relay.done, result)

    def _emit(self, signal: SignalInstance, payload: object) -> None:
        # The widget may have gone away while we worked.
        with contextlib.suppress(RuntimeError):
            signal.emit(self.generation, payload)


class LatestOnly(QObject):
    """Runs `request`ed functions off the UI thread, delivering only the newest result."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._generation = 0
        self._running = False
        self._waiting: tuple[int, Callable[[], Any]] | None = None

    @property
    def busy(self) -> bool:
        """True while a computation runs or waits."""
        return self._running or self._waiting is not None

    def request(self, work: Callable[[], Any]) -> int:
        """Compute `work()` in the background; returns the request's generation."""
        self._generation += 1
        self._waiting = (self._generation, work)
        if not self._running:
            self._start_waiting()
        return self._generation

    def cancel(self) -> None:
        """Forget waiting work and drop the result of any running one."""
        self._generation += 1
        self._waiting = None

    def _start_waiting(self) -> None:
        assert self._waiting is not None, "called when work waits"
        generation, work = self._waiting
        self._waiting = None
        self._running = True
        self._pool.start(_Task(generation, work, self._relay))

    def _settle(self) -> None:
        self._running = False
        if self._waiting is not None:
            self._start_waiting()

    def _on_done(self, generation: int, result: object) -> None:
        self._settle()
        if generation == self._generation:
            self.finished.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        self._settle()
        if generation == self._generation:
            self.failed.emit(message)
