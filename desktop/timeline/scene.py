"""What to draw for a window of time: lanes, stacked event marks, clusters and their labels.

Plain data computed from db rows (no Qt), so it is built off the UI thread and tested
without painting. x is in scene pixels, (key - origin_key) / seconds_per_pixel; y is from
the top of the lanes area. Every label owns its row span, so no two labels ever overlap.
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from db.queries import EventRow
from db.queries.layers import EventLink
from db.queries.timeline import LaneBucket, LaneKey, LaneRow
from desktop.timeline.text_width import estimate_text_width

if TYPE_CHECKING:  # only named in the painter's caches below: this module runs without Qt
    from PySide6.QtGui import QColor, QImage, QStaticText

ROW_HEIGHT = 20
LANE_PADDING = 6
COLLAPSED_HEIGHT = 16
POINT_RADIUS = 5
LABEL_GAP = 8
MIN_SPAN_PX = 3
MAX_LABEL_PX = 240
ALL_ROWS = 200  # rows a lane may stack: every event of a readable window gets its own
COMPACT_ROWS = 3  # a lane the user made compact: the rest go into "+N" boxes
CELL_PX = 64  # width of one cluster cell
BUCKET_PX = 4  # density resolution: cells hold CELL_PX // BUCKET_PX buckets
CATEGORY_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip

Measure = Callable[[str], float]

# What desktop.timeline.marks keeps on scene items between frames (None until first drawn).
FontKey = tuple[str, bool]  # the label font's QFont.key(), and whether the theme is dark
TextLayout = tuple[FontKey, "QStaticText"]
# A cluster's count laid out, its width and height, its fill colour, and whether it is dark.
ClusterLayout = tuple[FontKey, "QStaticText", float, float, "QColor", bool]
# A lane's clusters as one image: (font, collapsed, colour, pixel ratio), the image (None:
# too wide to keep), its first x and its width.
LaneStrip = tuple[tuple[FontKey, bool, str | None, float], "QImage | None", int, int]


class FrameView(Protocol):
    """The part of a scene one frame shows (desktop.timeline.painter.View)."""

    @property
    def start_key(self) -> float: ...
    @property
    def seconds_per_pixel(self) -> float: ...
    @property
    def scroll_y(self) -> float: ...


@dataclass(frozen=True)
class SceneSpec:
    """The key range, zoom and lanes a scene is built for."""

    start_key: int
    end_key: int
    seconds_per_pixel: float
    lane_by: str
    lanes: tuple[LaneRow, ...]
    collapsed: frozenset[LaneKey] = frozenset()
    max_rows: int = ALL_ROWS
    compact: frozenset[LaneKey] = frozenset()  # lanes shown with COMPACT_ROWS rows
    band_tag: str | None = None  # events with this tag are drawn as background bands
    relations: bool = False  # look up the relations among the scene's events

    # Cached: a scene of thousands of clusters asks for these once per cluster.
    @functools.cached_property
    def bucket_keys(self) -> int:
        """Keys per density bucket (about BUCKET_PX pixels)."""
        return max(1, round(BUCKET_PX * self.seconds_per_pixel))

    @functools.cached_property
    def cell_keys(self) -> int:
        """Keys per cluster cell; cells are aligned to multiples of it so panning keeps them."""
        return CELL_PX // BUCKET_PX * self.bucket_keys

    @functools.cached_property
    def origin_key(self) -> int:
        return self.start_key - self.start_key % self.cell_keys


@dataclass(slots=True)
class Mark:
    """One event drawn in one lane (an event with two actors has a mark in each lane)."""

    event_id: int
    lane: int
    row: int
    x0: float
    x1: float
    is_span: bool
    color: str
    importance: int
    title: str
    label_x: float  # left of the label; label_w 0 means the event is drawn unlabelled
    label_w: float
    unsourced: bool
    fuzzy_start: bool
    fuzzy_end: bool
    open_start: bool
    open_end: bool
    row_data: EventRow
    drawn: TextLayout | None = None  # the painter's cached text layout


@dataclass(slots=True)
class Cluster:
    """Events too many to draw one by one, counted per cell; clicking zooms to the cell."""

    lane: int
    row: int
    x0: float
    x1: float
    start_key: int
    end_key: int
    count: int
    approximate: bool
    text: str = ""  # the count as shown: '+12' (did not fit the rows), '1.2k', '≈3.4k'
    events: tuple[EventRow, ...] = ()  # a "+N" box's events (detailed scenes only)
    density: float = 0.0  # 0-1 on a log scale against the busiest cell of the scene
    # The painter's cached text layout: a TextLayout only while it makes the ClusterLayout.
    drawn: ClusterLayout | TextLayout | None = None


_BY_X_ROW = operator.attrgetter("x0", "row")
_BY_X = operator.attrgetter("x0")


@dataclass(slots=True)
class Lane:
    key: LaneKey
    title: str
    color: str | None
    count: int | None
    top: float = 0.0
    height: float = 0.0
    rows: int = 1
    collapsed: bool = False
    marks: list[Mark] = field(default_factory=list)  # by x0, so a frame bisects to its part
    clusters: list[Cluster] = field(default_factory=list)  # by x0
    mark_starts: list[float] = field(default_factory=list)
    cluster_starts: list[float] = field(default_factory=list)
    reach: float = 0.0  # the widest mark with its label: how far left of view one may start
    strip: LaneStrip | None = None  # the painter's image of the clusters, kept with the scene

    def row_top(self, row: int) -> float:
        return self.top + LANE_PADDING / 2 + row * ROW_HEIGHT

    def index(self) -> None:
        """Sort marks and clusters by x and note what a frame needs to find its part fast."""
        self.marks.sort(key=_BY_X_ROW)
        self.clusters.sort(key=_BY_X)
        self.mark_starts = [m.x0 for m in self.marks]
        self.cluster_starts = [c.x0 for c in self.clusters]
        self.reach = max(
            (max(m.x1, m.label_x + m.label_w) - m.x0 + POINT_RADIUS for m in self.marks),
            default=0.0,
        )


@dataclass(frozen=True, slots=True)
class SceneBand:
    """An era behind every lane, from x0 to x1 in scene pixels."""

    event_id: int
    title: str
    x0: float
    x1: float
    color: str | None


@dataclass
class TimelineScene:
    """Everything one frame needs, for the key range [start_key, end_key)."""

    origin_key: int
    seconds_per_pixel: float
    start_key: int
    end_key: int
    lane_by: str
    lanes: list[Lane]
    detailed: bool
    approximate: bool = False
    max_cluster_count: int = 0
    bands: list[SceneBand] = field(default_factory=list)  # eras, longest first
    links: list[EventLink] = field(default_factory=list)  # relations between its events

    @property
    def height(self) -> float:
        return self.lanes[-1].top + self.lanes[-1].height if self.lanes else 0.0

    @property
    def marks(self) -> list[Mark]:
        return [mark for lane in self.lanes for mark in lane.marks]

    @property
    def clusters(self) -> list[Cluster]:
        return [cluster for lane in self.lanes for cluster in lane.clusters]

    def x_of(self, key: float) -> float:
        return (key - self.origin_key) / self.seconds_per_pixel

    def key_at(self, x: float) -> float:
        return self.origin_key + x * self.seconds_per_pixel

    def label_rects(self) -> list[tuple[float, float, float, float]]:
        """(x, y, width, height) of every label, in scene coordinates."""
        return [
            (m.label_x, lane.row_top(m.row), m.label_w, ROW_HEIGHT)
            for lane in self.lanes
            for m in lane.marks
            if m.label_w > 0
        ]

    def lane_at(self, y: float) -> Lane | None:
        tops = [lane.top for lane in self.lanes]
        index = bisect.bisect_right(tops, y) - 1
        if 0 <= index < len(self.lanes) and y < self.lanes[index].top + self.lanes[index].height:
            return self.lanes[index]
        return None


def empty_scene(spec: SceneSpec) -> TimelineScene:
    return TimelineScene(
        origin_key=spec.origin_key,
        seconds_per_pixel=spec.seconds_per_pixel,
        start_key=spec.start_key,
        end_key=spec.end_key,
        lane_by=spec.lane_by,
        lanes=[],
        detailed=True,
    )


# -- shared pieces ---------------------------------------------------------------------------


class _RowSpace:
    """Occupied x intervals of one row, kept sorted so a free test is a binary search."""

    def __init__(self) -> None:
        self._starts: list[float] = []
        self._ends: list[float] = []

    def is_free(self, x0: float, x1: float) -> bool:
        i = bisect.bisect_left(self._starts, x0)
        if i > 0 and self._ends[i - 1] > x0:
            return False
        return i >= len(self._starts) or self._starts[i] >= x1

    def take(self, x0: float, x1: float) -> None:
        i = bisect.bisect_left(self._starts, x0)
        self._starts.insert(i, x0)
        self._ends.insert(i, x1)


class _LaneSpace:
    """The rows of one lane: finds the first row where an x span is free, and takes it.

    A burst (hundreds of events on one day) stacks a lane up to `ALL_ROWS` deep, and testing
    row after row cost most of a month scene's layout. So each cell of x (`_CELL` pixels)
    keeps a bit per row holding something there: a row with a bit in a cell wholly inside
    the asked span is taken there, and a row with no bit in the cells the span touches is
    free. When the lowest row not known taken has a bit in one of the two partly covered end
    cells (or the span runs past the cells), one numpy pass over every span taken in the
    lane decides.
    A long span writes its bit once per block of `_BLOCK` cells it covers wholly (and into
    the cells only at its two ends): any span touching such a block meets it. Same answers
    as testing every row in turn.
    """

    def __init__(self, rows: int, x_min: float, x_max: float, capacity: int) -> None:
        self._limit = max(1, rows)
        # Cells k cover [8k, 8k + 8); the first and last also hold everything beyond them.
        self._first = math.floor(x_min / _CELL)
        self._bits = [0] * (max(self._first + 2, math.ceil(x_max / _CELL)) - self._first + 1)
        self._blocks = [0] * (len(self._bits) // _BLOCK + 1)
        self._x0 = np.empty(capacity, np.float64)
        self._x1 = np.empty(capacity, np.float64)
        self._row = np.empty(capacity, np.int64)
        self._taken = 0

    def place(self, x0: float, x1: float) -> int | None:
        """The first row where [x0, x1) is free (now taken there), or None."""
        end = len(self._bits) - 1  # cells 0 and `end` reach on beyond the scene
        first = min(max(math.floor(x0 / _CELL) - self._first, 0), end)
        last = min(max(math.ceil(x1 / _CELL) - 1 - self._first, 0), end)
        if first > 0 and last < end:
            row = self._by_cells(x0, x1, first, last)
        else:
            row = self._by_spans(x0, x1)
        if row is None:
            return None
        self._x0[self._taken], self._x1[self._taken], self._row[self._taken] = x0, x1, row
        self._taken += 1
        self._write(1 << row, first, last)
        return row

    def _write(self, bit: int, first: int, last: int) -> None:
        bits = self._bits
        # Whole blocks among the cells the span covers wholly (all but its two end cells).
        block0, block1 = -(-(first + 1) // _BLOCK), last // _BLOCK
        if block1 - block0 < 2:
            bits[first : last + 1] = [cell | bit for cell in bits[first : last + 1]]
            return
        blocks = self._blocks
        blocks[block0:block1] = [block | bit for block in blocks[block0:block1]]
        head, tail = block0 * _BLOCK, block1 * _BLOCK
        bits[first:head] = [cell | bit for cell in bits[first:head]]
        bits[tail : last + 1] = [cell | bit for cell in bits[tail : last + 1]]

    def _by_cells(self, x0: float, x1: float, first: int, last: int) -> int | None:
        inner0, inner1 = first + 1, last  # the cells wholly inside [x0, x1)
        if x0 / _CELL == first + self._first:
            inner0 = first  # x0 on the first cell's left edge
        if x1 / _CELL == last + self._first + 1:
            inner1 = last + 1  # x1 on the last cell's right edge
        taken = functools.reduce(operator.or_, self._bits[inner0:inner1], 0)
        taken |= functools.reduce(
            operator.or_, self._blocks[first // _BLOCK : last // _BLOCK + 1], 0
        )
        row = (~taken & (taken + 1)).bit_length() - 1  # the lowest row not known taken
        if row >= self._limit:
            return None
        if (self._bits[first] | self._bits[last]) >> row & 1:
            return self._by_spans(x0, x1)  # something in an end cell: is it in the way?
        return row

    def _by_spans(self, x0: float, x1: float) -> int | None:
        n = self._taken
        hit = self._row[:n][(self._x0[:n] < x1) & (self._x1[:n] > x0)]
        blocked = np.zeros(self._limit + 1, bool)
        blocked[hit] = True
        row = int(np.argmin(blocked))
        return row if row < self._limit else None


# Pixels per cell of `_LaneSpace` (a power of two: x / _CELL is exact). 8, not 4: a label
# then spans half as many cells to read and write (a month scene's layout ~10% faster).
_CELL = 8.0
_BLOCK = 64  # cells per block of `_LaneSpace`


@functools.lru_cache(maxsize=4096)
def category_color(category: str) -> str:
    """A colour per category name, the same in every view and session."""
    return CATEGORY_COLORS[zlib.crc32(category.encode()) % len(CATEGORY_COLORS)]


def event_color(row: EventRow, lane_color: str | None, lane_by: str) -> str:
    """The event's own colour, else its lane's, else its category's."""
    if row.color:
        return row.color
    if lane_color:
        return lane_color
    return category_color(row.category) if row.category else "#7f8c9a"


