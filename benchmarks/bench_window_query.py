"""Compare ways to answer "which events overlap this window" and "counts per bucket" at 1M events.

Plain sqlite3 on a synthetic table, so the numbers isolate the SQL strategy. Prints a table and
writes benchmarks/out/window_query.json.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

YEAR = 365 * 86400
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OUT = Path(__file__).with_name("out")


def build(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, start_key INT, end_key INT)")
    conn.execute("CREATE VIRTUAL TABLE event_rtree USING rtree(id, start_key, end_key)")
    rng = random.Random(1)
    base = 1825 * YEAR - 1970 * YEAR  # ~1825 to 2025
    rows = []
    for i in range(1, N + 1):
        start = base + int(rng.random() * 200 * YEAR)
        r = rng.random()
        length = 86400 if r < 0.7 else int(rng.expovariate(1 / (30 * 86400))) + 1
        if r > 0.99:
            length = int(rng.random() * 20 * YEAR)
        rows.append((i, start, start + length))
    conn.executemany("INSERT INTO event VALUES (?,?,?)", rows)
    conn.executemany("INSERT INTO event_rtree VALUES (?,?,?)", rows)
    conn.execute("CREATE INDEX ix_span ON event(start_key, end_key)")
    conn.commit()
    return conn


def timed(fn, repeat=7):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    OUT.mkdir(exist_ok=True)
    conn = build(OUT / "window.sqlite")
    lo, hi = conn.execute("SELECT min(start_key), max(end_key) FROM event").fetchone()
    max_len = conn.execute("SELECT max(end_key - start_key) FROM event").fetchone()[0]
    mid = (lo + hi) // 2
    windows = {
        "whole": (lo, hi),
        "decade": (mid, mid + 10 * YEAR),
        "year": (mid, mid + YEAR),
        "month": (mid, mid + 30 * 86400),
        "day": (mid, mid + 86400),
    }
    rows = []
    for name, (ws, we) in windows.items():
        plain = timed(
            lambda ws=ws, we=we: conn.execute(
                "SELECT count(*) FROM event WHERE start_key < ? AND end_key > ?", (we, ws)
            ).fetchone()
        )
        bounded = timed(
            lambda ws=ws, we=we: conn.execute(
                "SELECT count(*) FROM event WHERE start_key < ? AND start_key > ? AND end_key > ?",
                (we, ws - max_len, ws),
            ).fetchone()
        )
        rtree = timed(
            lambda ws=ws, we=we: conn.execute(
                "SELECT count(*) FROM event_rtree r JOIN event e ON e.id = r.id "
                "WHERE r.start_key < ? AND r.end_key > ? AND e.start_key < ? AND e.end_key > ?",
                (we, ws, we, ws),
            ).fetchone()
        )
        assert plain[1] == bounded[1] == rtree[1], (plain, bounded, rtree)
        rows.append(
            {
                "window": name,
                "hits": plain[1][0],
                "plain_index_ms": plain[0],
                "max_len_bound_ms": bounded[0],
                "rtree_ms": rtree[0],
            }
        )
    ws, we = lo, hi
    width = (we - ws) / 2000
    sql_hist = timed(
        lambda: conn.execute(
            "SELECT CAST((start_key - ?) / ? AS INT) AS b, count(*) FROM event "
            "WHERE start_key >= ? AND start_key < ? GROUP BY b",
            (ws, width, ws, we),
        ).fetchall(),
        3,
    )
    load = timed(
        lambda: np.array(
            conn.execute("SELECT start_key FROM event ORDER BY start_key").fetchall(),
            dtype=np.int64,
        ).ravel(),
        1,
    )
    starts = load[1]
    np_hist = timed(lambda: np.histogram(starts, bins=2000, range=(ws, we))[0])
    print(f"{'window':8} {'hits':>8} {'plain ms':>9} {'bounded ms':>11} {'rtree ms':>9}")
    for r in rows:
        print(
            f"{r['window']:8} {r['hits']:8d} {r['plain_index_ms']:9.1f} "
            f"{r['max_len_bound_ms']:11.1f} {r['rtree_ms']:9.1f}"
        )
    print(
        f"histogram 2000 buckets: SQL GROUP BY {sql_hist[0]:.1f} ms; "
        f"numpy {np_hist[0]:.2f} ms after loading starts in {load[0]:.0f} ms"
    )
    summary = {
        "n": N,
        "windows": rows,
        "sql_histogram_ms": sql_hist[0],
        "numpy_histogram_ms": np_hist[0],
        "numpy_load_ms": load[0],
    }
    (OUT / "window_query.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
