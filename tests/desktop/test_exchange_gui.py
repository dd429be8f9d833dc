"""File ▸ Import / Export as a user meets them: jobs with progress, undo, the mapping dialog."""

from __future__ import annotations

import threading

import pytest
from editing_support import answer_next_dialog, library_state
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPushButton

from db import queries
from db.exchange.json_ import export_json
from db.exchange.spreadsheet import ColumnMapping
from desktop.dialogs import job_progress
from desktop.dialogs.job_progress import run_job
from desktop.dialogs.spreadsheet_import import SpreadsheetImportDialog
from desktop.exchange.picture_dialog import ExportPictureDialog, day_text
from desktop.export.images import ImageOptions


def _wait(qtbot, job, timeout=5000):
    """Until the job, and any job it started (reading, then importing), has reported back."""
    qtbot.waitUntil(lambda: not job_progress._running, timeout=timeout)


def _message_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_file_menu_offers_every_format(window):
    exchange = window.exchange
    imports = [a.text().replace("&", "") for a in exchange.import_menu.actions() if a.text()]
    assert imports == [
        "Chronicle JSON…",
        "Chronicle CSV or Zip…",
        "Spreadsheet (Map Columns)…",
        "TimelineJS JSON or CSV…",
        "BibTeX…",
        "CSL-JSON (Zotero)…",
        "Text, Markdown or HTML as Sources…",
        "ACLED CSV…",
        "Wikidata Query Results…",
        "Timeline (thetimelineproj) File…",
        "iCalendar (.ics)…",
        "GDELT 2.0 Events (Filtered)…",
    ]
    exports = [a.text().replace("&", "") for a in exchange.export_menu.actions() if a.text()]
    assert "GEXF (Gephi)…" in exports and "Graph Picture (PNG, SVG, PDF)…" in exports
    file_menu = window.menuBar().actions()[0].menu()
    titles = [a.text() for a in file_menu.actions()]
    assert titles.index("&Import") == titles.index("Open &Recent") + 1


def test_an_import_runs_as_a_job_and_is_one_undo_step(qtbot, window, tmp_path):
    path = export_json(window.controller.lib, tmp_path / "copy.json")  # UUIDs and all
    asked: list[str] = []
    answer_next_dialog("Add as New", asked)  # a re-import of our own export asks first
    job = window.exchange.import_file("json", path)
    _wait(qtbot, job)
    assert asked[0] == (
        "copy.json holds 57 events, 40 actors, 3 sources and 42 relations that this library "
        "already has."
    )
    lib = window.controller.lib
    assert queries.count_events(lib) == 114
    with lib.read() as conn:  # the copies have identities of their own
        assert conn.exec_driver_sql("SELECT count(DISTINCT uuid) FROM event").scalar() == 114
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Import copy.json"
    assert "Imported 13 tags" not in window.statusBar().currentMessage()  # tags were known
    assert "57 events" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert queries.count_events(lib) == 57
    window.undo_stack.redo()
    assert queries.count_events(lib) == 114
    assert queries.entity_counts(lib)["relation"] == 84


