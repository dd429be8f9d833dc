"""How the relationship graph looks: fonts, edge colours per relation type, highlight colours.

Shared by the on-screen widget and by exports, so a saved PNG/SVG/PDF matches the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QPalette

RELATION_COLORS = {
    "ally of": "#2f855a",
    "member of": "#2b6cb0",
    "partner of": "#319795",
    "rival of": "#c53030",
    "meets": "#805ad5",
    "causes": "#dd6b20",
    "precedes": "#718096",
    "part of": "#3182ce",
    "responds to": "#b7791f",
    "leads": "#6b46c1",
    "other": "#4a5568",
}


def _font(pixels: int, *, bold: bool = False, italic: bool = False) -> QFont:
    # Pixel sizes, not points: label boxes are measured once and must match on any device
    # (screen, 300 dpi PNG, PDF) whose painter maps the same logical units.
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    font.setItalic(italic)
    return font


@dataclass
class GraphStyle:
    background: QColor = field(default_factory=lambda: QColor("#fbfbfd"))
    # Opaque edge colours: translucent antialiased lines draw ~4x slower in Qt's raster engine.
    participation: QColor = field(default_factory=lambda: QColor("#c3c9d3"))
    citation: QColor = field(default_factory=lambda: QColor("#d6c378"))
    faded_edge: QColor = field(default_factory=lambda: QColor("#eceef2"))
    selection: QColor = field(default_factory=lambda: QColor("#f59e0b"))
    path: QColor = field(default_factory=lambda: QColor("#e8590c"))
    link_preview: QColor = field(default_factory=lambda: QColor("#2563eb"))
    label_text: QColor = field(default_factory=lambda: QColor("#1a202c"))
    label_background: QColor = field(default_factory=lambda: QColor(255, 255, 255, 200))
    node_outline: QColor = field(default_factory=lambda: QColor("#ffffff"))
    faded_alpha: int = 45  # of 255, for what is outside a highlighted path
    node_font: QFont = field(default_factory=lambda: _font(12))
    actor_font: QFont = field(default_factory=lambda: _font(12, bold=True))
    edge_font: QFont = field(default_factory=lambda: _font(10, italic=True))
    min_radius_px: float = 3.0  # nodes never shrink below this on screen
    max_growth: float = 1.6  # nor grow beyond this many times their size at zoom 1

    @classmethod
    def dark(cls) -> GraphStyle:
        """The same graph on a dark background (the window's dark theme); exports stay light."""
        return cls(
            background=QColor("#1e1f22"),
            participation=QColor("#555c68"),
            citation=QColor("#8a7a3a"),
            faded_edge=QColor("#2c2e33"),
            label_text=QColor("#e6e6e6"),
            label_background=QColor(30, 31, 34, 200),
            node_outline=QColor("#1e1f22"),
        )

    @classmethod
    def for_palette(cls, palette: QPalette) -> GraphStyle:
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return cls.dark() if dark else cls()

    def relation_color(self, relation_type: str) -> QColor:
        return QColor(RELATION_COLORS.get(relation_type, RELATION_COLORS["other"]))
