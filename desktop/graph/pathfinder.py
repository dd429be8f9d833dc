"""The "how is A linked to B?" bar of the graph panel: two actor pickers, Find, and the steps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.graph.model import NodeKey


def _actor_box(name: str, parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # A short minimum: the dock must not widen (and squeeze the timeline) when the bar shows.
    box.setMinimumContentsLength(6)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)
    return box


class PathFinderBar(QWidget):
    """Pick two actors and find the shortest chain of events and relations between them."""

    find_requested = Signal(int, int)  # actor ids
    cleared = Signal()
    step_chosen = Signal(object)  # node key of a row of the result

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("graph_path_finder")
        self.from_box = _actor_box("path_from", self)
        self.from_box.setAccessibleName("Path from actor")
        self.to_box = _actor_box("path_to", self)
        self.to_box.setAccessibleName("Path to actor")
        self.find_button = QPushButton("Find", self)
        self.find_button.setObjectName("path_find")
        self.find_button.setAccessibleName("Find path")
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setObjectName("path_clear")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.steps_model = QStringListModel(self)
        self.steps = QListView(self)
        self.steps.setObjectName("path_steps")
        self.steps.setAccessibleName("Steps of the path")
        self.steps.setModel(self.steps_model)
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setMaximumHeight(110)
        self.steps.hide()
        self._step_keys: list[NodeKey] = []
        # Stacked, not in one row: "From [..] Find / To [..] Clear" fits a narrow dock (issue 14).
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        rows = (("From", self.from_box, self.find_button), ("To", self.to_box, self.clear_button))
        for row, (label, box, button) in enumerate(rows):
            # Narrower than the style's 80 px button minimum, so the bar fits a 220 px dock.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 24)
            caption = QLabel(label, self)
            caption.setBuddy(box)
            grid.addWidget(caption, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(button, row, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps)
        self.find_button.clicked.connect(self._find)
        self.clear_button.clicked.connect(self.clear)
        self.steps.clicked.connect(self._on_step)
        self.steps.activated.connect(self._on_step)

    def set_actors(self, actors: list[tuple[int, str]]) -> None:
        """Offer these (id, name) actors, keeping the current choices where they remain."""
        for box in (self.from_box, self.to_box):
            chosen = box.currentData()
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            for actor_id, name in sorted(actors, key=lambda a: a[1].casefold()):
                box.addItem(name, actor_id)
            found = box.findData(chosen) if chosen is not None else -1
            box.setCurrentIndex(found)
            if found < 0:
                box.setEditText(text)
            box.blockSignals(False)

    def choose(self, from_id: int, to_id: int) -> None:
        self.from_box.setCurrentIndex(self.from_box.findData(from_id))
        self.to_box.setCurrentIndex(self.to_box.findData(to_id))

    def _actor_id(self, box: QComboBox, role: str) -> int | None:
        text = box.currentText().strip()
        index = box.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self.show_message(
                f"Choose the actor to start from ({role})."
                if not text
                else f"No actor called {text!r}."
            )
            return None
        actor_id: int = box.itemData(index)  # set_actors stores each actor's id
        return actor_id

    def _find(self) -> None:
        start = self._actor_id(self.from_box, "From")
        goal = self._actor_id(self.to_box, "to") if start is not None else None
        if start is not None and goal is not None:
            self.find_requested.emit(start, goal)

    def show_message(self, text: str) -> None:
        self.summary.setText(text)
        self.steps_model.setStringList([])
        self._step_keys = []
        self.steps.hide()

    def show_path(self, summary: str, lines: list[str], keys: list[NodeKey]) -> None:
        """Show a found path: one line per step; `keys` are the nodes each step arrives at."""
        self.summary.setText(summary)
        self.steps_model.setStringList(lines)
        self._step_keys = list(keys)
        self.steps.show()

    def clear(self) -> None:
        self.show_message("")
        self.cleared.emit()

    def _on_step(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._step_keys):
            self.step_chosen.emit(self._step_keys[index.row()])
