"""The operator's settings: a frozen :class:`Settings` value and a JSON :class:`SettingsStore`.

Settings never hold a secret. The API key lives in the keyring (:mod:`vega_desktop.core.secrets`);
any field or file key named like a key, secret, token or password is refused here, so a later
change cannot slip one into ``settings.json`` by accident.

The store is tolerant on load (a missing, unreadable or corrupt file gives the defaults and a log
line; a bad value falls back to that field's default; keys written by a newer version are kept
and written back) and atomic on save (a temporary file in the same folder, fsync, rename).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Final

from vega_desktop.core import paths

__all__ = [
    "POPUP_CORNERS",
    "SETTINGS_FILE_NAME",
    "Settings",
    "SettingsError",
    "SettingsStore",
    "default_settings_path",
    "is_secret_name",
]

_log = logging.getLogger(__name__)

SETTINGS_FILE_NAME: Final = "settings.json"
POPUP_CORNERS: Final = ("top-left", "top-right", "bottom-left", "bottom-right")
LANGUAGES: Final = ("", "uk", "en")
POLL_INTERVAL_MIN: Final = 0.5
POLL_INTERVAL_MAX: Final = 10.0
POPUP_CLOSE_DELAY_MAX: Final = 600.0

_SECRET_WORDS: Final = frozenset(
    {"key", "apikey", "secret", "secrets", "token", "tokens", "password", "passwd", "pwd",
     "passphrase", "credential", "credentials"}
)  # fmt: skip
_BOOL_FIELDS: Final = (
    "popup_incoming",
    "popup_outgoing",
    "popup_internal",
    "supervisor",
    "start_at_login",
)
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_REGION = re.compile(r"^[A-Z]{2}$")


class SettingsError(ValueError):
    """A settings value or name that is not allowed."""


def is_secret_name(name: str) -> bool:
    """Whether ``name`` looks like it would hold a secret (``api_key``, ``apiKey``, ``token``…)."""
    words = _WORD_SPLIT.split(_CAMEL.sub("_", name).lower())
    return any(word in _SECRET_WORDS for word in words) or "apikey" in name.lower()


def default_settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE_NAME


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the operator chose. Immutable; change it with :meth:`with_overrides`.

    ``domain`` is the PBX domain (``acme.pbx.vega.ua``); ``server`` optionally overrides the base
    URL (``http://127.0.0.1:8123`` for the demo PBX); ``ext`` is the operator's own extension.
    ``language`` "" follows the system. ``region`` is the default region for phone numbers.
    """

    domain: str | None = None
    server: str | None = None
    ext: str | None = None
    poll_interval: float = 1.0
    popup_corner: str = "bottom-right"
    popup_close_delay: float = 5.0
    popup_incoming: bool = True
    popup_outgoing: bool = True
    popup_internal: bool = True
    supervisor: bool = False
    language: str = ""
    start_at_login: bool = False
    region: str = "UA"

    def __post_init__(self) -> None:
        for name in ("domain", "server", "ext"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise SettingsError(f"{name} must be text")
            if isinstance(value, str):
                value = value.strip()
                object.__setattr__(self, name, value or None)
        if self.domain is not None:
            object.__setattr__(self, "domain", self.domain.lower().rstrip("."))
        for name in ("poll_interval", "popup_close_delay"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SettingsError(f"{name} must be a number of seconds")
            if not math.isfinite(value):
                raise SettingsError(f"{name} must be a finite number of seconds")
        object.__setattr__(
            self,
            "poll_interval",
            _clamp(float(self.poll_interval), POLL_INTERVAL_MIN, POLL_INTERVAL_MAX),
        )
        object.__setattr__(
            self,
            "popup_close_delay",
            _clamp(float(self.popup_close_delay), 0.0, POPUP_CLOSE_DELAY_MAX),
        )
        if self.popup_corner not in POPUP_CORNERS:
            raise SettingsError(
                f"popup_corner must be one of {', '.join(POPUP_CORNERS)}, not {self.popup_corner!r}"
            )
        for name in _BOOL_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise SettingsError(f"{name} must be true or false")
        if self.language not in LANGUAGES:
            raise SettingsError(f"language must be '', 'uk' or 'en', not {self.language!r}")
        if not isinstance(self.region, str) or not _REGION.match(self.region.upper()):
            raise SettingsError(f"region must be a two-letter country code, not {self.region!r}")
        object.__setattr__(self, "region", self.region.upper())

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced. A ``None`` value means "keep the current one"
        (so ``with_overrides(domain=args.domain)`` is safe when the option was not given); use
        :func:`dataclasses.replace` to clear a field. Unknown names and secret-like names raise
        :class:`SettingsError`."""
        known = _field_names()
        for name in changes:
            if is_secret_name(name):
                raise SettingsError(f"settings never hold secrets; refusing {name!r}")
            if name not in known:
                raise SettingsError(f"unknown setting {name!r}")
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given) if given else self

    def to_dict(self) -> dict[str, Any]:
        """The JSON object written to disk."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Tolerant: a wrong-typed or invalid value falls back to its default (with a warning);
        unknown and secret-like keys are ignored."""
        known = _field_names()
        good: dict[str, Any] = {}
        for name, value in data.items():
            if not isinstance(name, str) or name not in known:
                continue
            try:
                cls(**{name: value})
            except (SettingsError, TypeError):
                _log.warning("settings: invalid value for %s; using the default", name)
                continue
            good[name] = value
        return cls(**good)


def _field_names() -> frozenset[str]:
    return frozenset(f.name for f in fields(Settings))


# A field added later with a secret-like name fails at import, not in production.
_bad = [name for name in _field_names() if is_secret_name(name)]
if _bad:  # pragma: no cover - guards future edits
    raise SettingsError(f"Settings must not have secret-like fields: {_bad}")


class SettingsStore:
    """Loads and saves :class:`Settings` as JSON (default ``<config dir>/settings.json``).

    Keys the current version does not know (written by a newer one) are left in the file on save;
    secret-like keys found in the file are dropped on the next save.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path if path is not None else default_settings_path()

    @property
    def path(self) -> Path:
        return self._path

    def load(self) -> Settings:
        """The saved settings, or the defaults when the file is missing, unreadable or corrupt."""
        data = self._read()
        if data is None:
            return Settings()
        for name in data:
            if is_secret_name(name):
                _log.warning(
                    "settings: ignoring a secret-like key %r; keys live in the keyring", name
                )
        return Settings.from_dict(data)

    def save(self, settings: Settings) -> None:
        """Write atomically: a reader sees the old file or the new one, never half of either."""
        known = _field_names()
        previous = self._read(quiet=True) or {}
        data = {k: v for k, v in previous.items() if k not in known and not is_secret_name(k)}
        data.update(settings.to_dict())
        secret = [name for name in data if is_secret_name(name)]
        if secret:  # unreachable through Settings; a last line of defence
            raise SettingsError(f"settings never hold secrets; refusing {secret}")
        payload = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        folder = paths.ensure_dir(self._path.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self._path.name}.", suffix=".tmp", dir=folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self._path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(folder)

    def update(self, **changes: Any) -> Settings:
        """Load, apply :meth:`Settings.with_overrides`, save, and return the result."""
        settings = self.load().with_overrides(**changes)
        self.save(settings)
        return settings

    def _read(self, *, quiet: bool = False) -> dict[str, Any] | None:
        log = _log.debug if quiet else _log.warning
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log("settings: cannot read %s (%s); using defaults", self._path, exc.strerror)
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            log("settings: %s is corrupt (%s); using defaults", self._path, exc)
            return None
        if not isinstance(data, dict):
            log("settings: %s does not hold a JSON object; using defaults", self._path)
            return None
        return {k: v for k, v in data.items() if isinstance(k, str)}


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
