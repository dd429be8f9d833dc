"""Dialogs: delete confirmation, import/export, go to date, backups, curation."""
