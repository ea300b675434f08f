"""Time windows for history queries, from what a person types.

``--since 24h`` (also ``90m``, ``7d``, ``2w``, ``45s`` and sums like ``1d12h``) means "from that
long ago until now". ``--from``/``--to`` take ISO dates (``2024-05-01``) or datetimes
(``2024-05-01T09:30``, ``2024-05-01 09:30:00+03:00``, ``…Z``). A naive value is local time. A
``--from`` date starts at midnight; a ``--to`` date ends at the end of that day. ``--to`` defaults
to now. Every result is an aware datetime in UTC; every mistake is a ``ValueError`` with a message
that can be shown to the user as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

__all__ = [
    "DEFAULT_SINCE",
    "TimeWindow",
    "parse_duration",
    "parse_moment",
    "parse_window",
]

DEFAULT_SINCE: Final = "24h"
MAX_DURATION: Final = timedelta(days=366 * 20)

_UNITS: Final = {
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_DURATION = re.compile(r"(?:\d+[smhdw])+")
_PART = re.compile(r"(\d+)([smhdw])")


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """``start`` < ``end``, both aware UTC datetimes."""

    start: datetime
    end: datetime


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(UTC)


def parse_duration(text: str) -> timedelta:
    """``"24h"`` -> 24 hours. Units: s, m (minutes), h, d, w; parts may be summed (``1d12h``)."""
    compact = re.sub(r"\s+", "", text).lower()
    if not _DURATION.fullmatch(compact):
        raise ValueError(
            f"invalid duration {text!r}: use a number and a unit, like 90m, 24h, 7d or 2w"
        )
    total = timedelta()
    try:
        for amount, unit in _PART.findall(compact):
            total += int(amount) * _UNITS[unit]
    except OverflowError:
        raise ValueError(f"duration {text!r} is too long") from None
    if total <= timedelta():
        raise ValueError(f"duration {text!r} must be longer than zero")
    if total > MAX_DURATION:
        raise ValueError(f"duration {text!r} is too long (at most {MAX_DURATION.days} days)")
    return total


def _localize(naive: datetime, tz: tzinfo | None) -> datetime:
    if tz is not None:
        return naive.replace(tzinfo=tz)
    return naive.astimezone()  # the system's local time zone, DST included


def parse_moment(text: str, *, end_of_day: bool = False, tz: tzinfo | None = None) -> datetime:
    """An ISO date or datetime as an aware UTC datetime.

    A date alone means its first moment, or its last one with ``end_of_day``. Naive values are in
    ``tz`` (default: the system's local time zone).
    """
    value = text.strip()
    if not value:
        raise ValueError("empty date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    try:
        if len(value) <= 10 and "T" not in value and ":" not in value:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time.max if end_of_day else time.min)
            return _localize(moment, tz).astimezone(UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"invalid date {text!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
        ) from None
    if parsed.tzinfo is None:
        parsed = _localize(parsed, tz)
    return parsed.astimezone(UTC)


def parse_window(
    since: str | None = None,
    time_from: str | None = None,
    time_to: str | None = None,
    *,
    default_since: str = DEFAULT_SINCE,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> TimeWindow:
    """The window asked for by ``--since`` or ``--from``/``--to`` (``--since default_since`` when
    none is given)."""
    current = _now(now)
    if since is not None and (time_from is not None or time_to is not None):
        raise ValueError("use either --since or --from/--to, not both")
    if time_from is None and time_to is not None:
        raise ValueError("--to needs --from")
    if time_from is None:
        span = parse_duration(since if since is not None else default_since)
        try:
            start = current - span
        except OverflowError:
            raise ValueError(f"duration {since!r} is too long") from None
        return TimeWindow(start, current)
    start = parse_moment(time_from, tz=tz)
    end = parse_moment(time_to, end_of_day=True, tz=tz) if time_to is not None else current
    if start >= end:
        raise ValueError(
            f"--from ({time_from}) must be before --to ({time_to if time_to else 'now'})"
        )
    return TimeWindow(start, end)