@functools.lru_cache(maxsize=65_536)  # a busy window repeats dates; every step, its events
def _fuzzy_ends(edtf: str) -> tuple[bool, bool, bool, bool]:
    """(fuzzy start, fuzzy end, open start, open end) read off the EDTF text."""
    lower, slash, upper = edtf.partition("/")
    if not slash:
        upper = lower

    def fuzzy(side: str) -> bool:
        return "?" in side or "~" in side or "%" in side

    return (
        fuzzy(lower),
        fuzzy(upper),
        bool(slash) and lower in ("", ".."),
        bool(slash) and upper in ("", ".."),
    )


def _mark(spec: SceneSpec, row: EventRow, lane_index: int, lane: Lane) -> Mark:
    origin, spp = spec.origin_key, spec.seconds_per_pixel
    x0 = (row.start_key - origin) / spp
    is_span = row.kind == "span"
    x1 = max((row.end_key - origin) / spp, x0 + MIN_SPAN_PX) if is_span else x0
    fuzzy_start, fuzzy_end, open_start, open_end = _fuzzy_ends(row.when_edtf)
    return Mark(
        row.id, lane_index, 0, x0, x1, is_span, event_color(row, lane.color, spec.lane_by),
        row.importance, row.title, 0.0, 0.0, row.source_count == 0,
        fuzzy_start, fuzzy_end, open_start, open_end, row,
    )  # fmt: skip


