"""The Help menu (guide, shortcuts, About) and Edit ▸ Preferences."""
