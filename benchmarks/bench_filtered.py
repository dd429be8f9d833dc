"""What a filtered view of the key columns costs at N events (default 10M), SQLite only.

    nice -n 10 python -m benchmarks.bench_filtered [N]

Opens benchmarks/out/timeline_N.chronicle read-only (made by benchmarks.timeline_library; the
10M one may be a symlink to a shared copy), reads the key columns with actor lanes, then for
three filters (actor 3: ~9% of events, the word "war": 12.5%, actor 1: ~54%) times the SQL
query for the kept ids, the running counts (db/queries/filtered_columns.py), a decade's
counts and label picks from the view (median of 5), and an edit's update (three events
re-tested); and reports the view's bytes, RSS and peak RSS. CPU time of this process (the
machine is shared); prints a table and writes benchmarks/out/filtered.json.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from db.engine import open_library
from db.queries import EventFilter
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns, matching_ids

OUT = Path(__file__).with_name("out")
DAY = 86_400
FILTERS = {
    "actor 3": EventFilter(actor_ids=(3,)),
    "text war": EventFilter(text="war"),
    "actor 1": EventFilter(actor_ids=(1,)),
}


def _rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu(fn):
    began = time.process_time()
    result = fn()
    return result, round((time.process_time() - began) * 1000, 1)


def main(size: int) -> None:
    lib = open_library(OUT / f"timeline_{size}.chronicle", read_only=True)
    try:
        columns, load_ms = _cpu(lambda: EventColumns.load(lib).with_lanes(lib, "actor"))
        report: dict = {
            "events": size,
            "load_before": os.getloadavg(),
            "columns_cpu_ms": load_ms,
            "columns_mb": round(columns.nbytes / 2**20, 1),
            "rss_mb": round(_rss_mb()),
            "peak_mb": round(_peak_mb()),
            "filters": {},
        }
        lo, hi = columns.extent() or (0, 0)
        middle = (lo + hi) // 2
        decade = (middle, middle + 3650 * DAY)
        for name, filt in FILTERS.items():
            ids, sql_ms = _cpu(lambda f=filt: matching_ids(lib, f))
            view, counts_ms = _cpu(lambda f=filt, i=ids: FilteredColumns.of(columns, f, i))
            del ids

            def step(v: FilteredColumns = view) -> None:
                v.lane_buckets("actor", *decade, 384)
                for importance in (5, 4, 3):
                    v.label_candidates("actor", *decade, 12, importance)

            step_ms = statistics.median(_cpu(step)[1] for _ in range(5))
            _, edit_ms = _cpu(lambda v=view: v.updated(lib, columns, {5, 6, 7}))
            report["filters"][name] = {
                "kept": view.total,
                "kept_ids_sql_cpu_ms": sql_ms,
                "running_counts_cpu_ms": counts_ms,
                "view_mb": round(view.nbytes / 2**20, 1),
                "decade_step_cpu_ms": step_ms,
                "edit_of_3_cpu_ms": edit_ms,
                "rss_mb": round(_rss_mb()),
                "peak_mb": round(_peak_mb()),
            }
            del view, step  # (the next view is made without this one beside it)
        report["load_after"] = os.getloadavg()
    finally:
        lib.close()
    print(f"{size:,} events: columns {report['columns_mb']} MB, read in "
          f"{report['columns_cpu_ms']:.0f} ms CPU; RSS {report['rss_mb']} MB")  # fmt: skip
    print("load average before:", report["load_before"], "after:", report["load_after"])
    keys = list(next(iter(report["filters"].values())))
    print(f"{'filter':>10} " + " ".join(f"{key:>22}" for key in keys))
    for name, row in report["filters"].items():
        print(f"{name:>10} " + " ".join(f"{row[key]:>22}" for key in keys))
    OUT.mkdir(exist_ok=True)
    (OUT / "filtered.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
