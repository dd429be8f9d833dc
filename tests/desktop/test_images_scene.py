"""A timeline picture builds its scene once: sizing the picture and painting it share it."""

from __future__ import annotations

import pytest

from db.queries import key_extent
from desktop.export import images
from desktop.export.images import ImageOptions, export_image
from desktop.timeline import loader, painter


@pytest.fixture
def scenes_built(monkeypatch):
    """How many timeline scenes a picture asked the library for."""
    built = []
    original = painter.library_scene

    def counted(*args, **kwargs):
        built.append(args[4:6])  # start and end key
        return original(*args, **kwargs)

    monkeypatch.setattr(painter, "library_scene", counted)
    return built


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_picture_paints_the_scene_it_was_sized_with(
    qapp, demo_lib, tmp_path, scenes_built, monkeypatch, suffix
):
    options = ImageOptions(width=1400, height=600, title="Demo")
    once = export_image(demo_lib, tmp_path / f"once.{suffix}", options).read_bytes()
    assert len(scenes_built) == 1
    # Built anew for the painting (as before), the picture is the same, byte for byte.
    monkeypatch.setattr(images.Sized, "measures_as", lambda _self, _painter: False)
    twice = export_image(demo_lib, tmp_path / f"twice.{suffix}", options).read_bytes()
    assert len(scenes_built) == 3
    assert once == twice


def test_a_finer_png_lays_its_labels_out_again_for_its_fonts(
    qapp, demo_lib, tmp_path, scenes_built
):
    # At 192 dpi the labels are measured twice as wide as at the 96 dpi the picture is sized
    # with, so the scene sized with cannot be painted.
    export_image(demo_lib, tmp_path / "fine.png", ImageOptions(width=1200, height=700, dpi=192))
    assert len(scenes_built) == 2


def test_a_scene_over_the_whole_span_skips_the_overview_and_equals_one_with_it(
    demo_lib, monkeypatch
):
    lo, hi = key_extent(demo_lib)

    def scene(start, end):
        return loader.scene_for_window(demo_lib, start, end, None, "actor", width=900, height=500)

    spans_all = loader._spans_all
    monkeypatch.setattr(loader, "_spans_all", lambda *_args: False)
    with_overview = scene(lo - 10, hi + 10)
    monkeypatch.setattr(loader, "_spans_all", spans_all)

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the overview was counted")

    monkeypatch.setattr(loader, "bucket_counts", no_scan)
    assert scene(lo - 10, hi + 10) == with_overview
    with pytest.raises(AssertionError, match="overview"):  # a part of the span still needs it
        scene(lo, (lo + hi) // 2)
