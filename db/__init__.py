"""Chronicle's data layer: the library file and everything that can be asked of it (no Qt)."""
