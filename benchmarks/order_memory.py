"""Making one Events list order (db.queries.event_ranks) in a fresh process, as the app does:
on a worker thread, while the main thread keeps asking for the interpreter. Prints JSON:
the RSS it adds at its highest point (sampled every 5 ms; a fresh process, so memory freed
by earlier queries cannot hide it), the array's size, and the longest the main thread waited
between 1 ms sleeps meanwhile (what a UI thread would feel of the worker holding the GIL),
beside the same for 2 s before the work began (what the machine's load alone gives).
Usage: python -m benchmarks.order_memory LIBRARY SORT   (run by bench_lists)
"""

from __future__ import annotations

import json
import sys
import threading
import time

import psutil

from db.engine import open_library
from db.queries.event_ranks import EventRanks, rank_events


def _longest_wait(busy: threading.Thread | None, seconds: float = 0.0) -> float:
    """The longest gap (ms) between 1 ms sleeps of this thread while `busy` runs (or for
    `seconds`, to see what the machine's load alone gives)."""
    longest, last = 0.0, time.perf_counter()
    until = last + seconds
    while busy.is_alive() if busy is not None else time.perf_counter() < until:
        time.sleep(0.001)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    return longest * 1000


def _sample_peak(process: psutil.Process, worker: threading.Thread, peaks: list[int]) -> None:
    while worker.is_alive():
        peaks.append(max(peaks.pop(), process.memory_info().rss))
        time.sleep(0.005)


def main() -> None:
    path, sort = sys.argv[1], sys.argv[2]
    process = psutil.Process()
    lib = open_library(path, read_only=True)
    start = process.memory_info().rss
    made: list[EventRanks] = []
    worker = threading.Thread(target=lambda: made.append(rank_events(lib, None, sort, False)))
    sampler = threading.Thread(target=lambda: _sample_peak(process, worker, peaks))
    peaks = [start]
    idle = _longest_wait(None, 2.0)
    worker.start()
    sampler.start()
    stall = _longest_wait(worker)
    worker.join()
    sampler.join()
    peak = max(peaks)
    lib.close()
    print(json.dumps({"peak_mb": (peak - start) / 1e6, "array_mb": made[0].nbytes / 1e6,
                      "stall_ms": stall, "idle_stall_ms": idle}))  # fmt: skip


if __name__ == "__main__":
    main()
