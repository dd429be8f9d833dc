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


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of b over a, opaque (translucent lines draw slowly)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


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
    label_background_solid: QColor = field(default_factory=lambda: QColor("#ffffff"))
    emphasised_edge: QColor = field(default_factory=lambda: QColor("#4a5568"))
    node_outline: QColor = field(default_factory=lambda: QColor("#ffffff"))
    faded_alpha: int = 45  # of 255, for what is outside a highlighted path
    node_font: QFont = field(default_factory=lambda: _font(12))
    actor_font: QFont = field(default_factory=lambda: _font(12, bold=True))
    edge_font: QFont = field(default_factory=lambda: _font(10, italic=True))
    min_radius_px: float = 3.0  # nodes never shrink below this on screen
    max_growth: float = 1.6  # nor grow beyond this many times their size at zoom 1

    @classmethod
    def for_palette(cls, palette: QPalette) -> GraphStyle:
        """The on-screen style in the window's colours: background, text and the greys of
        edges come from the palette, so a dark theme gives a dark graph (exports stay light)."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        label_background = QColor(base)
        label_background.setAlpha(200)
        return cls(
            background=base,
            participation=_mix(base, text, 0.28),
            citation=_mix(base, QColor("#b7950b"), 0.75),
            faded_edge=_mix(base, text, 0.1),
            emphasised_edge=_mix(base, text, 0.7),
            link_preview=palette.color(QPalette.ColorRole.Highlight),
            label_text=text,
            label_background=label_background,
            label_background_solid=QColor(base),
            node_outline=base,
        )

    def emphasised_label_background(self) -> QColor:
        """Behind the labels of the selection: a tint of the selection colour that keeps the
        label text readable in light and dark themes alike."""
        return _mix(self.label_background_solid, self.selection, 0.35)

    def relation_color(self, relation_type: str) -> QColor:
        return QColor(RELATION_COLORS.get(relation_type, RELATION_COLORS["other"]))
