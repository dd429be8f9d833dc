"""The one shared selection: which events, actors and sources are selected, everywhere at once.

Every panel (timeline, lists, graph, inspector, source reader) follows `changed` and calls
`select` when the user picks something; `origin` lets a panel ignore its own echo.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

KINDS = ("event", "actor", "source")


class SelectionModel(QObject):
    """Selected ids per kind. The `current` item is the one the inspector shows."""

    changed = Signal(object)  # origin: the object that made the change (or None)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids: dict[str, frozenset[int]] = {kind: frozenset() for kind in KINDS}
        self._current: tuple[str, int] | None = None

    def ids(self, kind: str) -> frozenset[int]:
        return self._ids[kind]

    @property
    def current(self) -> tuple[str, int] | None:
        return self._current

    def select(
        self,
        kind: str,
        ids: Iterable[int],
        *,
        origin: object = None,
        current: int | None = None,
    ) -> None:
        """Make `ids` of `kind` the selection (other kinds are cleared)."""
        chosen = frozenset(ids)
        new = {k: (chosen if k == kind else frozenset[int]()) for k in KINDS}
        if current is None and chosen:
            held = self._current  # kept current if it is of `kind` and still selected
            if held is not None and held[0] == kind and held[1] in chosen:
                current = held[1]
            else:
                current = min(chosen)
        new_current = (kind, current) if current is not None else None
        if new == self._ids and new_current == self._current:
            return
        self._ids, self._current = new, new_current
        self.changed.emit(origin)

    def clear(self, *, origin: object = None) -> None:
        if any(self._ids.values()) or self._current is not None:
            self._ids = {k: frozenset() for k in KINDS}
            self._current = None
            self.changed.emit(origin)

    def forget(self, kind: str, ids: Iterable[int]) -> None:
        """Drop deleted records from the selection."""
        gone = frozenset(ids)
        if self._ids[kind] & gone:
            self._ids = {**self._ids, kind: self._ids[kind] - gone}
            if self._current and self._current[0] == kind and self._current[1] in gone:
                self._current = None
            self.changed.emit(None)
