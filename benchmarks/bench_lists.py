"""How fast the Events list pages, counts, searches and finds a record at 100,000 events.

Builds (once) a synthetic library with `timeline_library.generate`, then times the queries the
list panel makes. Prints a table and writes benchmarks/out/lists.json.
Usage: python -m benchmarks.bench_lists [N]   (default 100000)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from benchmarks.timeline_library import generate
from db import queries
from db.engine import open_library
from db.queries import EventFilter

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
OUT = Path(__file__).with_name("out")


def timed(fn, repeat: int = 5) -> float:
    """Median milliseconds of `fn()`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"lists_{N}.chronicle"
    if not path.exists():
        generate(path, N)
    lib = open_library(path)
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
        rows = [{"query": name, "ms": round(timed(fn), 1)} for name, fn in cases.items()]
    finally:
        lib.close()
    print(f"{'query (' + format(N, ',') + ' events)':40} {'ms':>8}")
    for row in rows:
        print(f"{row['query']:40} {row['ms']:8.1f}")
    (OUT / "lists.json").write_text(json.dumps({"events": N, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
