"""The diagnostics bundle: one zip an operator can send to support, with no secret in it.

::

    summary.json      version, platform (OS, desktop and session, Python, Qt), keyring backend,
                      which log files were included and what could not be collected
    settings.json     the settings file as it is on disk (settings.txt when it is not JSON)
    pbx-errors.json   the last errors of the PBX client: when, the request, HTTP status, error
                      class, message, and how many times in a row
    logs/…            the end of the rotating log files, newest file first, about 2 MB in all
    README.txt        what the files are

Two halves, so each can be tested on its own:

- :func:`build_bundle` is pure: :class:`DiagnosticsInputs` in, the zip's bytes out. Every member
  goes through :func:`~vega_desktop.core.logsetup.redact` (the one set of redaction rules: the
  key itself, cookies, authorization headers, values named like a key, token, password or
  secret, token-looking strings; call uuids are kept) with the known keys added, and the home
  folder becomes ``~``. A known key that would still be in a member stops the build.
  :func:`write_bundle` writes the zip to a temporary file next to the target and renames it.
- :class:`DiagnosticsCollector` gathers the inputs: the settings file, the keys to redact (from
  ``VEGA_API_KEY`` and the keyring, never from a file), the keyring backend's name, the log's
  tail, and the PBX errors — the running app's :class:`~vega_desktop.core.logsetup.PbxErrorRing`,
  or, for the command line, the tagged lines of the log (:func:`~vega_desktop.core.logsetup.
  read_pbx_errors`). Everything that blocks (files, keyring, zip) runs in a worker thread.

The Qt and PySide6 versions are reported when Qt is already loaded (the app, or the command line
after it loaded ``PySide6.QtCore`` to ask); this module never imports Qt.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from vega_desktop import __version__
from vega_desktop.core.logsetup import (
    REDACTED,
    PbxError,
    PbxErrorRing,
    contains_secret,
    log_files,
    read_pbx_errors,
    redact,
)
from vega_desktop.core.settings import SettingsStore, is_secret_name

if TYPE_CHECKING:
    from vega_desktop.core.secrets import KeyResolver

__all__ = [
    "BUNDLE_FORMAT",
    "LOG_TAIL_BYTES",
    "DiagnosticsCollector",
    "DiagnosticsError",
    "DiagnosticsInputs",
    "LogExcerpt",
    "build_bundle",
    "default_file_name",
    "keyring_backend",
    "platform_facts",
    "read_log_tail",
    "write_bundle",
]

BUNDLE_FORMAT: Final = 1
LOG_TAIL_BYTES: Final = 2_000_000
FILE_NAME_FORMAT: Final = "vega-desktop-diagnostics-%Y%m%d-%H%M%S.zip"

_README: Final = """\
vega-desktop diagnostics, made {created} ({source}).

summary.json      version, platform, keyring backend, the log files included
{settings_line}
pbx-errors.json   the last errors of the PBX client: when, the request, HTTP status, error,
                  message, and how many times in a row ({errors_from})
logs/             the end of the log files, newest first (about {log_mb} MB at most)

