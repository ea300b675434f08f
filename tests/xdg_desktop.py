"""A private XDG desktop for tests of the desktop integration: its own home, data and config
folders, no desktop environment, and the real xdg-utils, desktop-file-utils, AppStream and GIO
tools run against it."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

# Variables by which xdg-utils and GLib would recognise a desktop environment or reach a
# session; without them xdg-mime takes its generic path (mimeapps.list).
_DESKTOP_VARIABLES = (
    "XDG_CURRENT_DESKTOP",
    "XDG_SESSION_DESKTOP",
    "DESKTOP_SESSION",
    "XDG_MENU_PREFIX",
    "KDE_FULL_SESSION",
    "KDE_SESSION_VERSION",
    "GNOME_DESKTOP_SESSION_ID",
    "MATE_DESKTOP_SESSION_ID",
    "LXQT_SESSION_CONFIG",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "BROWSER",
)


@dataclass(frozen=True)
class XdgSession:
    home: Path
    data_home: Path
    config_home: Path
    system_config: Path
    system_data: Path

    @property
    def applications(self) -> Path:
        return self.data_home / "applications"

    @property
    def mimeapps(self) -> Path:
        return self.config_home / "mimeapps.list"


def xdg_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> XdgSession:
    """Point this process (and the programs it starts) at a fresh XDG desktop under
    ``tmp_path``, with no desktop environment and no session bus."""
    session = XdgSession(
        home=tmp_path / "home",
        data_home=tmp_path / "home" / ".local" / "share",
        config_home=tmp_path / "home" / ".config",
        system_config=tmp_path / "etc" / "xdg",
        system_data=tmp_path / "usr" / "share",
    )
    for folder in (session.home, session.system_config, session.system_data):
        folder.mkdir(parents=True, exist_ok=True)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("HOME", str(session.home))
    monkeypatch.setenv("XDG_DATA_HOME", str(session.data_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(session.config_home))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(session.system_config))
    # the user's folder first, as a session sets it up; then a system folder of this test only
    monkeypatch.setenv("XDG_DATA_DIRS", f"{session.data_home}:{session.system_data}")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
    monkeypatch.setenv("GIO_USE_VFS", "local")
    for name in _DESKTOP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return session


def require(tool: str) -> str:
    """The path of ``tool``; the test is skipped where it is not installed (scripts/bootstrap
    --dev installs it, so CI runs the test)."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (scripts/bootstrap --dev installs it)")
    return path


def run_tool(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require(argv[0]), *argv[1:]], capture_output=True, text=True, timeout=timeout, check=False
    )


def default_app(mime_type: str) -> str:
    """What ``xdg-mime query default MIME-TYPE`` prints (its whole output)."""
    done = run_tool("xdg-mime", "query", "default", mime_type)
    assert done.returncode == 0, done.stderr
    return done.stdout


def recorder(folder: Path, name: str = "vega-desktop") -> Path:
    """An executable that writes the arguments it was started with to ``argv.txt`` beside the
    test's folders, one a line, and exits: a stand-in for the app that a launcher starts."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    log = folder.parent / "argv.txt"
    lines = [
        "#!/bin/sh",
        f"out='{log}'",
        'printf "%s\\n" "$@" > "$out.part" && mv "$out.part" "$out"',
    ]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def recorded(script: Path, timeout: float = 15) -> list[str]:
    """The arguments ``script`` (from :func:`recorder`) was started with, once it ran."""
    log = script.parent.parent / "argv.txt"
    deadline = time.monotonic() + timeout
    while not log.exists():
        assert time.monotonic() < deadline, f"{script} was not started"
        time.sleep(0.05)
    return log.read_text(encoding="utf-8").splitlines()
