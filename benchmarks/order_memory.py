"""Memory of making one Events list order (db.queries.event_ranks) in a fresh process, so
memory freed by earlier queries cannot hide it: prints JSON {"kept_mb", "peak_mb"}, the RSS
added once the order is made and at the highest point while it was made (sampled every 5 ms).
Usage: python -m benchmarks.order_memory LIBRARY SORT   (run by bench_lists)
"""

from __future__ import annotations

import json
import sys
import threading

import psutil

from db.engine import open_library
from db.queries.event_ranks import rank_events


def main() -> None:
    path, sort = sys.argv[1], sys.argv[2]
    process = psutil.Process()
    lib = open_library(path, read_only=True)
    start = peak = process.memory_info().rss
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, process.memory_info().rss)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        order = rank_events(lib, None, sort, False)
    finally:
        done.set()
        sampler.join()
        lib.close()
    kept = process.memory_info().rss
    print(json.dumps({"kept_mb": (kept - start) / 1e6, "peak_mb": (peak - start) / 1e6,
                      "array_mb": order.nbytes / 1e6}))  # fmt: skip


if __name__ == "__main__":
    main()