Secrets are replaced with {redacted}: the API key, session cookies, Authorization headers,
values named like a key, token, password or secret, and long random-looking strings.
Call uuids (32 hex digits, with or without dashes) are kept: support needs them.
"""


class DiagnosticsError(Exception):
    """The bundle could not be made safely. The message never contains a secret."""


def default_file_name(now: datetime | None = None) -> str:
    """``vega-desktop-diagnostics-YYYYMMDD-HHMMSS.zip`` for ``now`` (local time)."""
    return (now or datetime.now()).strftime(FILE_NAME_FORMAT)


@dataclass(frozen=True, slots=True)
class LogExcerpt:
    """The end of one log file: ``text`` from byte ``start`` (on a line boundary) of ``size``."""

    name: str
    text: str
    size: int
    start: int = 0


@dataclass(frozen=True, slots=True)
class DiagnosticsInputs:
    """Everything a bundle is made of. ``secrets`` are values to redact (never written)."""

    created_at: datetime
    source: str
    platform: Mapping[str, str | None]
    keyring_backend: str
    settings_file: str | None
    settings_text: str | None
    log_dir: str
    logs: Sequence[LogExcerpt]
    pbx_errors: Sequence[PbxError]
    pbx_errors_from: str
    version: str = __version__
    notes: Sequence[str] = ()
    home: str | None = None
    secrets: frozenset[str] = field(default=frozenset(), repr=False)


# ------------------------------------------------------------------------------------------------
# the zip


def build_bundle(inputs: DiagnosticsInputs) -> bytes:
    """The zip's bytes: every member redacted, and checked to hold none of ``inputs.secrets``."""
    clean = _Cleaner(inputs.secrets, inputs.home)
    settings_name: str | None = None
    members: list[tuple[str, str]] = [("summary.json", _dump(_summary(inputs)))]
    if inputs.settings_text is not None:
        settings_name, settings_body = _settings_member(inputs.settings_text)
        members.append((settings_name, settings_body))
    errors = {
        "from": inputs.pbx_errors_from,
        "errors": [entry.to_json() for entry in inputs.pbx_errors],
    }
    members.append(("pbx-errors.json", _dump(errors)))
    members.extend((f"logs/{excerpt.name}", excerpt.text) for excerpt in inputs.logs)
    members.append(("README.txt", _readme(inputs, settings_name)))

    made = inputs.created_at.astimezone()
    stamp = (made.year, made.month, made.day, made.hour, made.minute, made.second)
    import zipfile  # with zlib, bz2 and lzma: only when a bundle is made

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in members:
            body = clean(text)
            if contains_secret(body, also=inputs.secrets):  # a last guard: write nothing
                raise DiagnosticsError(f"a secret survived redaction in {name}; nothing written")
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            bundle.writestr(info, body.encode("utf-8"))
    return buffer.getvalue()


def write_bundle(inputs: DiagnosticsInputs, path: Path) -> Path:
    """Build the bundle and write it to ``path`` atomically (a temporary file in the same folder,
    fsync, rename), readable by the user only. Blocking. Returns the path written."""
    data = build_bundle(inputs)
    path = path.expanduser().absolute()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class _Cleaner:
    """Redacts a member's text, and writes the home folder as ``~``."""

    def __init__(self, secrets: Iterable[str], home: str | None) -> None:
        self._secrets = tuple(secrets)
        usable = home is not None and len(home.rstrip("/\\")) > 1
        self._home = (
            re.compile(re.escape(home.rstrip("/\\")) + r"(?![\w.-])")
            if usable and home is not None
            else None
        )

    def __call__(self, text: str) -> str:
        text = redact(text, also=self._secrets)
        return self._home.sub("~", text) if self._home is not None else text


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _settings_member(text: str) -> tuple[str, str]:
    """The settings file for the bundle: JSON re-written with secret-named values blanked, or
    the raw text when it is not JSON (both are redacted again as members)."""
    try:
        data = json.loads(text)
    except ValueError:
        return "settings.txt", text
    return "settings.json", _dump(_blank_secret_names(data))


