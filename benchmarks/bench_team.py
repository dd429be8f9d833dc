"""Team library on PostgreSQL beside the same library file on SQLite, at N events (default 1M).

    python -m benchmarks.bench_team [N] [--url postgresql://user@host:port/emptydb]

Without --url a throwaway cluster is started from Debian's postgresql binaries (as the tests
do, tests/pg_cluster.py). The library is benchmarks/out/timeline_N.chronicle (made by
benchmarks.timeline_library, the timeline benchmark's data); it is published to the server
(timed), then both engines answer the same questions: the timeline's first frame (in a fresh
process, as bench_timeline measures it), a month window, a decade window, and search.
Prints a table and writes benchmarks/out/team.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.bench_timeline import _library
from db import queries
from db.engine import open_library
from db.queries import EventFilter
from db.team_copy import publish

OUT = Path(__file__).with_name("out")
DAY = 86_400
REPEAT = 15


def _p50(fn) -> float:
    fn()  # warm the caches once, as a user's second look would be
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 2)


def _first_frame(location: str) -> float:
    code = (
        "import json, sys; from benchmarks.bench_timeline import measure; "
        "print(json.dumps(measure(sys.argv[1])['first_frame_ms']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, location], check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def _questions(location: str) -> dict[str, float]:
    lib = open_library(location, read_only=True)
    try:
        lo, hi = queries.key_extent(lib)
        middle = (lo + hi) // 2
        month = (middle, middle + 30 * DAY)
        decade = (middle, middle + 3650 * DAY)
        return {
            "window_month_ms": _p50(lambda: queries.events_in_window(lib, *month, limit=2000)),
            "window_decade_ms": _p50(
                lambda: queries.events_in_window(lib, *decade, limit=2000, by_importance=True)
            ),
            "count_decade_ms": _p50(lambda: queries.count_in_window(lib, *decade)),
            "search_ms": _p50(
                lambda: queries.list_events(lib, EventFilter(text="diplomacy event 4242"))
            ),
            "search_common_ms": _p50(
                lambda: queries.list_events(lib, EventFilter(text="war"), limit=200)
            ),
        }
    finally:
        lib.close()


def main(size: int, url: str | None) -> None:
    OUT.mkdir(exist_ok=True)
    path = _library(size)
    cluster = None
    if url is None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pg_cluster import PgCluster

        cluster = PgCluster()
        url = cluster.url(cluster.new_database())
    try:
        began = time.perf_counter()
        publish(path, url)
        published = round(time.perf_counter() - began, 1)
        results = {
            "sqlite": {"first_frame_ms": _first_frame(str(path)), **_questions(str(path))},
            "postgresql": {
                "publish_s": published,
                "first_frame_ms": _first_frame(url),
                **_questions(url),
            },
        }
    finally:
        if cluster is not None:
            cluster.destroy()
    names = [k for k in results["postgresql"] if k != "publish_s"]
    print(f"{'engine':>10} {'publish s':>9} " + " ".join(f"{n:>17}" for n in names))
    for engine, row in results.items():
        publish_cell = f"{row.get('publish_s', ''):>9}"
        print(f"{engine:>10} {publish_cell} " + " ".join(f"{row[n]:>17}" for n in names))
    (OUT / "team.json").write_text(json.dumps({"events": size, **results}, indent=2))


if __name__ == "__main__":
    args = sys.argv[1:]
    target = None
    if "--url" in args:
        at = args.index("--url")
        target = args[at + 1]
        del args[at : at + 2]
    main(int(args[0]) if args else 1_000_000, target)