def _body(mark: Mark) -> tuple[float, float]:
    if mark.is_span:
        return mark.x0, mark.x1
    return mark.x0 - POINT_RADIUS, mark.x0 + POINT_RADIUS


def label_left(is_span: bool, x0: float, x1: float, label_w: float) -> float:
    """Left of a label: inside a span wide enough to hold it, else just after the mark."""
    if is_span and x1 - x0 >= label_w + 2 * LABEL_GAP:
        return x0 + LABEL_GAP / 2
    return (x1 if is_span else x0 + POINT_RADIUS) + 3


def _with_label(mark: Mark, measure: Measure) -> tuple[float, float]:
    """Give `mark` its label position; return the x span the mark and label occupy."""
    body0, body1 = _body(mark)
    mark.label_w = min(measure(mark.title), MAX_LABEL_PX)
    mark.label_x = label_left(mark.is_span, mark.x0, mark.x1, mark.label_w)
    return body0, max(body1, mark.label_x + mark.label_w)


def _lane_order(rows: Iterable[EventRow]) -> list[EventRow]:
    return sorted(rows, key=lambda r: (-r.importance, r.start_key, r.id))


def _stack_lay(lanes: list[Lane]) -> None:
    top = 0.0
    for lane in lanes:
        lane.index()
        lane.top = top
        if lane.collapsed:
            lane.height = COLLAPSED_HEIGHT
        else:
            lane.height = lane.rows * ROW_HEIGHT + LANE_PADDING
        top += lane.height


