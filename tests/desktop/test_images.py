"""Pictures of the timeline and graph: PNG of the asked size, SVG with real text, paged PDF."""

from __future__ import annotations

import re

import defusedxml.ElementTree as SafeET
import pytest
from PySide6.QtGui import QImage

from db import queries
from db.dates import parse_date
from db.errors import ExportError
from desktop.export.images import ImageOptions, export_image, page_ranges

SVG = "{http://www.w3.org/2000/svg}"


def _texts(path) -> set[str]:
    root = SafeET.parse(path).getroot()
    return {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}


def test_png_has_the_requested_width_and_grows_to_hold_every_lane(qapp, demo_lib, tmp_path):
    path = export_image(demo_lib, tmp_path / "t.png", ImageOptions(width=1200, height=700, dpi=192))
    image = QImage(str(path))
    # 40 actor lanes cannot fit 700 pixels: the picture grows instead of cutting lanes off.
    assert image.width() == 1200 and image.height() > 1400
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 700, 23)}
    assert len(colours) > 20  # lanes, marks and text, not a blank page
    assert round(image.dotsPerMeterX() * 0.0254) == 192


def test_svg_is_vector_xml_with_the_event_titles_as_text(qapp, demo_lib, tmp_path):
    start, end = parse_date("2024-06").start_key, parse_date("2024-07").end_key
    options = ImageOptions(
        width=2400, height=1400, start_key=start, end_key=end, title="June 2024", lane_by="none"
    )
    path = export_image(demo_lib, tmp_path / "t.svg", options)
    raw = path.read_text(encoding="utf-8")
    assert "<image" not in raw  # drawn as shapes, not a bitmap
    texts = _texts(path)
    assert "June 2024" in texts
    titles = {e.title for e in queries.events_in_window(demo_lib, start, end)}
    # Labels that do not fit are elided or counted in clusters; the rest are whole <text>s.
    assert len(titles & texts) >= 5
    assert "Seoul and Tokyo mend relations" in texts


def test_pdf_pages_split_a_long_range(qapp, demo_lib, tmp_path):
    options = ImageOptions(title="Demo", pages=3, page_size="A3", landscape=False)
    assert len(page_ranges(demo_lib, options)) == 3
    raw = export_image(demo_lib, tmp_path / "t.pdf", options).read_bytes()
    assert raw.startswith(b"%PDF")
    # Three slices of time; each continues on a second page for the lanes that do not fit.
    assert 3 < len(re.findall(rb"/Type\s*/Page[^s]", raw)) <= 6


def test_graph_picture(qapp, demo_lib, tmp_path):
    path = export_image(demo_lib, tmp_path / "g.svg", ImageOptions(view="graph", title="Network"))
    assert {"Network", "Japan", "United States"} <= _texts(path)


def test_bad_requests_are_refused_with_a_reason(qapp, demo_lib, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ExportError, match="400 million pixels"):
        export_image(demo_lib, tmp_path / "x.png", ImageOptions(width=30_000, height=30_000))
    with pytest.raises(ExportError, match=r"\.png, \.svg or \.pdf"):
        export_image(demo_lib, tmp_path / "x.gif", ImageOptions())
    with pytest.raises(ExportError, match="must come after its start"):
        export_image(demo_lib, tmp_path / "x.png", ImageOptions(start_key=10, end_key=5))
    assert not list(tmp_path.iterdir())
