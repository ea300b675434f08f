"""Logging for the desktop app: a rotating file in the platform's log folder, secrets redacted,
PBX errors noted.

``setup_logging()`` installs, on the root logger:

- a :class:`~logging.handlers.RotatingFileHandler` (1 MB × 5 files) in :func:`paths.log_dir`
  (``VEGA_LOG_DIR`` overrides it), created readable by the user only;
- optionally a console handler (``--verbose`` makes both DEBUG);
- on both, a :class:`PbxErrorFilter` that notes every PBX error the app logs in a
  :class:`PbxErrorRing` and tags its line (``[PBX ServerError 503, GET /rest/users] …``), so the
  last errors can be read back from the log (:func:`read_pbx_errors`) when the app is not running;
- on both, a :class:`RedactingFilter` that passes the message, its arguments and the traceback
  through :func:`redact`.

:func:`redact` is the one set of redaction rules; the log and the diagnostics bundle both use it.
It replaces with ``[redacted]``:

- every secret registered with :func:`register_secret` (the key in use) or passed in ``also``,
  also in its URL-encoded and JSON-escaped spellings;
- the value of anything named like a secret — ``apiKey``, ``api_key``, ``key``, ``token``,
  ``access_token``, ``password``, ``secret``, ``client_secret``, ``session_id``, ``JSESSIONID``…
  — in JSON (``"token": "…"``), reprs (``'password': '…'``), query strings and ``name=value``
  text (``?key=…&``), and headers (``X-Api-Key: …``);
- ``Cookie:``, ``Set-Cookie:``, ``Authorization:`` and ``Proxy-Authorization:`` headers (to the
  end of the line, or of the quoted value), cookie values in a cookie jar's repr, ``Bearer``
  tokens, and the password in ``scheme://user:password@host``;
- anything else that looks like a token: a run of 24 or more characters of the base64 and
  URL-safe alphabets (letters, digits, ``+ - _``, up to two ``=`` of padding) that mixes upper-
  case letters, lower-case letters and digits, or that is hex other than 32 digits long.

Call uuids are kept, because support needs them: 32 hex digits, plain or dashed 8-4-4-4-12, and
such a uuid inside a longer run (``rec-<uuid>``) do not count towards a token. A PBX session id
has the same shape as a call uuid, so a bare one cannot be told apart; session ids are redacted
by their context instead (``JSESSIONID=``, cookie headers). A ``/`` ends a run, so paths and URLs
are judged piece by piece.

httpx and httpcore log full URLs and headers at INFO/DEBUG; they are held at WARNING.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import json
import logging
import logging.handlers
import re
import sys
import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote, quote_plus

from vega_desktop.api.errors import VegaError
from vega_desktop.core import paths

if TYPE_CHECKING:
    import httpx

__all__ = [
    "LOG_FILE_NAME",
    "REDACTED",
    "PbxError",
    "PbxErrorFilter",
    "PbxErrorRing",
    "RedactingFilter",
    "contains_secret",
    "log_files",
    "pbx_errors",
    "read_pbx_errors",
    "redact",
    "register_secret",
    "setup_logging",
    "teardown_logging",
    "unregister_secret",
]

LOG_FILE_NAME: Final = "vega-desktop.log"
MAX_BYTES: Final = 1_000_000
BACKUP_COUNT: Final = 5
REDACTED: Final = "[redacted]"
MIN_SECRET: Final = 8
MIN_TOKEN: Final = 24
FORMAT: Final = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
QUIET_LOGGERS: Final = ("httpx", "httpcore", "hpack", "uvicorn.access", "asyncio", "qasync")

# A name that holds a secret: optional prefixes (``x-``, ``client_``, camelCase ``access``),
# then one of the secret words, not followed by more letters (``keyring``, ``tokens`` are not).
_SENSITIVE_NAME: Final = (
    r"\b(?:[A-Za-z0-9]+[_-]|[A-Za-z][a-z0-9]*(?=[A-Z]))*"
    r"(?i:api[_-]?key|key|token|password|passwd|pwd|passphrase|secret|credentials?"
    r"|j?session[_-]?id|phpsessid|sid)"
    r"(?![A-Za-z0-9])"
)

_PATTERNS: Final = (
    # "apiKey": "value" / 'password': 'value' / token="value" (JSON, reprs, quoted values)
    re.compile(
        rf"""(?P<lead>{_SENSITIVE_NAME}["']?\s*[:=]\s*(?P<q>["']))(?P<value>[^"'\n]+)(?P<tail>(?P=q))"""
    ),
    # key=value / token: value / "session_id": 123 (query strings, name=value text, headers)
    re.compile(
        rf"""(?P<lead>{_SENSITIVE_NAME}["']?\s*[:=]\s*)(?P<value>(?!\[redacted\])[^\s&,;"'}})\]]+)(?P<tail>)"""
    ),
    # http.cookiejar's repr: Cookie(version=0, name='JSESSIONID', value='…', …)
    re.compile(
        r"""(?P<lead>(?:\bCookie\(version=\d+,\s*name=["'][^"']*["']|\bname=["']?JSESSIONID["']?)"""
        r""",\s*value=(?P<q>["']?))(?P<value>[^\s,"')]+)(?P<tail>(?P=q))"""
    ),
    # Cookie: … / Set-Cookie: … / Authorization: … headers (to the end of the line or quote)
    re.compile(
        r"""(?im)(?P<lead>(?:^|[\s{'"(])(?:(?:set-)?cookie|(?:proxy-)?authorization)["']?\s*[:=]\s*["']?)"""
        r"""(?P<value>[^\n"']+)(?P<tail>)"""
    ),
    # ('cookie', '…') / ("authorization", "…") (header lists)
    re.compile(
        r"""(?i)(?P<lead>["'](?:(?:set-)?cookie|(?:proxy-)?authorization)["']\s*,\s*(?P<q>["']))"""
        r"""(?P<value>[^"']+)(?P<tail>(?P=q))"""
    ),
    # Bearer <token>
    re.compile(r"""(?i)(?P<lead>\bbearer\s+)(?P<value>[A-Za-z0-9._~+/=-]{8,})(?P<tail>)"""),
    # scheme://user:password@host
    re.compile(r"""(?i)(?P<lead>\b[a-z][a-z0-9+.-]*://[^\s/:@]+:)(?P<value>[^\s/@]+)(?P<tail>@)"""),
)