def _lanes_of(spec: SceneSpec) -> list[Lane]:
    lanes = []
    for index, row in enumerate(spec.lanes):
        color = row.color
        if color is None and spec.lane_by == "category" and row.key is not None:
            color = CATEGORY_COLORS[index % len(CATEGORY_COLORS)]  # neighbours never share
        lanes.append(
            Lane(row.key, row.title, color, row.count, collapsed=row.key in spec.collapsed)
        )
    return lanes


# -- events one by one ------------------------------------------------------------------------


def build_detail_scene(
    spec: SceneSpec,
    rows: list[EventRow],
    memberships: dict[int, list[LaneKey]],
    measure: Measure = estimate_text_width,
) -> TimelineScene:
    """A scene drawing every event, stacked in rows; what does not fit becomes clusters."""
    lanes = _lanes_of(spec)
    index = {lane.key: i for i, lane in enumerate(lanes)}
    per_lane: list[list[EventRow]] = [[] for _ in lanes]
    for row in rows:
        for key in _keys_of(row, spec.lane_by, memberships):
            if key in index:
                per_lane[index[key]].append(row)
    scene = empty_scene(spec)
    scene.lanes = lanes
    for lane_index, lane_rows in enumerate(per_lane):
        if lanes[lane_index].collapsed:
            _place_collapsed(spec, lanes[lane_index], lane_index, lane_rows)
        else:
            _place_stacked(spec, lanes[lane_index], lane_index, lane_rows, measure)
    _stack_lay(lanes)
    _finish_clusters(scene, overflow=True)
    return scene


