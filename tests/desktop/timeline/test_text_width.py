"""Label widths kept between scenes: plain titles summed from their characters' advances."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from desktop.timeline.text_width import KnownWidths
from desktop.timeline.theme import label_font

TITLES = (
    "Treaty of Versailles signed",
    "Battle of the Somme begins (1 July)",
    "AVA Tower opens; WTO talks stall",
    "Trade event 998152",
    "Gulf of Tonkin incident, 2 August 1964",
)


@pytest.mark.parametrize("family", ["", "DejaVu Serif"])
def test_plain_titles_are_summed_from_characters_and_never_come_out_narrower(qapp, family):
    font = label_font(qapp.font()) if not family else QFont(family, 10)
    metrics = QFontMetricsF(font)
    asked: list[str] = []

    def measure(text: str) -> float:
        asked.append(text)
        return metrics.horizontalAdvance(text)

    widths = KnownWidths(font.key()).measuring(measure)
    for title in TITLES:
        # The painter cuts a label at its width + 1 px: a title measured so is never cut.
        assert widths(title) >= metrics.horizontalAdvance(title) - 1
    assert all(len(text) == 1 for text in asked)  # Qt was asked about characters only
    assert len(asked) == len(set("".join(TITLES)))  # ... each once
    asked.clear()
    assert widths(TITLES[0]) == widths(TITLES[0]) and not asked  # kept


def test_other_scripts_and_combining_marks_are_measured_whole(qapp):
    metrics = QFontMetricsF(label_font(qapp.font()))
    asked: list[str] = []

    def measure(text: str) -> float:
        asked.append(text)
        return metrics.horizontalAdvance(text)

    widths = KnownWidths("label").measuring(measure)
    for title in ("Traité de Versailles", "معاهدة السلام", "Cafe\u0301 opens", "Tab\there"):
        assert widths(title) == metrics.horizontalAdvance(title)
    assert asked == ["Traité de Versailles", "معاهدة السلام", "Cafe\u0301 opens", "Tab\there"]
