"""One guess of how wide a text is drawn, for code that has no font at hand.

Scenes are built off the UI thread and in tests without a font, and the axis picks its tick
step before painting. The widget and the exports pass real font metrics (`QFontMetricsF`);
this estimate is only the fallback, shared so the scene and the axis guess alike.
"""

from __future__ import annotations

from collections.abc import Callable

AVERAGE_CHAR_PX = 7.0  # the default UI font at 9-10 pt averages 6-7 px per character


def estimate_text_width(text: str) -> float:
    """A font-free guess of the width of `text` in pixels."""
    return AVERAGE_CHAR_PX * len(text)


class KnownWidths:
    """Widths of texts already measured in one font, kept between scenes.

    A wheel step lays out mostly the titles the step before measured, and asking Qt's font
    metrics costs more than the rest of placing a label. The first scene of a busy window
    meets thousands of new titles (~5 µs each to shape): a printable ASCII title is summed
    from its characters' advances instead (each character measured once). Without kerning
    and per-glyph rounding that sum is at most a pixel narrower than the shaped width (the
    painter cuts a label at its width + 1 px, so no title is cut) and mostly the same or a
    few pixels wider (docs/zoom-speed.md). Other texts are shaped whole.
    """

    _MOST = 50_000  # texts kept; past it the memory starts afresh

    def __init__(self, font_key: str) -> None:
        self.font_key = font_key
        self._widths: dict[str, float] = {}
        self._advances: dict[str, float] = {}  # of single characters

    def measuring(self, measure: Callable[[str], float]) -> Callable[[str], float]:
        """`measure`, asked only for texts not measured before (and for single characters)."""
        widths, advances = self._widths, self._advances
        if len(widths) > self._MOST:
            widths.clear()

        def summed(text: str) -> float:
            try:
                return sum(map(advances.__getitem__, text))
            except KeyError:
                for char in set(text).difference(advances):
                    advances[char] = measure(char)
                return sum(map(advances.__getitem__, text))

        def remembered(text: str) -> float:
            width = widths.get(text)
            if width is None:
                simple = text.isascii() and text.isprintable()
                width = widths[text] = summed(text) if simple else measure(text)
            return width

        return remembered
