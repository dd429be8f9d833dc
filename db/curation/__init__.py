"""Source-linked curation: paragraphs, sentences, dates, actors and near-copies in source text.

Pure functions over text, no Qt and no database; `statements.find_dated_statements` ties them up.
"""
