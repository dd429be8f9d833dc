"""CPU of each wheel step zooming in from counts to single events at 1,000,000 events.

`bench_timeline` times eight 1.1x steps from a month-wide window; the window before the
first detailed step is its (untimed) starting scene. Here the walk starts at 45 days, so the
steps before the crossing are timed too: the scene of counts that reads the next scene's
rows ahead (docs/zoom-speed.md), the step into detail and the detailed steps after it. Prints,
per step, the scene's kind (a = counts, D = events one by one), and the median and worst
CPU ms (all threads: the scene is built on a worker) over `--runs` fresh processes.

    nice -n 10 python -m benchmarks.bench_zoom_crossing [--runs N] [--days D] [--steps S]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_timeline import HEIGHT, OUT, WIDTH, _settle

DAY = 86_400


def measure(path: Path, days: float, steps: int) -> list[tuple[str, float]]:
    """(kind, CPU ms) of each 1.1x wheel step from a `days`-wide window at the busiest spot."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from desktop.heap import freeze_startup_heap
    from desktop.library import LibraryController
    from desktop.selection import SelectionModel
    from desktop.timeline.input import TimelineInput
    from desktop.timeline.widget import TimelineWidget

    app = QApplication.instance() or QApplication([])
    controller = LibraryController()
    controller.open(path)
    widget = TimelineWidget(controller, SelectionModel(), QUndoStack(), make_input=TimelineInput)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    freeze_startup_heap()
    _settle(app, widget)
    while widget.keys.busy:
        app.processEvents()
        time.sleep(0.002)
    _settle(app, widget)
    lo, hi = widget.summary.extent
    overview = widget.summary.overview
    busiest = max(range(len(overview)), key=overview.__getitem__)
    middle = lo + (hi - lo) * (busiest + 0.5) / len(overview)
    widget.set_window(int(middle - days * DAY / 2), int(middle + days * DAY / 2))
    _settle(app, widget)
    result = []
    for _ in range(steps):
        began = time.process_time()
        widget.zoom_by(1.1)
        _settle(app, widget)
        kind = "D" if widget.scene.detailed else "a"
        result.append((kind, round((time.process_time() - began) * 1000, 1)))
    controller.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=float, default=45.0)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--measure", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.days, args.steps)))
        return
    path = OUT / "timeline_1000000.chronicle"
    command = [sys.executable, "-m", "benchmarks.bench_zoom_crossing", "--measure", str(path)]
    command += ["--days", str(args.days), "--steps", str(args.steps)]
    runs = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for _ in range(args.runs)
    ]
    print(f"wheel steps (1.1x) from {args.days:g} days, CPU ms over {args.runs} runs; "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'step':>4} {'kind':>5} {'median':>7} {'worst':>7}")
    for step in range(args.steps):
        kinds = "".join(sorted({run[step][0] for run in runs}))
        times = [run[step][1] for run in runs]
        print(f"{step + 1:>4} {kinds:>5} {statistics.median(times):7.0f} {max(times):7.0f}")


if __name__ == "__main__":
    main()
