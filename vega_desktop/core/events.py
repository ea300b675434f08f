"""A tiny, Qt-free signal: the core raises events, the UI bridge turns them into Qt signals.

Listeners are called synchronously in connection order. A listener that raises is logged and
does not stop the others: one broken popup must not silence the tray.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")
_log = logging.getLogger("vega_desktop.core")


class Signal(Generic[P]):
    """``sig.connect(fn)``, ``sig.disconnect(fn)``, ``sig.emit(*args)``."""

    __slots__ = ("_listeners", "_name")

    def __init__(self, name: str = "") -> None:
        self._name = name
        self._listeners: list[Callable[P, object]] = []

    def connect(self, listener: Callable[P, object]) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener: Callable[P, object]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for listener in tuple(self._listeners):
            try:
                listener(*args, **kwargs)
            except Exception:
                _log.exception("listener of %s failed", self._name or "signal")

    def __len__(self) -> int:
        return len(self._listeners)