def _keys_of(row: EventRow, lane_by: str, memberships: dict[int, list[LaneKey]]) -> list[LaneKey]:
    if lane_by in ("actor", "tag"):
        return memberships.get(row.id) or [None]
    if lane_by == "category":
        return [row.category or None]
    return [None]


def _place_collapsed(spec: SceneSpec, lane: Lane, lane_index: int, rows: list[EventRow]) -> None:
    lane.marks = [_mark(spec, row, lane_index, lane) for row in _lane_order(rows)]
    lane.rows = 1


def _place_stacked(
    spec: SceneSpec, lane: Lane, lane_index: int, rows: list[EventRow], measure: Measure
) -> None:
    """First-fit rows by importance: with a label if it fits, else bare, else into a cluster.

    `_mark` and `_with_label` written out: this loop runs for every event of a detailed
    scene (thousands a wheel step in a busy month), and a mark is made only once placed.
    """
    limit = COMPACT_ROWS if lane.key in spec.compact else spec.max_rows
    origin, spp = spec.origin_key, spec.seconds_per_pixel
    # Cells over the scene and as much again on each side; marks beyond are rare.
    width = (spec.end_key - origin) / spp
    place = _LaneSpace(limit, -width, 2 * width, len(rows)).place
    lane_color, lane_by, marks = lane.color, spec.lane_by, lane.marks
    overflow: dict[int, list[EventRow]] = {}
    for row in _lane_order(rows):
        x0 = (row.start_key - origin) / spp
        is_span = row.kind == "span"
        if is_span:
            x1 = max((row.end_key - origin) / spp, x0 + MIN_SPAN_PX)
            body0, body1 = x0, x1
        else:
            x1, body0, body1 = x0, x0 - POINT_RADIUS, x0 + POINT_RADIUS
        label_w = min(measure(row.title), MAX_LABEL_PX)
        label_x = label_left(is_span, x0, x1, label_w)
        placed = place(body0, max(body1, label_x + label_w) + LABEL_GAP)
        if placed is None:
            label_w = 0.0
            placed = place(body0 - 1, body1 + 2)
        if placed is None:
            cell = (max(row.start_key, origin) - origin) // spec.cell_keys
            overflow.setdefault(cell, []).append(row)
            continue
        marks.append(
            Mark(
                row.id, lane_index, placed, x0, x1, is_span,
                event_color(row, lane_color, lane_by), row.importance, row.title, label_x,
                label_w, row.source_count == 0, *_fuzzy_ends(row.when_edtf), row,
            )
        )  # fmt: skip
    used = max((m.row for m in lane.marks), default=0) + 1
    lane.rows = used + (1 if overflow else 0)
    lane.clusters = []
    for cell, events in sorted(overflow.items()):
        cluster = _cluster(spec, lane_index, used, cell, len(events), approximate=False)
        cluster.events = tuple(events)
        lane.clusters.append(cluster)


