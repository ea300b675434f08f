"""The desktop app's process: ``vega-desktop`` with no subcommand.

:func:`run` owns the process-wide state: the ``QApplication``, logging, the crash hook,
translations, the single-instance check and the qasync event loop. It shows the tray icon as
soon as the single-instance check has passed, and only then loads the rest of the app (the PBX
client, the caller popups, the Dial window: :mod:`vega_desktop.app.application`) in a worker
thread while the event loop keeps the icon alive. The icon starts as "connecting" and follows the
session from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import linecache
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication

from vega_desktop import __version__
from vega_desktop.app.options import AppOptions, demo_options
from vega_desktop.core import paths
from vega_desktop.core.logsetup import setup_logging
from vega_desktop.core.settings import SettingsStore
from vega_desktop.ui.crash import CrashHandler
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.icons import app_icon, clear_caches
from vega_desktop.ui.runtime import MainThreadGarbageCollector
from vega_desktop.ui.single_instance import (
    InstanceRequest,
    LinkEvents,
    SingleInstance,
    request_from_url,
    server_name,
)
from vega_desktop.ui.tray import TrayController

if TYPE_CHECKING:
    from vega_desktop.app.application import DemoBackend, VegaApp

__all__ = ["DEMO_SETTINGS_FILE", "run", "start_request"]

_log = logging.getLogger("vega_desktop.app")

DEMO_SETTINGS_FILE = "demo-settings.json"
APPLICATION_MODULE = "vega_desktop.app.application"


def run(args: Any) -> int:
    """Start the tray app (``vega-desktop`` with no subcommand). Returns the exit status."""
    options = AppOptions.from_args(args)
    _skip_httpx_cli()
    app = _make_qapp()
    log_file = setup_logging(verbose=options.verbose > 0)
    _log.info("vega-desktop %s starting (log: %s)", __version__, log_file)

    crash = CrashHandler(parent=app)
    crash.install()
    collector = MainThreadGarbageCollector(parent=app)

    store = (
        SettingsStore(paths.config_dir() / DEMO_SETTINGS_FILE) if options.demo else SettingsStore()
    )
    settings = store.load()
    translations = Translations(app)
    translations.apply(settings.language)

    # one instance per user and configuration: hand the request over and leave
    request = request_from_url(options.url)
    instance = SingleInstance(server_name(paths.config_dir()), parent=app)
    if instance.send(request):
        _log.info("another instance is running; handed it the request (%s)", request.action)
        crash.uninstall()
        collector.stop()
        translations.clear()
        return 0
    instance.listen()
    links = LinkEvents(app)
    if isinstance(app, _Application):  # macOS hands links over as open-URL events
        app.links = links

    # the icon first: the operator sees the app at once, and the rest loads behind it
    tray = TrayController(region=settings.region)
    account = settings.with_overrides(domain=options.domain, ext=options.ext)
    if options.demo or account.domain:  # it will sign in: "connecting" until it has
        tray.set_signed_in(True, account=account.domain or "", ext=account.ext)
    tray.show()
    starter = _Starter(
        options=options,
        store=store,
        translations=translations,
        crash=crash,
        instance=instance,
        tray=tray,
        request=request,
        links=links,
    )
    try:
        with _quit_on_signals(app, starter.quit):
            return _run_loop(app, starter.main())
    finally:
        if isinstance(app, _Application):
            app.links = None
        crash.uninstall()
        translations.clear()
        starter.close()
        clear_caches()
        collector.stop()
        _log.info("stopped")


class _Starter:
    """Loads the application behind the tray icon, starts it, and serves until Quit.

    While the application loads, the icon's Quit and a SIGTERM/Ctrl+C already work, and a
    second launch's request (or a link the system hands over) is kept and acted on once the
    application runs.
    """

    def __init__(
        self,
        *,
        options: AppOptions,
        store: SettingsStore,
        translations: Translations,
        crash: CrashHandler,
        instance: SingleInstance,
        tray: TrayController,
        request: InstanceRequest,
        links: LinkEvents,
    ) -> None:
        self.options = options
        self.store = store
        self.translations = translations
        self.crash = crash
        self.instance = instance
        self.tray = tray
        self.request = request
        self.links = links
        self.vega: VegaApp | None = None
        self.demo: DemoBackend | None = None
        self._quitting = False
        self._early: list[InstanceRequest] = []
        instance.request_received.connect(self._hold)
        links.request_received.connect(self._hold)
        tray.quit_requested.connect(self.quit)

    def _hold(self, request: InstanceRequest) -> None:
        self._early.append(request)

    async def main(self) -> int:
        _log.info("tray ready")  # the event loop runs with the icon shown: start-up's marker
        try:
            application = await asyncio.to_thread(importlib.import_module, APPLICATION_MODULE)
            if self.options.demo and not self.quitting():
                options = demo_options(os.environ)
                self.demo = await asyncio.to_thread(_start_demo, application, options)
        except Exception as exc:  # a broken installation: say so, in the log too
            _log.exception("the app could not be loaded")
            sys.stderr.write(f"vega-desktop: error: the app could not be loaded: {exc!r}\n")
            return 1
        finally:
            # PySide6's import hook reads the source of every module imported after Qt to see
            # whether it uses Qt, and Python keeps those lines in linecache: about 10 MiB for the
            # PBX client, the phone-number library and the demo's web stack. Tracebacks re-read
            # what they need. (Cleared here, on the loop's thread, where tracebacks are made.)
            linecache.clearcache()
        if self.quitting():
            return 0
        data_dir = paths.data_dir() / "demo" if self.options.demo else paths.data_dir()
        self.vega = vega = application.VegaApp(
            options=self.options,
            settings_store=self.store,
            secrets=(
                application.MemorySecretStore()
                if self.options.demo
                else application.KeyringSecretStore()
            ),
            env_secrets=None if self.options.demo else application.EnvSecretStore(),
            client_factory=application.default_client_factory(),
            data_dir=data_dir,
            demo=self.demo,
            translations=self.translations,
            crash=self.crash,
            instance=self.instance,
            tray=self.tray,
        )
        # from now on the application hears second launches itself (it connected the instance)
        self.instance.request_received.disconnect(self._hold)
        self.links.request_received.disconnect(self._hold)
        self.links.request_received.connect(vega.handle_request)
        if self.quitting():  # (a signal handler may have run while it was built)
            vega.quit()  # remembered until its main() starts
        result: int = await vega.main(start_request(self.request, self._early))
        return result

    def quitting(self) -> bool:
        """Whether Quit was asked for (a method: a signal handler may change it at any time)."""
        return self._quitting

    def quit(self) -> None:
        self._quitting = True
        if self.vega is not None:
            self.vega.quit()

    def close(self) -> None:
        """After the loop: stop the demo PBX, release the application and the icon."""
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
        if self.vega is not None:
            self.vega.deleteLater()
            self.vega = None
        else:  # quit before the application took the icon over
            self.tray.close()
            self.instance.close()


def start_request(
    launched_with: InstanceRequest, early: list[InstanceRequest]
) -> InstanceRequest | None:
    """What the application does first: the launch's own dial request, or the latest one that
    came (from a second launch or a link) while it was loading; ``None`` for nothing but start."""
    request = launched_with if launched_with.action == "dial" else None
    for later in early:
        if later.action == "dial":
            request = later
    return request


def _start_demo(application: ModuleType, options: dict[str, Any]) -> DemoBackend:
    """Build and start the simulated PBX (in a worker thread, like the import before it)."""
    demo: DemoBackend = application.DemoBackend(**options)
    demo.start()
    return demo


def _skip_httpx_cli() -> None:
    """httpx imports its optional command-line client (click, rich, pygments) whenever those
    happen to be installed: tens of milliseconds and several MiB the app never uses. A ``None``
    entry in ``sys.modules`` makes that import fail, and httpx then does without it."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


