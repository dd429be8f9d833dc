"""Side panels: inspector, history, source reader, lists, banners."""
