"""Chronicle's Qt application: windows, panels, commands. Talks to `db/` through `library.py`."""
