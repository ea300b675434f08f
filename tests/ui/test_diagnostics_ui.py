"""Save diagnostics… from the tray: the action opens the Save dialog in Documents with the
default name, choosing a file writes the bundle off the GUI thread, and the operator is told
where it went (or that it failed). No key reaches the zip."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import secrets
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.test_i18n import compile_translations
from vega_desktop.api import ServerError
from vega_desktop.core import logsetup
from vega_desktop.core.diagnostics import DiagnosticsCollector
from vega_desktop.core.logsetup import PbxErrorRing
from vega_desktop.core.secrets import EnvSecretStore, KeyResolver
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.ui.diagnostics import DiagnosticsSaver
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.tray import TrayController

KEY = f"Pl4nted-{secrets.token_urlsafe(18)}"  # the key in use: registered, as the app does
ENV_KEY = "envkey" + "".join(secrets.choice("abcdefghjk") for _ in range(16))
RING_KEY = "ringkey" + "".join(secrets.choice("mnpqrstuvw") for _ in range(16))
CALL = "0d8f6c2a9b7e4f1a8c3b5d7e9f0a1b2c"
DOMAIN = "acme.pbx.vega.ua"
NOW = datetime(2025, 3, 14, 10, 30, 5)


class FakeKeyring:
    """The keyring as a SecretStore: one key for DOMAIN."""

    async def get(self, domain: str) -> str | None:
        return RING_KEY if domain == DOMAIN else None

    async def set(self, domain: str, key: str) -> None:
        raise AssertionError("diagnostics never store a key")

    async def delete(self, domain: str) -> None:
        raise AssertionError("diagnostics never delete a key")


class Notices:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str, bool]] = []

    def __call__(self, title: str, text: str, *, error: bool = False) -> None:
        self.shown.append((title, text, error))


@pytest.fixture
def clipboard(qapp: QApplication) -> QClipboard:
    return QGuiApplication.clipboard()


@pytest.fixture(autouse=True)
def tray_app(qapp: QApplication) -> Iterator[None]:
    """As in the app: closing the dialog, the only window, must not end the event loop."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


@pytest.fixture
def key_in_use() -> Iterator[str]:
    logsetup.register_secret(KEY)
    yield KEY
    logsetup.unregister_secret(KEY)


@pytest.fixture
def collector(tmp_path: Path) -> DiagnosticsCollector:
    store = SettingsStore(tmp_path / "config" / "settings.json")
    store.save(Settings(domain=DOMAIN, ext="001"))
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    (log_dir / "vega-desktop.log").write_text(
        f"2025-03-14 10:00:00,000 INFO    x: popup shown {CALL}\n"
        f"2025-03-14 10:00:01,000 INFO    x: old line {KEY} {ENV_KEY} {RING_KEY}\n"
    )
    ring = PbxErrorRing()
    try:
        raise ServerError(f"failed for key {KEY}", status=503)
    except ServerError as exc:
        ring.record(exc, message=f"active calls poll failed: Cookie: JSESSIONID={KEY}")
    return DiagnosticsCollector(
        settings_store=store,
        log_dir=log_dir,
        resolver=KeyResolver(
            env=EnvSecretStore({"VEGA_API_KEY": ENV_KEY}), keyring_store=FakeKeyring()
        ),
        errors=ring,
        backend=lambda: "keyring.backends.SecretService.Keyring",
    )