# A run of the base64 / URL-safe alphabet long enough to be a token ('/' ends a run).
_TOKEN: Final = re.compile(
    rf"(?<![A-Za-z0-9+_-])[A-Za-z0-9+_-]{{{MIN_TOKEN},}}={{0,2}}(?![A-Za-z0-9+_=-])"
)
_HEX = r"[0-9a-fA-F]"
_UUID: Final = re.compile(
    rf"(?<![0-9a-fA-F]){_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}(?![0-9a-fA-F])"
    rf"|(?<![0-9a-fA-F]){_HEX}{{32}}(?![0-9a-fA-F])"
)
_ALL_HEX: Final = re.compile(rf"{_HEX}+")

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


def _spellings(secrets: Iterable[str]) -> list[str]:
    """The secrets long enough to redact, each as written, URL-encoded and JSON-escaped;
    longest first, so a longer spelling is replaced before a shorter one inside it."""
    found: set[str] = set()
    for secret in secrets:
        if secret and len(secret) >= MIN_SECRET:
            found.update((secret, quote(secret, safe=""), quote_plus(secret)))
            found.add(json.dumps(secret, ensure_ascii=False)[1:-1])
            found.add(json.dumps(secret)[1:-1])
    return sorted(found, key=len, reverse=True)


def _known(also: Iterable[str]) -> list[str]:
    with _secrets_lock:
        registered = list(_secrets)
    return _spellings([*registered, *also])


def redact(text: str, *, also: Iterable[str] = ()) -> str:
    """``text`` with secrets and secret-looking values replaced (the rules are in the module
    docstring); ``also`` names secrets beyond the registered ones (shorter than
    :data:`MIN_SECRET` characters are ignored)."""
    for secret in _known(also):
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(_replace, text)
    return _TOKEN.sub(_replace_token, text)


def contains_secret(text: str, *, also: Iterable[str] = ()) -> bool:
    """Whether a registered secret, or one of ``also``, appears in ``text`` in any spelling
    :func:`redact` knows."""
    return any(secret in text for secret in _known(also))


def _replace(match: re.Match[str]) -> str:
    return f"{match['lead']}{REDACTED}{match['tail']}"


def _replace_token(match: re.Match[str]) -> str:
    token = match[0]
    return REDACTED if _looks_secret(token.rstrip("=")) else token


def _looks_secret(token: str) -> bool:
    rest = _UUID.sub(" ", token)  # call uuids are kept, and do not count towards a token
    if max((len(piece) for piece in rest.split()), default=0) < MIN_TOKEN:
        return False
    if _ALL_HEX.fullmatch(token):
        return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    return (
        any(c.isupper() for c in rest)
        and any(c.islower() for c in rest)
        and any(c.isdigit() for c in rest)
    )


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, arguments and traceback text before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(_message(record))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a broken %-format: keep the raw template
        return str(record.msg)


# ------------------------------------------------------------------------------------------------
# PBX errors


