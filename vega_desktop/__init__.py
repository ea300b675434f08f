"""vega-desktop: a desktop companion for the Vega cloud PBX."""

# The one place the version is written: pyproject.toml reads it from here
# (``[tool.setuptools.dynamic]``), so the app need not load package metadata to know it.
__version__ = "0.1.0"

__all__ = ["__version__"]
