"""Icons, translations and desktop files shipped with vega-desktop (installed as vega_desktop.resources)."""
