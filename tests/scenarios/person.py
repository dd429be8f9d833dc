"""A person at the keyboard and mouse of a real MainWindow, for the scenario tests.

Everything goes through what a person can do: keys sent to the widget that has the focus (so
shortcuts resolve exactly as they do for a user), clicks and drags at real positions of visible
widgets, menus opened from the menu bar, and dialogs answered by clicking their buttons. Reading
the screen (a widget's text, what the timeline drew, the library on disk) is how a test checks.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMenu,
    QMessageBox,
    QScrollArea,
    QTabBar,
    QWidget,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class Person:
    def __init__(self, qtbot, window):
        self.qtbot, self.window = qtbot, window

    # -- keyboard -----------------------------------------------------------------------------
    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        return widget if widget is not None else self.window

    def keys(self, sequence: str) -> None:
        """Press a shortcut such as "Ctrl+Shift+Z" on whatever has the focus."""
        combo = QKeySequence(sequence)[0]
        self.qtbot.keyClick(self.focused(), combo.key(), combo.keyboardModifiers())

    def press(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1):
        for _ in range(times):
            self.qtbot.keyClick(self.focused(), key, modifiers)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)

    def tab(self, times: int = 1) -> None:
        self.press(Qt.Key.Key_Tab, times=times)

    def tab_to(self, object_name: str, limit: int = 20) -> QWidget:
        """Press Tab until the field called `object_name` has the cursor (as a person would)."""
        for _ in range(limit):
            if self.focused().objectName() == object_name:
                return self.focused()
            self.tab()
        raise AssertionError(f"Tab never reached {object_name!r}")

    # -- mouse ----------------------------------------------------------------------------------
    def reveal(self, widget: QWidget) -> None:
        """Scroll the panel holding `widget` until it shows (what a person does with the wheel)."""
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QApplication.processEvents()  # a form that just grew lays out before it scrolls
            parent.ensureWidgetVisible(widget, 10, 10)
            QApplication.processEvents()  # the scrolled contents settle before they are read

    def point_of(self, widget: QWidget) -> QPoint:
        """The middle of the visible part of `widget`; fails if a person could not see it."""
        assert widget.isVisible(), f"{widget.objectName() or widget} is not visible"
        self.reveal(widget)
        visible = widget.visibleRegion().boundingRect()
        assert not visible.isEmpty(), f"{widget.objectName() or widget} is scrolled out of view"
        return visible.center()

    def click(self, widget: QWidget, pos: QPoint | None = None, button=Qt.MouseButton.LeftButton,
              modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # fmt: skip
        self._activate(widget)
        self.qtbot.mouseClick(widget, button, modifiers, pos or self.point_of(widget))

    def _activate(self, widget: QWidget) -> None:
        """A click raises and activates its window, as a window manager does (offscreen does
        not), so that keys typed next go there."""
        window = widget.window()
        if window.isWindow() and not window.isActiveWindow() and not isinstance(window, QMenu):
            window.activateWindow()
            self.qtbot.waitUntil(window.isActiveWindow, timeout=2000)

    def right_click(self, widget: QWidget, pos: QPoint) -> None:
        """A right-click: the button, then the context-menu event the window system sends
        after it (QTest's clicks alone never make one)."""
        self.click(widget, pos, button=Qt.MouseButton.RightButton)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos), Qt.KeyboardModifier(0)
        )
        QApplication.sendEvent(widget, event)

    def double_click(self, widget: QWidget, pos: QPoint) -> None:
        self.qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    def drag(self, widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
        self._activate(widget)
        self.qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
        for i in range(1, steps + 1):
            self.qtbot.mouseMove(widget, start + (end - start) * i / steps)
        self.qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)

    def wheel(self, widget: QWidget, pos: QPoint, notches: int) -> None:
        """Turn the mouse wheel over `pos` (positive: away from the person, zooming in)."""
        for _ in range(abs(notches)):
            step = 120 if notches > 0 else -120
            event = QWheelEvent(
                QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(), QPoint(0, step),
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase, False,
            )  # fmt: skip
            QApplication.sendEvent(widget, event)

    def hover(self, widget: QWidget, pos: QPoint) -> None:
        """Rest the pointer at `pos` (no button held)."""
        self.qtbot.mouseMove(widget, pos)

    def click_into(self, widget: QWidget, text: str) -> None:
        """Click a text field, select what is there and type over it."""
        self.click(widget)
        self.keys("Ctrl+A")
        self.type(text)

    # -- menus and dialogs -------------------------------------------------------------------
    def menu(self, *path: str) -> None:
        """Click through the menu bar: menu("File", "Export", "Timeline Picture…")."""
        bar = self.window.menuBar()
        top = _action(bar.actions(), path[0])
        self.click(bar, bar.actionGeometry(top).center())
        menu = top.menu()
        self.qtbot.waitUntil(menu.isVisible, timeout=2000)
        for step in path[1:]:
            action = _action(menu.actions(), step)
            self.click(menu, menu.actionGeometry(action).center())
            if action.menu() is None:
                return
            menu = action.menu()
            self.qtbot.waitUntil(menu.isVisible, timeout=2000)

    def when_asked(self, button: str, seen: list[str] | None = None) -> None:
        """When the next message box opens, read it and click its button labelled `button`."""

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or not box.isVisible():
                QTimer.singleShot(20, answer)
                return
            if seen is not None:
                seen.append(box.text())
            for candidate in box.findChildren(QAbstractButton):
                if candidate.text().replace("&", "") == button and candidate.isVisible():
                    self.qtbot.mouseClick(candidate, Qt.MouseButton.LeftButton)
                    return
            raise AssertionError(f"no button {button!r} in the box {box.text()!r}")

        QTimer.singleShot(0, answer)


