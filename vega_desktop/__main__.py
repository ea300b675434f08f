"""``python -m vega_desktop``: the same front door as the ``vega-desktop`` command."""

import sys

from vega_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
