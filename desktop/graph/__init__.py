"""The relationship graph: rows to model, layouts, scene, painter, widget and panel."""
