"""What FTS5's `optimize` (db/search_optimize.py) does for the Events list's search: copies
the benchmark library (benchmarks/out/lists_N.chronicle, never written), merges the copy's
search index, and times the count and first three pages by date of each search text on the
original and on the merged copy (CPU ms, median of 5). The copy is deleted at the end.

Usage: python -m benchmarks.bench_search_optimize [N]   (default 1000000; at 10M the copy
needs 7.7 GB of free disk)
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_search import TEXTS
from db import queries
from db.engine import open_library
from db.queries import EventFilter
from db.search_optimize import optimize_search_index

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OUT = Path(__file__).with_name("out")


def cpu_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def measure(path: Path) -> dict[str, float]:
    lib = open_library(path, read_only=True)
    try:
        rows = {}
        for name, text in TEXTS.items():
            filt = EventFilter(text=text)
            rows[f"count {name}"] = cpu_ms(lambda f=filt: queries.count_events(lib, f))
            for offset in (0, 200, 400):
                rows[f"page {name} by date @{offset}"] = cpu_ms(
                    lambda f=filt, o=offset: queries.list_events(lib, f, offset=o)
                )
        return rows
    finally:
        lib.close()


def main() -> None:
    original = OUT / f"lists_{N}.chronicle"
    copy = OUT / f"optimized_{N}.chronicle"
    shutil.copyfile(original, copy)
    try:
        lib = open_library(copy)
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            optimize_search_index(lib)
            wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        finally:
            lib.close()
        print(f"optimize: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
        before, after = measure(original), measure(copy)
    finally:
        for leftover in copy.parent.glob(copy.name + "*"):
            leftover.unlink()
    print(f"{'CPU ms, median of 5':55} {'original':>9} {'merged':>9}")
    for name, ms in before.items():
        print(f"{name:55} {ms:9.1f} {after[name]:9.1f}")
    print(f"({N:,} events; load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
