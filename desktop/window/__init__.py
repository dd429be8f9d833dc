"""The main window and the application around it: start-up, the window that assembles every
feature, its record actions (new, delete, find, save a copy, close) and the desktop entry."""
