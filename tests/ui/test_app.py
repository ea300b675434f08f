"""The composition root, built in process with injected parts against the simulated PBX."""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import uuid
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from tests.gui_thread import collect_on_the_gui_thread
from tests.ui.test_i18n import compile_translations
from vega_desktop.api import Direction
from vega_desktop.app import (
    AppOptions,
    MemorySecretStore,
    VegaApp,
    default_client_factory,
    demo_options,
    process,
    run,
)
from vega_desktop.app.process import start_request
from vega_desktop.core import logsetup, paths
from vega_desktop.core.poller import Connection
from vega_desktop.core.secrets import EnvSecretStore, NoKeyringBackend
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.demo import DEMO_API_KEY, DEMO_DOMAIN, DEMO_OPERATOR_EXT, SimulatedPbx, create_app
from vega_desktop.ui.crash import CrashHandler
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.icons import TrayState
from vega_desktop.ui.single_instance import InstanceRequest, SingleInstance, server_name
from vega_desktop.ui.tray import TrayController

T = TypeVar("T")


_collect_on_the_gui_thread = pytest.fixture(autouse=True)(collect_on_the_gui_thread)


# the offscreen platform warns on raise() for every window brought to the front; QtMultimedia
# (the workbench's player) says once that this machine has no VA-API and no sound server
NO_DEVICE = (
    "This plugin does not support raise",
    r"^Couldn't (load|resolve) .+ (library|symbols)$",
    r"^PulseAudioService: pa_context_connect\(\) failed$",
    r"^No audio device detected$",
)
pytestmark = pytest.mark.qt_log_ignore(*NO_DEVICE)


