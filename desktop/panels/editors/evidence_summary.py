"""The event's evidence at a glance, under its citations: how many sources are independent and
why, when it happened beside when it was first reported, and the dates its sources disagree on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from db.dates import format_date
from db.errors import ChronicleError
from db.queries.corroboration import corroboration
from db.queries.evidence import EventEvidence, event_evidence
from db.queries.evidence_flags import LATE, late_report_days
from desktop.library import LibraryController
from desktop.panels.editors.section import RecordSection
from desktop.plain_text import plain_label


def readable(edtf: str | None) -> str:
    """A stored date as the user reads it (the EDTF itself if it cannot be formatted)."""
    if not edtf:
        return ""
    try:
        return format_date(edtf)
    except ChronicleError:
        return edtf


class EvidenceSummary(RecordSection):
    """Three lines of plain text about one event's evidence; refreshed with the form."""

    def __init__(self, controller: LibraryController, parent: QWidget | None = None) -> None:
        super().__init__("Evidence", parent)
        self.setObjectName("evidence_summary")
        self.controller = controller
        self.count_label = plain_label("", self)
        self.count_label.setObjectName("independence_label")
        self.dates_label = plain_label("", self)
        self.dates_label.setObjectName("report_dates_label")
        self.contested_label = plain_label("", self)
        self.contested_label.setObjectName("contested_label")
        layout = QVBoxLayout(self)
        for label in (self.count_label, self.dates_label, self.contested_label):
            label.setWordWrap(True)
            layout.addWidget(label)

    def show_for(self, event_id: int) -> None:
        lib = self.controller.lib
        found = event_evidence(lib, [event_id]).get(event_id)
        if found is None:
            return
        with lib.read() as conn:
            late_days = late_report_days(conn)
        self.count_label.setText(corroboration(lib, event_id).explanation)
        self.dates_label.setText(self._dates_text(found, late_days))
        self.contested_label.setText(self._contested_text(found))
        self.contested_label.setVisible(bool(found.claims))

    @staticmethod
    def _dates_text(found: EventEvidence, late_days: int) -> str:
        text = f"Happened {readable(found.when_edtf)}"
        if not found.first_reported:
            return text + "; no report date known (no citation or publication date)."
        text += f"; first reported {readable(found.first_reported)}."
        if LATE in found.report_flags:
            days = f"{late_days} day" + ("" if late_days == 1 else "s")
            text += f" Reported late: more than {days} after it happened."
        if found.later_event:
            text += f" Every report came after a later related event, “{found.later_event}”."
        return text

    @staticmethod
    def _contested_text(found: EventEvidence) -> str:
        if not found.claims:
            return ""
        head = "Contested: the sources disagree on the date. " if found.contested else ""
        return head + "Dates the sources give: " + found.claims + "."
