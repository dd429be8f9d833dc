"""A colour choice: a button showing the swatch that opens the colour dialog, and a Clear button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QPushButton, QToolButton, QWidget

_SWATCH = QSize(28, 14)


class ColorButton(QWidget):
    """Holds '#rrggbb' or None; `colorChanged` fires when the user picks or clears a colour."""

    colorChanged = Signal(object)  # str | None

    def __init__(self, parent: QWidget | None = None, *, name: str = "Colour"):
        super().__init__(parent)
        self._color: str | None = None
        self.button = QPushButton(self)
        self.button.setAccessibleName(name)
        self.button.setToolTip(f"Choose the {name.lower()}")
        self.button.setIconSize(_SWATCH)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setAccessibleName(f"Clear {name.lower()}")
        self.clear_button.setToolTip(f"No {name.lower()}: use the default")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.setFocusProxy(self.button)
        self.button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(lambda: self._set_by_user(None))
        self._show()

    def color(self) -> str | None:
        return self._color

    def set_color(self, color: str | None) -> None:
        """Show a stored colour (no signal)."""
        self._color = color.lower() if color else None
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show()  # the swatch's frame follows a switch between light and dark

    def _choose(self) -> None:
        initial = QColor(self._color) if self._color else QColor("#1f77b4")
        chosen = QColorDialog.getColor(initial, self, self.button.accessibleName())
        if chosen.isValid():
            self._set_by_user(chosen.name())

    def _set_by_user(self, color: str | None) -> None:
        if color != self._color:
            self.set_color(color)
            self.colorChanged.emit(self._color)

    def _show(self) -> None:
        self.button.setText(self._color or "Default")
        self.button.setIcon(self._swatch() if self._color else QIcon())
        self.clear_button.setVisible(self._color is not None)

    def _swatch(self) -> QIcon:
        ratio = self.devicePixelRatioF()  # drawn at the screen's resolution: sharp on HiDPI
        pixmap = QPixmap(_SWATCH * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(QColor(self._color))
        painter.drawRect(0, 0, _SWATCH.width() - 1, _SWATCH.height() - 1)
        painter.end()
        return QIcon(pixmap)
