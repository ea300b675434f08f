"""The Settings dialog: a full round trip through the settings file, and start at login."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from vega_desktop.api import User
from vega_desktop.core.desktop_entry import autostart_entry, exec_value, launch_command, read_entry
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.ui.settings_dialog import Autostart, SettingsDialog


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


def save(qloop: asyncio.AbstractEventLoop, dialog: SettingsDialog) -> None:
    async def scenario() -> None:
        task = dialog.save()
        if task is not None:
            await task

    qloop.run_until_complete(scenario())


def make_dialog(
    qtbot, store: SettingsStore, settings: Settings, tmp_path: Path, **kw
) -> SettingsDialog:  # type: ignore[no-untyped-def]
    kw.setdefault("autostart", Autostart(tmp_path / "autostart"))
    dialog = SettingsDialog(settings=settings, settings_store=store, platform="linux", **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_round_trip(qloop, qtbot, store: SettingsStore, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    start = Settings(domain="acme.pbx.vega.ua", ext="001")
    users = [
        User(id=1, display_name="Іван Іванов", ext="001", email=None),
        User(id=2, display_name="Петро Петров", ext="002", email=None),
        User(id=3, display_name="No phone", ext=None, email=None),
    ]
    dialog = make_dialog(qtbot, store, start, tmp_path, users=users)
    assert dialog.ext_combo.count() == 2
    assert dialog.ext_combo.currentText() == "001 — Іван Іванов"
    seen: list[Settings] = []
    dialog.settings_saved.connect(seen.append)

    dialog.server_edit.setText("http://127.0.0.1:8123/")
    dialog.ext_combo.setCurrentIndex(1)
    dialog.poll_spin.setValue(2.5)
    dialog.corner_combo.setCurrentIndex(dialog.corner_combo.findData("top-left"))
    dialog.delay_spin.setValue(12)
    dialog.outgoing_check.setChecked(False)
    dialog.internal_check.setChecked(False)
    dialog.supervisor_check.setChecked(True)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("uk"))
    save(qloop, dialog)

    expected = Settings(
        domain="acme.pbx.vega.ua",
        server="http://127.0.0.1:8123",
        ext="002",
        poll_interval=2.5,
        popup_corner="top-left",
        popup_close_delay=12.0,
        popup_incoming=True,
        popup_outgoing=False,
        popup_internal=False,
        supervisor=True,
        language="uk",
    )
    assert seen == [expected]
    assert store.load() == expected
    assert not dialog.isVisible()
    on_disk = json.loads(store.path.read_text())
    assert not any("key" in name.lower() for name in on_disk)

    again = make_dialog(qtbot, store, store.load(), tmp_path)
    assert again.server_edit.text() == "http://127.0.0.1:8123"
    assert again.ext_combo.currentText() == "002"
    assert again.poll_spin.value() == 2.5
    assert again.corner_combo.currentData() == "top-left"
    assert not again.outgoing_check.isChecked()
    assert again.supervisor_check.isChecked()
    assert again.language_combo.currentData() == "uk"


def test_poll_interval_is_limited_to_the_allowed_range(qtbot, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, store, Settings(), tmp_path)
    assert dialog.poll_spin.minimum() == 0.5
    assert dialog.poll_spin.maximum() == 10.0
    dialog.poll_spin.setValue(60)
    assert dialog.poll_spin.value() == 10.0


def test_an_invalid_server_url_is_refused(qloop, qtbot, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, store, Settings(domain="acme.pbx.vega.ua"), tmp_path)
    dialog.server_edit.setText("ftp://acme")
    save(qloop, dialog)
    assert "must start with http:// or https://" in dialog.message.text()
    assert dialog.isVisible()
    assert not store.path.exists()


def test_start_at_login_writes_and_removes_the_autostart_entry(
    qloop, qtbot, store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    autostart = Autostart.default()
    assert autostart.folder == tmp_path / "xdg" / "autostart"
    assert autostart.path == tmp_path / "xdg" / "autostart" / "vega-desktop.desktop"

    dialog = make_dialog(qtbot, store, Settings(), tmp_path, autostart=autostart)
    assert dialog.autostart_check.isVisible()
    assert not dialog.autostart_check.isChecked()
    dialog.autostart_check.setChecked(True)
    save(qloop, dialog)
    entry = read_entry(autostart.path)
    assert entry is not None
    # the program the applications menu starts (this environment's vega-desktop), no link
    assert entry["Exec"] == exec_value(launch_command())
    assert Path(launch_command()[0]).is_absolute()
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert "Hidden" not in entry
    assert store.load().start_at_login

    dialog = make_dialog(qtbot, store, store.load(), tmp_path, autostart=autostart)
    assert dialog.autostart_check.isChecked()
    dialog.autostart_check.setChecked(False)
    save(qloop, dialog)
    assert not autostart.path.exists()
    assert not store.load().start_at_login
    dialog = make_dialog(qtbot, store, store.load(), tmp_path, autostart=autostart)
    assert not dialog.autostart_check.isChecked()


def test_start_at_login_switched_off_by_the_desktop_shows_off(
    qloop, qtbot, store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """GNOME's startup-applications settings switch an entry off in the file: the box follows
    the file, and saving other settings does not switch it back on."""
    autostart = Autostart(tmp_path / "autostart")
    dialog = make_dialog(qtbot, store, Settings(), tmp_path, autostart=autostart)
    dialog.autostart_check.setChecked(True)
    save(qloop, dialog)
    text = autostart.path.read_text(encoding="utf-8")
    autostart.path.write_text(
        text.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"),
        encoding="utf-8",
    )

    dialog = make_dialog(qtbot, store, store.load(), tmp_path, autostart=autostart)
    assert not dialog.autostart_check.isChecked()
    dialog.poll_spin.setValue(3)
    save(qloop, dialog)
    assert not autostart.enabled()
    assert not store.load().start_at_login


def test_start_at_login_from_a_system_wide_entry(qloop, qtbot, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An entry an administrator put in /etc/xdg/autostart shows as on; switching it off
    hides it for this user only."""
    system = tmp_path / "etc" / "xdg" / "autostart"
    system.mkdir(parents=True)
    (system / "vega-desktop.desktop").write_text(
        autostart_entry(["/usr/bin/vega-desktop"]), encoding="utf-8"
    )
    autostart = Autostart(tmp_path / "autostart", (system,))
    dialog = make_dialog(qtbot, store, Settings(), tmp_path, autostart=autostart)
    assert dialog.autostart_check.isChecked()
    dialog.autostart_check.setChecked(False)
    save(qloop, dialog)
    entry = read_entry(autostart.path)
    assert entry is not None
    assert entry["Hidden"] == "true"
    assert (system / "vega-desktop.desktop").is_file()
    dialog = make_dialog(qtbot, store, store.load(), tmp_path, autostart=autostart)
    assert not dialog.autostart_check.isChecked()


def test_an_autostart_folder_that_cannot_be_written_is_reported(
    qloop, qtbot, store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    autostart = Autostart(tmp_path / "not-a-folder")
    dialog = make_dialog(qtbot, store, Settings(), tmp_path, autostart=autostart)
    dialog.autostart_check.setChecked(True)
    save(qloop, dialog)
    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert "could not be saved" in dialog.message.text()


def test_start_at_login_is_hidden_where_it_is_not_implemented(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(settings=Settings(), settings_store=store, platform="win32")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.autostart_check.isVisible()


def test_exec_line_quotes_paths_with_spaces(tmp_path: Path) -> None:
    autostart = Autostart(tmp_path)
    autostart.enable(["/opt/Vega Desktop/bin/python", "-m", "vega_desktop"])
    exec_line = next(
        line for line in autostart.path.read_text().splitlines() if line.startswith("Exec=")
    )
    assert exec_line == 'Exec="/opt/Vega Desktop/bin/python" -m vega_desktop'
