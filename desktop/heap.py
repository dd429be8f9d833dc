"""Keep Python's cycle collector away from the objects a session holds from start to end.

After start-up the process holds ~120,000 tracked objects (modules, functions, Qt wrappers)
that live as long as it does. Every full pass of the cycle collector walked all of them: 80-100
ms on the UI or scene thread, now and then in the middle of a wheel zoom, where it was the
slowest step (benchmarks/bench_timeline.py). `gc.freeze()` moves them out of the collector's
sight for good; what is made later is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Exempt every object alive now from future collections (call once, after start-up).

    No collection first: it would cost the first frame those 80-100 ms, and the few cycles
    start-up leaves behind are worth less than that.
    """
    gc.freeze()
