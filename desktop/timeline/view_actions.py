"""View-menu toggles of what the timeline draws besides its events: era bands, relations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.timeline.widget import TimelineWidget


def _toggle(
    menu: QMenu, text: str, name: str, tip: str, on: bool, slot: Callable[[bool], None]
) -> QAction:
    action = QAction(text, menu)
    action.setObjectName(name)
    action.setCheckable(True)
    action.setChecked(on)
    action.setStatusTip(tip)
    action.toggled.connect(slot)
    menu.addAction(action)
    return action


def install_layer_actions(timeline: TimelineWidget, menu: QMenu) -> dict[str, QAction]:
    """Add "Show Eras as Bands" and "Show Relations" to `menu`, both checkable."""
    menu.addSeparator()
    bands = _toggle(
        menu, "Show E&ras as Bands", "view_show_eras",
        "Draw events tagged “era” as bands behind the lanes, not as events",
        timeline.shows_bands, timeline.set_show_bands,
    )  # fmt: skip
    relations = _toggle(
        menu, "Show Re&lations", "view_show_relations",
        "Draw arrows between related events that are both in view",
        timeline.shows_relations, timeline.set_show_relations,
    )  # fmt: skip
    return {"bands": bands, "relations": relations}
