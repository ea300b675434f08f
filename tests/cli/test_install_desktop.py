"""``vega-desktop install-desktop`` / ``uninstall-desktop`` in a private XDG desktop: the entry
starts this installation's program, xdg-mime then names it for tel: and callto: links, and
uninstalling gives the links back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import error_lines, run
from tests.xdg_desktop import (
    XdgSession,
    default_app,
    recorded,
    recorder,
    require,
    run_tool,
    xdg_session,
)
from vega_desktop.core.desktop_entry import APP_ID, DESKTOP_ID, read_entry

SCRIPT = Path(sys.executable).parent / "vega-desktop"  # this virtual environment's command


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> XdgSession:
    require("xdg-mime")
    return xdg_session(tmp_path, monkeypatch)


def installed_files(session: XdgSession) -> list[Path]:
    return [
        session.applications / DESKTOP_ID,
        session.data_home / "icons" / "hicolor" / "scalable" / "apps" / "vega-desktop.svg",
        session.data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
    ]


def validate(entry: Path) -> None:
    done = run_tool("desktop-file-validate", str(entry))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not done.stdout.strip(), done.stdout


def test_install_and_uninstall(capsys: pytest.CaptureFixture[str], session: XdgSession) -> None:
    installed = run(capsys, "install-desktop")

    assert installed.code == 0, installed.err
    assert installed.err == ""
    files = installed_files(session)
    assert installed.out.splitlines() == [
        *(f"installed {path}" for path in files),
        f"starts    {SCRIPT}",
        "opens     tel: and callto: links",
    ]
    entry = read_entry(files[0])
    assert entry is not None
    assert entry["Exec"] == f"{SCRIPT} %u"
    assert Path(entry["TryExec"]).is_absolute()
    validate(files[0])
    assert default_app("x-scheme-handler/tel") == f"{DESKTOP_ID}\n"
    assert default_app("x-scheme-handler/callto") == f"{DESKTOP_ID}\n"

    removed = run(capsys, "uninstall-desktop")

    assert removed.code == 0, removed.err
    assert removed.out.splitlines() == [
        *(f"removed {path}" for path in files),
        "no longer opens tel: and callto: links",
    ]
    assert not any(path.exists() for path in files)
    assert default_app("x-scheme-handler/tel") == ""
    assert default_app("x-scheme-handler/callto") == ""
    nothing = run(capsys, "uninstall-desktop")
    assert nothing.code == 0
    assert "nothing to remove" in nothing.out


def test_json(capsys: pytest.CaptureFixture[str], session: XdgSession) -> None:
    installed = run(capsys, "--json", "install-desktop")
    assert installed.code == 0, installed.err
    assert installed.json() == {
        "desktop_id": DESKTOP_ID,
        "command": [str(SCRIPT)],
        "installed": [str(path) for path in installed_files(session)],
        "default_for": ["x-scheme-handler/tel", "x-scheme-handler/callto"],
        "autostart_updated": False,
        "warnings": [],
    }
    removed = run(capsys, "--json", "uninstall-desktop")
    assert removed.code == 0, removed.err
    assert removed.json() == {
        "desktop_id": DESKTOP_ID,
        "removed": [str(path) for path in installed_files(session)],
        "no_longer_default_for": ["x-scheme-handler/tel", "x-scheme-handler/callto"],
        "warnings": [],
    }


def test_a_program_under_a_path_with_spaces(
    capsys: pytest.CaptureFixture[str],
    session: XdgSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An environment in a folder with spaces: Exec quotes the absolute path, and a tel: link
    opened through GLib starts that very program with the link."""
    require("gio")
    bin_dir = tmp_path / "Vega Desktop" / "bin"
    program = recorder(bin_dir)
    python = bin_dir / "python3"
    python.symlink_to(sys.executable)
    monkeypatch.setattr(sys, "executable", str(python))

    installed = run(capsys, "install-desktop")

    assert installed.code == 0, installed.err
    entry = session.applications / DESKTOP_ID
    validate(entry)
    assert f'\nExec="{program}" %u\n' in entry.read_text(encoding="utf-8")
    assert default_app("x-scheme-handler/tel") == f"{DESKTOP_ID}\n"
    opened = run_tool("gio", "open", "tel:+380441234567")
    assert opened.returncode == 0, opened.stderr
    assert recorded(program) == ["tel:+380441234567"]


def test_without_xdg_mime(
    capsys: pytest.CaptureFixture[str], session: XdgSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(session.home))  # nothing to run there

    refused = run(capsys, "install-desktop")

    assert refused.code == 1
    [line] = error_lines(refused)
    assert "xdg-mime was not found" in line
    assert "sudo apt install xdg-utils" in line
    assert "install-desktop --no-handler" in line
    assert not session.data_home.exists()

    menu_only = run(capsys, "install-desktop", "--no-handler")

    assert menu_only.code == 0, menu_only.err
    assert all(path.is_file() for path in installed_files(session))
    assert "opens" not in menu_only.out
    assert not session.mimeapps.exists()


def test_a_failing_xdg_mime_is_reported(
    capsys: pytest.CaptureFixture[str], session: XdgSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = session.home / "bin"
    tools.mkdir()
    fake = tools / "xdg-mime"
    fake.write_text("#!/bin/sh\necho 'xdg-mime: cannot write mimeapps.list' >&2\nexit 4\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))

    failed = run(capsys, "install-desktop")

    assert failed.code == 1
    [line] = error_lines(failed)
    assert "could not make vega-desktop.desktop the default" in line
    assert "cannot write mimeapps.list" in line


def test_only_on_xdg_desktops(
    capsys: pytest.CaptureFixture[str], session: XdgSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    refused = run(capsys, "install-desktop")
    assert refused.code == 2
    assert "Linux and other XDG desktops" in error_lines(refused)[0]
    assert not session.data_home.exists()


def test_as_processes_and_without_qt(session: XdgSession) -> None:
    """The installed command does it as a process of its own, and the CLI never loads Qt."""
    env = dict(os.environ)
    done = subprocess.run(
        [str(SCRIPT), "install-desktop"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert f"starts    {SCRIPT}" in done.stdout
    assert default_app("x-scheme-handler/tel") == f"{DESKTOP_ID}\n"

    check = (
        "import sys\n"
        "from vega_desktop.cli import main\n"
        "code = main(['uninstall-desktop'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync'))\n"
        "print('QT-MODULES', qt, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "QT-MODULES []" in done.stderr
    assert default_app("x-scheme-handler/tel") == ""
