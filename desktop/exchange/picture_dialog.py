"""Export Picture: the timeline or graph as PNG, SVG or PDF, with a small live preview.

The range starts as the timeline's visible window, the lanes and filters as the timeline's.
PNG takes a size in pixels and a resolution (192 dpi draws text twice as finely); PDF takes a
page size, an orientation and a number of pages (0: as many as the events need).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.dates import key_to_civil
from db.progress import Progress
from db.queries import EventFilter
from db.queries.layers import ERA_TAG
from desktop.export.images import (
    FORMATS,
    PAGE_SIZES,
    ImageOptions,
    fit_to_content,
    preview_image,
)
from desktop.jobs import Job, start
from desktop.plain_text import plain_label
from desktop.widgets.date_field import DateField, readable
from desktop.workspace import Workspace

LANES = (("Actors", "actor"), ("Tags", "tag"), ("Categories", "category"), ("None", "none"))
PREVIEW_SIZE = QSize(440, 248)
_PREVIEW_DELAY_MS = 300
_FILTERS = {
    "png": "PNG picture (*.png)",
    "svg": "SVG drawing (*.svg)",
    "pdf": "PDF document (*.pdf)",
}


def day_text(key: int) -> str:
    """EDTF of the day holding `key` (what the date fields start with)."""
    year, month, day = key_to_civil(key)[:3]
    return f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}"


def _spin(
    parent: QWidget, low: int, high: int, value: int, name: str, suffix: str = ""
) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setObjectName(name)
    box.setAccessibleName(name.replace("_", " ").capitalize())
    return box


class ExportPictureDialog(QDialog):
    """Options of a picture export; emits export_requested(path, ImageOptions)."""

    export_requested = Signal(object, object)

    def __init__(self, workspace: Workspace, view: str = "timeline"):
        super().__init__(workspace.parent)
        self.setObjectName("export_picture_dialog")
        self.controller, self.timeline = workspace.controller, workspace.timeline
        self.view = view
        self.setWindowTitle(
            "Export Timeline Picture" if view == "timeline" else "Export Graph Picture"
        )
        self._preview_jobs: list[Job] = []
        self._preview_serial = 0
        self._build()
        self._start_values()
        self._timer = QTimer(self, singleShot=True, interval=_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._render_preview)
        for signal in self._changes():
            signal.connect(self._options_changed)
        self._options_changed()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("picture_format")
        self.format_combo.setAccessibleName("Format")
        for fmt, label in (
            ("png", "PNG picture"),
            ("svg", "SVG drawing (vector)"),
            ("pdf", "PDF document (vector)"),
        ):
            self.format_combo.addItem(label, fmt)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("picture_path")
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("&Choose…", self)
        browse.clicked.connect(self._browse)
        path_row = QWidget(self)
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.whole = QCheckBox("The whole library", self)
        self.whole.setObjectName("whole_range")
        self.start_field, self.end_field = DateField(self), DateField(self)
        self.start_field.setAccessibleName("From")
        self.end_field.setAccessibleName("To")
        self.lanes = QComboBox(self)
        self.lanes.setObjectName("picture_lanes")
        self.lanes.setAccessibleName("Lanes")
        for text, mode in LANES:
            self.lanes.addItem(text, mode)
        self.use_filters = QCheckBox("Only the events the timeline's filters show", self)
        self.use_filters.setObjectName("use_filters")
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("picture_title")
        self.title_edit.setAccessibleName("Title")
        self.legend = QCheckBox("Legend", self)
        self.legend.setObjectName("picture_legend")
        # As the timeline shows them (View menu), unless changed here.
        bands, relations = self.timeline.timeline_layers()
        self.bands = QCheckBox("Eras as bands behind the lanes", self)
        self.bands.setObjectName("picture_bands")
        self.bands.setChecked(bands)
        self.relations = QCheckBox("Relations between events", self)
        self.relations.setObjectName("picture_relations")
        self.relations.setChecked(relations)
        self.width_box = _spin(self, 200, 20_000, 1600, "picture_width", " px")
        self.height_box = _spin(self, 150, 20_000, 900, "picture_height", " px")
        self.dpi_box = _spin(self, 48, 600, 96, "picture_dpi", " dpi")
        self.dpi_box.setToolTip("192 dpi draws text and marks twice as finely in the same pixels")
        self.page_size = QComboBox(self)
        self.page_size.setObjectName("page_size")
        self.page_size.setAccessibleName("Page size")
        self.page_size.addItems(list(PAGE_SIZES))
        self.portrait = QCheckBox("Portrait pages", self)
        self.portrait.setObjectName("portrait")
        self.pages_box = _spin(self, 0, 50, 0, "pdf_pages")
        self.pages_box.setSpecialValueText("as many as needed")
        self.preview = QLabel(self)
        self.preview.setObjectName("picture_preview")
        self.preview.setAccessibleName("Preview")
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { border: 1px solid palette(mid); }")
        self.message = plain_label("", self)
        self.message.setObjectName("picture_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("File:", path_row)
        form.addRow("", self.whole)
        form.addRow("From:", self.start_field)
        form.addRow("To:", self.end_field)
        timeline_only = (
            self.lanes, self.use_filters, self.legend, self.bands, self.relations, self.pages_box,
        )  # fmt: skip
        if self.view == "timeline":
            form.addRow("Lanes:", self.lanes)
            form.addRow("", self.use_filters)
        form.addRow("Title:", self.title_edit)
        if self.view == "timeline":
            form.addRow("", self.legend)
            form.addRow("", self.bands)
            form.addRow("", self.relations)
        self.size_row = self._pair(self.width_box, "×", self.height_box)
        form.addRow("Size:", self.size_row)
        form.addRow("Resolution:", self.dpi_box)
        form.addRow("Pages:", self._pair(self.page_size, "", self.portrait))
        if self.view == "timeline":
            form.addRow("Number of pages:", self.pages_box)
        else:
            for widget in timeline_only:  # the graph is one picture, without lanes or legend
                widget.hide()
        self.form = form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("export_button")
        self.export_button.clicked.connect(self._export_clicked)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(form, 1)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.message)
        side.addStretch(1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)

    def _pair(self, first: QWidget, between: str, second: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first)
        if between:
            row.addWidget(plain_label(between, box))
        row.addWidget(second)
        row.addStretch(1)
        return box

    def _start_values(self) -> None:
        controller = self.controller
        stem = controller.path.stem if controller.path else "chronicle"
        self.path_edit.setText(str(Path.home() / f"{stem}-{self.view}.png"))
        visible = self.timeline.visible_window()
        if visible is not None and visible[1] > visible[0]:
            # As the inspector shows dates ("1 Oct 731 BC", not "-0730-10-01").
            self.start_field.setText(readable(day_text(visible[0])))
            self.end_field.setText(readable(day_text(visible[1] - 1)))
        else:
            self.whole.setChecked(True)
        self.lanes.setCurrentIndex(max(0, self.lanes.findData(self.timeline.lane_by())))
        self.use_filters.setChecked(True)
        self.legend.setChecked(True)
        self.title_edit.setText(stem)

    def _changes(self) -> tuple[SignalInstance, ...]:
        return (
            self.format_combo.currentIndexChanged,
            self.whole.toggled,
            self.start_field.edit.textChanged,
            self.end_field.edit.textChanged,
            self.lanes.currentIndexChanged,
            self.use_filters.toggled,
            self.title_edit.textChanged,
            self.legend.toggled,
            self.bands.toggled,
            self.relations.toggled,
            self.width_box.valueChanged,
            self.height_box.valueChanged,
            self.dpi_box.valueChanged,
            self.page_size.currentIndexChanged,
            self.portrait.toggled,
            self.pages_box.valueChanged,
        )

    # -- options --------------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        fmt: str = self.format_combo.currentData()  # a key of _FILTERS, set in _build
        return fmt

    def _filter(self) -> EventFilter | None:
        if self.view != "timeline" or not self.use_filters.isChecked():
            return None
        filt = self.timeline.timeline_filter()
        return None if filt.is_empty() else filt

    def range_error(self) -> str | None:
        """Why the range cannot be used, or None."""
        if self.whole.isChecked():
            return None
        start, end = self.start_field.parsed(), self.end_field.parsed()
        if start is None or end is None:
            return "Write both dates of the range, or tick “The whole library”."
        if end.end_key <= start.start_key:
            return "The range must end after it starts."
        return None

    def options(self) -> ImageOptions:
        start: int | None = None
        end: int | None = None
        first, last = self.start_field.parsed(), self.end_field.parsed()
        if not self.whole.isChecked() and self.range_error() is None:
            assert first is not None and last is not None  # else range_error() would say so
            start, end = first.start_key, last.end_key
        pdf = self.fmt == "pdf"
        return ImageOptions(
            view=self.view,
            width=self.width_box.value(),
            height=self.height_box.value(),
            dpi=self.dpi_box.value(),
            start_key=start,
            end_key=end,
            filt=self._filter(),
            lane_by=self.lanes.currentData(),
            title=self.title_edit.text().strip(),
            legend=self.legend.isChecked(),
            band_tag=ERA_TAG if self.bands.isChecked() else None,
            relations=self.relations.isChecked(),
            page_size=self.page_size.currentText(),
            landscape=not self.portrait.isChecked(),
            pages=self.pages_box.value() if pdf else 1,
        )

    def path(self) -> Path:
        chosen = Path(self.path_edit.text().strip())
        return chosen.with_suffix(f".{self.fmt}")

    def _options_changed(self, *_args: object) -> None:
        fmt = self.fmt
        for widget in (self.start_field, self.end_field):
            widget.setEnabled(not self.whole.isChecked())
        self.dpi_box.setEnabled(fmt == "png")
        self.size_row.setEnabled(fmt != "pdf")
        for pdf_only in (self.page_size, self.portrait, self.pages_box):
            pdf_only.setEnabled(fmt == "pdf")
        if self.path_edit.text().strip():
            self.path_edit.setText(str(self.path()))
        error = self.range_error()
        self.message.setText(error or "")
        self.export_button.setEnabled(error is None and bool(self.path_edit.text().strip()))
        self._timer.start()

    def _browse(self) -> None:
        fmt = self.fmt
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Picture", str(self.path()), _FILTERS[fmt]
        )
        if path:
            self.path_edit.setText(str(Path(path).with_suffix(f".{fmt}")))

    # -- preview --------------------------------------------------------------------------
    def _render_preview(self) -> None:
        if self.range_error() is not None or not self.controller.is_open:
            return
        options = self.options()
        if options.view == "timeline" and self.fmt == "pdf":
            options = replace(options, pages=1)
        width, height = PREVIEW_SIZE.width(), PREVIEW_SIZE.height()
        ratio = self.devicePixelRatioF()
        lib = self.controller.lib
        fmt = self.fmt

        self._preview_serial += 1
        serial = self._preview_serial

        def work(_progress: Progress) -> tuple[int, QImage, ImageOptions]:
            fitted = fit_to_content(lib, options) if fmt != "pdf" else options
            scale = max(fitted.width / width, fitted.height / height, 1.0)
            shown = replace(
                fitted, width=round(fitted.width / scale), height=round(fitted.height / scale)
            )
            return serial, preview_image(lib, shown, shown.width, shown.height, ratio), fitted

        job = Job(work, "Preview")
        # Bound methods of this dialog, not lambdas: Qt drops the connection when the dialog
        # is gone, so a preview finishing after Close no longer touches deleted widgets.
        job.signals.finished.connect(self._show_preview)
        job.signals.failed.connect(self.message.setText)
        self._preview_jobs = [j for j in self._preview_jobs if not j.done.is_set()] + [job]
        start(job)

    def _show_preview(self, result: tuple[int, QImage, ImageOptions]) -> None:
        serial, image, fitted = result
        if serial != self._preview_serial:
            return  # an older preview
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.message.setText(self._size_note(fitted))

    def _size_note(self, fitted: ImageOptions) -> str:
        """Say how the picture differs from the size asked for, so nothing is a surprise."""
        if fitted.view != "timeline":
            return ""
        if self.fmt == "pdf":
            return "Lanes that do not fit a page continue on the next page."
        if fitted.height > self.height_box.value():
            return (
                f"The picture grows to {fitted.width} × {fitted.height} px so that every lane fits."
            )
        return ""

    def _export_clicked(self) -> None:
        if self.range_error() is not None or self.fmt not in FORMATS:
            return
        self.export_requested.emit(self.path(), self.options())
        self.accept()