@dataclass(frozen=True, slots=True)
class PbxError:
    """One error of the PBX client (a :class:`~vega_desktop.api.errors.VegaError`), redacted.

    ``message`` is the log line that reported it (one line, with the error's own text when the
    line did not quote it); ``method`` and ``endpoint`` name the request that failed when it can
    be told (the path only, never the query). The same error again and again in a row is one
    entry with a ``count`` and the time it was ``last_at``.
    """

    at: datetime
    error: str
    message: str
    status: int | None = None
    method: str | None = None
    endpoint: str | None = None
    logger: str = ""
    count: int = 1
    last_at: datetime | None = None

    def tag(self) -> str:
        """How the log line names it: ``[PBX ServerError 503, GET /rest/users]``."""
        status = f" {self.status}" if self.status is not None else ""
        request = f", {self.method} {self.endpoint}" if self.method and self.endpoint else ""
        return f"[PBX {self.error}{status}{request}]"

    def same_as(self, other: PbxError) -> bool:
        return (self.error, self.status, self.method, self.endpoint, self.message) == (
            other.error,
            other.status,
            other.method,
            other.endpoint,
            other.message,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="milliseconds"),
            "last_at": (self.last_at or self.at).isoformat(timespec="milliseconds"),
            "count": self.count,
            "error": self.error,
            "status": self.status,
            "method": self.method,
            "endpoint": self.endpoint,
            "message": self.message,
            "logger": self.logger,
        }


class PbxErrorRing:
    """The last :data:`size` PBX errors, oldest first. Thread-safe; an error object is recorded
    once, however many lines log it."""

    def __init__(self, size: int = 50) -> None:
        self._entries: collections.deque[PbxError] = collections.deque(maxlen=size)
        self._seen: weakref.WeakSet[BaseException] = weakref.WeakSet()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def entries(self) -> list[PbxError]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def add(self, entry: PbxError) -> PbxError:
        """Keep ``entry``; a repeat of the newest entry only counts up. Returns what is kept."""
        with self._lock:
            if self._entries and self._entries[-1].same_as(entry):
                last = self._entries[-1]
                entry = dataclasses.replace(
                    last, count=last.count + entry.count, last_at=entry.last_at or entry.at
                )
                self._entries[-1] = entry
            else:
                self._entries.append(entry)
            return entry

    def record(
        self,
        error: VegaError,
        *,
        message: str = "",
        logger: str = "",
        at: datetime | None = None,
    ) -> PbxError | None:
        """Note ``error`` (reported by ``message``); ``None`` if this error object was noted
        before."""
        with self._lock:
            if error in self._seen:
                return None
            self._seen.add(error)
        return self.add(describe_error(error, message=message, logger=logger, at=at))


def describe_error(
    error: VegaError, *, message: str = "", logger: str = "", at: datetime | None = None
) -> PbxError:
    """A redacted :class:`PbxError` for ``error``, the request taken from its traceback."""
    detail = " ".join(error.detail.split())
    text = " ".join((message or detail).split())
    if detail and detail not in text:
        text = f"{text} — {detail}"
    method, endpoint = _request_of(error.__traceback__)
    return PbxError(
        at=at or datetime.now().astimezone(),
        error=type(error).__name__,
        message=redact(text),
        status=error.status,
        method=method,
        endpoint=redact(endpoint) if endpoint else None,
        logger=logger,
    )


def _request_of(tb: TracebackType | None) -> tuple[str | None, str | None]:
    """The method and path of the innermost request the PBX client was handling where the error
    was raised: the client's frames hold the ``httpx`` request (or the response) in hand."""
    found: tuple[str | None, str | None] = (None, None)
    while tb is not None:
        frame = tb.tb_frame
        if str(frame.f_globals.get("__name__", "")).startswith("vega_desktop.api"):
            request = _request_in(frame.f_locals.values())
            if request is not None:
                found = (request.method, request.url.path)
        tb = tb.tb_next
    return found


def _request_in(values: Iterable[object]) -> httpx.Request | None:
    import httpx  # loaded already: the error came from the client (the log needs it no sooner)

    requests: list[httpx.Request] = []
    for value in values:
        if isinstance(value, httpx.Response):
            with contextlib.suppress(RuntimeError):  # a response built without a request
                return value.request
        elif isinstance(value, httpx.Request):
            requests.append(value)
    return requests[0] if requests else None


def _pbx_exception(record: logging.LogRecord) -> VegaError | None:
    """The PBX error a record reports: in its ``exc_info``, its arguments, or the exception
    being handled where it was logged (``except VegaError: log.warning(…)``)."""
    if record.exc_info and isinstance(record.exc_info[1], VegaError):
        return record.exc_info[1]
    args = record.args if isinstance(record.args, tuple) else ()
    for arg in args:
        if isinstance(arg, VegaError):
            return arg
    handled = sys.exc_info()[1]
    return handled if isinstance(handled, VegaError) else None


