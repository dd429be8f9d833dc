"""View-menu toggles of what the timeline draws besides its events: era bands, relations."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.timeline.widget import TimelineWidget


def install_layer_actions(timeline: TimelineWidget, menu: QMenu) -> dict[str, QAction]:
    """Add "Show Eras as Bands" and "Show Relations" to `menu`, both checkable."""
    menu.addSeparator()
    bands = QAction("Show E&ras as Bands", menu)
    bands.setObjectName("view_show_eras")
    bands.setCheckable(True)
    bands.setChecked(timeline.shows_bands)
    bands.setStatusTip("Draw events tagged “era” as bands behind the lanes, not as events")
    bands.toggled.connect(timeline.set_show_bands)
    relations = QAction("Show Re&lations", menu)
    relations.setObjectName("view_show_relations")
    relations.setCheckable(True)
    relations.setChecked(timeline.shows_relations)
    relations.setStatusTip("Draw arrows between related events that are both in view")
    relations.toggled.connect(timeline.set_show_relations)
    menu.addActions([bands, relations])
    return {"bands": bands, "relations": relations}