def _blank_secret_names(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: REDACTED
            if isinstance(key, str) and is_secret_name(key)
            else _blank_secret_names(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_blank_secret_names(value) for value in data]
    return data


def _summary(inputs: DiagnosticsInputs) -> dict[str, Any]:
    return {
        "bundle": "vega-desktop diagnostics",
        "format": BUNDLE_FORMAT,
        "created_at": inputs.created_at.isoformat(timespec="seconds"),
        "source": inputs.source,
        "version": inputs.version,
        "platform": dict(inputs.platform),
        "keyring_backend": inputs.keyring_backend,
        "settings_file": inputs.settings_file,
        "settings_found": inputs.settings_text is not None,
        "log_dir": inputs.log_dir,
        "logs": [
            {
                "file": excerpt.name,
                "size": excerpt.size,
                "included_from_byte": excerpt.start,
                "included_bytes": excerpt.size - excerpt.start,
            }
            for excerpt in inputs.logs
        ],
        "pbx_errors": {"count": len(inputs.pbx_errors), "from": inputs.pbx_errors_from},
        "notes": list(inputs.notes),
    }


def _readme(inputs: DiagnosticsInputs, settings_name: str | None) -> str:
    if settings_name is None:
        settings_line = "                  (no settings file was found)"
    else:
        settings_line = f"{settings_name:<18}the settings file (it never holds the API key)"
    return _README.format(
        created=inputs.created_at.isoformat(timespec="seconds"),
        source=inputs.source,
        settings_line=settings_line,
        errors_from=(
            "recorded by the running app"
            if inputs.pbx_errors_from == "app"
            else "read back from the log"
        ),
        log_mb=round(LOG_TAIL_BYTES / 1_000_000),
        redacted=REDACTED,
    )


# ------------------------------------------------------------------------------------------------
# gathering


def read_log_tail(log_dir: Path, limit: int = LOG_TAIL_BYTES) -> list[LogExcerpt]:
    """The last ``limit`` bytes of the rotation set in ``log_dir`` (newest file first), each
    excerpt starting on a whole line. Blocking."""
    excerpts: list[LogExcerpt] = []
    budget = limit
    for path in log_files(log_dir):
        if budget <= 0:
            break
        try:
            with path.open("rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                start = max(size - budget, 0)
                fh.seek(start)
                data = fh.read(size - start)
        except OSError:
            continue
        budget -= len(data)
        if start > 0:  # begin after the first line break: no half line
            cut = data.find(b"\n") + 1
            data = data[cut:] if cut else b""
            start = size if not cut else start + cut
        excerpts.append(LogExcerpt(path.name, data.decode("utf-8", errors="replace"), size, start))
    return excerpts


def platform_facts(environ: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """OS, release, desktop and session type, Python, and Qt/PySide6 when Qt is loaded."""
    import platform

    env = os.environ if environ is None else environ
    session = env.get("XDG_SESSION_TYPE") or (
        "wayland" if env.get("WAYLAND_DISPLAY") else "x11" if env.get("DISPLAY") else None
    )
    qt, pyside = _qt_versions()
    return {
        "os": platform.system(),
        "release": platform.release(),
        "os_version": platform.version(),
        "distribution": _distribution(),
        "machine": platform.machine(),
        "desktop": env.get("XDG_CURRENT_DESKTOP") or env.get("DESKTOP_SESSION") or None,
        "session_type": session,
        "qt_platform": env.get("QT_QPA_PLATFORM") or None,
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "qt": qt,
        "pyside6": pyside,
        "frozen": "yes" if getattr(sys, "frozen", False) else "no",
    }


def _distribution() -> str | None:
    import platform

    system = platform.system()
    if system == "Linux":
        try:
            return platform.freedesktop_os_release().get("PRETTY_NAME")
        except OSError:
            return None
    if system == "Darwin":
        version = platform.mac_ver()[0]
        return f"macOS {version}" if version else None
    if system == "Windows":
        release, version, _csd, _ptype = platform.win32_ver()
        edition = platform.win32_edition()
        return " ".join(part for part in ("Windows", release, edition, version) if part) or None
    return None


def _qt_versions() -> tuple[str | None, str | None]:
    """Qt's and PySide6's versions if they are loaded already (this module never imports Qt)."""
    core = sys.modules.get("PySide6.QtCore")
    read = getattr(core, "qVersion", None)
    qt = str(read()) if callable(read) else None
    pyside = getattr(sys.modules.get("PySide6"), "__version__", None)
    return qt, str(pyside) if pyside is not None else None


def _class_name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_backend() -> str:
    """keyring's active backend, and the one vega-desktop would use. Blocking: keyring may
    probe D-Bus."""
    import keyring

    from vega_desktop.core.secrets import NoKeyringBackend, check_keyring_backend

    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration
        return f"unavailable ({type(exc).__name__})"
    name = _class_name(backend)
    try:
        used = check_keyring_backend(backend)
    except NoKeyringBackend:
        return f"{name} (not secure: vega-desktop will not keep a key in it)"
    return name if used is backend else f"{name}, using {_class_name(used)}"


class DiagnosticsCollector:
    """Gathers a bundle's inputs and writes it (:meth:`save`).

    ``resolver`` finds the keys to redact (``VEGA_API_KEY`` and the keyring entry of
    ``domain``, default the saved domain). ``errors`` is the running app's ring; without it the
    PBX errors are read back from the log. ``source`` says who made the bundle.
    """

    def __init__(
        self,
        *,
        settings_store: SettingsStore,
        log_dir: Path,
        resolver: KeyResolver | None = None,
        errors: PbxErrorRing | None = None,
        domain: str | None = None,
        source: str = "app",
        log_bytes: int = LOG_TAIL_BYTES,
        backend: Callable[[], str] = keyring_backend,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings_store = settings_store
        self.log_dir = log_dir
        self.resolver = resolver
        self.errors = errors
        self.domain = domain
        self.source = source
        self.log_bytes = log_bytes
        self._backend = backend
        self._clock = clock or (lambda: datetime.now().astimezone())

    async def collect(self) -> DiagnosticsInputs:
        created = self._clock()
        notes: list[str] = []
        store = self.settings_store
        settings_text, problem = await asyncio.to_thread(_read_text, store.path)
        if problem:
            notes.append(problem)
        settings = await asyncio.to_thread(store.load)
        keys = await self._keys(self.domain or settings.domain, notes)
        backend = await asyncio.to_thread(self._backend)
        logs = await asyncio.to_thread(read_log_tail, self.log_dir, self.log_bytes)
        if not logs:
            notes.append("no log files were found")
        if self.errors is not None:
            errors, errors_from = self.errors.entries(), "app"
        else:
            errors, errors_from = await asyncio.to_thread(read_pbx_errors, self.log_dir), "log"
        facts = await asyncio.to_thread(platform_facts)
        return DiagnosticsInputs(
            created_at=created,
            source=self.source,
            platform=facts,
            keyring_backend=backend,
            settings_file=str(store.path),
            settings_text=settings_text,
            log_dir=str(self.log_dir),
            logs=logs,
            pbx_errors=errors,
            pbx_errors_from=errors_from,
            notes=notes,
            home=str(Path.home()),
            secrets=frozenset(keys),
        )

    async def save(self, path: Path) -> Path:
        """Collect, then write the bundle to ``path`` (in a worker thread); the path written."""
        inputs = await self.collect()
        return await asyncio.to_thread(write_bundle, inputs, path)

    async def _keys(self, domain: str | None, notes: list[str]) -> set[str]:
        """The keys this user has — from the environment and the keyring — so the bundle can be
        checked for them. A keyring that cannot be read is noted, not fatal."""
        from vega_desktop.core.secrets import SecretStoreError

        keys: set[str] = set()
        resolver = self.resolver
        if resolver is None:
            return keys
        stores = [("environment", resolver.env)]
        if domain:
            stores.append(("keyring", resolver.keyring))
        for label, store in stores:
            try:
                key = await store.get(domain or "")
            except (SecretStoreError, ValueError) as exc:
                notes.append(f"the key in the {label} could not be read to redact it: {exc}")
                continue
            if key:
                keys.add(key)
        return keys


def _read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text (``None`` when there is none) and a note when it could not be read."""
    try:
        return path.read_text(encoding="utf-8", errors="replace"), None
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"the settings file could not be read: {exc.strerror or exc}"