class PbxErrorFilter(logging.Filter):
    """Notes each PBX error logged at INFO or above in ``ring`` and puts its tag in front of
    the line. Install it before the :class:`RedactingFilter`."""

    def __init__(self, ring: PbxErrorRing) -> None:
        super().__init__()
        self.ring = ring

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "pbx_error"):  # seen by another handler's filter already
            return True
        record.pbx_error = None
        if record.levelno < logging.INFO:
            return True
        error = _pbx_exception(record)
        if error is None:
            return True
        at = datetime.fromtimestamp(record.created).astimezone()
        entry = self.ring.record(error, message=_message(record), logger=record.name, at=at)
        if entry is not None:
            record.pbx_error = entry
            record.msg = f"{entry.tag()} {entry.message}"
            record.args = None
        return True


# One line of the log that carries a tag (FORMAT: "asctime levelname name: message").
_TAGGED_LINE: Final = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(?P<ms>\d{3}) +\S+ +(?P<logger>\S+): "
    r"\[PBX (?P<error>[A-Za-z_][A-Za-z0-9_]*)(?: (?P<status>\d{3}))?"
    r"(?:, (?P<method>[A-Z]+) (?P<endpoint>[^\]\s]+))?\] (?P<message>.*)$"
)


def log_files(log_dir: Path) -> list[Path]:
    """The rotation set in ``log_dir``, newest first (``vega-desktop.log``, ``….log.1``…)."""
    found: list[tuple[int, Path]] = []
    with contextlib.suppress(OSError):
        for path in log_dir.iterdir():
            name = path.name
            if name == LOG_FILE_NAME:
                found.append((0, path))
            elif name.startswith(f"{LOG_FILE_NAME}.") and name[len(LOG_FILE_NAME) + 1 :].isdigit():
                found.append((int(name[len(LOG_FILE_NAME) + 1 :]), path))
    return [path for _, path in sorted(found, key=lambda item: item[0]) if path.is_file()]


def read_pbx_errors(log_dir: Path, *, size: int = 50) -> list[PbxError]:
    """The last PBX errors the app logged in ``log_dir`` (the tagged lines), oldest first, as
    the app's :class:`PbxErrorRing` would hold them. Blocking: it reads the files."""
    ring = PbxErrorRing(size)
    for path in reversed(log_files(log_dir)):  # oldest file first
        with contextlib.suppress(OSError):
            for entry in _tagged_entries(path):
                ring.add(entry)
    return ring.entries()


def _tagged_entries(path: Path) -> Iterator[PbxError]:
    with path.open("r", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if "[PBX " not in line:
                continue
            match = _TAGGED_LINE.match(line.rstrip("\n"))
            if match is None:
                continue
            try:
                at = datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            at = at.replace(microsecond=int(match["ms"]) * 1000).astimezone()
            yield PbxError(
                at=at,
                error=match["error"],
                message=match["message"],
                status=int(match["status"]) if match["status"] else None,
                method=match["method"],
                endpoint=match["endpoint"],
                logger=match["logger"],
            )


# ------------------------------------------------------------------------------------------------
# installing


_installed: list[logging.Handler] = []
_ring: PbxErrorRing | None = None


def pbx_errors() -> PbxErrorRing | None:
    """The ring :func:`setup_logging` installed (``None`` before, and after teardown)."""
    return _ring


def setup_logging(
    *,
    verbose: bool = False,
    console: bool = True,
    log_dir: Path | None = None,
    errors: PbxErrorRing | None = None,
) -> Path:
    """Install the rotating file (and console) handlers; returns the log file's path.

    PBX errors go to ``errors`` (a new :class:`PbxErrorRing` when not given; :func:`pbx_errors`
    returns the one in use). Calling it again replaces the handlers it installed before, so it
    is safe in tests.
    """
    global _ring
    folder = paths.ensure_dir(log_dir if log_dir is not None else paths.log_dir())
    log_file = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()

    level = logging.DEBUG if verbose else logging.INFO
    formatter = logging.Formatter(FORMAT)
    _ring = errors if errors is not None else PbxErrorRing()
    tagger = PbxErrorFilter(_ring)
    redactor = RedactingFilter()

    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    with contextlib.suppress(OSError):  # e.g. a file system without permissions
        log_file.chmod(0o600)
    file_handler.setLevel(level)
    file_handler.setFormatter(formatter)
    _installed.append(file_handler)

    if console:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.setLevel(level if verbose else logging.WARNING)
        console_handler.setFormatter(formatter)
        _installed.append(console_handler)

    for handler in _installed:
        handler.addFilter(tagger)
        handler.addFilter(redactor)
        root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return log_file


def teardown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed."""
    global _ring
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    _ring = None
    logging.captureWarnings(False)
