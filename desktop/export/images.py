"""Pictures of the timeline and of the graph: PNG, SVG and PDF, painted by the screen's code.

The timeline is drawn by `desktop.timeline.painter.paint_library` and the graph by
`desktop.graph.painter.render_graph`, on a QImage (PNG), a QSvgGenerator (SVG: vector shapes
and <text>) or a QPdfWriter (PDF: vectors, one page per slice of a long range). Files are
written through `db.atomic.atomic_write`. Needs a QGuiApplication (offscreen is fine).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from db.atomic import atomic_write, check_target
from db.engine import Library
from db.errors import ExportError
from db.progress import Progress, no_progress
from db.queries import EventFilter, count_in_window, key_extent

if TYPE_CHECKING:
    from desktop.timeline.scene import TimelineScene

FORMATS = ("png", "svg", "pdf")
VIEWS = ("timeline", "graph")
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
PAGE_SIZES |= {"Letter": QPageSize.PageSizeId.Letter, "Legal": QPageSize.PageSizeId.Legal}
SCREEN_DPI = 96
MAX_PIXELS = 400_000_000  # 20,000 x 20,000: beyond this a PNG export would exhaust memory
EVENTS_PER_PAGE = 60
MAX_PAGES = 50
MAX_SVG_SIDE = 20_000
_PDF_MARGIN_MM = 10.0


@dataclass(frozen=True)
class ImageOptions:
    """What to draw and how big. Width and height are the PNG's pixels (SVG: its size)."""

    view: str = "timeline"
    width: int = 1600
    height: int = 900
    dpi: int = SCREEN_DPI  # PNG: above 96 draws text and marks finer (HiDPI), same pixels
    start_key: int | None = None  # None: the library's whole span
    end_key: int | None = None
    filt: EventFilter | None = None
    lane_by: str = "actor"
    title: str = ""
    legend: bool = True
    page_size: str = "A4"
    landscape: bool = True
    pages: int = 0  # PDF pages; 0: as many as the events need (about EVENTS_PER_PAGE each)
    band_tag: str | None = "era"  # events with this tag drawn as era bands (None: as events)
    relations: bool = False  # arrows between related events


def image_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"{path.name}: pictures are written as .png, .svg or .pdf.")
    return fmt


def time_range(lib: Library, options: ImageOptions) -> tuple[int, int]:
    """The options' range, or the (filtered) library's whole span with margins."""
    if options.start_key is not None and options.end_key is not None:
        if options.end_key <= options.start_key:
            raise ExportError("The end of the range must come after its start.")
        return options.start_key, options.end_key
    extent = key_extent(lib, options.filt)
    if extent is None:
        raise ExportError("There are no events to draw (in this filter).")
    low, high = extent
    span = max(high - low, 86_400)
    # Labels are drawn right of their marks: leave room for those of the last events.
    return low - span // 40, high + span // 6


# ---------------------------------------------------------------- painting


def _paint_timeline(
    painter: QPainter,
    rect: QRectF,
    lib: Library,
    options: ImageOptions,
    scroll: float = 0.0,
    sized: Sized | None = None,
) -> None:
    from desktop.timeline.painter import paint_library

    start, end = time_range(lib, options)
    scene = sized.scene if sized is not None and sized.measures_as(painter) else None
    paint_library(
        painter, rect, lib, start, end, options.filt, options.lane_by,
        title=options.title or None, legend=options.legend, scroll_y=scroll,
        band_tag=options.band_tag, relations=options.relations, scene=scene,
    )  # fmt: skip


def _paint_graph(painter: QPainter, rect: QRectF, lib: Library, options: ImageOptions) -> None:
    from desktop.graph.offline import graph_scene
    from desktop.graph.painter import render_graph

    window = None
    if options.start_key is not None and options.end_key is not None:
        window = (options.start_key, options.end_key)
    scene = graph_scene(lib, window=window)
    painter.fillRect(rect, scene.style.background)
    if options.title:
        head = QRectF(rect.left(), rect.top(), rect.width(), 34.0)
        font = QFont(painter.font())
        font.setPointSizeF(font.pointSizeF() + 4)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1d1d1f"))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(head.adjusted(10, 0, -10, 0), align, options.title)
        rect = rect.adjusted(0, head.height(), 0, 0)
    render_graph(painter, rect, scene)


def paint(
    painter: QPainter, rect: QRectF, lib: Library, options: ImageOptions, sized: Sized | None = None
) -> None:
    """Draw the chosen view into `rect` of any paint device (also used for previews); `sized`:
    what `sized_to_content` built for these options, so the timeline's scene is built once."""
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if options.view == "graph":
        _paint_graph(painter, rect, lib, options)
    else:
        _paint_timeline(painter, rect, lib, options, sized=sized)


# ---------------------------------------------------------------- sizing to the content


