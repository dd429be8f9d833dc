"""Team library on PostgreSQL beside the same library file on SQLite, at N events (default 1M).

    python -m benchmarks.bench_team [N] [--url postgresql://user@host:port/emptydb]

Without --url a throwaway cluster is started from Debian's postgresql binaries (as the tests
do, tests/pg_cluster.py). The library is benchmarks/out/timeline_N.chronicle (made by
benchmarks.timeline_library, the timeline benchmark's data); it is published to the server
(timed: wall clock, and the CPU time of this client and, for the throwaway cluster, of the
server's processes), then both engines answer the same questions: the timeline's first frame
(median of 3 fresh processes, measured as bench_timeline does), the timeline's questions for
a month and a decade (and a filtered decade and year: an actor's and a word's, counted in
SQL and from the key columns seen through the filter, with the CPU time of this process), the
Events list's search (count and first page; a rare and a common word), and the window API's
own questions. `--filtered-only` measures the publish and the filtered questions alone
(benchmarks/out/team_filtered.json). The machine's load average is recorded before and
after, since a shared machine stretches every wall-clock figure. Prints a table and writes
benchmarks/out/team.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_timeline import WIDTH, _library
from db import queries
from db.engine import open_library
from db.queries import EventFilter, window_events
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns
from db.team_copy import publish
from desktop.timeline.loader import DETAIL_LIMIT, build_scene, load_overview, load_summary
from desktop.timeline.row_cache import EventRowCache
from desktop.timeline.scene import SceneSpec

OUT = Path(__file__).with_name("out")
DAY = 86_400
REPEAT = 15


def _p50(fn) -> float:
    return _p50_cpu(fn)[0]


def _p50_cpu(fn) -> tuple[float, float]:
    """Median wall and CPU ms (this process's: a server's work is not in it) of `fn()`."""
    fn()  # warm the caches once, as a user's second look would be
    times, cpu = [], []
    for _ in range(REPEAT):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return round(statistics.median(times), 2), round(statistics.median(cpu), 2)


FIRST_FRAME = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from desktop.library import LibraryController
from desktop.selection import SelectionModel
from desktop.timeline.input import TimelineInput
from desktop.timeline.widget import TimelineWidget
from benchmarks.bench_timeline import WIDTH, HEIGHT
app = QApplication([])
began = time.perf_counter()
controller = LibraryController()
controller.open(sys.argv[1])
widget = TimelineWidget(controller, SelectionModel(), QUndoStack(), make_input=TimelineInput)
widget.resize(WIDTH, HEIGHT)
widget.show()
while widget.scene is None:
    app.processEvents()
    time.sleep(0.001)
widget.viewport().repaint()
print((time.perf_counter() - began) * 1000)
os._exit(0)  # the key columns still loading in the background are not part of it
"""


