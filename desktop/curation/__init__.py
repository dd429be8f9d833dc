"""Source-linked curation: the source reader, events from passages, dated statements, near
copies, evidence filters and the evidence report."""
