"""What keeps a user's work safe: backups and restore, the library check, read-only and locked
libraries, and unexpected errors shown and logged."""

from __future__ import annotations

from desktop.safety.reliability import ReliabilityActions
from desktop.workspace import Menus, Workspace


def install(workspace: Workspace, menus: Menus) -> ReliabilityActions:
    """File ▸ Check Library… and Restore from Backup…, the read-only banner, automatic backups
    and the answers to a library that will not open; call `open_file` to open one."""
    return ReliabilityActions(workspace, menus)
