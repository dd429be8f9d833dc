"""The graph panel's Filter menu: which kinds of node, actor kinds, relation types and tags to
show, whether to hide isolated nodes, and what node size means. Checkable actions, keyboard
usable; `changed` fires after any of them is toggled."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from db.models import ACTOR_KINDS, RELATION_TYPES
from db.queries.graph import GraphFilter

_NODE_KINDS = (("actor", "Actors"), ("event", "Events"), ("source", "Sources (citations)"))


class FilterMenu(QMenu):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Filter", parent)
        self.setObjectName("graph_filter_menu")
        self.kind_actions = {
            kind: self._check(self, text, checked=kind != "source") for kind, text in _NODE_KINDS
        }
        self.addSeparator()
        actors = self.addMenu("Actor kinds")
        self.actor_kind_actions = {
            kind: self._check(actors, kind.capitalize(), checked=True) for kind in ACTOR_KINDS
        }
        relations = self.addMenu("Relation types")
        self.relation_actions = {
            rtype: self._check(relations, rtype, checked=True) for rtype in RELATION_TYPES
        }
        self.tag_menu = self.addMenu("Tags")
        self.tag_actions: dict[str, QAction] = {}
        self.set_tags([])
        self.addSeparator()
        self.hide_isolated_action = self._check(self, "Hide isolated nodes", checked=False)
        size = self.addMenu("Node size")
        group = QActionGroup(self)
        self.size_actions = {
            "degree": self._check(size, "By number of links", checked=True),
            "events": self._check(size, "By number of events", checked=False),
        }
        for action in self.size_actions.values():
            group.addAction(action)

    def _check(self, menu: QMenu, text: str, *, checked: bool) -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(lambda _on: self.changed.emit())
        return action

    def set_tags(self, names: list[str]) -> None:
        """Offer these tags (keeping the ticks of tags that are still there)."""
        ticked = {name for name, action in self.tag_actions.items() if action.isChecked()}
        self.tag_menu.clear()
        self.tag_actions = {}
        for name in names:
            action = self._check(self.tag_menu, name, checked=name in ticked)
            action.setToolTip("Only events and actors with a ticked tag, and those events' actors")
            self.tag_actions[name] = action
        self.tag_menu.menuAction().setVisible(bool(names))

    def graph_filter(self) -> GraphFilter:
        kinds = frozenset(k for k, action in self.kind_actions.items() if action.isChecked())
        actor_kinds = tuple(k for k, a in self.actor_kind_actions.items() if a.isChecked())
        types = tuple(t for t, a in self.relation_actions.items() if a.isChecked())
        if not actor_kinds:
            kinds -= {"actor"}
        return GraphFilter(
            kinds=kinds,
            actor_kinds=() if len(actor_kinds) == len(ACTOR_KINDS) else actor_kinds,
            relation_types=None if len(types) == len(RELATION_TYPES) else types,
            tags=tuple(name for name, action in self.tag_actions.items() if action.isChecked()),
        )

    @property
    def hide_isolated(self) -> bool:
        return self.hide_isolated_action.isChecked()

    @property
    def size_by(self) -> str:
        return "events" if self.size_actions["events"].isChecked() else "degree"
