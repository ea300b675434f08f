"""The composition root: builds every object of the tray app and wires them.

Three layers of objects, each handed what it needs by keyword:

- :func:`vega_desktop.app.process.run` owns the process: the ``QApplication``, translations,
  logging, the crash hook, the single-instance check, the tray icon (shown before this module is
  even loaded) and the qasync event loop.
- :class:`VegaApp` is the long-lived application: the tray, the caller popups, the Dial window,
  the workbench, the Settings and Sign-in dialogs, and the
  :class:`~vega_desktop.ui.bridge.CoreBridge` they all listen to. It decides how to start (demo,
  explicit options, the keyring, or the sign-in dialog) and turns the widgets' requests into work.
- :class:`~vega_desktop.core.session.Session` (Qt-free, in ``core``) is one signed-in account:
  the PBX client, the call tracker and its poller, caller lookup, the user directory, the note
  outbox, the dialer and the missed-call queue. Signing out (or changing the account) stops it,
  closes its :class:`~vega_desktop.ui.workbench.controller.Workbench`, and builds a new one.

Tests build a :class:`VegaApp` in process with injected parts (a secret store, a client factory
reaching the simulated PBX, a data folder) and drive it on a qasync loop of their own; only
:func:`~vega_desktop.app.process.run` touches the process-wide state.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from vega_desktop.api import ActiveCall, HistoryRecord, InvalidNumber, VegaClient, VegaError
from vega_desktop.api.phone import parse_dial_input
from vega_desktop.app.options import AppOptions
from vega_desktop.core import paths
from vega_desktop.core.diagnostics import DiagnosticsCollector
from vega_desktop.core.dialer import DialCandidate
from vega_desktop.core.logsetup import pbx_errors, register_secret, unregister_secret
from vega_desktop.core.missed import MissedRow
from vega_desktop.core.outbox import SubmitResult
from vega_desktop.core.poller import Connection, Status
from vega_desktop.core.secrets import (
    EnvSecretStore,
    KeyResolver,
    KeyringSecretStore,
    NoKeyringBackend,
    SecretStore,
    SecretStoreError,
)
from vega_desktop.core.session import MISSED_REFRESH, OUTBOX_FLUSH, Session, outbox_path
from vega_desktop.core.settings import Settings, SettingsStore
from vega_desktop.ui.bridge import CoreBridge
from vega_desktop.ui.crash import CrashHandler
from vega_desktop.ui.diagnostics import DiagnosticsSaver
from vega_desktop.ui.dial import DialState, DialWindow
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.icons import app_icon
from vega_desktop.ui.popup_stack import PopupStack
from vega_desktop.ui.runtime import MainThreadGarbageCollector, ResumeWatcher
from vega_desktop.ui.settings_dialog import SettingsDialog
from vega_desktop.ui.signin import ClientFactory, SignInDialog, SignInResult
from vega_desktop.ui.single_instance import InstanceRequest, SingleInstance
from vega_desktop.ui.text import format_phone
from vega_desktop.ui.tray import TrayController

if TYPE_CHECKING:
    from vega_desktop.ui.workbench.controller import Workbench

__all__ = [
    "DemoBackend",
    "EnvSecretStore",
    "KeyringSecretStore",
    "MainThreadGarbageCollector",
    "MemorySecretStore",
    "ResumeWatcher",
    "Session",
    "VegaApp",
    "default_client_factory",
    "outbox_path",
]

_log = logging.getLogger("vega_desktop.app")

LOOKUP_GRACE = 2.0
WARM_UP_DELAY_MS = 1500
MISSED_NOTICE_TEXT_MAX = 80


# ------------------------------------------------------------------------------------------------
# options and accounts


def default_client_factory(
    *, timeout: float = 10.0, transport_factory: Callable[[], Any] | None = None
) -> ClientFactory:
    """Clients over the network (or over ``transport_factory()``: tests, the in-process demo)."""

    def make(*, domain: str, server: str | None, api_key: str) -> VegaClient:
        transport = transport_factory() if transport_factory is not None else None
        return VegaClient(
            domain=domain, api_key=api_key, server=server, timeout=timeout, transport=transport
        )

    return make


class MemorySecretStore:
    """Keys in memory only: demo mode never touches the system keyring."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"MemorySecretStore({len(self._keys)} key(s))"

    async def get(self, domain: str) -> str | None:
        return self._keys.get(domain)

    async def set(self, domain: str, key: str) -> None:
        self._keys[domain] = key

    async def delete(self, domain: str) -> None:
        self._keys.pop(domain, None)


