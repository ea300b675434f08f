"""Time for the simulated PBX: an injectable clock and Kyiv local time without tzdata.

The PBX reads the time through a ``Clock`` (a callable returning UNIX seconds), so tests can
drive it with a :class:`ManualClock` instead of sleeping. Kyiv's offset is computed from the EU
summer-time rule Ukraine follows, so the world is the same on machines without a tz database
(Windows has none unless the ``tzdata`` package is installed).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

Clock = Callable[[], float]
"""Returns the current time as UNIX seconds (UTC)."""

_HOUR = 3600


def system_clock() -> float:
    """The wall clock."""
    return time.time()


class ManualClock:
    """A clock that only moves when told to. Thread-safe."""

    def __init__(self, start: float | datetime) -> None:
        if isinstance(start, datetime):
            if start.tzinfo is None:
                raise ValueError("ManualClock needs an aware datetime")
            start = start.timestamp()
        self._now = float(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` (never backward) and return the new time."""
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        with self._lock:
            self._now += seconds
            return self._now

    def __repr__(self) -> str:
        return f"ManualClock({datetime.fromtimestamp(self(), UTC).isoformat()})"


def _last_sunday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def kyiv_utcoffset(ts: float) -> int:
    """Kyiv's UTC offset in seconds at UNIX time ``ts`` (EET +2, EEST +3 under the EU rule)."""
    moment = datetime.fromtimestamp(ts, UTC)
    year = moment.year
    start = datetime.combine(_last_sunday(year, 3), datetime.min.time(), UTC) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(year, 10), datetime.min.time(), UTC) + timedelta(hours=1)
    return 3 * _HOUR if start <= moment < end else 2 * _HOUR


def kyiv_date(ts: float) -> date:
    """The calendar date in Kyiv at UNIX time ``ts``."""
    return datetime.fromtimestamp(ts + kyiv_utcoffset(ts), UTC).date()


def kyiv_to_utc(day: date, seconds_after_midnight: float) -> float:
    """UNIX time of a Kyiv wall-clock moment (``day`` at ``seconds_after_midnight``)."""
    local = datetime.combine(day, datetime.min.time(), UTC).timestamp() + seconds_after_midnight
    for offset in (3 * _HOUR, 2 * _HOUR):
        if kyiv_utcoffset(local - offset) == offset:
            return local - offset
    return local - 2 * _HOUR  # the skipped hour in spring: fall back to winter time
