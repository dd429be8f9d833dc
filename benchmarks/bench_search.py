"""How fast the Events list answers its search box: the count and pages of a common word, a
rare word, a rare phrase and a prefix, in each sort the list offers.

Reads the library bench_lists builds (benchmarks/out/lists_N.chronicle, opened read-only) and
prints a table of wall and CPU milliseconds (median of 5 each); writes benchmarks/out/search.json.
Usage: python -m benchmarks.bench_search [N] [WORD...]   (default 100000; WORD keeps the rows
whose name holds one of them, e.g. "war")
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.timeline_library import generate
from db import queries
from db.engine import open_library
from db.queries import EventFilter

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ONLY = sys.argv[2:]
OUT = Path(__file__).with_name("out")

# What one types: a word in one event of eight, a number held by a few events (as a prefix,
# "4242" matches 42420-42429 and so on), a phrase of which two words are in most events and
# one is rare, and a word's first letters.
TEXTS = {
    "common 'war'": "war",
    "rare '4242'": "4242",
    "rare phrase 'diplomacy event 4242'": "diplomacy event 4242",
    "prefix 'dipl'": "dipl",
}
SORTS = [("when", False), ("when", True), ("title", False), ("category", False)]


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `fn()`."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _cases(lib: object) -> dict[str, Callable[[], object]]:
    cases: dict[str, Callable[[], object]] = {}
    for name, text in TEXTS.items():
        filt = EventFilter(text=text)
        cases[f"count {name}"] = lambda f=filt: queries.count_events(lib, f)
        for sort, desc in SORTS:
            order = f"{sort}{' desc' if desc else ''}"
            for offset in (0, 200, 400):
                cases[f"page {name} by {order} @{offset}"] = (
                    lambda f=filt, s=sort, d=desc, o=offset: queries.list_events(
                        lib, f, sort=s, descending=d, offset=o, limit=200
                    )
                )
    return {k: v for k, v in cases.items() if not ONLY or any(w in k for w in ONLY)}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"lists_{N}.chronicle"
    if not path.exists():
        generate(path, N)
    lib = open_library(path, read_only=True)
    try:
        rows = []
        for name, fn in _cases(lib).items():
            wall, cpu = timed(fn)
            rows.append({"query": name, "ms": round(wall, 1), "cpu_ms": round(cpu, 1)})
            print(f"{name:60} {wall:9.1f} {cpu:9.1f}", flush=True)
    finally:
        lib.close()
    load = os.getloadavg()[0]
    print(f"({N:,} events; wall and CPU ms, median of 5; load {load:.1f})")
    (OUT / "search.json").write_text(json.dumps({"events": N, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
