"""How long the inspector takes to show a record at 1,000,000 or 10,000,000 events (#16 item 4).

Opens the library (read-only: the benchmark never writes it) in the real main window offscreen,
then selects records the way a click does (through the shared selection) and times each
until the inspector's form is filled and the event loop is idle again: an event in the middle
of the library, the busiest actor (the one with the most events) and the most cited source,
and the same again (the second look). Prints median and worst wall / CPU ms over the picks.
Usage: nice -n 10 python -m benchmarks.bench_inspector [PATH]
       (default benchmarks/out/timeline_1000000.chronicle)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).with_name("out")
REPEAT = 5


def _idle(app, seconds: float = 0.3) -> None:
    """Let the window settle (background jobs, timers) between the timed steps."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def _handled(app) -> None:
    """What a click's selection change runs at once, and the 0 ms timers it starts."""
    for _ in range(3):
        app.processEvents()


def _busiest(lib, table: str, column: str) -> int:
    import sqlalchemy as sa

    from db.store.snapshots import TABLES

    t = TABLES[table]
    with lib.read() as conn:
        # The first 200,000 links are enough to find a busy one without reading them all.
        sample = sa.select(t.c[column]).limit(200_000).subquery()
        stmt = (
            sa.select(sample.c[column])
            .where(sample.c[column].is_not(None))
            .group_by(sample.c[column])
            .order_by(sa.func.count().desc())
            .limit(1)
        )
        return int(conn.execute(stmt).scalar_one())


def measure(path: Path) -> list[tuple[str, list[tuple[float, float]]]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.library import LibraryController
    from desktop.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    controller = LibraryController()
    controller.open(path, read_only=True, ignore_lock=True)
    window = MainWindow(controller, settings)
    window.resize(1600, 1000)
    window.show()
    _idle(app, 2.0)  # the first frame, the lists' first pages
    lib = controller.lib
    with lib.read() as conn:
        import sqlalchemy as sa

        from db.store.snapshots import TABLES

        top = conn.execute(sa.select(sa.func.max(TABLES["event"].c.id))).scalar_one()
    picks = {
        "event (middle)": ("event", [top // 2 + i * 7919 for i in range(REPEAT)]),
        "busiest actor": ("actor", [_busiest(lib, "participation", "actor_id")] * REPEAT),
        "most cited source": ("source", [_busiest(lib, "citation", "source_id")] * REPEAT),
    }
    rows = []
    for label, (kind, ids) in picks.items():
        times = []
        for record in ids:
            window.selection.select(kind, [], current=None)
            _idle(app)
            began, cpu = time.perf_counter(), time.process_time()
            window.selection.select(kind, [record], current=record)
            _handled(app)
            times.append(((time.perf_counter() - began) * 1000,
                          (time.process_time() - cpu) * 1000))  # fmt: skip
            _idle(app)
        rows.append((label, times))
    window.close()
    controller.close()
    return rows


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "timeline_1000000.chronicle"
    rows = measure(path)
    print(f"{path.name}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'inspector shows':20} {'wall p50':>9} {'worst':>8} {'CPU p50':>8} {'worst':>8}  (ms)")
    for label, times in rows:
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(
            f"{label:20} {statistics.median(walls):9.1f} {max(walls):8.1f} "
            f"{statistics.median(cpus):8.1f} {max(cpus):8.1f}"
        )


if __name__ == "__main__":
    main()
