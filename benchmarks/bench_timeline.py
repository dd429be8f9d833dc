"""Timeline smoothness at 10,000, 100,000 and 1,000,000 events, offscreen at 1920x1080.

For each size: time from opening the file to the first painted frame (wall, and the CPU of
every thread of the process), the time until the in-memory key columns are ready, paint time
per frame at five zoom levels (whole span, a decade, a year, a month, a day) and while
panning (p50/p95), zoom latency at each level
(p50/p95 over wheel steps: from `zoom_by` to the new scene installed and painted, the 16 ms
wheel debounce included), and peak RSS. Libraries are generated once into benchmarks/out/
(see timeline_library.py); each size is measured in a fresh process so its RSS is its own.
`--runs N` repeats each measurement in N fresh processes and reports the median of the
runs' p50s and the worst p95. Prints tables and writes benchmarks/out/timeline.json.

    nice -n 10 python -m benchmarks.bench_timeline [--runs N] [SIZES...]
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).with_name("out")
SIZES = (10_000, 100_000, 1_000_000)
WIDTH, HEIGHT = 1920, 1080
DAY = 86_400
ZOOMS = {"whole": None, "decade": 3652 * DAY, "year": 365 * DAY, "month": 30 * DAY, "day": DAY}
FRAMES = 40
PAN_FRAMES = 120
ZOOM_STEPS = 8  # wheel steps measured per zoom level (each to a zoom level not seen before)


def _settle(app, widget, timeout: float = 60.0) -> None:
    """Process events until the widget has the data for its view."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if widget.scene is not None and not widget.is_loading:
            app.processEvents()
            return
        time.sleep(0.002)
    raise TimeoutError("the timeline did not settle")


def _paint_ms(widget) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one synchronous repaint. The machine is shared, so CPU
    time (this thread only) shows the cost of a frame without waiting for a core."""
    wall, cpu = time.perf_counter(), time.thread_time()
    widget.viewport().repaint()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def _percentiles(times: list[tuple[float, float]]) -> dict[str, float]:
    result = {}
    for index, name in ((0, ""), (1, "cpu_")):
        ordered = sorted(t[index] for t in times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        result[f"{name}p50"] = round(statistics.median(ordered), 2)
        result[f"{name}p95"] = round(p95, 2)
    return result


def _zoom_latency(app, widget) -> dict[str, float]:
    """p50/p95 ms from a wheel step (`zoom_by`, 1.1x in) to its scene installed and painted:
    wall time, and the CPU time the process spent on it (all threads: the scene is built on a
    worker), which a loaded machine does not inflate."""
    times, cpu = [], []
    for _ in range(ZOOM_STEPS):
        began, began_cpu = time.perf_counter(), time.process_time()
        widget.zoom_by(1.1)
        _settle(app, widget)  # ends with the frame that paints the new scene
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    for _ in range(ZOOM_STEPS):  # back where we were (from cached scenes)
        widget.zoom_by(1 / 1.1)
    _settle(app, widget)
    return {**_percentiles(list(zip(times, cpu, strict=True)))}


def measure(path: Path) -> dict:
    """Open `path`, show the timeline and time it (run in a fresh process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from desktop.heap import freeze_startup_heap
    from desktop.library import LibraryController
    from desktop.selection import SelectionModel
    from desktop.timeline.input import TimelineInput
    from desktop.timeline.widget import TimelineWidget

    app = QApplication.instance() or QApplication([])
    began, began_cpu = time.perf_counter(), time.process_time()
    controller = LibraryController()
    controller.open(path)
    widget = TimelineWidget(controller, SelectionModel(), QUndoStack(), make_input=TimelineInput)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    freeze_startup_heap()  # as desktop/window/app.py does once the window is up
    while widget.scene is None:  # the first frame with events on it (the overview may follow)
        app.processEvents()
        time.sleep(0.001)
    first_paint = _paint_ms(widget)[0]
    first_frame = (time.perf_counter() - began) * 1000
    first_frame_cpu = (time.process_time() - began_cpu) * 1000
    _settle(app, widget)
    keys = getattr(widget, "keys", None)  # None: code from before the key columns
    while keys is not None and keys.busy:  # made in the background after the first frame
        app.processEvents()
        time.sleep(0.002)
    keys_ready = (time.perf_counter() - began) * 1000
    keys_ready_cpu = (time.process_time() - began_cpu) * 1000
    columns = keys.current if keys is not None else None
    lo, hi = widget.summary.extent
    busiest = max(range(len(widget.summary.overview)), key=widget.summary.overview.__getitem__)
    middle = lo + (hi - lo) * (busiest + 0.5) / len(widget.summary.overview)
    result = {
        "first_frame_ms": round(first_frame, 1),
        "first_frame_cpu_ms": round(first_frame_cpu, 1),
        "first_paint_ms": round(first_paint, 2),
        "keys_ready_ms": round(keys_ready, 1),
        "keys_ready_cpu_ms": round(keys_ready_cpu, 1),
        # What the key columns hold (None: code without `nbytes`).
        "columns_mb": round(columns.nbytes / 2**20, 1) if hasattr(columns, "nbytes") else None,
    }
    for name, length in ZOOMS.items():
        if length is None:
            widget.fit_all()
        else:
            widget.set_window(int(middle - length / 2), int(middle + length / 2))
        began = time.perf_counter()
        _settle(app, widget)
        scene_ms = (time.perf_counter() - began) * 1000
        times = [_paint_ms(widget) for _ in range(FRAMES)]
        marks = sum(len(lane.marks) for lane in widget.scene.lanes)
        clusters = sum(len(lane.clusters) for lane in widget.scene.lanes)
        result[name] = {
            **_percentiles(times),
            "zoom": _zoom_latency(app, widget),
            "scene_ms": round(scene_ms, 1),
            "marks": marks,
            "clusters": clusters,
            "detailed": widget.scene.detailed,
        }
    widget.set_window(int(middle - 365 * DAY / 2), int(middle + 365 * DAY / 2))
    _settle(app, widget)
    pan_times = []
    for _ in range(PAN_FRAMES):
        widget.pan_by(-24)
        app.processEvents()
        pan_times.append(_paint_ms(widget))
    result["panning"] = _percentiles(pan_times)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    controller.close()
    return result


def _library(size: int) -> Path:
    path = OUT / f"timeline_{size}.chronicle"
    if not path.exists():
        print(f"generating {size:,} events…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.timeline_library", str(path), str(size)], check=True
        )
    return path


