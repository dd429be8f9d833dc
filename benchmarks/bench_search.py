"""How fast the Events list answers its search box: the count and pages of a common word, a
rare word, a rare phrase and a prefix, in each sort the list offers.

Reads the library bench_lists builds (benchmarks/out/lists_N.chronicle, opened read-only) and
prints a table of wall and CPU milliseconds (median of 5 each); writes benchmarks/out/search.json.
Usage: python -m benchmarks.bench_search [N] [WORD...]   (default 100000; WORD keeps the rows
whose name holds one of them, e.g. "war"; "order" keeps the rows of the list's order in memory:
the whole list's, a search's made from it, its pages, and the pages asked while it is made)
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
from db.queries.event_ranks import EventRanks, rank_events, search_ranks
from db.queries.lists import list_events_by_id

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


def _after_cases(lib: object) -> dict[str, Callable[[], object]]:
    """Pages asked as the list asks them once it holds the page before: walked on from that
    page's last row (`after`), in the sorts a search walks (date both ways, title)."""
    cases: dict[str, Callable[[], object]] = {}
    for name, text in TEXTS.items():
        filt = EventFilter(text=text)
        for sort, desc in SORTS[:3]:
            order = f"{sort}{' desc' if desc else ''}"
            for offset in (200, 400, 2000):
                key = f"page {name} by {order} @{offset} after the page before"
                if ONLY and not any(w in key for w in ONLY):
                    continue
                before = queries.list_events(
                    lib, filt, sort=sort, descending=desc, offset=offset - 1, limit=1
                )
                if before:  # not past the end of a rare word's list
                    cases[key] = lambda f=filt, s=sort, d=desc, o=offset, a=before[0]: (
                        queries.list_events(lib, f, sort=s, descending=d, offset=o, after=a)
                    )
    return cases


def _order_cases(lib: object) -> dict[str, tuple[Callable[[], object], int]]:
    """The Events list's own path for a long search (desktop/models/event_order.py): the whole
    list's order in a sort (read in the background once per sort and data change), a search's
    order made from it (in the background, per text), then each page a slice of it fetched
    by id, the last page (Ctrl+End) too; and, while the order is made, what asking
    `list_events_soon` for a page costs the window (None for a page that waits)."""
    cases: dict[str, tuple[Callable[[], object], int]] = {}
    for sort, desc in SORTS:
        order = f"{sort}{' desc' if desc else ''}"
        held: dict[str, EventRanks] = {}
        group = cases if not ONLY else {}  # a sort's rows kept together: each needs the one before

        def whole(s: str = sort, d: bool = desc, h: dict[str, EventRanks] = held) -> None:
            h["whole"] = rank_events(lib, EventFilter(), s, d)

        group[f"order: whole list by {order} (background)"] = (whole, 3)
        for name, text in TEXTS.items():

            def made(t: str = text, h: dict[str, EventRanks] = held) -> None:
                h[t] = search_ranks(lib, h["whole"], t)

            group[f"order: {name} by {order} from it (background)"] = (made, 5)
            for at in ("0", "200", "400", "last"):

                def page(t: str = text, at: str = at, h: dict[str, EventRanks] = held) -> None:
                    ranks = h[t]
                    offset = max(len(ranks) - 200, 0) if at == "last" else int(at)
                    list_events_by_id(lib, ranks.page_ids(offset, 200))

                group[f"order: page {name} by {order} @{at} from the order"] = (page, 5)
            for offset in (0, 400):

                def soon(t: str = text, s: str = sort, d: bool = desc, o: int = offset) -> None:
                    filt = EventFilter(text=t)
                    queries.list_events_soon(lib, filt, sort=s, descending=d, offset=o)

                group[f"order: waiting page {name} by {order} @{offset} (soon)"] = (soon, 5)
        if ONLY and any(w in k for k in group for w in ONLY):
            cases.update(group)
    return cases


def main() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"lists_{N}.chronicle"
    if not path.exists():
        generate(path, N)
    lib = open_library(path, read_only=True)
    try:
        rows = []
        plain = _cases(lib) | _after_cases(lib)
        cases = {name: (fn, 5) for name, fn in plain.items()} | _order_cases(lib)
        for name, (fn, repeat) in cases.items():
            wall, cpu = timed(fn, repeat)
            rows.append({"query": name, "ms": round(wall, 1), "cpu_ms": round(cpu, 1)})
            print(f"{name:75} {wall:9.1f} {cpu:9.1f}", flush=True)
    finally:
        lib.close()
    load = os.getloadavg()[0]
    print(f"({N:,} events; wall and CPU ms, median of 5 (of 3: whole orders); load {load:.1f})")
    (OUT / "search.json").write_text(json.dumps({"events": N, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
