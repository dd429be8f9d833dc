"""Plain text, Markdown and HTML files imported as sources holding their full text.

HTML becomes text with the standard library's parser: scripts, styles and the head are
dropped, block elements end paragraphs (a blank line), <br> ends a line. The title comes from
<title>, else the first heading, else the file name; Markdown titles from the first heading.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from db.dates import parse_date
from db.errors import ChronicleError, DataImportError
from db.exchange.encoding import read_text

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
SUFFIXES |= {".html": "html", ".htm": "html", ".xhtml": "html"}
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "pre", "ul", "ol", "li", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "dl", "dt", "dd", "hr", "address", "form", "fieldset",
}  # fmt: skip
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TITLE_MAX = 300


class _TextExtractor(HTMLParser):
    """Collects paragraphs of visible text, the <title>, the first heading and meta data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.line: list[str] = []
        self.lines: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.in_heading = False
        self.title = ""
        self.heading = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"].strip())
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.meta.setdefault("canonical", values.get("href", "").strip())
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self._end_line()
        elif tag in _BLOCKS:
            self._end_paragraph()
            self.in_heading = tag in _HEADINGS and not self.heading

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            if self.in_heading and not self.heading:
                self.heading = " ".join(" ".join(self.lines + self.line).split())
            self.in_heading = False
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.skipping:
            return
        self.line.append(re.sub(r"\s+", " ", data))

    def _end_line(self) -> None:
        self.lines.append("".join(self.line).strip())
        self.line = []

    def _end_paragraph(self) -> None:
        self._end_line()
        text = "\n".join(self.lines).strip("\n")
        if text.strip():
            self.paragraphs.append("\n".join(line.strip() for line in text.split("\n")))
        self.lines = []

    def text(self) -> str:
        self._end_paragraph()
        return "\n\n".join(self.paragraphs)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document or fragment; paragraphs separated by a blank line."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def _atx_heading(line: str) -> str:
    """The text of a `# Heading ##` line, or "" (string methods: a regex for this backtracked
    quadratically on a heading followed by thousands of spaces)."""
    body = line.lstrip()
    if len(line) - len(body) > 3:
        return ""
    hashes = len(body) - len(body.lstrip("#"))
    rest = body[hashes:]
    if not 1 <= hashes <= 6 or not rest[:1].isspace():
        return ""
    return rest.strip().rstrip("#").strip()


def _markdown_title(text: str) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        heading = _atx_heading(line)
        if heading:
            return heading
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and re.fullmatch(r"\s*(=+|-+)\s*", underline):
            return line.strip()
    return ""


def _published(meta: dict[str, str]) -> str | None:
    for key in ("article:published_time", "date", "dc.date", "citation_publication_date"):
        value = meta.get(key, "")[:10]
        if value:
            try:
                return parse_date(value).edtf
            except ChronicleError:
                continue
    return None


def source_record(path: Path, index: int) -> dict[str, Any]:
    """The source record of one text, Markdown or HTML file (its full text included)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise DataImportError(f"{path.name}: not a text, Markdown or HTML file ({known}).")
    text = read_text(path)
    record: dict[str, Any] = {"id": f"file:{index}", "_where": path.name}
    title = ""
    if kind == "html":
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        text = parser.text()
        title = " ".join(parser.title.split()) or parser.heading
        author = parser.meta.get("author") or parser.meta.get("citation_author")
        record.update(
            kind="web",
            authors=[author] if author else [],
            url=parser.meta.get("canonical") or parser.meta.get("og:url") or None,
            published=_published(parser.meta),
        )
    else:
        record["kind"] = "document"
        if kind == "markdown":
            title = _markdown_title(text)
    if not text.strip():
        raise DataImportError(f"{path.name} holds no text. Nothing was imported.")
    record["title"] = (title or path.stem)[:_TITLE_MAX]
    record["full_text"] = text.strip("\n")
    return record
