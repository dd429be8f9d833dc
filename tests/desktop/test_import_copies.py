"""Importing a text that nearly copies a source already there offers to link it as a copy."""

from __future__ import annotations

import re

from db import queries
from desktop.dialogs import job_progress
from desktop.dialogs.source_text import NearCopiesDialog

_SYNONYMS = {
    "allies": "partners",
    "security": "safety",
    "administration": "government",
    "possible": "potential",
    "return": "comeback",
    "efforts": "attempts",
    "concerns": "worries",
    "military": "armed",
    "agreements": "deals",
    "partners": "associates",
    "cooperation": "collaboration",
    "policy": "strategy",
}


def _spun(text: str) -> str:
    return re.sub(r"\b(\w+)\b", lambda m: _SYNONYMS.get(m.group(1), m.group(1)), text)


def _import(qtbot, window, path):
    job = window.exchange.import_texts([path])
    qtbot.waitUntil(lambda: job not in job_progress._running, timeout=10_000)


def test_spun_copy_is_flagged_on_import_and_linked_as_copy(
    qtbot, window, tmp_path, corpus, monkeypatch
):
    # The demo ships the Japan Times article as a source with its full text: the original.
    article = (corpus / "japantimes-trump-proofing-2024.txt").read_text(encoding="utf-8")
    (tmp_path / "spun.txt").write_text(_spun(article), encoding="utf-8")
    unrelated = (corpus / "README.md").read_text(encoding="utf-8")
    (tmp_path / "unrelated.txt").write_text(unrelated, encoding="utf-8")
    shown: list[list] = []

    def accept_first(dialog: NearCopiesDialog) -> int:
        shown.append(dialog.matches)
        dialog._link()
        return NearCopiesDialog.DialogCode.Accepted

    monkeypatch.setattr(NearCopiesDialog, "exec", accept_first)
    lib = window.controller.lib
    original = next(s.id for s in queries.list_sources(lib) if s.publisher == "The Japan Times")
    _import(qtbot, window, tmp_path / "unrelated.txt")
    assert shown == []  # a text that copies nothing in the library is independent
    _import(qtbot, window, tmp_path / "spun.txt")
    assert len(shown) == 1
    assert shown[0][0][0] == original and shown[0][0][2] > 0.5
    spun = next(s for s in queries.list_sources(lib) if s.title.lower().startswith("spun"))
    assert spun.copy_of_id == original
    assert window.undo_stack.undoText() == "Link source as a copy"
    window.undo_stack.undo()
    assert {s.id: s.copy_of_id for s in queries.list_sources(lib)}[spun.id] is None
