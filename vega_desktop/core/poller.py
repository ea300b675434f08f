"""The active-calls poll loop: one request in flight at most, back-off with jitter, instant wake-up.

It knows nothing of Qt: it runs on whatever asyncio loop is current (qasync's in the app, a plain
one in tests) and reports through two signals::

    snapshot_received(calls)         every good answer
    status_changed(status)           ONLINE / OFFLINE(reason) transitions only

Good answers keep a fixed rate: a poll starts ``interval`` seconds after the previous one
*started*, so the time spent waiting for the PBX and handling its answer (opening a caller popup)
does not stretch the cycle and add to the delay before the next ringing call is seen. A poll
that takes longer than the interval is followed at once by the next one, never by two at a time.

On an error the next attempt waits ``min(cap, base * 2**n)`` scaled by a random factor in
[0.5, 1.0] (equal jitter), so a PBX that comes back is not met by every desk at once. The first
good answer restores the normal interval. :meth:`poll_now` cuts a wait short: the app calls it on
resume from sleep and on a network change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from vega_desktop.api.errors import AuthError, VegaError
from vega_desktop.core.events import Signal

if TYPE_CHECKING:
    from vega_desktop.api import ActiveCall

_log = logging.getLogger("vega_desktop.core.poller")

MIN_INTERVAL = 0.5
MAX_INTERVAL = 10.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0


class Connection(Enum):
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"
    AUTH_FAILED = "auth_failed"


@dataclass(frozen=True, slots=True)
class Status:
    state: Connection
    reason: str = ""
    error: VegaError | None = None


def backoff_delay(
    failures: int, rng: random.Random, *, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP
) -> float:
    """The wait after ``failures`` consecutive failures (1, 2, …): capped exponential, jittered."""
    ceiling = min(cap, base * float(2 ** max(0, failures - 1)))
    return float(ceiling * (0.5 + rng.random() / 2))


class ActiveCallsPoller:
    def __init__(
        self,
        fetch: Callable[[], Awaitable[list[ActiveCall]]],
        *,
        interval: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        self._fetch = fetch
        self._interval = clamp_interval(interval)
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failures = 0
        self._status = Status(Connection.CONNECTING)
        self.snapshot_received: Signal[[list[ActiveCall]]] = Signal("snapshot_received")
        self.status_changed: Signal[[Status]] = Signal("status_changed")
        self.polls = 0

    @property
    def status(self) -> Status:
        return self._status

    @property
    def interval(self) -> float:
        return self._interval

    @interval.setter
    def interval(self, value: float) -> None:
        self._interval = clamp_interval(value)
        self.poll_now()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="active-calls-poller"
            )

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def poll_now(self) -> None:
        """Skip the current wait (resume from sleep, network change, a call just dialled)."""
        self._wake.set()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            delay = await self._poll_once()
            if self._failures == 0:
                delay = max(0.0, started + delay - loop.time())
            self._wake.clear()
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
            # arrives together with the wake-up, and stop() would then wait forever
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    async def _poll_once(self) -> float:
        self.polls += 1
        try:
            calls = await self._fetch()
        except asyncio.CancelledError:
            raise
        except AuthError as exc:
            self._failures += 1
            self._set_status(Status(Connection.AUTH_FAILED, exc.detail, exc))
            return BACKOFF_CAP
        except VegaError as exc:
            self._failures += 1
            _log.warning("active calls poll failed (%s): %s", type(exc).__name__, exc.detail)
            self._set_status(Status(Connection.OFFLINE, exc.detail, exc))
            return backoff_delay(self._failures, self._rng)
        self._failures = 0
        self._set_status(Status(Connection.ONLINE))
        self.snapshot_received.emit(calls)
        return self._interval

    def _set_status(self, status: Status) -> None:
        changed = (status.state, status.reason) != (self._status.state, self._status.reason)
        self._status = status
        if changed:
            self.status_changed.emit(status)


def clamp_interval(value: float) -> float:
    return min(MAX_INTERVAL, max(MIN_INTERVAL, float(value)))