def bundle(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_tray_action_asks_where_and_a_zip_appears(
    qloop: asyncio.AbstractEventLoop,
    clipboard: QClipboard,
    collector: DiagnosticsCollector,
    tmp_path: Path,
    key_in_use: str,
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    notices = Notices()
    tray = TrayController(tray_available=False, clipboard=clipboard, platform="linux")
    saver = DiagnosticsSaver(
        collector=collector, notify=notices, folder=documents, clock=lambda: NOW
    )
    tray.diagnostics_requested.connect(saver.ask)

    async def scenario() -> Path:
        done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        saver.saved.connect(lambda path: done.done() or done.set_result(path))
        action = next(a for a in tray.menu.actions() if a.objectName() == "diagnosticsAction")
        action.trigger()  # signed out: it is there, when it matters most
        dialog = saver.dialog
        assert isinstance(dialog, QFileDialog)
        assert dialog.isVisible()
        assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave
        assert Path(dialog.directory().absolutePath()) == documents
        [chosen] = dialog.selectedFiles()
        assert Path(chosen) == documents / "vega-desktop-diagnostics-20250314-103005.zip"
        assert tray.menu.actions()  # the menu keeps working while the dialog is open
        dialog.accept()
        assert saver.dialog is None
        return Path(await asyncio.wait_for(done, 10))

    try:
        written = qloop.run_until_complete(scenario())
    finally:
        tray.close()
        saver.deleteLater()

    assert written == documents / "vega-desktop-diagnostics-20250314-103005.zip"
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in documents.iterdir()] == [written.name]  # no temporary left
    files = bundle(written)
    for name, body in files.items():
        for key in (KEY, ENV_KEY, RING_KEY):
            assert key.encode() not in body, name
    assert CALL.encode() in files["logs/vega-desktop.log"]
    summary = json.loads(files["summary.json"])
    assert summary["source"] == "app"
    assert summary["platform"]["qt"]  # the app has Qt loaded
    assert summary["platform"]["pyside6"]
    errors = json.loads(files["pbx-errors.json"])
    assert errors["from"] == "app"
    assert [(e["error"], e["status"]) for e in errors["errors"]] == [("ServerError", 503)]
    assert notices.shown == [
        ("Diagnostics saved", f"Saved to {written}. Send this file to support.", False)
    ]


def test_a_save_that_fails_is_reported_and_logged(
    qloop: asyncio.AbstractEventLoop,
    collector: DiagnosticsCollector,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    notices = Notices()
    saver = DiagnosticsSaver(collector=collector, notify=notices, folder=tmp_path)
    failures: list[str] = []
    saver.failed.connect(failures.append)
    target = tmp_path / "gone" / "diagnostics.zip"

    async def scenario() -> Path | None:
        task = saver.save_to(target)
        assert saver.busy
        return await task

    with caplog.at_level(logging.WARNING, logger="vega_desktop.ui.diagnostics"):
        assert qloop.run_until_complete(scenario()) is None
    saver.deleteLater()
    assert not saver.busy
    assert failures == [str(target)]
    assert notices.shown == [
        ("Diagnostics not saved", "Could not write diagnostics.zip. The log has the details.", True)
    ]
    [record] = [r for r in caplog.records if r.name == "vega_desktop.ui.diagnostics"]
    assert "could not be saved" in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], FileNotFoundError)


def test_cancelling_the_dialog_writes_nothing(
    qloop: asyncio.AbstractEventLoop, collector: DiagnosticsCollector, tmp_path: Path
) -> None:
    notices = Notices()
    saver = DiagnosticsSaver(collector=collector, notify=notices, folder=tmp_path)

    async def scenario() -> None:
        dialog = saver.ask()
        assert saver.ask() is dialog  # asked again: the same dialog comes forward
        dialog.reject()
        await asyncio.sleep(0.05)

    qloop.run_until_complete(scenario())
    saver.deleteLater()
    assert saver.dialog is None
    assert not saver.busy
    assert notices.shown == []
    assert list(tmp_path.glob("*.zip")) == []


def test_the_default_folder_is_documents_or_home(collector: DiagnosticsCollector) -> None:
    saver = DiagnosticsSaver(collector=collector, notify=Notices(), clock=lambda: NOW)
    folder = saver.default_folder()
    assert folder.is_dir()
    assert saver.default_path() == folder / "vega-desktop-diagnostics-20250314-103005.zip"
    saver.deleteLater()


def test_texts_are_translated(
    qapp: QApplication,
    clipboard: QClipboard,
    collector: DiagnosticsCollector,
    tmp_path_factory: pytest.TempPathFactory,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
) -> None:
    translations = Translations(qapp, directory=compile_translations(tmp_path_factory.mktemp("qm")))
    translations.apply("uk")
    notices = Notices()
    tray = TrayController(tray_available=True, clipboard=clipboard, platform="linux")
    saver = DiagnosticsSaver(collector=collector, notify=notices, folder=tmp_path)
    try:
        texts = {a.objectName(): a.text() for a in tray.menu.actions()}
        assert texts["diagnosticsAction"] == "Зберегти діагностику…"
        tray.set_signed_in(True, account=DOMAIN, ext="001")
        texts = {a.objectName(): a.text() for a in tray.menu.actions()}
        assert texts["diagnosticsAction"] == "Зберегти діагностику…"
        dialog = saver.ask()
        assert dialog.windowTitle() == "Зберегти діагностику"
        dialog.reject()

        async def scenario() -> Path | None:
            return await saver.save_to(tmp_path / "d.zip")

        written = qloop.run_until_complete(scenario())
        assert written == tmp_path / "d.zip"
        assert notices.shown == [
            (
                "Діагностику збережено",
                f"Збережено у файл {written}. Надішліть його до служби підтримки.",
                False,
            )
        ]
    finally:
        translations.clear()
        translations.deleteLater()
        tray.close()
        saver.deleteLater()
