"""Icons, translations and desktop files (installed as vega_desktop.resources)."""
