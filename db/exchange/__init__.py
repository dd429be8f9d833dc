"""Import and export, one module per format; every import is all-or-nothing."""
