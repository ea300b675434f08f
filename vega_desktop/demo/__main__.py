"""``python -m vega_desktop.demo``: run a simulated Vega PBX in the foreground."""

from __future__ import annotations

import argparse
import sys

from vega_desktop.demo.runner import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vega_desktop.demo",
        description="Serve a simulated Vega PBX (the REST API of the spec, Part B).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8123, help="port (0: any free port)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulated company")
    parser.add_argument(
        "--no-traffic", action="store_true", help="no scripted live calls (only API-driven ones)"
    )
    args = parser.parse_args(argv)
    serve(args.host, args.port, traffic=not args.no_traffic, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
