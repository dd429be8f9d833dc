"""Pictures of the timeline and the graph (PNG, SVG, PDF) for reports."""
