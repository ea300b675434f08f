"""Running coroutines on behalf of a widget, safely.

A widget that starts network work from a slot (search as you type, save a note) needs three
things that a bare ``asyncio.create_task`` does not give:

* a strong reference to the task, or the garbage collector may drop it mid-flight;
* an exception that escapes the coroutine is logged, never silently lost;
* the task is cancelled when the widget is destroyed, so a late answer never touches a deleted
  C++ object.

:class:`WidgetTasks` does all three. The task runs on the running event loop (qasync's in the
app, a test's ``qasync.QEventLoop`` in the tests)::

    self._tasks = WidgetTasks(self)
    self._tasks.start(self._search(seq, text), name="dial search")
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

__all__ = ["WidgetTasks", "is_alive"]

T = TypeVar("T")

_log = logging.getLogger("vega_desktop.ui.async")


def is_alive(obj: QObject | None) -> bool:
    """False once the C++ side of ``obj`` is gone (a late callback must then do nothing)."""
    return obj is not None and shiboken6.isValid(obj)


class WidgetTasks:
    """The asyncio tasks one QObject started; cancelled when that object is destroyed.

    ``keep=True`` on :meth:`start` exempts a task from that cancellation (work that must finish
    even when its window goes away, such as handing a note to the outbox).
    """

    __slots__ = ("__weakref__", "_kept", "_logger", "_name", "_tasks")

    def __init__(self, owner: QObject, *, logger: logging.Logger | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._kept: set[asyncio.Task[Any]] = set()
        self._logger = logger or _log
        self._name = type(owner).__name__
        tasks = self._tasks
        # a closure, not a bound method: it must work while the owner's wrapper is being torn down
        owner.destroyed.connect(lambda *_: _cancel(tasks))

    def start(
        self, coro: Coroutine[Any, Any, T], *, name: str = "", keep: bool = False
    ) -> asyncio.Task[T]:
        """Schedule ``coro`` on the running loop and keep it until it finishes."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            coro.close()
            raise RuntimeError(
                f"{self._name}: no running asyncio loop (start the app under qasync)"
            ) from None
        label = name or getattr(coro, "__qualname__", "task")
        task = loop.create_task(coro, name=f"{self._name}: {label}")
        (self._kept if keep else self._tasks).add(task)
        task.add_done_callback(self._finished)
        return task

    @property
    def busy(self) -> bool:
        """True while any task started here is still running."""
        return any(not t.done() for t in (*self._tasks, *self._kept))

    def __len__(self) -> int:
        return len(self._tasks) + len(self._kept)

    def cancel_all(self) -> None:
        """Cancel every task except the kept ones."""
        _cancel(self._tasks)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._kept.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._logger.error(
                "%s failed", task.get_name(), exc_info=(type(exc), exc, exc.__traceback__)
            )


def _cancel(tasks: set[asyncio.Task[Any]]) -> None:
    for task in tuple(tasks):
        task.cancel()
