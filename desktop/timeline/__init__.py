"""The timeline: time scale, scene, painter, widget, overview and panel."""