@dataclass(frozen=True)
class Sized:
    """Options grown to hold every lane, and the timeline scene that was measured for it."""

    options: ImageOptions
    scene: TimelineScene | None = None
    fonts: tuple[str, int, int] | None = None  # what the scene's labels were measured with

    def measures_as(self, painter: QPainter) -> bool:
        """True if `painter` lays labels out as the scene was (same fonts and resolution),
        so painting it there draws what a scene built anew would."""
        return self.fonts == _label_fonts(painter)


def _label_fonts(painter: QPainter) -> tuple[str, int, int]:
    """What label widths depend on: the label font, and the resolution it is measured at (the
    device's; a 192 dpi PNG measures text twice as wide as the 96 dpi screen)."""
    from desktop.timeline.theme import label_font

    device = painter.device()
    return label_font(QFont(painter.font())).key(), device.logicalDpiX(), device.logicalDpiY()


def _lanes_scene(
    lib: Library, options: ImageOptions, width: float, height: float
) -> tuple[TimelineScene, tuple[str, int, int]]:
    """The scene of all the lanes of the timeline drawn `width` wide (every row of every lane),
    and the fonts its labels were measured with."""
    from desktop.timeline.painter import HEADER_WIDTH, chrome_height, library_scene

    start, end = time_range(lib, options)
    chrome = chrome_height(title=bool(options.title), legend=options.legend)
    lanes = QRectF(0, 0, max(1.0, width - HEADER_WIDTH), max(1.0, height - chrome))
    probe = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(probe)  # the fonts the picture is drawn with
    try:
        scene = library_scene(
            painter, lanes, lib, start, end, options.filt, options.lane_by,
            band_tag=options.band_tag, relations=options.relations,
        )  # fmt: skip
        fonts = _label_fonts(painter)
    finally:
        painter.end()
    return scene, fonts


def _lanes_height(lib: Library, options: ImageOptions, width: float, height: float) -> float:
    """Height of all the lanes of the timeline drawn `width` wide (every row of every lane)."""
    return _lanes_scene(lib, options, width, height)[0].height


def sized_to_content(lib: Library, options: ImageOptions) -> Sized:
    """`options` grown in height so the picture holds every lane (never shrunk, never cut),
    with the scene measured for it (to paint)."""
    if options.view != "timeline":
        return Sized(options)
    from desktop.timeline.painter import chrome_height

    ratio = max(options.dpi, 24) / SCREEN_DPI
    width, height = options.width / ratio, options.height / ratio
    chrome = chrome_height(title=bool(options.title), legend=options.legend)
    scene, fonts = _lanes_scene(lib, options, width, height)
    needed = chrome + scene.height + 2
    grown = replace(options, height=max(options.height, math.ceil(needed * ratio)))
    return Sized(grown, scene, fonts)


def fit_to_content(lib: Library, options: ImageOptions) -> ImageOptions:
    """`options` grown in height so the picture holds every lane (never shrunk, never cut)."""
    return sized_to_content(lib, options).options


# ---------------------------------------------------------------- devices


