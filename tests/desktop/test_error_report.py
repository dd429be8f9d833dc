"""The app's error hook: unexpected errors are logged (rotating), shown once, and passed on."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from desktop.safety import error_report
from desktop.safety.reliability import install_error_hook


def test_a_repeating_bug_is_shown_once_logged_and_passed_on_each_time(window, monkeypatch):
    passed: list = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: passed.append(info))
    install_error_hook(window)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as err:
        info = (type(err), err, err.__traceback__)
    for _ in range(3):  # a failing repaint repeats itself; the user is told once
        sys.excepthook(*info)
    assert len(passed) == 3
    boxes = [b for b in window.findChildren(QMessageBox, "unexpected_error") if b.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text().startswith("Something went wrong inside Chronicle: ZeroDivisionError")
    assert error_report.log_path().read_text(encoding="utf-8").count("ZeroDivisionError:") == 3


def test_the_log_rotates_and_lives_in_the_isolated_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CHRONICLE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(error_report, "LOG_MAX_BYTES", 2_000)
    assert error_report.log_path() == tmp_path / "logs" / "chronicle.log"
    for number in range(40):
        try:
            raise ValueError(f"bug {number} " + "x" * 100)
        except ValueError as err:
            error_report.write_log(type(err), err, err.__traceback__)
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert names == ["chronicle.log", "chronicle.log.1", "chronicle.log.2", "chronicle.log.3"]