def test_a_failed_import_shows_the_reason_as_plain_text_and_changes_nothing(
    qtbot, window, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text("id,title,when\n1,<b>Fine</b>,2024\n2,Broken,2023-02-30\n", encoding="utf-8")
    job = window.exchange.import_file("csv", path)
    _wait(qtbot, job)
    (box,) = _message_boxes(window)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "bad.csv, row 3 (line 3)" in box.text() and "Nothing was imported" in box.text()
    assert queries.count_events(window.controller.lib) == 57
    assert window.undo_stack.count() == 0
    box.close()


def test_cancelling_an_import_rolls_it_back(qtbot, window, tmp_path):
    rows = ["id,title,when"] + [f"{i},Event {i},{1800 + i % 200}" for i in range(1, 30_001)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    job = window.exchange.import_file("csv", path)
    job.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    _wait(qtbot, job)
    assert job.is_cancelled
    assert queries.count_events(window.controller.lib) == 57
    assert window.undo_stack.count() == 0


def test_run_job_reports_progress_and_results_on_the_ui_thread(qtbot, window):
    seen: list = []

    def work(progress):
        for done in range(5):
            progress(done, 5)
        return "result"

    def done(result):
        seen.append((result, threading.current_thread() is threading.main_thread()))

    job = run_job(window, work, "Counting", done)
    _wait(qtbot, job)
    assert seen == [("result", True)]


def test_exports_write_files_in_the_background(qtbot, window, tmp_path):
    for fmt, name in (("gexf", "g.gexf"), ("zip", "all.zip"), ("timelinejs", "t.json")):
        job = window.exchange.export_file(fmt, tmp_path / name)
        _wait(qtbot, job)
        assert (tmp_path / name).stat().st_size > 1000
    assert window.statusBar().currentMessage().endswith("t.json")


def _user_sheet(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "When;What;Who;Notes\n"
        "28 July 2024;Talks in Gdańsk;Poland, Japan;First round\n"
        "02/03/2024;Summit in 東京;Japan;\n"
        "c. 1990;Something vague;;\n"
        ";No date at all;;\n",
        encoding="utf-8",
    )
    return path


def test_spreadsheet_dialog_shows_failing_rows_and_imports_when_told_to_skip(
    qtbot, window, tmp_path
):
    path = _user_sheet(tmp_path)
    window.exchange.import_sheet(path)
    dialog: SpreadsheetImportDialog = window.exchange.sheet_dialog
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5000)
    assert dialog.combos["when"].currentText() == "When"
    assert dialog.combos["title"].currentText() == "What"
    model = dialog.model
    problems = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert problems["3"].startswith("When: '02/03/2024': all-number dates are ambiguous")
    assert problems["5"] == "When: no date; every event needs one."
    assert problems["2"] == "" and problems["4"] == ""
    assert not dialog.import_button.isEnabled()
    assert "2 of 4 rows would fail" in dialog.summary.text()

    dialog.date_order.setCurrentIndex(dialog.date_order.findData("day-first"))
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.error_count == 1)
    assert not dialog.import_button.isEnabled()
    dialog.skip_box.click()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    lib = window.controller.lib
    imported = {e.title: e.when_edtf for e in queries.list_events(lib, limit=500)}
    assert imported["Summit in 東京"] == "2024-03-02"
    assert imported["Talks in Gdańsk"] == "2024-07-28"
    assert imported["Something vague"] == "1990~"
    assert "No date at all" not in imported
    assert window.undo_stack.undoText() == "Import mine.csv"
    (box,) = _message_boxes(window)  # which rows were left out, and why
    assert "row 5 (line 5)" in box.text()
    box.close()


def test_sheet_preview_model_passes_the_model_tester(qtmodeltester, window, tmp_path):
    from db.exchange.spreadsheet import guess_mapping, preview, validate
    from desktop.dialogs.spreadsheet_import import SheetPreviewModel

    sheet = preview(_user_sheet(tmp_path))
    model = SheetPreviewModel()
    model.set_rows(sheet.headers, sheet.rows)
    model.set_errors(validate(sheet.rows, guess_mapping(sheet.headers, sheet.rows)))
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Problem"


def test_spreadsheet_dialog_needs_a_date_and_a_title_column(qtbot, window, tmp_path):
    window.exchange.import_sheet(_user_sheet(tmp_path))
    dialog = window.exchange.sheet_dialog
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5000)
    dialog.combos["title"].setCurrentIndex(0)  # (none)
    assert dialog.summary.text() == "Choose the column holding the title."
    assert not dialog.import_button.isEnabled()
    assert dialog.mapping() == ColumnMapping(
        {"when": "When", "actors": "Who", "summary": "Notes"}, ",", ";", ""
    )


