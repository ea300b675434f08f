"""The crash hook: an unexpected exception is logged and reported, and the app keeps running.

qasync hands exceptions raised in async slots to :data:`sys.excepthook`; Qt calls it for
exceptions in ordinary slots too. Without a hook PySide prints the traceback and carries on, so
the operator never learns that something went wrong; with the default hook of some setups the
process aborts. :class:`CrashHandler` logs the full traceback (redacted by the log filter) and
emits :attr:`CrashHandler.error_reported` with a short, translated notice that the tray shows as
a non-modal message.

The handler is never re-entrant: an exception raised while reporting one is only logged, and
notices are throttled so a failure in a timer cannot flood the desktop with balloons.
``threading.excepthook`` is covered too; its notice crosses to the GUI thread through the
(queued) Qt signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal

__all__ = ["CrashHandler"]

_log = logging.getLogger("vega_desktop.crash")

NOTICE_INTERVAL = 30.0

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHandler(QObject):
    """Install with :meth:`install`; connect :attr:`error_reported` to the tray's message."""

    error_reported = Signal(str, str)  # title, message

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        notice_interval: float = NOTICE_INTERVAL,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._notice_interval = notice_interval
        self._last_notice: float | None = None
        self._handling = threading.local()
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self.count = 0

    @property
    def installed(self) -> bool:
        return self._previous_hook is not None

    def install(self) -> None:
        if self.installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous_hook is None:
            return
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._thread_hook and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = None
        self._previous_thread_hook = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        *,
        where: str = "",
    ) -> None:
        """Log ``exc`` and report it once (the ``sys.excepthook`` signature)."""
        if issubclass(exc_type, KeyboardInterrupt):
            app = QCoreApplication.instance()
            if app is not None:
                app.quit()
            return
        if getattr(self._handling, "active", False):
            # an exception while reporting one: log it plainly and stop there
            _log.error("error while reporting an error", exc_info=(exc_type, exc, tb))
            return
        self._handling.active = True
        try:
            self.count += 1
            _log.critical(
                "unexpected error%s", f" in {where}" if where else "", exc_info=(exc_type, exc, tb)
            )
            now = self._clock()
            if self._last_notice is None or now - self._last_notice >= self._notice_interval:
                self._last_notice = now
                self.error_reported.emit(
                    self.tr("Vega Desktop: something went wrong"),
                    self.tr(
                        "An unexpected error occurred; the app keeps running. "
                        "The details were written to the log file."
                    ),
                )
        except Exception:
            _log.exception("the crash hook failed")
        finally:
            self._handling.active = False

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a worker thread"
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, where=f"thread {name}")
