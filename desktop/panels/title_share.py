"""Keeps a list's first (title) column readable however narrow its dock is made.

The title stretches into the room the other columns leave; in a narrow dock the other
columns (sized for typical values) used to take it all and titles showed as "…". Here the
other columns give up width, the rightmost first (the date beside a title goes last), until the
title has `TITLE_SHARE` of the view; when the view widens again they get their widths back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView

TITLE_SHARE = 0.5
_MIN_COLUMN = 24  # room for a grade ("B2") or a short count


class TitleShare(QObject):
    """Event filter on a table's viewport that resizes its non-title columns on resize."""

    def __init__(self, view: QTableView, natural: dict[int, int]):
        super().__init__(view)
        self.view, self.natural = view, dict(natural)  # column -> width for typical values
        view.horizontalHeader().setMinimumSectionSize(_MIN_COLUMN)  # the style's is wider
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self.fit(event.size().width())
        return False

    def fit(self, width: int) -> None:
        """Give the non-title columns at most (1 - TITLE_SHARE) of `width` between them."""
        header = self.view.horizontalHeader()
        for column, size in widths_within(self._shown(), width * (1 - TITLE_SHARE)).items():
            header.resizeSection(column, size)

    def _shown(self) -> dict[int, int]:
        return {c: w for c, w in self.natural.items() if not self.view.isColumnHidden(c)}


def widths_within(natural: dict[int, int], room: float) -> dict[int, int]:
    """Column widths that fit `room`: the rightmost columns give up width first (down to
    _MIN_COLUMN), the first one (the date or kind beside the title) last; none grows."""
    sizes, excess = dict(natural), sum(natural.values()) - room
    for column in sorted(sizes, reverse=True):
        if excess <= 0:
            break
        give = min(excess, max(0, sizes[column] - _MIN_COLUMN))
        sizes[column] -= int(give)
        excess -= int(give)
    return sizes
