"""Source-linked curation: the source reader, events from passages, dated statements, near
copies, evidence filters and the evidence report."""

from __future__ import annotations

from desktop.curation.actions import Curation, install_curation
from desktop.workspace import Menus, Workspace


def install(workspace: Workspace, menus: Menus) -> Curation:
    """The Source Reader dock, the Curation menu, View ▸ Evidence and the evidence report."""
    return install_curation(workspace, menus)
