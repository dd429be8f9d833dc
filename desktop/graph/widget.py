"""The relationship graph on screen: a custom-painted QWidget with zoom, pan, drag and link.

One widget paints the whole scene (not one QGraphicsItem per node): painting stays under 16 ms
at 2,000 nodes and 10,000 edges (benchmarks/bench_graph.py). Edges are drawn into a bitmap a
little larger than the view, and labels are placed for the view and its surroundings, once per
zoom level: a pan only moves them. While zooming, the previous bitmap and labels are scaled
and moved with the nodes until the view rests, then both are redone.

Mouse: click selects (Ctrl adds), drag a node to move it, drag the background to pan, wheel
zooms around the cursor, Shift+drag from one node to another asks for a relation between them.
Keys: + and - zoom, arrows pan, F fits everything, Escape cancels a link or clears selection.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.graph.model import NodeKey
from desktop.graph.painter import EdgeLayer, draw_label_of, render_graph
from desktop.graph.scene import GraphScene, LabelPlacement, ViewTransform, fit_view, label_region

_ZOOM_STEP = 1.2
_PAN_STEP = 60
_DRAG_THRESHOLD = 4  # px before a press becomes a drag
_RELABEL_DELAY_MS = 90


class GraphWidget(QWidget):
    """Paints a GraphScene and turns mouse and keys into view changes and requests."""

    node_clicked = Signal(object, bool)  # node key, add to selection (Ctrl held)
    background_clicked = Signal()
    node_activated = Signal(object)  # double-click
    nodes_moved = Signal(object)  # {node key: (x, y)} in world units, after a drag
    link_requested = Signal(object, object, QPoint)  # from key, to key, global position
    # Right-click: the node key or None, the edge (model Edge) or None, global position.
    context_requested = Signal(object, object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graph_view")
        self.setAccessibleName("Relationship graph")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.scene: GraphScene | None = None
        self.view = ViewTransform()
        self.empty_text = "Nothing to show."
        self._placement: LabelPlacement | None = None
        self._edges = EdgeLayer()
        self._fitted = False
        self._auto_view = False
        self._press: QPointF | None = None
        self._mode = ""  # "", "pan", "node", "link"
        self._drag_node: NodeKey | None = None
        self._link_end: QPointF | None = None
        self.hovered: NodeKey | None = None  # its label is drawn even where labels are crowded
        self._relabel = QTimer(self, singleShot=True, interval=_RELABEL_DELAY_MS)
        self._relabel.timeout.connect(self.refresh_layers)

    # -- content and view ---------------------------------------------------------------
    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if self.hovered is not None:
            self.hovered = None
            self.update()

    def set_scene(self, scene: GraphScene | None, *, fit: bool = False) -> None:
        """Show `scene`, keeping the view unless `fit` (or nothing was shown before)."""
        self.scene = scene
        if scene is None or self.hovered not in scene.index:
            self.hovered = None
        self._placement = None
        if fit or not self._fitted:
            self.fit()
        self.update()

    def fit(self) -> None:
        bounds = self.scene.bounds() if self.scene else None
        self.set_view(fit_view(bounds, max(1, self.width()), max(1, self.height())))
        self._fitted = bounds is not None
        # Until the user zooms or pans, a resized panel keeps showing the whole graph.
        self._auto_view = self._fitted

    def set_view(self, view: ViewTransform) -> None:
        self.view = view
        self._auto_view = False
        placement = self._placement
        if placement is not None and not placement.covers(view, self.width(), self.height()):
            self._relabel.start()
        self.update()

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        at = at or QPointF(self.width() / 2, self.height() / 2)
        self.set_view(self.view.zoomed(factor, at.x(), at.y()))

    def centre_on(self, key: NodeKey) -> None:
        """Pan so `key` is in the middle, if it is drawn."""
        if self.scene is None or key not in self.scene.index:
            return
        x, y = self.scene.xy[self.scene.index[key]]
        sx, sy = self.view.to_screen(float(x), float(y))
        self.set_view(self.view.panned(self.width() / 2 - sx, self.height() / 2 - sy))

    def is_on_screen(self, key: NodeKey) -> bool:
        if self.scene is None or key not in self.scene.index:
            return False
        sx, sy = self.view.to_screen(*self.scene.xy[self.scene.index[key]])
        return 0 <= sx <= self.width() and 0 <= sy <= self.height()

    def screen_pos(self, key: NodeKey) -> QPointF:
        """Where node `key` is drawn, in widget coordinates (for tests and tooltips)."""
        assert self.scene is not None, "only asked about a node that is shown"
        x, y = self.scene.xy[self.scene.index[key]]
        return QPointF(*self.view.to_screen(float(x), float(y)))

    def labels(self) -> LabelPlacement:
        """The label placement for the current view (made now if it does not cover it)."""
        if self._placement is None or not self._placement.covers(
            self.view, self.width(), self.height()
        ):
            self._place_labels()
        assert self._placement is not None  # _place_labels made it
        return self._placement

    def _place_labels(self) -> None:
        assert self.scene is not None, "labels are placed only while a scene is shown"
        region = label_region(self.view, self.width(), self.height())
        self._placement = self.scene.place_labels(self.view.scale, region=region)

    def refresh_layers(self) -> None:
        """The view has come to rest: redo what was only moved or scaled while it changed."""
        if self.scene is None:
            return
        if self._placement is None or not self._placement.covers(
            self.view, self.width(), self.height()
        ):
            self._place_labels()
        if not self._edges.covers(self.view, self.width(), self.height()):
            self._render_edges()
        self.update()

    def _render_edges(self) -> None:
        assert self.scene is not None, "edges are drawn only while a scene is shown"
        self._edges.render(
            self.scene, self.view, self.width(), self.height(), self.devicePixelRatioF()
        )

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        if self.scene is None or not self.scene.keys:
            painter.fillRect(rect, self.palette().base())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        self._prepare_layers()
        render_graph(
            painter,
            rect,
            self.scene,
            self.view,
            placement=self._placement,
            fast=True,
            edge_layer=self._edges,
        )
        if self.hovered is not None and self.hovered in self.scene.index:
            draw_label_of(
                painter, self.scene, self._placement, self.scene.index[self.hovered], self.view
            )
        if self._mode == "link" and self._drag_node is not None and self._link_end is not None:
            pen = QPen(self.scene.style.link_preview, 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(self.screen_pos(self._drag_node), self._link_end)
        painter.end()

    def _prepare_layers(self) -> None:
        """Before a frame: redo labels and edges the scene changed; a view change at the same
        zoom that leaves the edge bitmap redraws it too; a zoom change waits for the view to
        rest (the old bitmap and labels are scaled meanwhile)."""
        assert self.scene is not None, "called by paintEvent with a scene shown"
        if self._placement is None:
            self._place_labels()
        fresh = self._edges.is_current(self.scene)
        same_zoom = self._edges.scale == self.view.scale
        if not fresh or (
            same_zoom and not self._edges.covers(self.view, self.width(), self.height())
        ):
            self._render_edges()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (not self._fitted or self._auto_view) and self.scene is not None:
            self.fit()
        self._relabel.start()

    # -- mouse --------------------------------------------------------------------------
    def _node_at(self, pos: QPointF) -> NodeKey | None:
        return self.scene.node_at(self.view, pos.x(), pos.y()) if self.scene else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        self._press = pos
        self._drag_node = self._node_at(pos)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self._drag_node is not None and shift and self._drag_node[0] != "source":
            self._mode = "link"
            self._link_end = pos
            self.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self._mode = ""
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None:
            hovered = self._node_at(pos)
            if hovered != self.hovered:
                self.hovered = hovered
                self.update()
            return
        if self._mode == "link":
            self._link_end = pos
            self.update()
            return
        delta = pos - self._press
        if not self._mode and delta.manhattanLength() < _DRAG_THRESHOLD:
            return
        if not self._mode:
            self._mode = "node" if self._drag_node is not None else "pan"
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._mode == "pan":
            self.set_view(self.view.panned(delta.x(), delta.y()))
            self._press = pos
        elif self._mode == "node":
            assert self._drag_node is not None  # "node" mode starts on a node
            self._move_node(self._drag_node, pos)

    def _move_node(self, key: NodeKey, pos: QPointF) -> None:
        assert self.scene is not None, "a node is dragged only while a scene is shown"
        x, y = self.view.to_world(pos.x(), pos.y())
        self.scene.xy[self.scene.index[key]] = (x, y)
        self.scene.cache = {}  # edge geometry is cached per scene
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return super().mouseReleaseEvent(event)
        mode, key = self._mode, self._drag_node
        self._press, self._mode, self._drag_node, self._link_end = None, "", None, None
        self.unsetCursor()
        pos = event.position()
        if mode == "link":
            target = self._node_at(pos)
            self.update()
            if target is not None and target != key and target[0] != "source":
                self.link_requested.emit(key, target, event.globalPosition().toPoint())
        elif mode == "node":
            assert self.scene is not None and key is not None  # a node was dragged
            x, y = self.scene.xy[self.scene.index[key]]
            self._placement = None
            self.nodes_moved.emit({key: (float(x), float(y))})
        elif mode == "":
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key is not None:
                self.node_clicked.emit(key, ctrl)
            else:
                self.background_clicked.emit()
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        key = self._node_at(event.position())
        if key is not None:
            self.node_activated.emit(key)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = QPointF(event.pos())
        key = self._node_at(pos)
        edge = None
        if key is None and self.scene is not None:
            edge = self.scene.edge_at(self.view, pos.x(), pos.y())
        self.context_requested.emit(key, edge, event.globalPos())
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(_ZOOM_STEP**steps, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        # PySide6 hands a ToolTip event over as the QHelpEvent it is.
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            key = self._node_at(QPointF(event.pos()))
            if key is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_text(key), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_text(self, key: NodeKey) -> str:
        """The node's name and kind or date; user text escaped, since tooltips guess rich text."""
        assert self.scene is not None, "only asked about a node that is shown"
        node = self.scene.model.nodes[key]
        return f"<b>{html.escape(node.label)}</b><br>{html.escape(node.detail)}"

    # -- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        pans: dict[int, tuple[int, int]] = {
            Qt.Key.Key_Left: (_PAN_STEP, 0),
            Qt.Key.Key_Right: (-_PAN_STEP, 0),
            Qt.Key.Key_Up: (0, _PAN_STEP),
            Qt.Key.Key_Down: (0, -_PAN_STEP),
        }
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(_ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / _ZOOM_STEP)
        elif key in pans:
            self.set_view(self.view.panned(*pans[key]))
        elif key in (Qt.Key.Key_F, Qt.Key.Key_Home):
            self.fit()
        elif key == Qt.Key.Key_Escape:
            if self._mode == "link":
                self._press, self._mode, self._drag_node = None, "", None
                self.unsetCursor()
                self.update()
            else:
                self.background_clicked.emit()
        else:
            super().keyPressEvent(event)
