"""Things that happen later in the simulated PBX: actions due at a moment of its clock.

A makeCall is answered a few seconds after it was placed, scripted traffic ends its calls a
minute on: each is an action waiting in :class:`Timers` until the PBX fires the due ones.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections.abc import Callable

from vega_desktop.demo.errors import PbxError

Action = Callable[[float], None]
"""Called with the moment it was due (UNIX seconds)."""


class Timers:
    """Actions ordered by due time (ties in the order they were scheduled). Not locked."""

    def __init__(self) -> None:
        self._queue: list[tuple[float, int, Action]] = []
        self._seq = itertools.count()
        self.firing = False  # True while fire_due() runs the actions

    def __len__(self) -> int:
        return len(self._queue)

    def schedule(self, at: float, action: Action) -> None:
        heapq.heappush(self._queue, (at, next(self._seq), action))

    def next_at(self) -> float | None:
        """When the earliest action is due; None when nothing waits."""
        return self._queue[0][0] if self._queue else None

    def fire_due(self, now: float) -> None:
        """Run every action due at ``now``, earliest first; a PbxError one raises is ignored.

        A PbxError means the call moved on first (the user hung up, say).
        """
        self.firing = True
        try:
            while self._queue and self._queue[0][0] <= now:
                at, _, action = heapq.heappop(self._queue)
                with contextlib.suppress(PbxError):
                    action(at)
        finally:
            self.firing = False
