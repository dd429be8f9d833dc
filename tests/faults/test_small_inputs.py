"""Small hostile inputs that once ended in a traceback, each through `chronicle import`: now
exit 1 with one line on stderr saying what is wrong (or a clean import); refusals change nothing.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from faultkit import counts

import desktop.cli
from desktop.cli import main as chronicle

BIG = "9" * 5000


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


CASES = {
    "cr-only.csv": (b"Date,Title\r2024,Hello\r2025,World\r", None),
    "bigint.json": (
        f'{{"format":"chronicle","version":1,"events":[{{"id":{BIG},"title":"x","when":"2020"}}]}}',
        "4,300, the limit",
    ),
    "bigint-csl.json": (
        f'[{{"id":"a","title":"T","issued":{{"date-parts":[[{BIG}]]}}}}]',
        "digits",
    ),
    "bigint-tl.json": (
        f'{{"events":[{{"start_date":{{"year":1}},"text":{{"headline":"h"}},'
        f'"unique_id":"event-{BIG}"}}]}}',
        None,
    ),
    "month.bib": (f"@misc{{a, title={{T}}, year=2020, month={{\u00b2}}, day={{{BIG}}}}}", None),
    "eras.json": ('{"events":[],"eras":5}', '"eras" is not a list'),
    "tag-objects.json": (
        '{"format":"chronicle","version":1,"events":[{"title":"x","when":"2020","tags":[{"a":1}]}]}',
        "tags must be a list of names",
    ),
    "id-list.json": (
        '{"format":"chronicle","version":1,"actors":[{"id":[1],"name":"A"}]}',
        "its id must be a number or a text",
    ),
    "cut16.txt": ("hello world text".encode("utf-16")[:-1], "cut short"),
    "cut16.bib": ("@misc{a, title={T}}".encode("utf-16")[:-1], "cut short"),
    "cut16.csv": ("Date,Title\n2024,x\n".encode("utf-16")[:-1], "cut short"),
    "nothing.zip": (_zip({"readme.txt": "hi"}), "holds none of Chronicle's CSV files"),
    "quote.csv": (b'Date,Title\n2024,"unclosed\n2025,x\n', "unexpected end of data"),
    "header.zip": (
        _zip({"events.csv": ",".join(f"column number {i}" for i in range(200_000)) + "\n"}),
        "and 199,992 more",
    ),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "lib.chronicle"
    assert chronicle(["demo", str(path)]) == 0
    return path


@pytest.mark.parametrize("name", CASES)
def test_small_hostile_input(library, tmp_path, capsys, name):
    data, message = CASES[name]
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    before = counts(library)
    code = chronicle(["import", str(library), str(path)])
    err = capsys.readouterr().err
    if message is None:
        assert code in (0, 1), err
    else:
        assert code == 1 and message in err, err
    if code == 1:
        assert err.count("\n") == 1 and err.startswith("chronicle: ") and len(err) < 2100, err
        assert counts(library) == before


def test_ctrl_c_while_starting_is_one_line(monkeypatch, capsys):
    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(desktop.cli, "build_parser", interrupted)
    assert chronicle(["check", "x"]) == 130
    assert capsys.readouterr().err == "chronicle: interrupted; nothing was half-written.\n"
