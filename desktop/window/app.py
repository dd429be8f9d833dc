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


DEMO_ANSWERED = "demo_answered"  # settings key: the first-start question was answered


def offer_demo(window: MainWindow) -> bool:
    """Ask whether to load the demo chronology into the (empty) library; True if loaded."""
    from db.exchange.imports import import_json
    from resources import DEMO_CHRONOLOGY

    answer = QMessageBox.question(
        window,
        "Welcome to Chronicle",
        "Your library is empty. Load the demo chronology (events from three news analyses of "
        "how US allies reacted to Trump's return, with their sources) to explore the app?",
    )
    # Kept only once answered: closed or killed while asking, the next start asks again.
    window.settings.setValue(DEMO_ANSWERED, True)
    window.settings.sync()
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        import_json(window.controller.lib, DEMO_CHRONOLOGY)
    except ChronicleError as err:
        window.show_error("Cannot load the demo", err)
        return False
    window.controller.notify({"event", "actor", "source", "link", "tag"})
    return True


def open_start_library(window: MainWindow, file: str | None = None) -> None:
    """Open `file`, else the last library, else the user's default library (created on the
    first start); the demo is offered while the default library is empty and the person
    has not answered the offer yet."""
    from db.exchange.existing import holds_records

    if file:
        window.open_file(file)
        return
    last = window.settings.value("last_file")
    if last and Path(str(last)).exists():
        opened = window.open_file(str(last))
    else:
        path = default_library_path()
        opened = window.open_file(path, create=not path.exists())
    lib = window.controller.lib
    if (
        opened
        and lib is not None
        and not lib.read_only
        and lib.path.resolve() == default_library_path().resolve()
        and not window.settings.value(DEMO_ANSWERED, False, type=bool)
        and not holds_records(lib)
    ):
        offer_demo(window)


def run_app(file: str | None = None) -> int:
    """Open the GUI on `file`, else the last library, else the user's default library."""

    app = create_application()
    controller = LibraryController()
    window = MainWindow(controller, make_settings())
    install_error_hook(window.workspace)
    window.show()
    open_start_library(window, file)
    freeze_startup_heap()
    return app.exec()
