"""How fast the Events list pages, counts, searches and finds a record at 100,000 events.

Builds (once) a synthetic library with `timeline_library.generate`, then times the queries the
list panel makes: the plain OFFSET queries, and the same pages and find-rows read from the
list's order held in memory (`db.queries.event_ranks`, "ranked" rows), with the time to make
that order and the memory it takes. Prints a table (median wall and CPU ms of 5 runs; the
order's build once) and writes benchmarks/out/lists.json.
Usage: python -m benchmarks.bench_lists [N] [--ranked]   (default 100000; --ranked: only the
ranked rows)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.timeline_library import generate
from db import queries
from db.dates import civil_to_key
from db.engine import open_library
from db.queries import EventFilter
from db.queries.event_ranks import EventRanks, rank_events
from db.queries.lists import list_events_by_id

_ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
N = int(_ARGS[0]) if _ARGS else 100_000
RANKED_ONLY = "--ranked" in sys.argv  # skip the plain queries (minutes at 10M)
OUT = Path(__file__).with_name("out")


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `fn()`."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _order_memory(path: Path, sort: str) -> str:
    """What making the order by `sort` adds to a fresh process's RSS (benchmarks.order_memory)."""
    command = [sys.executable, "-m", "benchmarks.order_memory", str(path), sort]
    found = json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
    return (
        f"array {found['array_mb']:.0f} MB; RSS +{found['peak_mb']:.0f} MB at peak; "
        f"main thread waited <= {found['stall_ms']:.0f} ms "
        f"({found['idle_stall_ms']:.0f} ms before)"
    )


def ranked_rows(lib, path: Path, middle: int) -> list[dict]:
    """Rows for the pages and find-rows read from the order in memory, and for making it."""
    rows = []
    built: dict[str, EventRanks] = {}
    for sort, descending in (("when", False), ("title", False), ("sources", False)):
        start, cpu = time.perf_counter(), time.process_time()
        built[sort] = rank_events(lib, None, sort, descending)
        wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        label = f"order ready in memory, by {sort}"
        note = _order_memory(path, sort)
        rows.append({"query": label, "ms": round(wall, 1), "cpu_ms": round(cpu, 1), "note": note})
    ranks = {(sort, False): order for sort, order in built.items()}
    n = len(ranks["when", False])
    cases = {
        "middle page by date, ranked": lambda: list_events_by_id(
            lib, ranks["when", False].page_ids(n // 2, 200)
        ),
        "last page by title, ranked": lambda: list_events_by_id(
            lib, ranks["title", False].page_ids(n - 200, 200)
        ),
        "first page by sources, ranked": lambda: list_events_by_id(
            lib, ranks["sources", False].page_ids(0, 200)
        ),
        "last page by sources, ranked": lambda: list_events_by_id(
            lib, ranks["sources", False].page_ids(n - 200, 200)
        ),
        "find row, by date, ranked": lambda: ranks["when", False].position(middle),
        "find row, by title, ranked": lambda: ranks["title", False].position(middle),
        "find row, by sources, ranked": lambda: ranks["sources", False].position(middle),
    }
    for name, fn in cases.items():
        wall, cpu = timed(fn)
        rows.append({"query": name, "ms": round(wall, 1), "cpu_ms": round(cpu, 1)})
    return rows


# A filtered list: the events of one decade (the dates are indexed, the sources sort is not).
DECADE = EventFilter(start_key=civil_to_key(1900), end_key=civil_to_key(1910))


def filtered_rows(lib) -> list[dict]:
    """A deep page of one decade's events by sources: plain, and from the filtered order."""
    count = queries.count_events(lib, DECADE)
    label = f"1900s ({count:,} events)"
    rows = []
    start, cpu = time.perf_counter(), time.process_time()
    order = rank_events(lib, DECADE, "sources", False)
    wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    rows.append({"query": f"order ready, {label}, by sources", "ms": round(wall, 1),
                 "cpu_ms": round(cpu, 1)})  # fmt: skip
    middle = count // 2
    cases = {
        f"middle page, {label}, by sources": lambda: queries.list_events(
            lib, DECADE, sort="sources", offset=middle, limit=200
        ),
        f"middle page, {label}, by sources, ranked": lambda: list_events_by_id(
            lib, order.page_ids(middle, 200)
        ),
    }
    for name, fn in cases.items():
        wall, cpu = timed(fn, repeat=1 if "ranked" not in name and RANKED_ONLY else 5)
        rows.append({"query": name, "ms": round(wall, 1), "cpu_ms": round(cpu, 1)})
    return rows


def main() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"lists_{N}.chronicle"
    if not path.exists():
        generate(path, N)
    lib = open_library(path, read_only=True)  # (the 10M file may be another's, linked)
    try:
        middle = queries.list_events(lib, offset=N // 2, limit=1)[0].id
        search = EventFilter(text="war")
        cases = {
            "count all": lambda: queries.count_events(lib),
            "count search 'war'": lambda: queries.count_events(lib, search),
            "first page by date": lambda: queries.list_events(lib, limit=200),
            "middle page by date": lambda: queries.list_events(lib, offset=N // 2, limit=200),
            "last page by title": lambda: queries.list_events(
                lib, sort="title", offset=N - 200, limit=200
            ),
            "first page by sources": lambda: queries.list_events(lib, sort="sources", limit=200),
            "first page of search": lambda: queries.list_events(lib, search, limit=200),
            "find row, by date": lambda: queries.position_of_event(lib, middle),
            "find row, by title desc": lambda: queries.position_of_event(
                lib, middle, None, "title", True
            ),
            "find row, by sources": lambda: queries.position_of_event(lib, middle, None, "sources"),
        }
        rows = []
        for name, fn in {} if RANKED_ONLY else cases.items():
            wall, cpu = timed(fn)
            rows.append({"query": name, "ms": round(wall, 1), "cpu_ms": round(cpu, 1)})
        rows += ranked_rows(lib, path, middle)
        rows += filtered_rows(lib)
    finally:
        lib.close()
    print(f"{'query (' + format(N, ',') + ' events)':56} {'ms':>9} {'cpu ms':>9}")
    for row in rows:
        print(f"{row['query']:56} {row['ms']:9.1f} {row['cpu_ms']:9.1f}  {row.get('note', '')}")
    (OUT / "lists.json").write_text(json.dumps({"events": N, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