def _cluster(
    spec: SceneSpec, lane_index: int, row: int, cell: int, count: int, *, approximate: bool
) -> Cluster:
    start = spec.origin_key + cell * spec.cell_keys
    end = start + spec.cell_keys
    x0 = (start - spec.origin_key) / spec.seconds_per_pixel
    x1 = (end - spec.origin_key) / spec.seconds_per_pixel
    return Cluster(lane_index, row, x0 + 1, x1 - 1, start, end, count, approximate)


# -- aggregates -------------------------------------------------------------------------------


def bucket_layout(spec: SceneSpec) -> tuple[int, int, int]:
    """(first key, bucket width in keys, number of buckets) to ask `lane_buckets` for."""
    per_cell = CELL_PX // BUCKET_PX
    cells = -(-(spec.end_key - spec.origin_key) // spec.cell_keys)
    return spec.origin_key, spec.bucket_keys, cells * per_cell


def build_aggregate_scene(
    spec: SceneSpec,
    buckets: list[LaneBucket],
    labelled: list[tuple[EventRow, LaneKey]],
    *,
    approximate: bool = False,
    measure: Measure = estimate_text_width,
) -> TimelineScene:
    """A scene of counts per lane and cell, with the most important events labelled above."""
    lanes = _lanes_of(spec)
    index = {lane.key: i for i, lane in enumerate(lanes)}
    per_cell = CELL_PX // BUCKET_PX
    counts: dict[tuple[int, int], int] = {}
    for bucket in buckets:
        if bucket.lane in index:
            lane_cell = (index[bucket.lane], bucket.bucket // per_cell)
            counts[lane_cell] = counts.get(lane_cell, 0) + bucket.count
    for (lane_index, cell), count in sorted(counts.items()):
        lane = lanes[lane_index]
        top_row = 0 if lane.collapsed else 1
        lane.clusters.append(
            _cluster(spec, lane_index, top_row, cell, count, approximate=approximate)
        )
    spaces = [_RowSpace() for _ in lanes]
    for row, key in sorted(labelled, key=lambda item: (-item[0].importance, item[0].start_key)):
        found = index.get(key)
        if found is None or lanes[found].collapsed:
            continue
        mark = _mark(spec, row, found, lanes[found])
        x0, x1 = _with_label(mark, measure)
        if spaces[found].is_free(x0, x1 + LABEL_GAP):
            spaces[found].take(x0, x1 + LABEL_GAP)
            lanes[found].marks.append(mark)
    for lane in lanes:
        lane.rows = 1 if lane.collapsed else 2
    _stack_lay(lanes)
    scene = empty_scene(spec)
    scene.lanes, scene.detailed, scene.approximate = lanes, False, approximate
    _finish_clusters(scene, overflow=False)
    return scene


def short_count(n: int) -> str:
    """'950', '12.3k', '1.2M': counts that fit a small pill."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000:.1f}k" if n < 10_000 else f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


def _finish_clusters(scene: TimelineScene, *, overflow: bool) -> None:
    """Give each cluster its shown text and density (done here, off the UI thread)."""
    clusters = scene.clusters
    scene.max_cluster_count = max((c.count for c in clusters), default=0)
    scale = math.log1p(max(scene.max_cluster_count, 1))
    for cluster in clusters:
        prefix = "+" if overflow else "≈" if cluster.approximate else ""
        cluster.text = prefix + short_count(cluster.count)
        cluster.density = math.log1p(cluster.count) / scale
