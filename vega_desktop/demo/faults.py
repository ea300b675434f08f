"""Injected faults and the request log of the simulated PBX.

A :class:`Fault` makes the next requests under a path fail (an HTTP 500, a stall, a cut-off
JSON body or a dropped connection); :mod:`vega_desktop.demo.server` asks :class:`Faults` which
one a request must suffer. :class:`RequestLog` remembers the recent requests, secrets redacted.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

from vega_desktop.demo.clock import Clock
from vega_desktop.demo.errors import BadRequestError
from vega_desktop.demo.wire import Json, to_ms

FaultKind = Literal["500", "stall", "invalid_json", "drop"]
FAULT_KINDS: tuple[FaultKind, ...] = ("500", "stall", "invalid_json", "drop")

_SECRET_KEYS = frozenset({"apikey", "api_key", "password", "jsessionid"})
REDACTED = "***"


@dataclass(slots=True)
class Fault:
    """An injected failure for requests whose path starts with ``path`` (None: every path)."""

    kind: FaultKind
    path: str | None
    count: int
    seconds: float = 5.0

    def to_json(self) -> dict[str, Json]:
        return {"kind": self.kind, "path": self.path, "count": self.count, "seconds": self.seconds}

    def copy(self) -> Fault:
        return Fault(self.kind, self.path, self.count, self.seconds)


class Faults:
    """The faults waiting for requests, first added first served."""

    def __init__(self) -> None:
        self._pending: list[Fault] = []

    def add(self, kind: str, path: str | None, count: int, seconds: float) -> Fault:
        if kind not in FAULT_KINDS:
            raise BadRequestError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if path is not None and (not isinstance(path, str) or not path.startswith("/")):
            raise BadRequestError("path must start with /")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise BadRequestError("count must be a positive number")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise BadRequestError("seconds must not be negative")
        fault = Fault(kind, path, count, float(seconds))
        self._pending.append(fault)
        return fault

    def clear(self) -> int:
        count = len(self._pending)
        self._pending.clear()
        return count

    def copies(self) -> list[Fault]:
        return [f.copy() for f in self._pending]

    def to_json(self) -> list[dict[str, Json]]:
        return [f.to_json() for f in self._pending]

    def take(self, path: str) -> Fault | None:
        """The fault the request to ``path`` must suffer, if any (its count goes down)."""
        for fault in self._pending:
            if fault.path is None or path.startswith(fault.path):
                fault.count -= 1
                if fault.count <= 0:
                    self._pending.remove(fault)
                return fault.copy()
        return None


def redact(value: Json, secret: str | None = None) -> Json:
    """A copy of ``value`` with API keys (and the given secret anywhere) replaced by ``***``."""
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in _SECRET_KEYS else redact(v, secret)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v, secret) for v in value]
    if isinstance(value, str) and secret and secret in value:
        return value.replace(secret, REDACTED)
    return value


class RequestLog:
    """The last 500 requests, redacted, each stamped with ``at`` (ms) unless it has one."""

    def __init__(self, clock: Clock, api_key: str) -> None:
        self._clock = clock
        # the key is searched for inside values only when it is long enough not to be an
        # ordinary word (the demo key ``demo`` is part of the demo domain)
        self._secret = api_key if len(api_key) >= 8 else None
        self._entries: deque[dict[str, Json]] = deque(maxlen=500)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: dict[str, Json]) -> None:
        clean = redact(entry, self._secret)
        clean.setdefault("at", to_ms(self._clock()))
        self._entries.append(clean)

    def entries(self) -> list[dict[str, Json]]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()