@contextlib.contextmanager
def _quit_on_signals(app: QApplication, quit_app: Callable[[], None]) -> Iterator[None]:
    """Ctrl+C (and SIGTERM) quit cleanly. Python handles a signal only between bytecodes, so
    a timer lets the interpreter run now and then while Qt waits for events."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: quit_app())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)
    try:
        yield
    finally:
        timer.stop()
        timer.deleteLater()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Application(QApplication):
    """The app's ``QApplication``: it also takes the ``tel:``/``callto:`` links that macOS
    sends as open-URL events (to the application object only, so no filter sees every event)."""

    links: LinkEvents | None = None

    def event(self, event: QEvent) -> bool:
        if self.links is not None and self.links.eventFilter(self, event):
            return True
        return super().event(event)


def _make_qapp() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else _Application(sys.argv[:1])
    app.setApplicationName("vega-desktop")
    app.setApplicationDisplayName("Vega Desktop")
    app.setOrganizationName("Vega")
    app.setOrganizationDomain("vega.ua")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("vega-desktop")
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())
    return app


WORKER_THREADS = 4


def _run_loop(app: QApplication, main: Coroutine[Any, Any, int]) -> int:
    """Run ``main`` on a qasync loop. Blocking work (``asyncio.to_thread``: the keyring, files,
    loading the application) goes to a pool that starts its threads as they are needed, at most
    :data:`WORKER_THREADS`, instead of qasync's default ten threads started up front."""
    import qasync

    workers = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="vega-worker")

    def make_loop() -> qasync.QEventLoop:
        loop = qasync.QEventLoop(app)
        loop.set_default_executor(workers)
        return loop

    if sys.version_info >= (3, 12):  # pragma: no cover - the CI runs 3.11
        try:
            return int(asyncio.run(main, loop_factory=make_loop))
        finally:
            workers.shutdown(wait=True, cancel_futures=True)
    loop = make_loop()
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(main))
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        with contextlib.suppress(Exception):
            loop.run_until_complete(loop.shutdown_default_executor())
        asyncio.set_event_loop(None)
        loop.close()
        workers.shutdown(wait=True, cancel_futures=True)
