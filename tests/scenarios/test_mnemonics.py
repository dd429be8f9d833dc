"""Every Alt+letter of the main window does one thing (issue 14, item 12).

Found by hand: the inspector's "&Cite" button and the Curation menu both took Alt+C, so
Alt+C did one or the other depending on what the inspector showed. Like a key bound twice
(test_keys.py), a mnemonic is checked in every state of the inspector a person meets: each
kind of record selected, a new draft of each kind, several events at once.
"""

from __future__ import annotations

import re
from collections import defaultdict

from person import show_tab
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a label or button text ("&&" is a plain ampersand)."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _window_mnemonics(window) -> dict[str, list[str]]:
    """Letter -> what takes it among the menu bar and the visible labels and buttons."""
    taken: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        if action.isVisible() and (letter := mnemonic(action.text())):
            taken[letter].append(f"menu {action.text()}")
    for widget in window.findChildren(QLabel):
        letter = mnemonic(widget.text())
        if letter and widget.isVisible() and widget.buddy() is not None:
            taken[letter].append(f"label {widget.text()}")
    for widget in window.findChildren(QAbstractButton):
        if widget.isVisible() and (letter := mnemonic(widget.text())):
            taken[letter].append(f"button {widget.text()}")
    for widget in window.findChildren(QGroupBox):
        if widget.isVisible() and (letter := mnemonic(widget.title())):
            taken[letter].append(f"group {widget.title()}")
    return taken


def _clashes(taken: dict[str, list[str]]) -> dict[str, list[str]]:
    return {letter: names for letter, names in taken.items() if len(names) > 1}


def _menu_clashes(menu: QMenu, path: str = "") -> dict[str, list[str]]:
    """Clashes inside one menu (each menu is a scope of its own), and inside its submenus."""
    taken: dict[str, list[str]] = defaultdict(list)
    found: dict[str, list[str]] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if letter := mnemonic(action.text()):
            taken[letter].append(action.text())
        if action.menu() is not None:
            found |= _menu_clashes(action.menu(), f"{path}{menu.title()} > ")
    found |= {f"{path}{menu.title()}: {k}": v for k, v in _clashes(taken).items()}
    return found


def _select_first_row(person, kind: str, tab: str) -> None:
    view = person.window.lists[kind].view
    if not view.isVisible():
        show_tab(person, tab)
    person.click(view.viewport(), view.visualRect(view.model().index(0, 0)).center())


def test_no_mnemonic_is_taken_twice(open_window, tmp_path):
    person = open_window(tmp_path / "mnemonics.chronicle", create=True, demo=True)
    window = person.window
    states = {}
    states["nothing selected"] = _clashes(_window_mnemonics(window))
    for kind, tab in (("event", "Events"), ("actor", "Actors"), ("source", "Sources")):
        _select_first_row(person, kind, tab)
        assert window.inspector.current_form() is window.inspector.forms[kind]
        states[f"{kind} selected"] = _clashes(_window_mnemonics(window))
    person.keys("Ctrl+E")  # a draft shows its Create button (the same for every kind)
    form = window.inspector.forms["event"]
    assert window.inspector.current_form() is form and form.record_id is None
    states["new event"] = _clashes(_window_mnemonics(window))
    view = window.lists["event"].view
    person.when_asked("Discard")
    person.click(view.viewport(), view.visualRect(view.model().index(0, 0)).center())
    person.click(
        view.viewport(),
        view.visualRect(view.model().index(2, 0)).center(),
        modifiers=Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(window.selection.ids("event")) == 3
    states["three events selected"] = _clashes(_window_mnemonics(window))
    for menu in window.menuBar().findChildren(QMenu):
        if menu.parent() is window.menuBar():
            states[f"menu {menu.title()}"] = _menu_clashes(menu)
    clashing = {state: clash for state, clash in states.items() if clash}
    assert clashing == {}, "\n".join(f"{state}: {clash}" for state, clash in clashing.items())
