"""Small reusable controls used by the panels (date field, record picker, colour button...)."""