async def until(predicate: Callable[[], object], within: float = 3.0) -> None:
    """Wait on the asyncio loop (never a nested Qt loop) until ``predicate()`` is truthy."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within} s")
        await asyncio.sleep(0.01)


def launch(*args: str) -> subprocess.Popen[bytes]:
    """A second process (it only connects to a local socket and exits: no need to await it)."""
    return subprocess.Popen(
        [sys.executable, *args], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    )


class FakeSecretStore:
    """Keys in a dict. ``read_error`` makes ``get`` raise it (a missing keyring backend)."""

    def __init__(
        self, keys: dict[str, str] | None = None, read_error: Exception | None = None
    ) -> None:
        self.keys = dict(keys or {})
        self.read_error = read_error
        self.reads = 0

    async def get(self, domain: str) -> str | None:
        self.reads += 1
        if self.read_error is not None:
            raise self.read_error
        return self.keys.get(domain)

    async def set(self, domain: str, key: str) -> None:
        self.keys[domain] = key

    async def delete(self, domain: str) -> None:
        self.keys.pop(domain, None)


class Harness:
    """A VegaApp wired to an in-process simulated PBX (no sockets), and its parts."""

    def __init__(
        self,
        tmp_path: Path,
        *,
        settings: Settings | None = None,
        secrets: Any = None,
        env: EnvSecretStore | None = None,
        options: AppOptions | None = None,
        pbx: SimulatedPbx | None = None,
        **kw: Any,
    ) -> None:
        self.pbx = pbx if pbx is not None else SimulatedPbx(seed=5)
        asgi = create_app(self.pbx)
        self.store = SettingsStore(tmp_path / "config" / "settings.json")
        if settings is not None:
            self.store.save(settings)
        self.secrets = secrets if secrets is not None else FakeSecretStore()
        self.app = VegaApp(
            options=options or AppOptions(),
            settings_store=self.store,
            secrets=self.secrets,
            env_secrets=env,
            client_factory=default_client_factory(
                transport_factory=lambda: httpx.ASGITransport(app=asgi)
            ),
            data_dir=tmp_path / "data",
            tray=kw.pop("tray", None) or TrayController(tray_available=False),
            watch_network=False,
            cache_dir=tmp_path / "cache",
            **kw,
        )

    def run(self, qloop: asyncio.AbstractEventLoop, scenario: Callable[[], Awaitable[T]]) -> T:
        """Run ``scenario`` and shut the app down, all in one turn of the loop: no asyncio
        callback is ever left for pytest-qt to run outside it."""

        async def main() -> T:
            try:
                return await scenario()
            finally:
                await self.app.shutdown()
                # connection attempts cancelled by the shutdown unwind inside the loop
                await asyncio.sleep(0.1)

        return qloop.run_until_complete(main())

    def connected(self) -> bool:
        session = self.app.session
        return session is not None and session.poller.status.state is Connection.ONLINE

    async def online(self, within: float = 5.0) -> None:
        await self.app.start()
        await until(self.connected, within)

    def requests(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.pbx.request_log() if str(r.get("path", "")).startswith(path)]


class RecordingTray(TrayController):
    """The status-window tray, remembering every notice it was asked to show."""

    def __init__(self) -> None:
        super().__init__(tray_available=False)
        self.notices: list[tuple[str, str]] = []

    def show_message(self, title: str, text: str, *, error: bool = False) -> None:
        self.notices.append((title, text))
        super().show_message(title, text, error=error)


SIGNED_IN = Settings(domain=DEMO_DOMAIN, ext=DEMO_OPERATOR_EXT, poll_interval=0.5)
DEMO_KEYRING = {DEMO_DOMAIN: DEMO_API_KEY}


@pytest.fixture
def make(tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(**kw: Any) -> Harness:
        return Harness(tmp_path, **kw)

    return build


def test_first_run_shows_the_sign_in_dialog(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make()

    async def scenario() -> None:
        await h.app.start()
        assert h.app.session is None
        assert h.app.sign_in_dialog is not None
        assert h.app.sign_in_dialog.isVisible()
        assert h.app.tray.state is TrayState.SIGNED_OUT

    h.run(qloop, scenario)


def test_later_runs_start_signed_in_from_the_keyring(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING))

    async def scenario() -> None:
        await h.online()
        assert h.app.sign_in_dialog is None
        assert h.app.session is not None
        assert h.app.session.tracker.own_ext == DEMO_OPERATOR_EXT
        assert "Online: demo.pbx.vega.ua, ext. 001" in h.app.tray.tooltip()

    h.run(qloop, scenario)
    assert h.requests("/rest/security/authorize")


def test_no_keyring_backend_asks_for_the_key_and_says_why(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(read_error=NoKeyringBackend("none")))

    async def scenario() -> None:
        await h.app.start()
        dialog = h.app.sign_in_dialog
        assert dialog is not None
        assert dialog.message.text().startswith("No secure keyring is available on this system.")
        assert dialog.domain_edit.text() == DEMO_DOMAIN

    h.run(qloop, scenario)


def test_command_line_account_and_env_key_skip_the_sign_in(qloop, make) -> None:  # type: ignore[no-untyped-def]
    untouchable = FakeSecretStore(read_error=AssertionError("the keyring must not be read"))
    h = make(
        secrets=untouchable,
        env=EnvSecretStore({"VEGA_API_KEY": DEMO_API_KEY}),
        options=AppOptions(domain=DEMO_DOMAIN, server="http://pbx.test", ext="002"),
        settings=Settings(poll_interval=0.5),
    )

    async def scenario() -> None:
        await h.online()
        assert h.app.sign_in_dialog is None
        assert h.app.session is not None
        assert h.app.session.ext == "002"

    h.run(qloop, scenario)
    assert untouchable.reads == 0
    assert h.store.load().domain is None  # command-line choices are not saved


def test_sign_out_deletes_the_key_and_shows_the_sign_in_again(qloop, make) -> None:  # type: ignore[no-untyped-def]
    secrets = FakeSecretStore(DEMO_KEYRING)
    h = make(settings=SIGNED_IN, secrets=secrets)

    async def scenario() -> None:
        await h.online()
        session = h.app.session
        assert session is not None
        await h.app.sign_out()
        assert not session.poller.running
        assert session.client.is_closed
        assert h.app.session is None
        assert h.app.tray.state is TrayState.SIGNED_OUT
        assert h.app.sign_in_dialog is not None
        assert h.app.sign_in_dialog.domain_edit.text() == DEMO_DOMAIN

    h.run(qloop, scenario)
    assert secrets.keys == {}


def test_signing_in_through_the_dialog_starts_a_session(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make(settings=Settings(poll_interval=0.5))

    async def scenario() -> None:
        await h.app.start()
        dialog = h.app.sign_in_dialog
        assert dialog is not None
        dialog.domain_edit.setText("demo")
        dialog.key_edit.setText(DEMO_API_KEY)
        check = dialog.check()
        assert check is not None
        await check
        dialog.ext_combo.setCurrentIndex(dialog.ext_combo.findData(DEMO_OPERATOR_EXT))
        save = dialog.save()
        assert save is not None
        await save
        await until(lambda: h.app.tray.state is TrayState.ONLINE, 5)
        assert h.app.session is not None

    h.run(qloop, scenario)
    assert h.secrets.keys == DEMO_KEYRING
    assert h.store.load().ext == DEMO_OPERATOR_EXT


def test_the_workbench_opens_from_the_tray_with_its_pages(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING))

    async def scenario() -> None:
        await h.online()
        assert h.app.workbench is None  # built on first use, not at start-up
        actions = {a.objectName(): a for a in h.app.tray.menu.actions()}
        assert actions["workbenchAction"].text() == "Workbench…"
        actions["workbenchAction"].trigger()
        workbench = h.app.workbench
        assert workbench is not None
        window = workbench.window
        assert window.isVisible()
        assert {"missed", "history", "contacts", "colleagues"} <= set(window.page_keys())
        assert window.connection_text().startswith("Online")
        # "Add note…" on a row: the Contacts page, on the contact with that number
        workbench.history.note_requested.emit("+380671234567")
        assert window.current_page() == "contacts"
        # a second open brings the same window back
        window.close()
        assert not window.isVisible()
        h.app.show_workbench("history")
        assert h.app.workbench is workbench
        assert window.isVisible()
        assert window.current_page() == "history"

    h.run(qloop, scenario)


def test_open_contact_from_a_popup_shows_it_in_the_workbench(qloop, make) -> None:  # type: ignore[no-untyped-def]
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING))

    async def scenario() -> None:
        await h.online()
        uuid = h.pbx.start_call("incoming", number=h.pbx.contact_numbers()[0])
        await until(lambda: h.app.popups.popup(uuid) is not None, 5)
        popup = h.app.popups.popup(uuid)
        assert popup is not None
        button = popup.findChild(QPushButton, "popupContact")
        assert button is not None
        await until(lambda: button.isVisibleTo(popup), 5)  # the CRM teler knows the caller
        contact_id = popup._contact_id()
        assert contact_id is not None
        assert h.app.workbench is None
        button.click()
        workbench = h.app.workbench
        assert workbench is not None
        assert workbench.window.isVisible()
        assert workbench.window.current_page() == "contacts"

        def shown() -> bool:
            contact = workbench.contacts.current_contact
            return contact is not None and contact.id == contact_id

        await until(shown, 5)
        h.pbx.end_call(uuid)

    h.run(qloop, scenario)


def test_the_missed_queue_drives_the_badge_notifications_and_the_call_back(qloop, make) -> None:  # type: ignore[no-untyped-def]
    tray = RecordingTray()
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), tray=tray,
             missed_refresh=0.3)  # fmt: skip
    waiting, fresh = "+380671112233", "+380509998877"
    h.pbx.end_call(h.pbx.start_call("incoming", number=waiting))  # before the app starts

    def missed_notices() -> list[str]:
        return [text for title, text in tray.notices if title == "Missed call"]

    async def scenario() -> None:
        await h.online()
        await until(lambda: tray.missed_count > 0, 5)
        session = h.app.session
        assert session is not None
        before = session.missed.count()
        assert tray.missed_count == before == h.app.bridge.missed_count
        assert missed_notices() == []  # what was waiting at start is no news
        # the menu's Missed calls (n): the workbench on the Missed page, the same count
        missed = next(a for a in tray.menu.actions() if a.objectName() == "missedAction")
        assert missed.text() == f"Missed calls ({before})"
        missed.trigger()
        workbench = h.app.workbench
        assert workbench is not None
        assert workbench.window.current_page() == "missed"

        # a new missed call: the badge follows, and one notification (however many refreshes)
        h.pbx.end_call(h.pbx.start_call("incoming", number=fresh))
        await until(lambda: tray.missed_count == before + 1, 5)
        await until(lambda: len(missed_notices()) == 1, 2)
        refreshes = len(h.requests("/rest/calls/missed.api"))
        await until(lambda: len(h.requests("/rest/calls/missed.api")) >= refreshes + 2, 5)
        assert missed_notices() == ["050 999 8877"]
        assert workbench.missed.shown_rows() or workbench.missed.empty_text()

        # call back from the Missed page: makeCall from the operator's extension...
        task = workbench.missed.call_back(fresh)
        await task  # type: ignore[misc]
        await until(lambda: h.requests("/rest/user/makeCall"), 5)
        (call,) = h.requests("/rest/user/makeCall")
        assert call["json"] == {"legExt": DEMO_OPERATOR_EXT, "otherLegNum": fresh}
        # ... answered: the PBX stops listing the caller, and the queue follows
        (live,) = h.pbx.active_calls()  # the call back, ringing the operator first
        uid = str(live["uuid"])
        h.pbx.answer_call(uid)
        h.pbx.end_call(uid)
        await until(lambda: session.missed.row(fresh) is None, 5)
        assert tray.missed_count == before
        assert len(missed_notices()) == 1

    h.run(qloop, scenario)


def test_settings_apply_without_a_restart(qloop, make, qapp: QApplication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    translations = Translations(qapp, directory=compile_translations(tmp_path / "qm"))
    translations.apply("en")
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), translations=translations)
    changed = Settings(
        domain=DEMO_DOMAIN,
        ext=DEMO_OPERATOR_EXT,
        poll_interval=2.0,
        supervisor=True,
        popup_outgoing=False,
        language="uk",
    )

    async def scenario() -> None:
        await h.online()
        session = h.app.session
        assert session is not None
        dialog = h.app.show_settings()
        await until(lambda: dialog.ext_combo.count() > 0)  # the colleagues arrived
        dialog.settings_saved.emit(changed)
        assert session.tracker.supervisor
        assert session.poller.interval == 2.0
        assert not h.app.popups.wants(Direction.OUTGOING)
        assert h.app.popups.wants(Direction.INCOMING)
        texts = [a.text() for a in h.app.tray.menu.actions()]
        assert "Набрати…" in texts
        assert "Вийти" in texts
        assert h.app.session is session  # same account: the session goes on

    try:
        h.run(qloop, scenario)
    finally:
        translations.clear()


SENDER = (
    "import sys\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from vega_desktop.ui.single_instance import request_from_url, send_request\n"
    "app = QCoreApplication([])\n"
    "sys.exit(0 if send_request(sys.argv[1], request_from_url(sys.argv[2]), "
    "timeout_ms=5000) else 3)\n"
)


def test_a_second_launch_with_a_tel_link_dials_in_the_first(qloop, make) -> None:  # type: ignore[no-untyped-def]
    name = f"vega-desktop-test-{uuid.uuid4().hex[:12]}"
    instance = SingleInstance(name)
    assert instance.listen()
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), instance=instance)

    async def scenario() -> int:
        await h.online()
        second = launch("-c", SENDER, name, "tel:+380-44-224-98-95")
        await until(lambda: second.poll() is not None, 15)
        await until(lambda: h.requests("/rest/user/makeCall"), 5)
        return second.returncode

    assert h.run(qloop, scenario) == 0
    (call,) = h.requests("/rest/user/makeCall")
    assert call["json"] == {"legExt": DEMO_OPERATOR_EXT, "otherLegNum": "+380442249895"}


def test_a_second_vega_desktop_process_hands_over_and_exits(qloop, make) -> None:  # type: ignore[no-untyped-def]
    """``vega-desktop callto:…`` while the app runs: the real command, through cli.main."""
    instance = SingleInstance(server_name(paths.config_dir()))
    assert instance.listen()
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), instance=instance)

    async def scenario() -> int:
        await h.online()
        second = launch("-m", "vega_desktop", "callto:0442249895")
        await until(lambda: second.poll() is not None, 30)
        await until(lambda: h.requests("/rest/user/makeCall"), 5)
        assert h.app.session is not None
        assert h.app.session.poller.status.state is Connection.ONLINE
        return second.returncode

    assert h.run(qloop, scenario) == 0
    (call,) = h.requests("/rest/user/makeCall")
    assert call["json"]["otherLegNum"] == "+380442249895"


def test_launching_again_without_arguments_opens_the_workbench(qloop, make) -> None:  # type: ignore[no-untyped-def]
    """``vega-desktop`` again, the way people reopen a tray app they cannot find."""
    instance = SingleInstance(server_name(paths.config_dir()))
    assert instance.listen()
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), instance=instance)

    async def scenario() -> int:
        await h.online()
        assert h.app.workbench is None
        second = launch("-m", "vega_desktop")
        await until(lambda: second.poll() is not None, 30)
        await until(lambda: h.app.workbench is not None, 5)
        assert h.app.workbench is not None
        assert h.app.workbench.window.isVisible()
        return second.returncode

    assert h.run(qloop, scenario) == 0
    assert not h.requests("/rest/user/makeCall")


def test_play_from_history_reaches_the_player_and_sign_out_removes_the_audio(qloop, make) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.crm_fixtures import recent_history
    from tests.ui.test_workbench_player import loaded

    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING))

    async def scenario() -> None:
        await h.online()
        session = h.app.session
        assert session is not None
        record = next(r for r in await recent_history(session.client) if r.audio_url)
        workbench = h.app.show_workbench("history")
        assert workbench is not None
        workbench.history.play_recording_requested.emit(record)
        assert workbench.window.current_page() == "player"
        assert workbench.player.record is record
        await until(lambda: workbench.cache.cached(record) is not None, 5)
        path = workbench.cache.cached(record)
        assert path is not None
        (download,) = h.requests("/rest/public/calls/")  # the audio, fetched once
        assert str(download["path"]).replace("-", "") == f"/rest/public/calls/{record.uuid}/audio"
        await until(lambda: loaded(workbench.player), 5)
        assert workbench.player.media_player.duration() > 0
        await h.app.sign_out()
        assert h.app.workbench is None
        assert not path.exists()  # the cache is cleaned up with the session

    h.run(qloop, scenario)


def test_an_unexpected_error_is_reported_and_the_app_keeps_running(qloop, make) -> None:  # type: ignore[no-untyped-def]
    crash = CrashHandler()
    crash.install()
    notices: list[str] = []
    crash.error_reported.connect(lambda title, _text: notices.append(title))
    h = make(settings=SIGNED_IN, secrets=FakeSecretStore(DEMO_KEYRING), crash=crash)

    async def boom() -> None:
        raise RuntimeError("a bug")

    async def scenario() -> None:
        await h.online()
        h.app.spawn(boom(), "boom")
        await until(lambda: notices, 3)
        session = h.app.session
        assert session is not None
        polls = session.poller.polls
        await until(lambda: session.poller.polls > polls)  # still polling
        assert h.app.tray.state is TrayState.ONLINE

    try:
        h.run(qloop, scenario)
    finally:
        crash.uninstall()
    assert notices == ["Vega Desktop: something went wrong"]
    assert crash.count == 1


def test_the_log_rotates_and_hides_secrets(tmp_path: Path) -> None:
    log_file = logsetup.setup_logging(log_dir=tmp_path / "logs", console=False)
    try:
        handlers = [
            h
            for h in logging.getLogger().handlers
            if isinstance(h, logging.handlers.RotatingFileHandler)
        ]
        assert len(handlers) == 1
        assert handlers[0].maxBytes == 1_000_000
        assert handlers[0].backupCount == 5
        assert logging.getLogger("httpx").level == logging.WARNING
        logsetup.register_secret("bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV")
        log = logging.getLogger("vega_desktop.test")
        log.info("authorize body %s", {"domain": "acme", "apiKey": "abc-123-secret"})
        log.info("cookie header: Cookie: JSESSIONID=0123456789ABCDEF")
        log.warning("the key bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV leaked")
        try:
            raise ValueError("JSESSIONID=FEDCBA9876543210 in an exception")
        except ValueError:
            log.exception("failed")
        text = log_file.read_text()
        for secret in ("abc-123-secret", "0123456789ABCDEF", "bHGbn240", "FEDCBA9876543210"):
            assert secret not in text
        assert text.count("[redacted]") >= 4
        assert oct(log_file.stat().st_mode & 0o777) == "0o600"
    finally:
        logsetup.unregister_secret("bHGbn240QSjFJgydWOWyZ3ve6UeNDT8CV")
        logsetup.teardown_logging()


def test_app_options_from_the_cli_namespace() -> None:
    args = SimpleNamespace(demo=True, domain=" acme.pbx.vega.ua ", server="", ext=None,
                           verbose=2, url="tel:+380442249895", json=False)  # fmt: skip
    assert AppOptions.from_args(args) == AppOptions(
        demo=True, domain="acme.pbx.vega.ua", verbose=2, url="tel:+380442249895"
    )
    assert AppOptions.from_args(SimpleNamespace()) == AppOptions()


def test_demo_options_from_the_environment() -> None:
    assert demo_options({}) == {}
    assert demo_options({"VEGA_DEMO_SEED": "7", "VEGA_DEMO_TRAFFIC": "0"}) == {
        "seed": 7,
        "traffic": False,
    }
    assert demo_options({"VEGA_DEMO_SEED": "x", "VEGA_DEMO_TRAFFIC": "1"}) == {}


def test_memory_secret_store_never_touches_a_keyring(qloop) -> None:  # type: ignore[no-untyped-def]
    store = MemorySecretStore()

    async def scenario() -> str | None:
        await store.set("d", "k")
        value = await store.get("d")
        await store.delete("d")
        return value

    assert qloop.run_until_complete(scenario()) == "k"


def test_run_in_demo_mode_starts_polls_and_quits_cleanly(qapp: QApplication) -> None:
    """The real entry point: QApplication setup, logging, the crash hook, the single-instance
    server, the demo PBX on a loopback port, the qasync loop — and a clean exit on SIGTERM."""
    hook = sys.excepthook
    quit_after = QTimer()
    quit_after.setSingleShot(True)
    quit_after.timeout.connect(lambda: os.kill(os.getpid(), signal.SIGTERM))
    quit_after.start(3000)
    try:
        status = run(SimpleNamespace(demo=True, verbose=0, url=None))
    finally:
        logsetup.teardown_logging()
    assert status == 0
    assert qapp.quitOnLastWindowClosed() is False
    assert qapp.applicationName() == "vega-desktop"
    assert sys.excepthook is hook  # the crash hook is gone with the app
    log = (paths.log_dir() / logsetup.LOG_FILE_NAME).read_text()
    assert log.count("tray ready") == 1  # the start-up benchmark's marker
    assert "signed in to demo.pbx.vega.ua as ext 001" in log
    assert "connection: online" in log
    assert "Traceback" not in log
    assert "ERROR" not in log
    assert log.rstrip().endswith("stopped")


def test_the_crash_hook_is_throttled_and_never_reentrant(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    crash = CrashHandler(clock=lambda: now[0], notice_interval=30)
    crash.install()
    try:
        notices: list[str] = []
        crash.error_reported.connect(lambda title, _text: notices.append(title))
        for _ in range(3):
            try:
                raise ValueError("a bug")
            except ValueError as exc:
                sys.excepthook(type(exc), exc, exc.__traceback__)
        assert crash.count == 3
        assert len(notices) == 1  # one balloon, not a flood
        now[0] = 31
        sys.excepthook(RuntimeError, RuntimeError("later"), None)
        assert len(notices) == 2

        # a listener that itself fails is logged; the hook does not recurse into itself
        def broken(_title: str, _text: str) -> None:
            raise RuntimeError("the notice failed too")

        crash.error_reported.connect(broken)
        now[0] = 100
        crash.handle(RuntimeError, RuntimeError("again"), None)
        assert crash.count == 5
    finally:
        crash.uninstall()
    assert sys.excepthook is not crash.handle


def test_worker_thread_errors_are_reported_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    crash = CrashHandler()
    crash.install()
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="worker")
        with qtbot.waitSignal(crash.error_reported, timeout=3000):
            worker.start()
            worker.join()
        assert crash.count == 1
    finally:
        crash.uninstall()


def test_the_bridge_forwards_core_events_until_detached(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_tray import incoming
    from vega_desktop.core.poller import ActiveCallsPoller, Status
    from vega_desktop.core.tracker import CallTracker
    from vega_desktop.ui.bridge import CoreBridge

    async def fetch() -> list[Any]:
        return []

    tracker = CallTracker(own_ext="001")
    poller = ActiveCallsPoller(fetch)
    poller.snapshot_received.connect(tracker.update)
    bridge = CoreBridge()
    bridge.attach(tracker=tracker, poller=poller)
    seen: list[str] = []
    bridge.call_ringing.connect(lambda call: seen.append(f"ringing {call.uuid[:4]}"))
    bridge.call_ended.connect(lambda call, answered: seen.append(f"ended {answered}"))
    bridge.calls_changed.connect(lambda calls: seen.append(f"calls {len(calls)}"))
    bridge.status_changed.connect(lambda status: seen.append(status.state.value))
    bridge.missed_count_changed.connect(lambda n: seen.append(f"missed {n}"))

    poller.snapshot_received.emit([incoming()])
    poller.status_changed.emit(Status(Connection.ONLINE))
    poller.snapshot_received.emit([])
    bridge.set_missed_count(3)
    bridge.set_missed_count(3)  # unchanged: no signal
    assert seen == ["ringing aaaa", "calls 1", "online", "ended False", "calls 0", "missed 3"]

    bridge.detach()
    seen.clear()
    poller.snapshot_received.emit([incoming()])
    assert seen == []
    assert len(tracker.call_ringing) == 0


def test_save_diagnostics_from_the_tray_menu_writes_a_bundle_without_the_key(
    qloop, make, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    key = "Kx7" + "q9Z2" * 8  # the key in use, a distinctive value
    pbx = SimulatedPbx(seed=5, api_key=key)
    h = make(pbx=pbx, settings=SIGNED_IN, secrets=FakeSecretStore({DEMO_DOMAIN: key}))
    target = tmp_path / "support.zip"

    async def scenario() -> None:
        await h.online()
        h.app.tray.diagnostics_requested.emit()  # the tray menu's Save diagnostics…
        dialog = h.app.diagnostics.dialog
        assert dialog is not None
        assert dialog.isVisible()
        dialog.reject()
        written = await h.app.diagnostics.save_to(target)
        assert written == target

    h.run(qloop, scenario)
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert "summary.json" in names
        assert "settings.json" in names
        assert DEMO_DOMAIN in bundle.read("settings.json").decode()
        for name in names:
            assert key.encode() not in bundle.read(name), name


def test_the_first_request_is_the_latest_dial_that_came_while_loading() -> None:
    show, dial = InstanceRequest("show"), InstanceRequest("dial", "+380442249895")
    later = InstanceRequest("dial", "0671112233")
    assert start_request(show, []) is None
    assert start_request(dial, []) == dial
    assert start_request(dial, [show]) == dial  # "bring it forward" does not cancel a dial
    assert start_request(show, [later, show]) == later
    assert start_request(dial, [later]) == later


def test_run_reports_an_app_that_cannot_be_loaded(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(process, "APPLICATION_MODULE", "vega_desktop.app.no_such_module")
    try:
        status = run(SimpleNamespace(demo=True, verbose=0, url=None))
    finally:
        logsetup.teardown_logging()
    assert status == 1
    assert "the app could not be loaded" in capsys.readouterr().err
    log = (paths.log_dir() / logsetup.LOG_FILE_NAME).read_text()
    assert "the app could not be loaded" in log
    assert "ModuleNotFoundError" in log  # the detail, for support
    assert log.rstrip().endswith("stopped")


def test_quit_while_the_app_loads_stops_before_it_starts(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SIGTERM (or the icon's Quit) during the load: nothing more is started, a clean exit."""
    slow = tmp_path / "slow_application.py"
    slow.write_text(
        "import os, signal, time\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "time.sleep(1.0)  # the main thread handles the signal meanwhile\n"
        "from vega_desktop.app.application import *\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(process, "APPLICATION_MODULE", "slow_application")
    try:
        status = run(SimpleNamespace(demo=True, verbose=0, url=None))
    finally:
        logsetup.teardown_logging()
        sys.modules.pop("slow_application", None)
    assert status == 0
    log = (paths.log_dir() / logsetup.LOG_FILE_NAME).read_text()
    assert "tray ready" in log
    assert "demo PBX listening" not in log  # the demo was never started
    assert "signed in" not in log
    assert "Traceback" not in log
    assert log.rstrip().endswith("stopped")
