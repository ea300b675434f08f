"""What the History page asks for, split into what the PBX filters and what we filter ourselves.

The histories (B.5, B.7) filter by time window and direction only. Everything else the page
offers (result, employee, free-text search by number or name, and "my calls" out of users.api,
which lists every employee's legs) is applied here, on the records already loaded::

    query = HistoryQuery(preset=Preset.LAST_7_DAYS, directions=frozenset({Direction.INCOMING}),
                         text="067 12", own_ext="001")
    fetch = page_fetcher(client.history, query)      # (limit, offset) -> one page
    keep = query.row_filter().compile()              # FilterKey -> bool, or None for "all"

Windows are computed in Kyiv local time (``Europe/Kyiv`` from zoneinfo; if the machine has no
tz database and the ``tzdata`` package is missing, the system's local zone is used instead) and
returned as aware UTC datetimes. Filtering runs over a :data:`FilterKey` precomputed once per
record, so ten thousand rows filter in a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vega_desktop.api import Direction, Disposition, HistoryRecord

__all__ = [
    "KYIV",
    "PAGE_SIZE",
    "FilterKey",
    "HistoryApi",
    "HistoryQuery",
    "PageFetch",
    "Preset",
    "RowFilter",
    "Source",
    "dial_target",
    "filter_key",
    "local_zone",
    "number_digits",
    "page_fetcher",
    "preset_window",
]

KYIV: Final = "Europe/Kyiv"
PAGE_SIZE: Final = 50
CALL_DIRECTIONS: Final = frozenset({Direction.INTERNAL, Direction.OUTGOING, Direction.INCOMING})

_NON_DIGITS = re.compile(r"\D+")
_NUMERIC_TEXT = re.compile(r"[\d\s+()\-.]+")

#: ``(limit, offset) -> records``: one page of whichever history the query reads.
PageFetch = Callable[[int, int], Awaitable[list[HistoryRecord]]]

#: Precomputed per record: (disposition or -1, the extensions involved, casefolded names,
#: the number's digits in international and national form).
FilterKey = tuple[int, frozenset[str], str, str]


def local_zone() -> tzinfo:
    """Kyiv's time zone, or the system's local zone when zoneinfo does not know Kyiv."""
    try:
        return ZoneInfo(KYIV)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return datetime.now().astimezone().tzinfo or UTC


class Preset(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    LAST_7_DAYS = "7d"
    LAST_30_DAYS = "30d"
    CUSTOM = "custom"


class Source(StrEnum):
    COMPANY = "company"  # company.api: every call of the company
    MY_CALLS = "mine"  # users.api, keeping the operator's own legs


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def preset_window(
    preset: Preset,
    *,
    now: datetime,
    zone: tzinfo,
    start: date | None = None,
    end: date | None = None,
) -> tuple[datetime, datetime]:
    """The ``(time_from, time_to)`` of a preset, in UTC.

    Today is local midnight to now; yesterday the whole previous local day; 7 and 30 days are
    whole local days ending with today (so "7 days" starts at midnight six days ago). A custom
    range runs from the start of ``start`` to the end of ``end`` (swapped when reversed) and
    never past ``now``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    preset = Preset(preset)
    today = now.astimezone(zone).date()
    one_ms = timedelta(milliseconds=1)
    if preset is Preset.TODAY:
        lo, hi = _midnight(today, zone), now
    elif preset is Preset.YESTERDAY:
        lo = _midnight(today - timedelta(days=1), zone)
        hi = _midnight(today, zone) - one_ms
    elif preset is Preset.LAST_7_DAYS:
        lo, hi = _midnight(today - timedelta(days=6), zone), now
    elif preset is Preset.LAST_30_DAYS:
        lo, hi = _midnight(today - timedelta(days=29), zone), now
    else:
        first = start or today
        last = end or today
        if first > last:
            first, last = last, first
        lo = _midnight(first, zone)
        hi = min(_midnight(last + timedelta(days=1), zone) - one_ms, now)
        hi = max(hi, lo)
    return lo.astimezone(UTC), hi.astimezone(UTC)


def number_digits(number: str | None) -> str:
    """The digits to search a number by: ``+380671234567`` -> ``380671234567 0671234567``."""
    if not number:
        return ""
    digits = _NON_DIGITS.sub("", number)
    if digits.startswith("380") and len(digits) == 12:
        return f"{digits} 0{digits[3:]}"
    return digits


def dial_target(record: HistoryRecord, own_ext: str | None) -> str | None:
    """What to dial to call a record's other side back: the external number, or for an
    internal call the colleague who is not ``own_ext``."""
    if record.other_leg_num:
        return record.other_leg_num
    for leg in (record.leg, record.leg2):
        if leg is not None and leg.ext and leg.ext != own_ext:
            return leg.ext
    return None


