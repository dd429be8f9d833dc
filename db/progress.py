"""How long work reports progress and learns it was cancelled, without knowing about Qt."""

from __future__ import annotations

from collections.abc import Callable

# Called as progress(done, total); it raises CancelledError when the user pressed Cancel.
Progress = Callable[[int, int], None]


def no_progress(_done: int, _total: int) -> None:
    """The Progress to use when nobody is watching."""
