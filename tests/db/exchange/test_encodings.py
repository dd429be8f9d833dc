"""Encodings of users' files: told when sure, refused with a guess when not, chosen by the user;
and BibTeX through bibtexparser 2 (broken entries named by line, LaTeX, bounded macros)."""

from __future__ import annotations

import pytest

from db.errors import DataImportError
from db.exchange.encoding import chosen_encoding, guess_encoding, read_text
from db.exchange.imports import import_bibtex
from db.exchange.library_records import export_records
from db.exchange.spreadsheet import preview
from desktop.cli import main as chronicle

RUSSIAN = "Дата;Событие\r\n1 мая 2024;Переговоры в Москве о мире и торговле\r\n"
POLISH = "Data;Tytuł\r\n1 maja 2024;Rozmowy w Gdańsku, źródła, żółw i łódź\r\n"
JAPANESE = "日付,出来事\r\n2024年5月1日,東京での会談について\r\n"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RUSSIAN, "cp1251"), (POLISH, "cp1250"), ("Date;Title\r\n2024;Café crème\r\n", "cp1252")],
)
def test_code_pages_are_told_and_read_without_mojibake(tmp_path, text, codec):
    path = tmp_path / "sheet.csv"
    path.write_bytes(text.encode(codec))
    guess = guess_encoding(path)
    assert (guess.codec, guess.how) == (codec, "guessed")
    assert read_text(path) == text.replace("\r\n", "\n")


def test_an_encoding_that_cannot_be_told_is_refused_with_the_guess(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(JAPANESE.encode("shift_jis"))
    with pytest.raises(DataImportError, match=r"cannot be told for sure\. It may be Shift-JIS"):
        guess_encoding(path)
    with chosen_encoding("shift_jis"):
        assert read_text(path) == JAPANESE.replace("\r\n", "\n")


def test_bom_and_html_meta_charset_are_honoured(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes("<meta charset='windows-1251'><p>Мир</p>".encode("cp1251"))
    assert guess_encoding(page).how == "declared in the file"
    assert "Мир" in read_text(page)
    page.write_bytes("\ufeffé".encode("utf-16"))
    assert (guess_encoding(page).codec, read_text(page)) == ("utf-16", "\ufeffé")


def test_a_chosen_encoding_that_does_not_fit_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x81\x8d")
    with chosen_encoding("cp1252"), pytest.raises(DataImportError, match="cannot be read as"):
        guess_encoding(path)
    with pytest.raises(DataImportError, match="not an encoding"), chosen_encoding("klingon"):
        pass


def test_preview_shows_the_guess_and_takes_a_choice(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    sheet = preview(path)
    assert sheet.encoding_guess.describe() == "Windows-1251 (Cyrillic), guessed"
    assert sheet.headers == ["Дата", "Событие"]
    chosen = preview(path, encoding="cp1252")
    assert chosen.encoding_guess.how == "chosen" and chosen.headers[0] != "Дата"


def test_cli_says_how_it_read_a_file_and_takes_encoding(lib, tmp_path, capsys):
    lib.close()
    where = lib.url or str(lib.path)  # what a user types: the file, or the team library's URL
    path = tmp_path / "notes.txt"
    path.write_bytes(JAPANESE.encode("shift_jis"))
    assert chronicle(["import", where, str(path)]) == 1
    assert "--encoding" in capsys.readouterr().err
    assert chronicle(["import", where, str(path), "--encoding", "shift_jis"]) == 0


def test_bibtex_macros_concatenation_latex_and_failed_entries(lib, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        '@string{pub = "Wydawnictwo"}\n@string{city = pub # " Gda{\\\'n}skie"}\n'
        "@book{a, title = {Gda{\\'n}sk --- a {History}}, publisher = city, year = 2019,\n"
        '  month = jul, author = {M{\\"u}ller, J{\\"o}rg}}\n',
        encoding="utf-8",
    )
    import_bibtex(lib, path)
    (source,) = export_records(lib)["sources"]
    assert source["title"] == "Gdańsk — a History"
    assert source["publisher"] == "Wydawnictwo Gdańskie"
    assert (source["authors"], source["published"]) == (["Jörg Müller"], "2019-07")
    path.write_text("@misc{ok, title={Fine}}\n\n@misc{bad, title = {open\n@misc{c, title={C}}\n")
    with pytest.raises(DataImportError, match=r"refs.bib, line 3: the entry 'bad' could not"):
        import_bibtex(lib, path)
