"""``demo-server``: the simulated PBX in the foreground."""

from __future__ import annotations

from vega_desktop.cli.context import Context
from vega_desktop.cli.errors import EXIT_OK, CliError, usage


def run_demo_server(ctx: Context) -> int:
    """Run the simulated PBX in the foreground until Ctrl-C (then exit 0)."""
    args = ctx.args
    if not 0 <= args.port <= 65535:
        raise usage(f"--port must be 0-65535, not {args.port}")
    from vega_desktop import demo

    try:
        demo.serve(
            args.host,
            args.port,
            traffic=not args.no_traffic,
            seed=args.seed,
            out=ctx.out.stdout,
        )
    except OSError as exc:  # the address is taken, or not ours to bind
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return EXIT_OK
