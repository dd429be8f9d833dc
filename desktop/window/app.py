"""Start the application: QApplication, settings, which library to open, first-start demo offer."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from db.errors import ChronicleError
from desktop.app_icon import apply_identity
from desktop.heap import freeze_startup_heap
from desktop.library import LibraryController
from desktop.paths import default_library_path, make_settings
from desktop.safety.reliability import install_error_hook
from desktop.theme import follow_color_scheme
from desktop.window.main_window import MainWindow

APP_NAME = "Chronicle"


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is None:
        # Fractional scaling (e.g. 150 %) must be chosen before the application exists.
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = existing or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)  # the window's style and theme need one (not Core/Gui)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    apply_identity(app)
    follow_color_scheme(app)
    return app


def offer_demo(window: MainWindow) -> bool:
    """On a brand-new empty library, ask whether to load the demo chronology into it."""
    from db.exchange.imports import import_json
    from resources import DEMO_CHRONOLOGY

    answer = QMessageBox.question(
        window,
        "Welcome to Chronicle",
        "Your library is empty. Load the demo chronology (events from three news analyses of "
        "how US allies reacted to Trump's return, with their sources) to explore the app?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        import_json(window.controller.lib, DEMO_CHRONOLOGY)
    except ChronicleError as err:
        window.show_error("Cannot load the demo", err)
        return False
    window.controller.notify({"event", "actor", "source", "link", "tag"})
    return True


def run_app(file: str | None = None) -> int:
    """Open the GUI on `file`, else the last library, else the user's default library."""

    app = create_application()
    settings = make_settings()
    controller = LibraryController()
    window = MainWindow(controller, settings)
    install_error_hook(window.workspace)
    window.show()
    last = settings.value("last_file")
    if file:
        window.open_file(file)
    elif last and Path(str(last)).exists():
        window.open_file(str(last))
    else:
        path = default_library_path()
        first_start = not path.exists()
        if window.open_file(path, create=first_start) and first_start:
            offer_demo(window)
    freeze_startup_heap()
    return app.exec()
