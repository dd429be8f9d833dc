"""Qt item models over `db.queries` (lazy, page by page)."""
