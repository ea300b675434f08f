"""Logging for the desktop app: a rotating file in the platform's log folder, secrets redacted.

``setup_logging()`` installs, on the root logger:

- a :class:`~logging.handlers.RotatingFileHandler` (1 MB × 5 files) in :func:`paths.log_dir`
  (``VEGA_LOG_DIR`` overrides it), created readable by the user only;
- optionally a console handler (``--verbose`` makes both DEBUG);
- on both, a :class:`RedactingFilter` that rewrites anything that looks like an API key or a
  session cookie (``"apiKey": "…"``, ``apiKey=…``, ``JSESSIONID=…``, ``Cookie:`` /
  ``Set-Cookie:`` headers) and every secret registered with :func:`register_secret` (the key in
  use) to ``[redacted]`` — in the message, its arguments and the traceback.

httpx and httpcore log full URLs and headers at INFO/DEBUG; they are held at WARNING.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path
from typing import Final

from vega_desktop.core import paths

__all__ = [
    "LOG_FILE_NAME",
    "RedactingFilter",
    "redact",
    "register_secret",
    "setup_logging",
    "unregister_secret",
]

LOG_FILE_NAME: Final = "vega-desktop.log"
MAX_BYTES: Final = 1_000_000
BACKUP_COUNT: Final = 5
REDACTED: Final = "[redacted]"
MIN_SECRET: Final = 8
FORMAT: Final = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
QUIET_LOGGERS: Final = ("httpx", "httpcore", "hpack", "uvicorn.access", "asyncio", "qasync")

_PATTERNS: Final = (
    # "apiKey": "value" / 'api_key': 'value' (JSON, repr of a dict)
    re.compile(r"""(?i)(["']?api[_-]?key["']?\s*[:=]\s*["'])([^"']+)(["'])"""),
    # apiKey=value / api_key: value (query strings, key=value logs)
    re.compile(r"""(?i)(\bapi[_-]?key\s*[:=]\s*)([^\s&,;"'}]+)()"""),
    # JSESSIONID=value (cookies, Set-Cookie, repr of a cookie jar)
    re.compile(r"""(?i)(\bJSESSIONID["']?\s*[:=]\s*["']?)([^\s;,"'}&]+)()"""),
    # http.cookiejar's repr: Cookie(…, name='JSESSIONID', value='…', …)
    re.compile(r"""(?i)(name=["']?JSESSIONID["']?,\s*value=["']?)([^\s,"')]+)()"""),
    # Cookie: … / Set-Cookie: … / Authorization: … headers (to the end of the line)
    re.compile(
        r"""(?im)((?:^|[\s{'"(])(?:(?:set-)?cookie|authorization)["']?\s*[:=]\s*["']?)([^\n"']+)()"""
    ),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Redact ``value`` wherever it appears in a log record from now on (the key in use).

    Values shorter than :data:`MIN_SECRET` are ignored: redacting a short, common word would
    mangle every log line that happens to contain it, and no real API key is that short.
    """
    if value and len(value) >= MIN_SECRET:
        with _secrets_lock:
            _secrets.add(value)


def unregister_secret(value: str | None) -> None:
    if value:
        with _secrets_lock:
            _secrets.discard(value)


def redact(text: str) -> str:
    """``text`` with registered secrets and key/cookie-looking values replaced."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(_replace, text)
    return text


def _replace(match: re.Match[str]) -> str:
    return f"{match[1]}{REDACTED}{match[3]}"


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, arguments and traceback text before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken %-format: keep the raw template, redacted
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_installed: list[logging.Handler] = []


def setup_logging(
    *, verbose: bool = False, console: bool = True, log_dir: Path | None = None
) -> Path:
    """Install the rotating file (and console) handlers; returns the log file's path.

    Calling it again replaces the handlers it installed before, so it is safe in tests.
    """
    folder = paths.ensure_dir(log_dir if log_dir is not None else paths.log_dir())
    log_file = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()

    level = logging.DEBUG if verbose else logging.INFO
    formatter = logging.Formatter(FORMAT)
    redactor = RedactingFilter()

    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    with contextlib.suppress(OSError):  # e.g. a file system without permissions
        log_file.chmod(0o600)
    file_handler.setLevel(level)
    file_handler.setFormatter(formatter)
    file_handler.addFilter(redactor)
    _installed.append(file_handler)

    if console:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.setLevel(level if verbose else logging.WARNING)
        console_handler.setFormatter(formatter)
        console_handler.addFilter(redactor)
        _installed.append(console_handler)

    for handler in _installed:
        root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return log_file


def teardown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    logging.captureWarnings(False)
