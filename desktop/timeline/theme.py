"""Colours and fonts of the timeline, derived from the widget palette so dark mode reads well."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette


@dataclass(frozen=True)
class TimelineTheme:
    background: QColor
    lane_alt: QColor
    header: QColor
    grid: QColor
    grid_major: QColor
    text: QColor
    muted: QColor
    selection: QColor
    highlight: QColor
    dark: bool

    @classmethod
    def from_palette(cls, palette: QPalette) -> TimelineTheme:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightnessF() < 0.5
        towards_text = 1 if dark else -1

        def shifted(amount: int) -> QColor:
            value = max(0, min(255, base.lightness() + towards_text * amount))
            return QColor.fromHsl(max(0, base.hslHue()), min(base.hslSaturation(), 40), value)

        muted = QColor(text)
        muted.setAlphaF(0.62)
        return cls(
            background=base,
            lane_alt=shifted(7),
            header=shifted(13),
            grid=shifted(26),
            grid_major=shifted(62),
            text=text,
            muted=muted,
            selection=palette.color(QPalette.ColorRole.Highlight),
            highlight=QColor("#ffd24d") if dark else QColor("#f0a000"),
            dark=dark,
        )

    @classmethod
    def light(cls) -> TimelineTheme:
        """The theme for exports: black text on white, whatever the desktop uses."""
        palette = QPalette(QColor("#f4f4f4"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1d1d1f"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fde"))
        return cls.from_palette(palette)


# Navy or maroon marks vanish on a dark background; they are drawn at least this light.
_DARK_THEME_MIN_LIGHTNESS = 0.58


class ColorCache:
    """QColor per ('#rrggbb', alpha), parsed once: a frame draws thousands of marks."""

    def __init__(self) -> None:
        self._colors: dict[tuple[str, int, bool], QColor] = {}

    def get(self, name: str, alpha: int = 255, *, lift: bool = False) -> QColor:
        """The colour `name` with `alpha`; `lift` brightens dark colours for dark themes."""
        color = self._colors.get((name, alpha, lift))
        if color is None:
            if len(self._colors) > 4096:
                self._colors.clear()
            color = QColor(name)
            if lift and color.lightnessF() < _DARK_THEME_MIN_LIGHTNESS:
                hue, saturation = color.hslHueF(), color.hslSaturationF()
                color = QColor.fromHslF(max(hue, 0.0), saturation * 0.8, _DARK_THEME_MIN_LIGHTNESS)
            color.setAlpha(alpha)
            self._colors[(name, alpha, lift)] = color
        return color


COLORS = ColorCache()


def reads_dark_on(color: QColor) -> bool:
    """True if black text reads better than white on `color`."""
    return 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF() > 0.6


def sized(font: QFont, delta: float = -1.0, *, bold: bool = False) -> QFont:
    """`font` made `delta` points larger (negative: smaller), optionally bold."""
    changed = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    changed.setPointSizeF(max(6.0, size + delta))
    changed.setBold(bold)
    return changed


def label_font(font: QFont) -> QFont:
    """The font labels are measured in (bold: the wider of the two label weights)."""
    return sized(font, -1.0, bold=True)
