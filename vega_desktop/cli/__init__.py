"""The ``vega-desktop`` command: start the tray app, or run one PBX task from a shell or script.

``vega-desktop`` alone (or with a ``tel:``/``callto:`` link, or ``--demo``) starts the desktop app.
With a subcommand it does one thing and exits::

    vega-desktop --domain acme.pbx.vega.ua --ext 001 login     # key from the terminal or stdin
    vega-desktop status
    vega-desktop --json history --since 7d --direction in
    vega-desktop dial "+380 44 224 9895"

Global options go before the subcommand. Output is a plain table for people or, with ``--json``,
stable JSON for scripts (lists of objects, snake_case keys, ISO-8601 times, E.164 numbers).
A failure prints one line, ``vega-desktop: error: …``, on stderr (``-v`` adds details) and exits
with a code that tells its kind:

====  ==========================================================================
0     success
1     anything else (a file could not be written, an unexpected failure)
2     usage: a wrong option or value, a number that cannot be dialled
3     authorization: no key, the PBX refused the domain or key, not logged in
4     network: the PBX could not be reached, or the connection broke or timed out
5     the PBX failed or answered something invalid (5xx, 4xx, not found, bad data)
6     no secure keyring to keep the key in (or the keyring failed)
130   interrupted (Ctrl-C)
====  ==========================================================================

The API key is never taken from the command line, and never printed or logged. It comes from
``VEGA_API_KEY`` when set, otherwise from the system keyring (stored there by ``login``).
The CLI never imports Qt: every command runs with :func:`asyncio.run`, and the desktop app
(:mod:`vega_desktop.app`) is imported only when it is started.

This module is the entry point; :mod:`~vega_desktop.cli.parser` holds the grammar,
:mod:`~vega_desktop.cli.context` the account and key, :mod:`~vega_desktop.cli.commands` the
subcommands, :mod:`~vega_desktop.cli.output` what they print and
:mod:`~vega_desktop.cli.errors` the exit codes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from vega_desktop import __version__
from vega_desktop.cli.errors import (
    EXIT_AUTH,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_KEYRING,
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_PBX,
    EXIT_USAGE,
    PROG,
    CliError,
    report,
    usage,
)
from vega_desktop.cli.parser import build_parser, refuse_key_options, split_app_link

if TYPE_CHECKING:
    import httpx

__all__ = [
    "EXIT_AUTH",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_KEYRING",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_PBX",
    "EXIT_USAGE",
    "main",
]

_log = logging.getLogger(__name__)


# The desktop app is started from here too, and its tray icon should not wait for what only the
# subcommands use (httpx, the command modules): those are imported when a subcommand runs.


def _network() -> httpx.AsyncBaseTransport | None:
    return None


# Tests replace this to reach an in-process PBX (an httpx transport); ``None`` = the network.
_transport_factory: Callable[[], httpx.AsyncBaseTransport | None] = _network


@contextlib.contextmanager
def _logging(verbose: int) -> Iterator[None]:
    """Log to stderr for this run: warnings by default, -v info, -vv debug (httpx included)."""
    from vega_desktop.core.logsetup import RedactingFilter

    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(
        logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    )
    handler.addFilter(RedactingFilter())
    previous_level = root.level
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    root.addHandler(handler)
    if verbose:
        root.setLevel(min(previous_level or logging.WARNING, handler.level))
    if verbose < 2:
        for name in quiet:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def _run_app(args: argparse.Namespace) -> int:
    try:
        app = importlib.import_module("vega_desktop.app")
    except ModuleNotFoundError as exc:
        if exc.name == "vega_desktop.app":
            raise CliError(
                "the desktop app is not part of this installation; "
                "use a subcommand (see 'vega-desktop --help')"
            ) from None
        raise CliError(f"the desktop app cannot start: missing module {exc.name}") from exc
    result = app.run(args)
    return int(result) if result is not None else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code (see the module docstring)."""
    raw = list(sys.argv[1:] if argv is None else argv)
    verbose = sum(a.count("v") for a in raw if re.fullmatch(r"-v+", a) or a == "--verbose")
    try:
        refuse_key_options(raw)
        rest, link = split_app_link(raw)
        try:
            args = build_parser().parse_args(rest)
        except SystemExit as exc:  # --help, --version
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        verbose = args.verbose
        args.url = link
        if args.command is None or link is not None or args.demo:
            if args.command is not None:
                raise usage(f"{link or '--demo'} starts the desktop app and takes no command")
            return _run_app(args)
        with _logging(verbose):
            return _dispatch(args)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout was closed early (`| head`): stop quietly, and keep Python from complaining.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except Exception as exc:
        return _failed(exc, verbose)
    finally:
        forget_secrets()


def _failed(exc: Exception, verbose: int) -> int:
    """Report a failure of the kind the exit codes tell apart; anything else is a bug."""
    from vega_desktop.api.errors import InvalidNumber, VegaError
    from vega_desktop.core.secrets import SecretStoreError
    from vega_desktop.core.settings import SettingsError

    if isinstance(exc, CliError | VegaError | SecretStoreError | InvalidNumber | SettingsError):
        return report(exc, verbose)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return report(exc, verbose, f"{exc.strerror or exc}{where}")
    return report(exc, verbose, f"unexpected {type(exc).__name__}: {exc}")  # a bug


def forget_secrets() -> None:
    """Drop the keys this run registered for redaction (nothing to do if no command ran)."""
    context = sys.modules.get("vega_desktop.cli.context")
    if context is not None:
        context.forget_secrets()


def _dispatch(args: argparse.Namespace) -> int:
    import asyncio

    from vega_desktop.cli.commands import COMMANDS, cmd_login, run_demo_server
    from vega_desktop.cli.context import Context
    from vega_desktop.cli.output import Output
    from vega_desktop.core.secrets import KeyResolver
    from vega_desktop.core.settings import SettingsStore

    out = Output(as_json=args.json, stdout=sys.stdout, stderr=sys.stderr)
    store = SettingsStore()
    ctx = Context(
        args=args,
        out=out,
        store=store,
        settings=store.load(),
        resolver=KeyResolver(),
        transport=_transport_factory,
    )
    _log.debug("%s %s: %s", PROG, __version__, args.command)
    if args.command == "demo-server":
        return run_demo_server(ctx)
    if args.command == "login":
        return cmd_login(ctx)
    if args.command == "recording" and args.output.is_dir():
        raise usage(f"{args.output} is a folder; give a file name with -o")
    handler = COMMANDS[args.command]
    return asyncio.run(handler(ctx))
