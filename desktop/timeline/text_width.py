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
    metrics costs more than the rest of placing a label.
    """

    _MOST = 50_000  # texts kept; past it the memory starts afresh

    def __init__(self, font_key: str) -> None:
        self.font_key = font_key
        self._widths: dict[str, float] = {}

    def measuring(self, measure: Callable[[str], float]) -> Callable[[str], float]:
        """`measure`, asked only for texts not measured before."""
        widths = self._widths
        if len(widths) > self._MOST:
            widths.clear()

        def remembered(text: str) -> float:
            width = widths.get(text)
            if width is None:
                width = widths[text] = measure(text)
            return width

        return remembered
