"""One guess of how wide a text is drawn, for code that has no font at hand.

Scenes are built off the UI thread and in tests without a font, and the axis picks its tick
step before painting. The widget and the exports pass real font metrics (`QFontMetricsF`);
this estimate is only the fallback, shared so the scene and the axis guess alike.
"""

from __future__ import annotations

AVERAGE_CHAR_PX = 7.0  # the default UI font at 9-10 pt averages 6-7 px per character


def estimate_text_width(text: str) -> float:
    """A font-free guess of the width of `text` in pixels."""
    return AVERAGE_CHAR_PX * len(text)