def _first_frame(location: str, runs: int = 3) -> float:
    """Median ms from opening `location` to the timeline's first painted frame (the steps of
    bench_timeline.measure up to its first_frame_ms, without the zooming and panning after)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_FRAME, location],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return round(statistics.median(times), 1)


def _server_cpu(data: Path) -> float:
    """CPU seconds used so far by a local server: the postmaster, its live children and the
    children it has reaped (a publish's backend has exited by the time we look)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: str) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2 :].split()

    postmaster = (data / "postmaster.pid").read_text().split()[0]
    own = fields(postmaster)
    total = sum(int(v) for v in own[11:15])  # utime, stime, cutime, cstime
    for child in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split():
        try:
            total += sum(int(v) for v in fields(child)[11:13])
        except FileNotFoundError:  # exited meanwhile: counted in cutime next time
            continue
    return total / tick


def _timed_publish(path: Path, url: str, data: Path | None) -> dict[str, float]:
    server = _server_cpu(data) if data else 0.0
    began, began_cpu = time.perf_counter(), time.process_time()
    publish(path, url)
    result = {
        "publish_s": round(time.perf_counter() - began, 1),
        "publish_client_cpu_s": round(time.process_time() - began_cpu, 1),
    }
    if data:
        time.sleep(0.5)  # let the postmaster reap the backend
        result["publish_server_cpu_s"] = round(_server_cpu(data) - server, 1)
    return result


def _timeline_questions(lib, month: tuple[int, int], decade: tuple[int, int]) -> dict:
    """What the timeline asks (desktop/timeline/loader.py): a month's events one by one
    (`window_events`, its detail fetch when it has no key columns to ask), and a decade's
    scene (50,000 events: counts per actor lane and cell, the most important labelled),
    counted from the in-memory key columns (an unfiltered library once they are read: SQL
    only reads the labelled rows) and counted in SQL (a filter set, or the columns not read
    yet)."""
    summary = load_summary(lib, "actor")
    columns = EventColumns.load(lib).with_lanes(lib, "actor")
    summary = load_overview(lib, summary, columns)
    start, end = decade
    spec = SceneSpec(
        start_key=start, end_key=end, seconds_per_pixel=(end - start) / WIDTH,
        lane_by="actor", lanes=summary.lanes,
    )  # fmt: skip
    return {
        "timeline_month_ms": _p50(lambda: window_events(lib, *month, limit=DETAIL_LIMIT)),
        "timeline_decade_ms": _p50(lambda: build_scene(lib, summary, spec, columns=columns)),
        "timeline_decade_sql_ms": _p50(lambda: build_scene(lib, summary, spec)),
        **_filtered_questions(lib, columns, decade),
    }


# A filter as an analyst sets one: an actor in ~1 event in 10 (the generated actors are
# Zipf-like: actor 1 is in half the events, actor 3 in ~one in ten), and a word in one title
# in eight ("war", the category word of the titles).
FILTERS = {"actor": EventFilter(actor_ids=(3,)), "text": EventFilter(text="war")}


def _filtered_questions(lib, columns: EventColumns, decade: tuple[int, int]) -> dict:
    """A filtered view's zoom step (a decade's and a year's scene, as above) counted in SQL
    (what the timeline did with any filter set, and still does while the filtered view is
    made) and from the key columns seen through the filter (db/queries/filtered_columns);
    what making that view costs once per filter (one SQL query for the kept ids, then the
    running counts), and the memory it holds beside the columns."""
    result: dict[str, float] = {"columns_mb": round(columns.nbytes / 2**20, 1)}
    start = decade[0]
    for name, filt in FILTERS.items():
        summary = load_summary(lib, "actor", filt)
        summary = load_overview(lib, summary)
        result[f"{name}_filter_share_pct"] = round(100 * summary.total / columns.total, 1)
        result[f"{name}_filter_view_ms"] = _p50(
            lambda f=filt: FilteredColumns.load(lib, columns, f)
        )
        view = FilteredColumns.load(lib, columns, filt)
        result[f"{name}_filter_view_mb"] = round(view.nbytes / 2**20, 1)
        for zoom, length in (("decade", 3650 * DAY), ("year", 365 * DAY)):
            spec = SceneSpec(
                start_key=start, end_key=start + length, seconds_per_pixel=length / WIDTH,
                lane_by="actor", lanes=summary.lanes,
            )  # fmt: skip
            key = f"{name}_filter_{zoom}"
            # Each path keeps the rows it read, as the timeline does between wheel steps
            # (labels, and the rows read ahead of a window about to be drawn one by one):
            # what is timed is the counting and the layout.
            cached, kept = EventRowCache(), EventRowCache()
            sql = _p50_cpu(lambda s=summary, sp=spec, r=cached: build_scene(lib, s, sp, rows=r))
            mine = _p50_cpu(
                lambda s=summary, sp=spec, v=view, r=kept: build_scene(
                    lib, s, sp, columns=v, rows=r
                )
            )
            result[f"{key}_sql_ms"], result[f"{key}_sql_cpu_ms"] = sql
            result[f"{key}_ms"], result[f"{key}_cpu_ms"] = mine
    return result


def _questions(location: str, filtered_only: bool = False) -> dict[str, float]:
    lib = open_library(location, read_only=True)
    try:
        if filtered_only:
            lo, hi = queries.key_extent(lib)
            columns = EventColumns.load(lib).with_lanes(lib, "actor")
            middle = (lo + hi) // 2
            return _filtered_questions(lib, columns, (middle, middle + 3650 * DAY))
        lo, hi = queries.key_extent(lib)
        middle = (lo + hi) // 2
        month = (middle, middle + 30 * DAY)
        decade = (middle, middle + 3650 * DAY)
        rare, common = EventFilter(text="diplomacy event 4242"), EventFilter(text="war")
        return {
            **_timeline_questions(lib, month, decade),
            # What the Events list asks when one types in its search box: the count (its
            # number of rows), then the first page of 200 in date order.
            "search_ms": _p50(lambda: queries.list_events(lib, rare)),
            "search_count_ms": _p50(lambda: queries.count_events(lib, rare)),
            "search_common_ms": _p50(lambda: queries.list_events(lib, common, limit=200)),
            "search_common_count_ms": _p50(lambda: queries.count_events(lib, common)),
            # db.queries.window's own API, which the app does not use (kept for comparison
            # with the earlier tables).
            "api_window_month_ms": _p50(lambda: queries.events_in_window(lib, *month, limit=2000)),
            "api_decade_by_importance_ms": _p50(
                lambda: queries.events_in_window(lib, *decade, limit=2000, by_importance=True)
            ),
            "count_decade_ms": _p50(lambda: queries.count_in_window(lib, *decade)),
        }
    finally:
        lib.close()


def main(size: int, url: str | None, filtered_only: bool = False) -> None:
    OUT.mkdir(exist_ok=True)
    path = _library(size)
    open_library(path).close()  # an older file is upgraded now, not inside the timed publish
    cluster = None
    if url is None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pg_cluster import PgCluster

        cluster = PgCluster()
        url = cluster.url(cluster.new_database())
    load_before = os.getloadavg()
    try:
        published = _timed_publish(path, url, cluster.data if cluster else None)
        if filtered_only:
            results = {
                "sqlite": _questions(str(path), True),
                "postgresql": _questions(url, True),
            }
        else:
            results = {
                "sqlite": {"first_frame_ms": _first_frame(str(path)), **_questions(str(path))},
                "postgresql": {"first_frame_ms": _first_frame(url), **_questions(url)},
            }
    finally:
        if cluster is not None:
            cluster.destroy()
    load = {"load_before": load_before, "load_after": os.getloadavg()}
    print("publish:", ", ".join(f"{k} {v}" for k, v in published.items()))
    print("load average (1, 5, 15 min) before:", load_before, "after:", load["load_after"])
    names = list(results["postgresql"])
    print(f"{'question (ms)':>28} " + " ".join(f"{engine:>10}" for engine in results))
    for name in names:
        row = " ".join(f"{results[engine][name]:>10}" for engine in results)
        print(f"{name:>28} {row}")
    report = {"events": size, "publish": published, **load, **results}
    (OUT / ("team_filtered.json" if filtered_only else "team.json")).write_text(
        json.dumps(report, indent=2)
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    target = None
    if "--url" in args:
        at = args.index("--url")
        target = args[at + 1]
        del args[at : at + 2]
    only = "--filtered-only" in args
    args = [arg for arg in args if arg != "--filtered-only"]
    main(int(args[0]) if args else 1_000_000, target, only)
