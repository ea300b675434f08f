"""Process-wide Qt helpers of the tray app: wake-ups worth a poll, and garbage collection kept
on the GUI thread.

:class:`ResumeWatcher` notices a sleep/resume (the wall clock jumps) and network reachability
changes; :class:`MainThreadGarbageCollector` runs Python's cyclic collector from a timer on the
GUI thread only. The composition root (``vega_desktop.app``) builds one of each.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation

__all__ = ["GC_INTERVAL_MS", "MainThreadGarbageCollector", "ResumeWatcher"]

_log = logging.getLogger("vega_desktop.app")

GC_INTERVAL_MS = 2000
RESUME_CHECK = 5.0
RESUME_JUMP = 20.0


class ResumeWatcher(QObject):
    """Wake-ups worth an immediate poll: the wall clock jumped (sleep/resume), or the network's
    reachability changed (``QNetworkInformation``, where the platform offers it)."""

    woke = Signal(str)

    def __init__(self, *, network: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last_wall = time.time()
        self._last_mono = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(int(RESUME_CHECK * 1000))
        self._timer.timeout.connect(self._check_clock)
        self._timer.start()
        self._network: QNetworkInformation | None = None
        if network:
            try:
                if QNetworkInformation.loadBackendByFeatures(
                    QNetworkInformation.Feature.Reachability
                ):
                    self._network = QNetworkInformation.instance()
            except Exception:  # an optional convenience: never fail start-up over it
                _log.debug("network information unavailable", exc_info=True)
            if self._network is not None:
                self._network.reachabilityChanged.connect(self._on_reachability)
                _log.debug("network reachability from %s", self._network.backendName())

    def _check_clock(self) -> None:
        wall, mono = time.time(), time.monotonic()
        drift = (wall - self._last_wall) - (mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        if abs(drift) > RESUME_JUMP:
            _log.info("the clock jumped by %.0f s (resume from sleep?)", drift)
            self.woke.emit("resume")

    def _on_reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        _log.info("network reachability changed: %s", reachability.name)
        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
            QNetworkInformation.Reachability.Local,
        ):
            self.woke.emit("network")

    def stop(self) -> None:
        self._timer.stop()
        if self._network is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._network.reachabilityChanged.disconnect(self._on_reachability)
            self._network = None


class MainThreadGarbageCollector(QObject):
    """Python's cyclic garbage collector, run from a timer on the GUI thread only.

    Left alone, the collector runs in whichever thread happens to allocate — with qasync that
    is often a worker thread (``asyncio.to_thread``: keyring, outbox and settings writes). A
    cycle that holds a widget or a timer would then be destroyed off the GUI thread, which Qt
    forbids ("Timers cannot be stopped from another thread") and which can crash the process.
    So automatic collection is switched off and the same generational thresholds are checked
    here, on the GUI thread.
    """

    def __init__(self, *, interval_ms: int = GC_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        if count0 > self._thresholds[0]:
            generation = 0
            if count1 > self._thresholds[1]:
                generation = 2 if count2 > self._thresholds[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        """Collect once more here, and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
