"""Tags typed as a comma-separated list, with completion of the tag being typed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

SEPARATOR = ","


def split_tags(text: str) -> list[str]:
    """'war, treaty , war' -> ['war', 'treaty']: trimmed, blanks and repeats dropped."""
    names: list[str] = []
    for part in text.split(SEPARATOR):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


class _LastTagCompleter(QCompleter):
    """Completes only the text after the last comma, and keeps the tags before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(SEPARATOR, 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        line = self.widget()
        assert isinstance(line, QLineEdit), "set on a TagEditor, a line edit"
        typed = line.text()
        head = typed.rsplit(SEPARATOR, 1)[0] + f"{SEPARATOR} " if SEPARATOR in typed else ""
        return head + str(index.data())


class TagEditor(QLineEdit):
    """Edits a list of tag names; `set_known(names)` gives the suggestions."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Tags, separated by commas")
        self._known = QStringListModel(self)
        completer = _LastTagCompleter(self._known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.setCompleter(completer)

    def set_known(self, names: list[str]) -> None:
        self._known.setStringList(names)

    def tags(self) -> list[str]:
        return split_tags(self.text())

    def set_tags(self, names: list[str]) -> None:
        self.setText(f"{SEPARATOR} ".join(names))