def _png_bytes(lib: Library, options: ImageOptions) -> bytes:
    if options.width < 16 or options.height < 16:
        raise ExportError("A picture must be at least 16 x 16 pixels.")
    sized = sized_to_content(lib, options)
    options = sized.options
    if options.width * options.height > MAX_PIXELS:
        raise ExportError(
            f"{options.width:,} x {options.height:,} pixels is too big; keep it under "
            "400 million pixels (e.g. 20,000 x 20,000)."
        )
    ratio = max(options.dpi, 24) / SCREEN_DPI
    image = QImage(options.width, options.height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError("Not enough memory for a picture that big.")
    image.setDevicePixelRatio(ratio)
    dots_per_metre = round(options.dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        rect = QRectF(0, 0, options.width / ratio, options.height / ratio)
        paint(painter, rect, lib, options, sized)
    finally:
        painter.end()
    return _encoded(image)


def _encoded(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub says bytes for the format; at run time only str is accepted.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ExportError("The picture could not be encoded as PNG.")
    buffer.close()
    return bytes(data.data())


# Characters XML 1.0 forbids; a name holding one (\x01 from a pasted text) would make the
# whole SVG unreadable, so it becomes U+FFFD.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_svg_size(options: ImageOptions) -> None:
    if not (16 <= options.width <= MAX_SVG_SIDE and 16 <= options.height <= MAX_SVG_SIDE):
        raise ExportError(
            f"An SVG picture is 16 to {MAX_SVG_SIDE:,} points wide and high (the limit); "
            f"{options.width:,} x {options.height:,} is not."
        )


def _svg_bytes(lib: Library, options: ImageOptions) -> bytes:
    # The drawing (ticks, labels, marks) grows with the size: bound it like a PNG's, before
    # and after growing it to hold every lane.
    _check_svg_size(options)
    sized = sized_to_content(lib, options)
    options = sized.options
    _check_svg_size(options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(options.width, options.height))
    generator.setViewBox(QRect(0, 0, options.width, options.height))
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(options.title or f"{lib.path.stem} — {options.view}")
    generator.setDescription("Drawn by Chronicle")
    painter = QPainter(generator)
    try:
        paint(painter, QRectF(0, 0, options.width, options.height), lib, options, sized)
    finally:
        painter.end()
    buffer.close()
    return _NOT_XML.sub("\ufffd".encode(), bytes(data.data()))


def page_ranges(lib: Library, options: ImageOptions) -> list[tuple[int, int]]:
    """The consecutive slices of the range, one per PDF page."""
    start, end = time_range(lib, options)
    pages = options.pages
    if pages <= 0:
        count = count_in_window(lib, start, end, options.filt)
        pages = max(1, math.ceil(count / EVENTS_PER_PAGE))
    pages = min(pages, MAX_PAGES)
    edges = [start + (end - start) * i // pages for i in range(pages + 1)]
    return list(itertools.pairwise(edges))


def _pdf_pages(
    lib: Library, options: ImageOptions, area: QRectF
) -> list[tuple[int | None, int | None, float]]:
    """(start, end, scroll) of each page: time slices, each continued down on more pages
    until all of its lanes are shown."""
    if options.view == "graph":
        return [(options.start_key, options.end_key, 0.0)]
    from desktop.timeline.painter import chrome_height

    pages: list[tuple[int | None, int | None, float]] = []
    for start, end in page_ranges(lib, options):
        sliced = replace(options, start_key=start, end_key=end, title=options.title or "x")
        room = area.height() - chrome_height(title=True, legend=options.legend)
        height = _lanes_height(lib, sliced, area.width(), area.height())
        downs = max(1, math.ceil(height / max(room, 1.0)))
        pages += [(start, end, room * down) for down in range(downs)]
    return pages[: MAX_PAGES * 4]


def _pdf_bytes(lib: Library, options: ImageOptions, progress: Progress) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    orientation = QPageLayout.Orientation.Portrait
    if options.landscape:
        orientation = QPageLayout.Orientation.Landscape
    layout = QPageLayout(
        QPageSize(PAGE_SIZES.get(options.page_size, QPageSize.PageSizeId.A4)),
        orientation,
        QMarginsF(*[_PDF_MARGIN_MM] * 4),
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    writer.setResolution(SCREEN_DPI)  # so 1 unit is 1 screen pixel: fonts as on screen
    writer.setTitle(options.title or lib.path.stem)
    writer.setCreator("Chronicle")
    area = QRectF(layout.paintRectPixels(SCREEN_DPI))
    area.moveTo(0, 0)
    pages = _pdf_pages(lib, options, area)
    painter = QPainter(writer)
    try:
        for number, (start, end, scroll) in enumerate(pages, 1):
            if number > 1:
                writer.newPage()
            title = options.title
            if len(pages) > 1:
                title = f"{title} ({number}/{len(pages)})".strip()
            page = replace(options, start_key=start, end_key=end, title=title)
            if page.view == "graph":
                paint(painter, area, lib, page)
            else:
                _paint_timeline(painter, area, lib, page, scroll)
            progress(number, len(pages))
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def render_bytes(
    lib: Library, fmt: str, options: ImageOptions, progress: Progress = no_progress
) -> bytes:
    """The picture's file content in `fmt` (png, svg or pdf)."""
    if options.view not in VIEWS:
        raise ExportError(f"There is no view called {options.view!r} ({', '.join(VIEWS)}).")
    if fmt == "pdf":
        return _pdf_bytes(lib, options, progress)
    if fmt == "svg":
        return _svg_bytes(lib, options)
    return _png_bytes(lib, options)


def export_image(
    lib: Library, path: Path | str, options: ImageOptions, *, progress: Progress = no_progress
) -> Path:
    """Draw the timeline or graph into `path` (.png, .svg or .pdf), written atomically."""
    path = Path(path)
    check_target(path, [lib.path])
    progress(0, 1)
    content = render_bytes(lib, image_format(path), options, progress)
    with atomic_write(path, "wb", protect=[lib.path]) as fh:
        fh.write(content)
    progress(1, 1)
    return path


def export_timeline_image(
    lib: Library, path: Path | str, options: ImageOptions, *, progress: Progress = no_progress
) -> Path:
    return export_image(lib, path, replace(options, view="timeline"), progress=progress)


def preview_image(
    lib: Library, options: ImageOptions, width: int, height: int, ratio: float = 1.0
) -> QImage:
    """A small picture of what the export will look like (the first page for PDFs)."""
    size = (round(width * ratio), round(height * ratio))
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        paint(painter, QRectF(0, 0, width, height), lib, options)
    finally:
        painter.end()
    return image