class DemoBackend:
    """The simulated PBX on a loopback port, with live call traffic, for ``--demo``."""

    def __init__(self, *, seed: int | None = None, traffic: bool = True) -> None:
        from vega_desktop import demo

        self._demo = demo
        self.pbx = demo.SimulatedPbx(
            seed=seed if seed is not None else secrets.randbelow(10**6) + 1
        )
        self.server = demo.DemoServer(self.pbx, port=0, traffic=traffic)
        self.domain: str = demo.DEMO_DOMAIN
        self.api_key: str = demo.DEMO_API_KEY
        self.ext: str = demo.DEMO_OPERATOR_EXT

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> str:
        self.server.start()
        _log.info("demo PBX listening on %s", self.server.url)
        return self.server.url

    def stop(self) -> None:
        self.server.stop()


# ------------------------------------------------------------------------------------------------
# the application


class VegaApp(QObject):
    """The tray app. ``await start()``, then it reacts to the operator and the PBX until
    :meth:`quit`; :meth:`main` does both for :func:`run`."""

    session_started = Signal(object)  # Session
    session_stopped = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        *,
        options: AppOptions,
        settings_store: SettingsStore,
        secrets: SecretStore,
        client_factory: ClientFactory,
        data_dir: Path,
        env_secrets: SecretStore | None = None,
        demo: DemoBackend | None = None,
        translations: Translations | None = None,
        crash: CrashHandler | None = None,
        instance: SingleInstance | None = None,
        tray: TrayController | None = None,
        popups: PopupStack | None = None,
        watch_network: bool = True,
        missed_refresh: float = MISSED_REFRESH,
        outbox_flush: float = OUTBOX_FLUSH,
        cache_dir: Path | None = None,
        log_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.options = options
        self.settings_store = settings_store
        self.secrets = secrets
        self.env_secrets = env_secrets
        self.client_factory = client_factory
        self.data_dir = data_dir
        self.demo = demo
        self.translations = translations
        self.crash = crash
        self.instance = instance
        self.settings = settings_store.load()
        self._missed_refresh = missed_refresh
        self._outbox_flush = outbox_flush
        self.session: Session | None = None
        self._key_source = ""
        self._api_key: str | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._quit: asyncio.Event | None = None
        self._quit_early = False
        self._closing = False
        self._pending_dial: str | None = None
        self._lookups: dict[str, asyncio.Task[None]] = {}
        self.sign_in_dialog: SignInDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.dial_window: DialWindow | None = None
        self.workbench: Workbench | None = None
        self.cache_dir = cache_dir
        self._notified: set[str] = set()  # missed calls already announced

        self.bridge = CoreBridge(self)
        self.tray = tray if tray is not None else TrayController(region=self.settings.region)
        self.popups = (
            popups
            if popups is not None
            else PopupStack(save_note=self._save_note, region=self.settings.region)
        )
        self._configure_popups(self.settings)
        self.resume = ResumeWatcher(network=watch_network, parent=self)
        self.resume.woke.connect(self._on_woke)

        # the PBX, through the bridge, to the widgets
        self.bridge.call_ringing.connect(self._on_ringing)
        self.bridge.call_answered.connect(self.popups.call_answered)
        self.bridge.call_answered.connect(self._on_answered)
        self.bridge.call_ended.connect(self.popups.call_ended)
        self.bridge.call_ended.connect(self._on_ended)
        self.bridge.call_transferred.connect(self.popups.call_transferred)
        self.bridge.call_answered_elsewhere.connect(self.popups.call_answered_elsewhere)
        self.bridge.calls_changed.connect(self._on_calls_changed)
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.snapshot_changed.connect(self._on_snapshot)
        self.popups.popup_shown.connect(self._on_popup_shown)
        # the operator's requests
        self.popups.hangup_requested.connect(self.hangup)
        self.popups.add_contact_requested.connect(self.add_contact)
        self.popups.open_contact_requested.connect(self.open_contact)
        self.tray.hangup_requested.connect(self.hangup)
        self.tray.dial_requested.connect(self.show_dial)
        self.tray.workbench_requested.connect(self.show_workbench)
        self.tray.missed_requested.connect(lambda: self.show_workbench("missed"))
        self.tray.dial_number_requested.connect(self.dial_number)
        self.tray.dnd_changed.connect(self._on_dnd)
        self.tray.settings_requested.connect(self.show_settings)
        self.tray.sign_in_requested.connect(self.show_sign_in)
        self.tray.sign_out_requested.connect(self._sign_out_clicked)
        self.tray.quit_requested.connect(self.quit)
        self.diagnostics = DiagnosticsSaver(
            collector=DiagnosticsCollector(
                settings_store=settings_store,
                log_dir=log_dir if log_dir is not None else paths.log_dir(),
                resolver=KeyResolver(env=env_secrets or EnvSecretStore(), keyring_store=secrets),
                errors=pbx_errors(),  # the ring setup_logging installed (None in tests)
            ),
            notify=self.tray.show_message,
            parent=self,
        )
        self.tray.diagnostics_requested.connect(self.diagnostics.ask)
        if crash is not None:
            crash.error_reported.connect(self._on_crash_reported)
        if instance is not None:
            instance.request_received.connect(self.handle_request)

    # -- start and stop -----------------------------------------------------------------------

    async def main(self, request: InstanceRequest | None = None) -> int:
        """Start, serve until Quit, shut down. The whole life of :func:`run`'s event loop."""
        self._quit = asyncio.Event()
        if self._quit_early:
            self._quit.set()
        try:
            await self.start(request)
            await self._quit.wait()
        finally:
            await self.shutdown()
        return 0

    async def start(self, request: InstanceRequest | None = None) -> None:
        """Show the tray and sign in the way the options and the saved state allow."""
        if not self.tray.visible:  # (run() shows the icon before this module is loaded)
            self.tray.show()
            _log.info("tray ready")  # the start-up benchmark's marker
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self.popups.warm_up)
        if request is not None and request.action == "dial":
            self._pending_dial = request.number
        if self.demo is not None:
            settings = self.settings.with_overrides(
                domain=self.demo.domain, server=self.demo.url, ext=self.demo.ext
            )
            await self.sign_in(settings, self.demo.api_key, source="demo")
            return
        settings = self.settings.with_overrides(
            domain=self.options.domain, server=self.options.server, ext=self.options.ext
        )
        if not settings.domain:
            self.show_sign_in()
            return
        key, source, problem = await self._find_key(settings.domain)
        if key is None:
            self.tray.set_signed_in(False)  # run() showed "connecting" while it loaded
            self.show_sign_in(settings=settings, message=problem)
            return
        await self.sign_in(settings, key, source=source)

    async def _find_key(self, domain: str) -> tuple[str | None, str, str]:
        """The key for ``domain``: the environment first, then the keyring."""
        if self.env_secrets is not None:
            key = await self.env_secrets.get(domain)
            if key:
                return key, "env", ""
        try:
            key = await self.secrets.get(domain)
        except NoKeyringBackend:
            _log.warning("no secure keyring backend; asking for the key")
            return None, "", self._no_keyring_text()
        except SecretStoreError as exc:
            _log.warning("reading the key failed: %s", exc)
            return None, "", self.tr("The system keyring could not be read. Unlock it and sign in.")
        return (key, "keyring", "") if key else (None, "", "")

    @staticmethod
    def _no_keyring_text() -> str:
        return QCoreApplication.translate(
            "SignInDialog",
            "No secure keyring is available on this system. Install and unlock a Secret Service "
            "provider such as GNOME Keyring or KWallet.",
        )

    async def sign_in(self, settings: Settings, api_key: str, *, source: str) -> Session:
        """Start a session for ``settings.domain`` with ``api_key``."""
        await self._stop_session()
        assert settings.domain
        if source != "demo":  # the demo key is public
            register_secret(api_key)
        client = self.client_factory(
            domain=settings.domain, server=settings.server, api_key=api_key
        )
        session = Session(
            client=client,
            settings=settings,
            data_dir=self.data_dir,
            missed_refresh=self._missed_refresh,
            outbox_flush=self._outbox_flush,
        )
        self.session = session
        self._key_source = source
        self._api_key = api_key
        self.settings = settings
        self.bridge.attach(tracker=session.tracker, poller=session.poller)
        session.missed.refreshed.connect(self._on_missed)
        session.missed.rows_changed.connect(self._on_missed_rows)
        session.missed.new_missed.connect(self._on_new_missed)
        self.tray.set_signed_in(True, account=settings.domain, ext=settings.ext)
        self._configure_popups(settings)
        _log.info(
            "signed in to %s as ext %s (key from %s)", settings.domain, settings.ext or "-", source
        )
        await session.start()
        self.session_started.emit(session)
        if self._pending_dial:
            number, self._pending_dial = self._pending_dial, None
            self.dial_number(number)
        return session

    async def _stop_session(self) -> None:
        session, self.session = self.session, None
        if session is None:
            return
        self.bridge.detach()
        session.missed.refreshed.disconnect(self._on_missed)
        session.missed.rows_changed.disconnect(self._on_missed_rows)
        session.missed.new_missed.disconnect(self._on_new_missed)
        self._notified.clear()
        await self._settle_lookups()
        self.popups.close_all()
        if self.dial_window is not None:
            self.dial_window.hide()
        workbench, self.workbench = self.workbench, None
        if workbench is not None:
            await workbench.aclose()  # stops playback, removes the downloaded recordings
        await session.stop()
        unregister_secret(self._api_key)
        self._api_key = None
        self.session_stopped.emit()

    async def _settle_lookups(self) -> None:
        """Let caller lookups in flight finish (briefly) before their client closes.

        The core runs each lookup behind ``asyncio.shield`` so popups of the same number can
        share it; cancelling our side would leave it to fail later against a closed client.
        """
        lookups = list(self._lookups.values())
        self._lookups.clear()
        if lookups:
            _done, pending = await asyncio.wait(lookups, timeout=LOOKUP_GRACE)
            for task in pending:
                task.cancel()

    async def sign_out(self) -> None:
        """Stop the session, delete the stored key, and show the sign-in dialog again."""
        session = self.session
        domain = session.domain if session is not None else self.settings.domain
        source = self._key_source
        await self._stop_session()
        self.tray.set_signed_in(False)
        if domain and source in ("keyring", "signin"):
            try:
                await self.secrets.delete(domain)
            except SecretStoreError as exc:
                _log.warning("the key could not be deleted from the keyring: %s", exc)
                self.tray.show_message(
                    self.tr("Vega Desktop"),
                    self.tr("The key could not be removed from the system keyring."),
                    error=True,
                )
        self._key_source = ""
        if not self._closing:
            self.show_sign_in(settings=self.settings)

    def quit(self) -> None:
        if self._quit is not None:
            self._quit.set()
        else:  # before main(): it quits as soon as it starts
            self._quit_early = True
            self.quit_requested.emit()

    async def shutdown(self) -> None:
        """Stop polling, close the client and the windows. Idempotent. (The demo PBX belongs to
        whoever started it: :func:`run` stops it after the loop.)"""
        if self._closing:
            return
        self._closing = True
        _log.info("shutting down")
        self.resume.stop()
        await self._settle_lookups()
        for task in tuple(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._stop_session()
        for dialog in (self.sign_in_dialog, self.settings_dialog, self.dial_window):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.sign_in_dialog = self.settings_dialog = self.dial_window = None
        self.popups.close_all()
        self.popups.more_line.close()
        self.tray.close()
        if self.instance is not None:
            self.instance.close()

    # -- background work ----------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=f"app: {name}")
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            # not expected: the crash hook logs it and tells the operator once
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # -- PBX events ---------------------------------------------------------------------------

    def _on_ringing(self, call: ActiveCall) -> None:
        popup = self.popups.show_call(call)
        number = call.other_number
        session = self.session
        if popup is None or not number or session is None:
            return
        cached = session.lookup.cached(number)
        if cached is not None:
            self.popups.set_caller_info(call.uuid, cached)
            return
        # after the first paint: the popup is already on screen with what otherLegs said
        task = self._lookups.get(call.uuid)
        if task is None or task.done():
            self._lookups[call.uuid] = self.spawn(self._lookup(call.uuid, number), "lookup")

    async def _lookup(self, uuid: str, number: str) -> None:
        session = self.session
        if session is None:
            return
        try:
            info = await session.lookup_caller(number)
        finally:
            self._lookups.pop(uuid, None)
        if session is self.session:
            self.popups.set_caller_info(uuid, info)

    def _on_answered(self, call: ActiveCall) -> None:
        window = self.dial_window
        if window is not None and window.call_uuid == call.uuid:
            window.set_call_state(DialState.CONNECTED, call.uuid)

    def _on_ended(self, call: ActiveCall, answered: bool) -> None:
        window = self.dial_window
        if window is not None and window.call_uuid == call.uuid:
            state = DialState.ENDED if answered else DialState.NOT_ANSWERED
            window.set_call_state(state, call.uuid)

    def _on_calls_changed(self, calls: tuple[ActiveCall, ...]) -> None:
        for call in calls:
            self.popups.update_call(call)
        self.tray.set_calls(calls)

    def _on_status(self, status: Status) -> None:
        previous = self.tray.state
        self.tray.set_status(status)
        if self.workbench is not None:
            self.workbench.set_status(status)
        if status.state is Connection.AUTH_FAILED:
            self.tray.show_message(
                self.tr("Vega Desktop"),
                self.tr("The PBX did not accept the API key. Sign out and sign in with a new key."),
                error=True,
            )
        _log.info("connection: %s %s (was %s)", status.state.value, status.reason, previous.value)

    def _on_snapshot(self, calls: tuple[ActiveCall, ...]) -> None:
        if self.workbench is not None:
            self.workbench.set_active_calls(calls)

    def _on_popup_shown(self, uuid: str) -> None:
        _log.info("popup shown %s", uuid)

    def _on_missed(self) -> None:
        """The queue changed: the tray's badge and tooltip follow it."""
        session = self.session
        if session is None:
            return
        rows = session.missed.rows
        records: list[HistoryRecord] = [row.records[0] for row in rows if row.records]
        count = session.missed.count()
        self.tray.set_missed(records, count)
        self.bridge.set_missed_count(count)

    def _on_missed_rows(self, _rows: tuple[MissedRow, ...]) -> None:
        self._on_missed()

    def _on_new_missed(self, row: MissedRow, record: HistoryRecord) -> None:
        """One desktop notification per new missed call (plain text: names come from the PBX)."""
        if record.uuid in self._notified:
            return
        self._notified.add(record.uuid)
        region = self.settings.region
        shown = format_phone(row.number, region)
        who = " ".join((record.other_leg_name or row.name or "").split())
        if who and who != row.number and not who.startswith("+"):
            text = f"{who[:MISSED_NOTICE_TEXT_MAX]} ({shown})"
        else:
            text = shown
        self.tray.show_message(self.tr("Missed call"), text)

    def _on_woke(self, why: str) -> None:
        if self.session is not None:
            _log.info("polling now (%s)", why)
            self.session.poller.poll_now()

    def _on_dnd(self, on: bool) -> None:
        self.popups.configure(dnd=on)

    def _on_crash_reported(self, title: str, message: str) -> None:
        self.tray.show_message(title, message, error=True)

    def _configure_popups(self, settings: Settings) -> None:
        self.popups.configure(
            corner=settings.popup_corner,
            close_delay=settings.popup_close_delay,
            incoming=settings.popup_incoming,
            outgoing=settings.popup_outgoing,
            internal=settings.popup_internal,
            own_ext=settings.ext or "",
        )

    # -- the operator's requests --------------------------------------------------------------

    def hangup(self, uuid: str) -> asyncio.Task[None] | None:
        if self.session is None:
            return None
        return self.spawn(self._hangup(self.session, uuid), "hang up")

    async def _hangup(self, session: Session, uuid: str) -> None:
        try:
            await session.hangup(uuid)
        except VegaError as exc:
            _log.warning("hang-up failed: %s", exc.detail)
            popup = self.popups.popup(uuid)
            if popup is not None:
                popup.hangup_failed(exc.detail)
            else:
                self.tray.show_message(
                    self.tr("Could not hang up"), exc.detail or type(exc).__name__, error=True
                )

    def add_contact(self, number: str) -> asyncio.Task[None] | None:
        if self.session is None:
            return None
        return self.spawn(self._add_contact(self.session, number), "add contact")

    async def _add_contact(self, session: Session, number: str) -> None:
        try:
            info = await session.add_contact(number)
        except VegaError as exc:
            _log.warning("adding a contact failed: %s", exc.detail)
            message = self.tr("The contact was not created: %1").replace("%1", exc.detail)
            for popup in self.popups.popups:
                if popup.number == number:
                    self.popups.show_error(popup.uuid, message)
            return
        if session is self.session:
            self.popups.set_caller_info(number, info)

    async def _save_note(
        self, text: str, contact_id: int | None, number: str | None
    ) -> SubmitResult:
        session = self.session
        if session is None:
            raise RuntimeError("not signed in")
        return await session.save_note(text, contact_id, number)

    def dial_number(self, number: str) -> asyncio.Task[None] | None:
        """Call ``number`` now (a tel: link, the clipboard, a missed call's call-back)."""
        if self.session is None:
            self._pending_dial = None
            self.tray.show_message(
                self.tr("Vega Desktop"),
                self.tr("Sign in first, then try the call again."),
                error=True,
            )
            self.show_sign_in()
            return None
        return self.spawn(self._dial(self.session, number), "dial")

    async def _dial(self, session: Session, number: str) -> None:
        try:
            shown = format_phone(parse_dial_input(number, session.settings.region))
        except InvalidNumber:
            shown = number
        try:
            await session.dial(number)
        except InvalidNumber:
            self.tray.show_message(
                self.tr("Cannot call"),
                self.tr("“%1” is not a phone number or an extension.").replace("%1", number[:40]),
                error=True,
            )
            return
        except VegaError as exc:
            _log.warning("makeCall failed: %s", exc.detail)
            self.tray.show_message(
                self.tr("The call was not placed"), exc.detail or type(exc).__name__, error=True
            )
            return
        self.tray.show_message(
            self.tr("Calling %1").replace("%1", shown),
            self.tr("Your phone rings first; pick it up to connect the call."),
        )

    def handle_request(self, request: InstanceRequest) -> None:
        """A second launch asked for something."""
        if request.action == "dial" and request.number:
            self.dial_number(request.number)
        else:
            self.show_front()

    def show_front(self) -> None:
        """Bring the app forward (``vega-desktop`` launched again): the sign-in dialog when
        signed out, else the workbench — how people find a tray app they cannot see."""
        if self.session is None:
            self.show_sign_in()
        else:
            self.show_workbench()
        self.tray.raise_window()

    def show_workbench(self, page: str | None = None) -> Workbench | None:
        """The workbench in front, on ``page`` when given (signed out: the sign-in dialog)."""
        session = self.session
        if session is None:
            self.show_sign_in()
            return None
        workbench = self.workbench
        if workbench is None:
            # built on first use: QtMultimedia and five pages stay out of the start-up path
            from vega_desktop.ui.workbench.controller import Workbench

            recordings = self.cache_dir / "recordings" if self.cache_dir is not None else None
            workbench = Workbench(
                session=session, region=self.settings.region, cache_dir=recordings
            )
            workbench.set_active_calls(self.bridge.snapshot)
            self.workbench = workbench
        workbench.show(page)
        return workbench

    def open_contact(self, contact_id: int) -> Workbench | None:
        """The workbench's Contacts page on this CRM teler contact (from a caller popup)."""
        workbench = self.show_workbench("contacts")
        if workbench is not None:
            workbench.open_contact(contact_id)
        return workbench

    # -- windows ------------------------------------------------------------------------------

    def show_dial(self, number: str | None = None) -> DialWindow | None:
        """The Dial window in front (signed out: the sign-in dialog instead)."""
        if self.session is None:
            self.show_sign_in()
            return None
        window = self.dial_window
        if window is None:
            window = DialWindow(
                search=self._dial_search, dial=self._dial_from_window, region=self.settings.region
            )
            window.setWindowIcon(app_icon())
            self.dial_window = window
        window.present(number)
        return window

    async def _dial_search(self, text: str) -> list[DialCandidate]:
        session = self.session
        return await session.dialer.search(text) if session is not None else []

    async def _dial_from_window(self, number: str) -> str:
        session = self.session
        if session is None:
            raise InvalidNumber("Sign in first.")
        return await session.dial(number)

    def show_sign_in(self, *, settings: Settings | None = None, message: str = "") -> SignInDialog:
        dialog = self.sign_in_dialog
        if dialog is None:
            dialog = SignInDialog(
                client_factory=self.client_factory,
                secrets=self.secrets,
                settings_store=self.settings_store,
                settings=settings if settings is not None else self.settings,
            )
            dialog.signed_in.connect(self._on_signed_in)
            dialog.finished.connect(self._on_sign_in_closed)
            self.sign_in_dialog = dialog
        if message:
            dialog.show_problem(message)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _on_sign_in_closed(self, _result: int) -> None:
        dialog, self.sign_in_dialog = self.sign_in_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _on_signed_in(self, result: SignInResult) -> None:
        self.settings = result.settings
        self.spawn(self.sign_in(result.settings, result.api_key, source="signin"), "sign in")

    def _sign_out_clicked(self) -> None:
        self.spawn(self.sign_out(), "sign out")

    def show_settings(self) -> SettingsDialog:
        dialog = self.settings_dialog
        if dialog is None:
            dialog = SettingsDialog(settings=self.settings, settings_store=self.settings_store)
            dialog.settings_saved.connect(self._on_settings_saved)
            dialog.finished.connect(self._on_settings_closed)
            self.settings_dialog = dialog
            if self.session is not None:
                self.spawn(self._fill_extensions(self.session, dialog), "settings: extensions")
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    async def _fill_extensions(self, session: Session, dialog: SettingsDialog) -> None:
        users = await session.users.users()
        if dialog is self.settings_dialog and users:
            dialog.set_users(users)

    def _on_settings_closed(self, _result: int) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _on_settings_saved(self, settings: Settings) -> None:
        previous = self.settings
        self.settings = settings
        if settings.language != previous.language and self.translations is not None:
            self.translations.apply(settings.language)
            self.tray.rebuild_menu()
            if self.workbench is not None:
                self.workbench.retranslate()
        self._configure_popups(settings)
        session = self.session
        if session is None:
            return
        account_changed = (settings.domain, settings.server) != (
            session.settings.domain,
            session.settings.server,
        )
        if account_changed:
            self.spawn(self._switch_account(settings), "switch account")
            return
        session.apply_settings(settings)
        self.tray.set_signed_in(True, account=session.domain, ext=settings.ext)

    async def _switch_account(self, settings: Settings) -> None:
        await self._stop_session()
        self.tray.set_signed_in(False)
        assert settings.domain
        key, source, problem = await self._find_key(settings.domain)
        if key is None:
            self.show_sign_in(settings=settings, message=problem)
            return
        await self.sign_in(settings, key, source=source)
