"""Era bands and relation arrows in exported pictures (the screen's painter draws both)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from db.dates import parse_date
from db.exchange.imports import import_timeline
from desktop.export.images import ImageOptions, export_image

ERAS = Path(__file__).parents[2] / "fixtures" / "timelineproj" / "eras.timeline"


def _column_colours(image: QImage, x: int) -> set[int]:
    rows = range(image.height() - 60, image.height() - 40)  # below the lanes, above the titles
    return {QColor(image.pixel(x, y)).rgb() for y in rows}


def test_exported_picture_has_the_era_bands_and_can_leave_them_out(qapp, lib, tmp_path):
    import_timeline(lib, ERAS)
    start, end = parse_date("1940").start_key, parse_date("2005").end_key
    options = ImageOptions(width=1400, height=500, start_key=start, end_key=end, legend=False)
    with_bands = QImage(str(export_image(lib, tmp_path / "bands.png", options)))
    plain = QImage(
        str(export_image(lib, tmp_path / "plain.png", ImageOptions(**{
            **options.__dict__, "band_tag": None}))),
    )  # fmt: skip
    # 1980 lies inside "Détente and late Cold War": tinted with bands, white without.
    x = round(168 + (parse_date("1980").start_key - start) / (end - start) * (1400 - 168))
    assert _column_colours(with_bands, x) != {QColor("white").rgb()}
    assert _column_colours(plain, x) == {QColor("white").rgb()}


def test_exported_picture_draws_relations_when_asked(qapp, lib, tmp_path):
    import_timeline(lib, ERAS)
    start, end = parse_date("1948-03").start_key, parse_date("1949-08").end_key
    base = {"width": 1400, "height": 400, "start_key": start, "end_key": end, "legend": False}
    without = QImage(str(export_image(lib, tmp_path / "a.png", ImageOptions(**base))))
    drawn = QImage(str(export_image(lib, tmp_path / "b.png", ImageOptions(**base, relations=True))))
    purple = QColor("#7b5cc4")

    def purple_pixels(image: QImage) -> int:
        return sum(
            1
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if abs(QColor(image.pixel(x, y)).hue() - purple.hue()) < 12
            and QColor(image.pixel(x, y)).saturation() > 60
        )

    assert purple_pixels(drawn) > purple_pixels(without) + 30
