"""Exit codes, the error a command raises, and how any failure becomes one line on stderr and a
code (the table is in the docstring of :mod:`vega_desktop.cli`)."""

from __future__ import annotations

import sys
import traceback
from typing import Final

from vega_desktop.api.errors import (
    AuthError,
    BadRequest,
    InvalidNumber,
    NotFound,
    ProtocolError,
    ServerError,
    SessionExpired,
    TransportError,
    VegaError,
)
from vega_desktop.core.logsetup import redact
from vega_desktop.core.secrets import SecretStoreError
from vega_desktop.core.settings import SettingsError

PROG: Final = "vega-desktop"

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2
EXIT_AUTH: Final = 3
EXIT_NETWORK: Final = 4
EXIT_PBX: Final = 5
EXIT_KEYRING: Final = 6
EXIT_INTERRUPTED: Final = 130


class CliError(Exception):
    """A failure with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def usage(message: str) -> CliError:
    """A usage error (exit 2) to raise."""
    return CliError(message, EXIT_USAGE)


def describe(exc: BaseException) -> str:
    """What went wrong, in words for the user."""
    if isinstance(exc, AuthError):
        return f"the PBX refused the domain or API key: {exc}"
    if isinstance(exc, TransportError):
        return f"cannot reach the PBX: {exc}"
    if isinstance(exc, SessionExpired):
        return f"the PBX keeps refusing the session: {exc}"
    if isinstance(exc, NotFound):
        return f"not found: {exc}"
    if isinstance(exc, BadRequest):
        return f"the PBX rejected the request: {exc}"
    if isinstance(exc, ServerError):
        return f"the PBX failed: {exc}"
    if isinstance(exc, ProtocolError):
        return f"the PBX sent an invalid answer: {exc}"
    if isinstance(exc, InvalidNumber):
        return f"cannot dial that: {exc}"
    return str(exc) or type(exc).__name__


def exit_code(exc: BaseException) -> int:
    """The exit code that tells the kind of ``exc``."""
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, InvalidNumber | SettingsError):
        return EXIT_USAGE
    if isinstance(exc, AuthError):
        return EXIT_AUTH
    if isinstance(exc, TransportError):
        return EXIT_NETWORK
    if isinstance(exc, VegaError):
        return EXIT_PBX
    if isinstance(exc, SecretStoreError):
        return EXIT_KEYRING
    return EXIT_FAILURE


def report(exc: BaseException, verbose: int, message: str | None = None) -> int:
    """One line on stderr; with -v the traceback too. Returns the exit code."""
    text = message if message is not None else describe(exc)
    sys.stderr.write(f"{PROG}: error: {redact(' '.join(text.split()))}\n")
    if verbose:
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    return exit_code(exc)