def filter_key(record: HistoryRecord) -> FilterKey:
    """What :class:`RowFilter` looks at, computed once per record."""
    people = {
        ext
        for ext in (
            record.leg.ext if record.leg else None,
            record.leg2.ext if record.leg2 else None,
            *record.transfer_history,
        )
        if ext
    }
    names = " ".join(
        name
        for name in (
            record.other_leg_name,
            record.leg.display_name if record.leg else None,
            record.leg2.display_name if record.leg2 else None,
        )
        if name
    ).casefold()
    disposition = -1 if record.disposition is None else int(record.disposition)
    return (disposition, frozenset(people), names, number_digits(record.other_leg_num))


def _both(
    first: Callable[[FilterKey], bool], second: Callable[[FilterKey], bool]
) -> Callable[[FilterKey], bool]:
    return lambda key: first(key) and second(key)


def _involves(ext: str) -> Callable[[FilterKey], bool]:
    return lambda key: ext in key[1]


@dataclass(frozen=True, slots=True)
class RowFilter:
    """The client-side part of a query. Every set condition must hold.

    ``mine`` keeps the calls that involve the operator's extension (leg, leg2 or a transfer);
    ``employee`` does the same for a chosen colleague. ``text`` matches the number by digits
    (``067 123`` finds ``+380671234567``) when it reads as digits, else the caller's or the
    employees' names, case-insensitively.
    """

    dispositions: frozenset[Disposition] | None = None
    employee: str | None = None
    mine: str | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self.compile() is not None

    def compile(self) -> Callable[[FilterKey], bool] | None:
        """A fast predicate over :data:`FilterKey`, or ``None`` when everything passes."""
        checks: list[Callable[[FilterKey], bool]] = []
        if self.dispositions is not None:
            wanted = frozenset(int(d) for d in self.dispositions)
            checks.append(lambda key: key[0] in wanted)
        for ext in (self.mine, self.employee):
            if ext:
                checks.append(_involves(ext))
        needle = " ".join(self.text.split()).casefold()
        if needle:
            digits = _NON_DIGITS.sub("", needle)
            if digits and _NUMERIC_TEXT.fullmatch(needle):
                checks.append(lambda key: digits in key[3])
            else:
                checks.append(lambda key: needle in key[2])
        if not checks:
            return None
        combined = checks[0]
        for check in checks[1:]:
            combined = _both(combined, check)
        return combined

    def accepts(self, record: HistoryRecord) -> bool:
        check = self.compile()
        return check is None or check(filter_key(record))


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """A History page query. ``directions``/``dispositions`` ``None`` means "any"."""

    source: Source = Source.COMPANY
    preset: Preset = Preset.TODAY
    start: date | None = None
    end: date | None = None
    directions: frozenset[Direction] | None = None
    dispositions: frozenset[Disposition] | None = None
    employee: str | None = None
    text: str = ""
    own_ext: str | None = None
    zone: tzinfo = field(default_factory=local_zone, compare=False)

    def window(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        moment = now if now is not None else datetime.now(UTC)
        return preset_window(
            self.preset, now=moment, zone=self.zone, start=self.start, end=self.end
        )

    def server_key(self) -> tuple[object, ...]:
        """What the PBX filters: a change here needs a new fetch, anything else does not."""
        custom = (self.start, self.end) if self.preset is Preset.CUSTOM else (None, None)
        return (self.source, self.preset, *custom, self.directions)

    def row_filter(self) -> RowFilter:
        mine = self.own_ext if self.source is Source.MY_CALLS else None
        return RowFilter(
            dispositions=self.dispositions, employee=self.employee, mine=mine, text=self.text
        )


class HistoryApi(Protocol):
    """The two histories the page reads (``VegaClient.history`` satisfies it)."""

    async def company(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[HistoryRecord]: ...

    async def by_users(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[HistoryRecord]: ...


def page_fetcher(
    history: HistoryApi, query: HistoryQuery, now: datetime | None = None
) -> PageFetch:
    """One page of the query's history at a time; the window is fixed when this is called, so
    paging stays stable while new calls arrive (a new query picks them up)."""
    time_from, time_to = query.window(now)
    directions: tuple[Direction, ...] | None = None
    if query.directions is not None and query.directions != CALL_DIRECTIONS:
        directions = tuple(sorted(query.directions))
    if query.source is Source.MY_CALLS:
        # users.api may list pause on/off records unless the directions leave them out
        read = history.by_users
        directions = directions if directions is not None else tuple(sorted(CALL_DIRECTIONS))
    else:
        read = history.company

    async def fetch(limit: int, offset: int) -> list[HistoryRecord]:
        return await read(time_from, time_to, directions, limit, offset)

    return fetch
