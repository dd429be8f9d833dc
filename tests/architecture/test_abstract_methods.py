"""Base classes whose methods raise NotImplementedError (Qt's metaclass rules out abc): every
class that is instantiated, i.e. every leaf below them, defines each of those methods."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import desktop
from desktop.commands import Command
from desktop.panels.editors.bindings import Binding
from desktop.panels.editors.participants import _ParticipationSection
from desktop.panels.editors.section import RecordSection

ABSTRACT = [
    (Command, ("do", "revert")),
    (Binding, ("value", "_put")),
    (RecordSection, ("show_for",)),
    (_ParticipationSection, ("_link",)),
]


def _import_all_of_desktop() -> None:
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if not info.name.endswith("__main__"):  # those run the program when imported
            importlib.import_module(info.name)


def _leaves(base: type) -> list[type]:
    below = base.__subclasses__()
    if not below:
        return [base]
    return [leaf for sub in below for leaf in _leaves(sub)]


@pytest.mark.parametrize(("base", "names"), ABSTRACT, ids=lambda v: getattr(v, "__name__", ""))
def test_every_leaf_class_defines_what_its_base_leaves_open(base, names):
    _import_all_of_desktop()
    leaves = [leaf for leaf in _leaves(base) if leaf is not base]
    assert leaves, f"nothing derives from {base.__name__}"
    missing = [
        f"{leaf.__module__}.{leaf.__qualname__}.{name}"
        for leaf in leaves
        for name in names
        if getattr(leaf, name) is getattr(base, name)
    ]
    assert not missing, f"left as NotImplementedError: {missing}"
