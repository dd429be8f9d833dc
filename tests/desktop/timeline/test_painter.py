"""The painter on any paint device, from a library and a time range (what exports use)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from db.dates import parse_date
from db.queries import EventFilter
from desktop.timeline.painter import paint_library


def test_paint_library_draws_a_range_to_an_image_a_pdf_and_an_svg(qapp, demo_lib, tmp_path):
    from PySide6.QtSvg import QSvgGenerator

    start, end = parse_date("2024").start_key, parse_date("2025").end_key
    image = QImage(1600, 900, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    labels = paint_library(painter, QRectF(0, 0, 1600, 900), demo_lib, start, end, title="Demo")
    painter.end()
    assert len(labels) > 10
    assert all(rect.left() >= 0 and rect.left() < 1600 for rect in labels)

    pdf = QPdfWriter(str(tmp_path / "timeline.pdf"))
    pdf.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(pdf)
    filt = EventFilter(categories=("summit", "security"))
    rect = QRectF(0, 0, pdf.width(), pdf.height())
    assert paint_library(painter, rect, demo_lib, start, end, filt, "category", legend=True)
    painter.end()
    assert (tmp_path / "timeline.pdf").stat().st_size > 5_000

    svg = QSvgGenerator()
    svg.setFileName(str(tmp_path / "timeline.svg"))
    svg.setSize(QSize(1200, 700))
    painter = QPainter(svg)
    paint_library(painter, QRectF(0, 0, 1200, 700), demo_lib, start, end, lane_by="none")
    painter.end()
    text = (tmp_path / "timeline.svg").read_text()
    assert "<svg" in text and "2024" in text
