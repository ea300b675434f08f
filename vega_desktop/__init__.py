"""vega-desktop: a desktop companion for the Vega cloud PBX."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vega-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
