"""The inspector's editors: one form per kind of record, and the link sections under them."""