def test_export_picture_dialog_starts_from_the_timeline_window(qtbot, window, tmp_path):
    qtbot.waitUntil(lambda: window.timeline.scale is not None, timeout=5000)
    window.timeline.set_window(1_500_000_000, 1_700_000_000)  # mid 2017 to late 2023
    dialog = ExportPictureDialog(window.workspace, "timeline")
    qtbot.addWidget(dialog)
    start, end = window.timeline.visible_window()
    assert dialog.start_field.parsed().edtf == day_text(start)  # shown as "14 Jul 2017"
    assert dialog.end_field.parsed().edtf == day_text(end - 1)
    assert dialog.lanes.currentData() == window.timeline.lane_by
    dialog.path_edit.setText(str(tmp_path / "picture.png"))
    dialog.width_box.setValue(900)
    dialog.height_box.setValue(500)
    qtbot.waitUntil(
        lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(),
        timeout=5000,
    )
    requests = []
    dialog.export_requested.connect(lambda path, options: requests.append((path, options)))
    dialog.export_button.click()
    ((path, options),) = requests
    assert path == tmp_path / "picture.png"
    assert (options.width, options.height, options.view) == (900, 500, "timeline")
    assert (options.start_key, options.end_key) == (
        dialog.start_field.parsed().start_key,
        dialog.end_field.parsed().end_key,
    )
    job = window.exchange.export_picture(path, options)
    _wait(qtbot, job)
    image = QImage(str(path))
    assert image.width() == 900 and image.height() > 1000  # grown to hold all 40 lanes
    assert dialog.message.text() == (
        f"The picture grows to 900 × {image.height()} px so that every lane fits."
    )


def test_export_picture_dialog_refuses_a_backwards_range(qtbot, window):
    dialog = ExportPictureDialog(window.workspace, "timeline")
    qtbot.addWidget(dialog)
    dialog.whole.setChecked(False)
    dialog.start_field.setText("2025")
    dialog.end_field.setText("2020")
    assert not dialog.export_button.isEnabled()
    assert dialog.message.text() == "The range must end after it starts."
    dialog.whole.setChecked(True)
    assert dialog.export_button.isEnabled()
    assert isinstance(dialog.options(), ImageOptions) and dialog.options().start_key is None


@pytest.mark.parametrize("view", ["timeline", "graph"])
def test_picture_menu_actions_open_the_dialog(window, view):
    window.exchange.ask_picture(view)
    dialog = window.exchange.picture_dialog
    assert dialog.isVisible() and dialog.view == view
    dialog.reject()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_reimporting_our_export_and_updating_duplicates_nothing_and_undoes(
    qtbot, window, tmp_path, fmt
):
    from db.exchange.csv_ import export_csv

    lib = window.controller.lib
    path = tmp_path / f"again.{fmt}"
    if fmt == "json":
        export_json(lib, path)
        text = path.read_text(encoding="utf-8")
        changed = text.replace('"title": "US pulls out of the TPP"', '"title": "US quits the TPP"')
        assert changed != text
        path.write_text(changed, encoding="utf-8")
    else:
        export_csv(lib, path)
    before = library_state(lib)
    counts = queries.entity_counts(lib)
    asked: list[str] = []
    answer_next_dialog("Update Existing", asked)
    _wait(qtbot, window.exchange.import_file(fmt, path))
    assert asked and "that this library already has" in asked[0]
    assert queries.entity_counts(lib) == counts  # no second "Japan", no bare source stub
    titles = [e.title for e in queries.list_events(lib, queries.EventFilter(text="TPP"))]
    assert ("US quits the TPP" in titles) is (fmt == "json")
    if fmt == "json":
        assert window.undo_stack.undoText() == f"Import again.{fmt}"
        window.undo_stack.undo()
        assert library_state(lib) == before
        window.undo_stack.redo()
        assert "US quits the TPP" in [
            e.title for e in queries.list_events(lib, queries.EventFilter(text="TPP"))
        ]


def test_reimport_can_be_cancelled_when_asked(qtbot, window, tmp_path):
    path = export_json(window.controller.lib, tmp_path / "again.json")
    before = library_state(window.controller.lib)
    answer_next_dialog("Cancel", [])
    _wait(qtbot, window.exchange.import_file("json", path))
    assert library_state(window.controller.lib) == before
    assert window.undo_stack.count() == 0
