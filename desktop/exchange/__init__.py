"""File ▸ Import and File ▸ Export: every exchange format and published data set, run as jobs,
each import one undo step."""
