"""File ▸ Import and File ▸ Export: every exchange format and published data set, run as jobs,
each import one undo step."""

from __future__ import annotations

from desktop.exchange.actions import ExchangeActions
from desktop.workspace import Menus, Workspace


def install(workspace: Workspace, menus: Menus) -> ExchangeActions:
    """File ▸ Import and File ▸ Export (formats, published data sets, pictures)."""
    return ExchangeActions(workspace, menus)
