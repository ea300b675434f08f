"""The bundle's entry point: the same front door as the ``vega-desktop`` command
(``vega_desktop.cli:main``), for PyInstaller, which needs a script rather than an entry point."""

import sys

from vega_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
