"""Run one graph layout at a time in a `desktop.jobs.Job`, off the UI thread.

Starting a layout cancels the one before; signals of a superseded or cancelled job are dropped,
so the panel only ever hears about the layout it asked for last.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from desktop.graph.layout import Positions, compute_layout
from desktop.graph.model import NodeGraph, NodeKey
from desktop.jobs import Job, start

_RUNNING: set[Job] = set()  # keeps a running job alive even if its runner goes away


def _forget(job: Job, *_args: object) -> None:
    _RUNNING.discard(job)


class LayoutRunner(QObject):
    progressed = Signal(int, int)  # iterations done, of total
    finished = Signal(object)  # {node key: (x, y)}
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: Job | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, graph: NodeGraph, name: str, centre: NodeKey | None = None) -> None:
        """Lay out a copy of `graph` with layout `name` (see desktop.graph.layout.LAYOUTS)."""
        self.cancel()
        graph = graph.copy()  # the UI may change its graph while the job reads this one
        job = Job(
            lambda progress: compute_layout(graph, name, centre=centre, progress=progress),
            "Laying out the graph",
        )
        self._job = job
        _RUNNING.add(job)
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(partial(_forget, job))
        job.signals.progressed.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        start(job)

    def cancel(self) -> None:
        """Stop the running layout (its result, if it still comes, is ignored)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _is_current(self) -> bool:
        sender = self.sender()
        return sender is not None and self._job is not None and sender is self._job.signals

    def _on_progress(self, done: int, total: int) -> None:
        if self._is_current():
            self.progressed.emit(done, total)

    def _on_finished(self, positions: Positions) -> None:
        if self._is_current():
            self._job = None
            self.finished.emit(positions)

    def _on_failed(self, message: str) -> None:
        if self._is_current():
            self._job = None
            self.failed.emit(message)
