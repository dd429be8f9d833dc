"""A read-only view of a source's full text: numbered paragraphs and highlighted cited passages.

The text goes into the document as plain text (never HTML). Offsets everywhere outside this
module are Python string offsets into the stored text; Qt counts UTF-16 units, so characters
beyond U+FFFF take two positions there, and `TextPositions` converts between the two.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from db.curation.paragraphs import split_paragraphs
from desktop.plain_text import tooltip

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
CITED = QColor("#fff0a0")
CITED_LOOSE = QColor("#fff6cc")  # found only after folding quotes and spaces
SELECTED_EVENT = QColor("#ffc46b")
_GUTTER_PADDING = 6


@dataclass(frozen=True, slots=True)
class Highlight:
    """A cited passage `text[start:end]` and the event it proves."""

    start: int
    end: int
    citation_id: int
    event_id: int | None
    label: str  # the event's title, for the tooltip
    exact: bool = True
    credibility: int | None = None


class TextPositions:
    """Python offsets <-> Qt document positions for one text."""

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position just after each astral character (it takes two UTF-16 units).
        self._ends = [i + k + 2 for k, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        before = bisect.bisect_right(self._ends, position)
        if before < len(self._astral) and position == self._ends[before] - 1:
            return self._astral[before]  # inside a surrogate pair: its character
        return position - before


class _Gutter(QWidget):
    def __init__(self, view: SourceTextView):
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_gutter(self, event.rect())


class SourceTextView(QPlainTextEdit):
    """Source text with paragraph numbers in a gutter and citation highlights."""

    highlight_activated = Signal(object)  # Highlight: clicked, or Enter pressed on it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Source text")
        self.setMouseTracking(True)
        self.text = ""
        self.highlights: list[Highlight] = []
        self.selected_event: int | None = None
        self.menu_builder: Callable[[QMenu, Highlight | None], None] | None = None
        self._positions = TextPositions("")
        self._paragraph_of_block: dict[int, int] = {}
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _n: self._update_margins())
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margins()

    # -- content --------------------------------------------------------------------------
    def set_source_text(self, text: str) -> None:
        """Show `text` (plain, never interpreted) and number its paragraphs."""
        self.text = text
        self._positions = TextPositions(text)
        self.highlights = []
        self.clear()
        # "\r\n" would become one block break in Qt, shifting every later offset by one.
        QTextCursor(self.document()).insertText(text.replace("\r\n", " \n"))
        self.moveCursor(QTextCursor.MoveOperation.Start)
        document = self.document()
        self._paragraph_of_block = {
            document.findBlock(self._positions.to_qt(p.start)).blockNumber(): p.number
            for p in split_paragraphs(text)
        }
        self._update_margins()
        self._apply_highlights()

    def set_highlights(self, highlights: list[Highlight], selected_event: int | None) -> None:
        self.highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self.selected_event = selected_event
        self._apply_highlights()

    def _apply_highlights(self) -> None:
        selections = []
        for h in self.highlights:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            if h.event_id is not None and h.event_id == self.selected_event:
                color = SELECTED_EVENT
            else:
                color = CITED if h.exact else CITED_LOOSE
            fmt.setBackground(color)
            if not h.exact:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selection.format = fmt
            selection.cursor = self._cursor(h.start, h.end)
            selections.append(selection)
        self.setExtraSelections(selections)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(start))
        cursor.setPosition(self._positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- offsets ----------------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        """The selected text as (start, end) offsets into `text`, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._positions.to_py(cursor.selectionStart())
        end = self._positions.to_py(cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select `text[start:end]` as if the user had dragged over it."""
        self.setTextCursor(self._cursor(start, end))

    def scroll_to(self, start: int) -> None:
        """Bring offset `start` to the middle of the view without selecting anything."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._positions.to_qt(start))
        self.setTextCursor(cursor)
        self.centerCursor()

    def highlight_at(self, offset: int) -> Highlight | None:
        """The innermost highlight holding `offset`, the selected event's first."""
        holding = [h for h in self.highlights if h.start <= offset < h.end]
        holding.sort(key=lambda h: (h.event_id != self.selected_event, h.end - h.start))
        return holding[0] if holding else None

    def paragraph_of_block(self, block_number: int) -> int | None:
        """The paragraph number shown beside a block (None: not a paragraph's first line)."""
        return self._paragraph_of_block.get(block_number)

    def offset_at(self, point: QPoint) -> int:
        return self._positions.to_py(self.cursorForPosition(point).position())

    # -- interaction ------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            found = self.highlight_at(self.offset_at(event.position().toPoint()))
            if found is not None:
                self.highlight_activated.emit(found)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            cursor = self.textCursor()
            found = self.highlight_at(self._positions.to_py(cursor.position()))
            if found is not None:
                self.highlight_activated.emit(found)
                return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            found = self.highlight_at(self.offset_at(point))
            if found is None:
                QToolTip.hideText()
            else:
                kind = "Cited for" if found.exact else "Cited (loosely matched) for"
                QToolTip.showText(event.globalPos(), tooltip(f"{kind}: {found.label}"), self)
            return True
        return super().event(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.menu_builder is not None:
            self.menu_builder(menu, self.highlight_at(self.offset_at(event.pos())))
        menu.exec(event.globalPos())

    # -- paragraph numbers ------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = len(str(max(self._paragraph_of_block.values(), default=1)))
        return self.fontMetrics().horizontalAdvance("9" * (digits + 1)) + 2 * _GUTTER_PADDING

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, gutter: QWidget, rect: QRect) -> None:
        painter = QPainter(gutter)
        painter.fillRect(rect, self.palette().alternateBase())
        painter.setPen(self.palette().placeholderText().color())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= rect.bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            number = self._paragraph_of_block.get(block.blockNumber())
            if number is not None and block.isVisible() and bottom >= rect.top():
                painter.drawText(
                    0,
                    top,
                    gutter.width() - _GUTTER_PADDING,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(number),
                )
            block = block.next()
            top = bottom
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_margins()
