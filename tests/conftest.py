"""Test-wide setup: Qt offscreen before anything imports Qt, and an isolated config home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("VEGA_API_KEY", None)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Settings, data and logs of every test live in a fresh folder, never the developer's."""
    home = tmp_path_factory.mktemp("vega-home")
    monkeypatch.setenv("VEGA_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("VEGA_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("VEGA_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("VEGA_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("VEGA_API_KEY", raising=False)
    return home
