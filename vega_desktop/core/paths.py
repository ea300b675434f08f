"""Where vega-desktop keeps its files.

The folders come from platformdirs (``vega-desktop``) unless an environment variable names one:
``VEGA_CONFIG_DIR``, ``VEGA_DATA_DIR``, ``VEGA_LOG_DIR`` and ``VEGA_CACHE_DIR``. Tests and
portable installs use the variables; nothing here creates a folder until :func:`ensure_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "vega-desktop"

CONFIG_DIR_ENV = "VEGA_CONFIG_DIR"
DATA_DIR_ENV = "VEGA_DATA_DIR"
LOG_DIR_ENV = "VEGA_LOG_DIR"
CACHE_DIR_ENV = "VEGA_CACHE_DIR"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Settings (``settings.json``)."""
    return _from_env(CONFIG_DIR_ENV) or platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Data the app keeps between runs (e.g. the missed-call queue)."""
    return _from_env(DATA_DIR_ENV) or platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Log files."""
    return _from_env(LOG_DIR_ENV) or platformdirs.user_log_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Disposable files (downloaded recordings, avatars)."""
    return _from_env(CACHE_DIR_ENV) or platformdirs.user_cache_path(APP_NAME, appauthor=False)


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by the user, if it does not exist yet."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
