"""Jobs outliving their signals' QObject (the app shutting down while work runs)."""

from __future__ import annotations

import threading

from shiboken6 import delete

from desktop.jobs import Job, start


def test_a_job_whose_signals_are_gone_ends_quietly(qtbot, capfd):
    release = threading.Event()
    results: list[object] = []

    def work(progress):
        release.wait(5)
        progress(1, 1)  # cancelled meanwhile: raises CancelledError
        return "never"

    job = Job(work)
    job.signals.cancelled.connect(lambda: results.append("cancelled"))
    start(job)
    job.cancel()
    delete(job.signals)  # what Python's teardown at exit does to it
    release.set()
    assert job.done.wait(5)
    assert results == []
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_a_job_still_reports_while_its_signals_live(qtbot):
    job = Job(lambda progress: 42)
    with qtbot.waitSignal(job.signals.finished, timeout=5000) as finished:
        start(job)
    assert finished.args == [42]
    assert job.done.is_set()