def _action(actions, text: str):
    for action in actions:
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no menu item {text!r} in {[a.text() for a in actions]}")


def show_tab(person: Person, text: str) -> None:
    """Click the visible tab labelled `text` (a tabbed dock, say "Sources")."""
    for bar in person.window.findChildren(QTabBar):
        for index in range(bar.count()):
            if bar.tabText(index).replace("&", "") == text and bar.isVisible():
                person.click(bar, bar.tabRect(index).center())
                return
    raise AssertionError(f"no visible tab {text!r}")


def visible_menu(parent: QWidget, name: str) -> QMenu | None:
    menu = parent.findChild(QMenu, name)
    return menu if menu is not None and menu.isVisible() else None


def drawn_marks(timeline) -> list[tuple[object, QPoint]]:
    """(mark, point on the viewport) of every event the timeline shows (reading the screen)."""
    from desktop.timeline.hits import screen_x
    from desktop.timeline.scene import LANE_PADDING, ROW_HEIGHT

    scene, layout, view = timeline.scene, timeline.layout_rect(), timeline.view()
    found = []
    for mark in scene.marks:
        lane = scene.lanes[mark.lane]
        if lane.collapsed:
            continue
        x0 = screen_x(scene, layout, view, mark.x0)
        x1 = screen_x(scene, layout, view, mark.x1) if mark.is_span else x0
        x = (max(x0, layout.lanes.left() + 8) + min(x1, layout.lanes.right() - 8)) / 2
        y = layout.lanes.top() + lane.top - view.scroll_y + LANE_PADDING / 2
        y += mark.row * ROW_HEIGHT + ROW_HEIGHT / 2
        inside_x = layout.lanes.left() + 8 < x < layout.lanes.right() - 8
        if inside_x and layout.lanes.top() + 4 < y < layout.lanes.bottom() - 4:
            found.append((mark, QPoint(round(x), round(y))))
    return found


def settle(qtbot, timeline) -> None:
    """Wait until the timeline shows data made for its current view."""
    qtbot.waitUntil(lambda: timeline.scene is not None and not timeline.is_loading, timeout=5000)
