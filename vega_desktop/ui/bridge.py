"""The one place where the Qt-free core's events become Qt signals.

Widgets connect to :class:`CoreBridge` once; the bridge outlives any single session. Signing in
attaches a session's tracker and poller (:meth:`CoreBridge.attach`), signing out detaches them,
so a popup or the tray never holds a reference to a core object that is gone.

Signals carry the core's immutable models (``ActiveCall``, ``Leg``, ``Status``) as Python
objects; they are emitted on the GUI thread, where the asyncio loop (qasync) runs the core.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from vega_desktop.api import ActiveCall, Leg
from vega_desktop.core.poller import ActiveCallsPoller, Status
from vega_desktop.core.tracker import CallTracker

__all__ = ["CoreBridge"]


class CoreBridge(QObject):
    call_ringing = Signal(object)  # ActiveCall
    call_answered = Signal(object)  # ActiveCall
    call_ended = Signal(object, bool)  # ActiveCall, answered
    call_transferred = Signal(object, object)  # ActiveCall, from_ext: str | None
    call_answered_elsewhere = Signal(object, object)  # ActiveCall, by: Leg | None
    calls_changed = Signal(object)  # tuple[ActiveCall, ...] concerning us, after each snapshot
    status_changed = Signal(object)  # Status
    snapshot_changed = Signal(object)  # tuple[ActiveCall, ...] of the whole company, on change
    missed_count_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tracker: CallTracker | None = None
        self._poller: ActiveCallsPoller | None = None
        self._links: list[tuple[Any, Callable[..., None]]] = []
        self._missed = 0
        self._calls: tuple[ActiveCall, ...] = ()
        self._snapshot: tuple[ActiveCall, ...] = ()

    @property
    def attached(self) -> bool:
        return self._tracker is not None

    @property
    def missed_count(self) -> int:
        return self._missed

    @property
    def calls(self) -> tuple[ActiveCall, ...]:
        return self._calls

    @property
    def snapshot(self) -> tuple[ActiveCall, ...]:
        """Every active call of the company in the latest poll."""
        return self._snapshot

    def attach(self, *, tracker: CallTracker, poller: ActiveCallsPoller) -> None:
        """Forward ``tracker``'s and ``poller``'s events (replacing any previous session's)."""
        self.detach()
        self._tracker = tracker
        self._poller = poller
        self._link(tracker.call_ringing, self._on_ringing)
        self._link(tracker.call_answered, self._on_answered)
        self._link(tracker.call_ended, self._on_ended)
        self._link(tracker.call_transferred, self._on_transferred)
        self._link(tracker.call_answered_elsewhere, self._on_answered_elsewhere)
        self._link(poller.status_changed, self._on_status)
        # after the tracker has seen the snapshot (it is connected first by the app)
        self._link(poller.snapshot_received, self._on_snapshot)

    def detach(self) -> None:
        for signal, listener in self._links:
            signal.disconnect(listener)
        self._links.clear()
        self._tracker = None
        self._poller = None
        if self._calls:
            self._calls = ()
            self.calls_changed.emit(())
        if self._snapshot:
            self._snapshot = ()
            self.snapshot_changed.emit(())

    def set_missed_count(self, count: int) -> None:
        if count != self._missed:
            self._missed = count
            self.missed_count_changed.emit(count)

    def _link(self, signal: Any, listener: Callable[..., None]) -> None:
        signal.connect(listener)
        self._links.append((signal, listener))

    def _on_ringing(self, call: ActiveCall) -> None:
        self.call_ringing.emit(call)

    def _on_answered(self, call: ActiveCall) -> None:
        self.call_answered.emit(call)

    def _on_ended(self, call: ActiveCall, answered: bool) -> None:
        self.call_ended.emit(call, answered)

    def _on_transferred(self, call: ActiveCall, from_ext: str | None) -> None:
        self.call_transferred.emit(call, from_ext)

    def _on_answered_elsewhere(self, call: ActiveCall, by: Leg | None) -> None:
        self.call_answered_elsewhere.emit(call, by)

    def _on_status(self, status: Status) -> None:
        self.status_changed.emit(status)

    def _on_snapshot(self, snapshot: list[ActiveCall]) -> None:
        everyone = tuple(snapshot)
        if everyone != self._snapshot:  # idle polls cost nothing downstream
            self._snapshot = everyone
            self.snapshot_changed.emit(everyone)
        calls = self._tracker.calls if self._tracker is not None else ()
        if calls != self._calls:
            self._calls = calls
            self.calls_changed.emit(calls)
