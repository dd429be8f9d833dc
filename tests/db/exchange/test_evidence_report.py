"""Evidence report: events by strength, as CSV (formula-safe) and HTML (escaped)."""

from __future__ import annotations

import csv
import html

import pytest

from db import store
from db.errors import CancelledError, ExportError
from db.exchange.evidence_report import COLUMNS, write_evidence_report


@pytest.fixture
def graded(lib):
    """A bare event with hostile text, a single-source one and a corroborated one."""
    a = store.create(lib, "source", title="Agency wire <b>", reliability="A")
    c = store.create(lib, "source", title='=HYPERLINK("http://x")', reliability="C")
    copy = store.create(lib, "source", title="Reprint of the wire", copy_of=a)
    bare = store.create(lib, "event", title="<script>alert(1)</script>", when="2023")
    single = store.create(lib, "event", title="=1+2 talks", when="2024-07-28")
    double = store.create(lib, "event", title="Summit & pact", when="c. 2025")
    store.add_citation(lib, a, event_id=single, credibility=2)
    store.add_citation(lib, copy, event_id=single)  # a copy: still one independent source
    store.add_citation(lib, a, event_id=double, credibility=1)
    store.add_citation(lib, c, event_id=double, credibility=3)
    return lib, {"bare": bare, "single": single, "double": double}


def test_csv_lists_events_weakest_first_with_neutralised_cells(graded, tmp_path):
    lib, _ids = graded
    path = write_evidence_report(lib, tmp_path / "evidence.csv", "csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["strength"], r["event"]) for r in body] == [
        ("unsourced", "<script>alert(1)</script>"),
        ("single source", "'=1+2 talks"),
        ("corroborated", "Summit & pact"),
    ]
    single, double = body[1], body[2]
    assert (single["when"], single["edtf"]) == ("28 Jul 2024", "2024-07-28")
    assert (single["independent_sources"], single["citations"]) == ("1", "2")
    assert single["best_grade"] == "A (completely reliable)"
    assert single["best_credibility"] == "2 (probably true)"
    assert single["sources"] == "Agency wire <b>; Reprint of the wire"
    assert double["independent_sources"] == "2"
    assert double["sources"] == 'Agency wire <b>; =HYPERLINK("http://x")'  # safe: starts "A"
    assert double["best_credibility"] == "1 (confirmed by other sources)"


def test_html_escapes_every_value_and_summarises(graded, tmp_path):
    lib, _ids = graded
    page = write_evidence_report(lib, tmp_path / "evidence.html", "html").read_text("utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert html.escape("<script>alert(1)</script>") in page
    assert "Agency wire &lt;b&gt;" in page and "Summit &amp; pact" in page
    assert "1 unsourced, 1 single source, 1 corroborated" in page
    assert page.index("alert(1)") < page.index("=1+2 talks") < page.index("Summit &amp; pact")
    assert page.count('<tr class="') == 3


def test_unknown_format_and_cancel_leave_no_file(graded, tmp_path):
    lib, _ids = graded
    with pytest.raises(ExportError, match="CSV or HTML"):
        write_evidence_report(lib, tmp_path / "x.pdf", "pdf")

    def cancel(done, total):
        if done == total:
            raise CancelledError("Cancelled; nothing was changed.")

    with pytest.raises(CancelledError):
        write_evidence_report(lib, tmp_path / "x.csv", "csv", progress=cancel)
    assert not list(tmp_path.glob("*x.csv*"))  # neither the report nor a temporary file