def _combined(runs: list[dict]) -> dict:
    """One result from several runs: the median of the p50s, the worst p95, the median rest."""

    def merge(values: list):
        if isinstance(values[0], dict):
            return {key: merge([v[key] for v in values]) for key in values[0]}
        if isinstance(values[0], bool | str) or values[0] is None:
            return values[0]
        return round(statistics.median(values), 2)

    combined = merge(runs)
    for name in (*ZOOMS, "panning"):
        for key in ("p95", "cpu_p95"):
            combined[name][key] = max(run[name][key] for run in runs)
        if name in ZOOMS:
            for key in ("p95", "cpu_p95"):
                combined[name]["zoom"][key] = max(run[name]["zoom"][key] for run in runs)
    return combined


def _row(size: int, result: dict, prefix: str) -> str:
    def cell(r: dict) -> str:
        return f"{r[prefix + 'p50']:6.1f}/{r[prefix + 'p95']:<6.1f}"

    zooms = " ".join(cell(result[z]) for z in ZOOMS)
    first = f"{result['first_frame_' + ('cpu_' if prefix else '') + 'ms']:>8.0f}"
    rss = f"{result['peak_rss_mb']:>7.0f}" if not prefix else ""
    label = f"{size:>9,}" if not prefix else f"{'(CPU)':>9}"
    return f"{label} {first} {zooms} {cell(result['panning'])} {rss}"


def _zoom_row(size: int, result: dict, prefix: str) -> str:
    zooms = " ".join(
        f"{result[z]['zoom'][prefix + 'p50']:6.0f}/{result[z]['zoom'][prefix + 'p95']:<6.0f}"
        for z in ZOOMS
    )
    if prefix:
        return f"{'(CPU)':>9} {result.get('keys_ready_cpu_ms', 0):>8.0f} {zooms}"
    return f"{size:>9,} {result['keys_ready_ms']:>8.0f} {zooms}"


def _run(path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_timeline", "--measure", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(sizes: list[int], runs: int) -> None:
    OUT.mkdir(exist_ok=True)
    results, every = {}, {}
    for size in sizes:
        path = _library(size)
        every[size] = [_run(path) for _ in range(runs)]
        results[size] = _combined(every[size])
    header = " ".join(f"{z + ' p50/p95':>13}" for z in ZOOMS)
    print(f"paint ms, p50 = median of {runs} runs, p95 = worst run; load {os.getloadavg()[0]:.1f}")
    print(f"{'events':>9} {'1st (ms)':>8} {header} {'pan p50/p95':>13} {'RSS MB':>7}")
    for size, result in results.items():
        print(_row(size, result, ""))
        print(_row(size, result, "cpu_"))
    print(
        "\nzoom latency ms (wheel step to new scene painted), keys = columns ready after open"
        " (CPU: every thread's, from open)"
    )
    print(f"{'events':>9} {'keys ms':>8} {header}")
    for size, result in results.items():
        print(_zoom_row(size, result, ""))
        print(_zoom_row(size, result, "cpu_"))
    (OUT / "timeline.json").write_text(json.dumps({"combined": results, "runs": every}, indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        args = sys.argv[1:]
        runs = 1
        if "--runs" in args:
            at = args.index("--runs")
            runs = int(args[at + 1])
            del args[at : at + 2]
        main([int(arg) for arg in args] or list(SIZES), runs)
