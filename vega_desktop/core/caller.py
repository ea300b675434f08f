"""Who is calling: the CRM teler contact for a number, its latest notes, and the last calls with it.

Lookups are cached the way the PBX caches its own contact lookups (A.2): about a minute for an
unknown number, five minutes for a known one. Two popups asking about the same number at once
share one request. Recent calls come from one shared, briefly cached slice of company history,
so ten ringing lines cost one history request, not ten.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from vega_desktop.api import Contact, HistoryRecord, Note, User, VegaClient, VegaError

_log = logging.getLogger("vega_desktop.core.caller")

KNOWN_TTL = 300.0
UNKNOWN_TTL = 60.0
HISTORY_TTL = 60.0
HISTORY_WINDOW = timedelta(days=14)
HISTORY_MAX_RECORDS = 500
NOTES_SHOWN = 3
CALLS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class CallerInfo:
    number: str
    contacts: tuple[Contact, ...] = ()
    notes: tuple[Note, ...] = ()
    recent_calls: tuple[HistoryRecord, ...] = ()
    error: VegaError | None = None

    @property
    def contact(self) -> Contact | None:
        return self.contacts[0] if self.contacts else None

    @property
    def known(self) -> bool:
        return bool(self.contacts)


@dataclass(slots=True)
class _Entry:
    info: CallerInfo
    expires: float


@dataclass(slots=True)
class CallerLookup:
    client: VegaClient
    clock: Callable[[], float] = time.monotonic
    known_ttl: float = KNOWN_TTL
    unknown_ttl: float = UNKNOWN_TTL
    _cache: dict[str, _Entry] = field(default_factory=dict)
    _inflight: dict[str, asyncio.Task[CallerInfo]] = field(default_factory=dict)
    _history: HistoryCache | None = None

    def __post_init__(self) -> None:
        self._history = HistoryCache(self.client, clock=self.clock)

    @property
    def history(self) -> HistoryCache:
        assert self._history is not None
        return self._history

    def cached(self, number: str) -> CallerInfo | None:
        entry = self._cache.get(number)
        if entry is not None and entry.expires > self.clock():
            return entry.info
        return None

    def invalidate(self, number: str | None = None) -> None:
        if number is None:
            self._cache.clear()
        else:
            self._cache.pop(number, None)

    async def lookup(self, number: str) -> CallerInfo:
        hit = self.cached(number)
        if hit is not None:
            return hit
        task = self._inflight.get(number)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch(number))
            self._inflight[number] = task
            task.add_done_callback(functools.partial(self._forget, number))
        return await asyncio.shield(task)

    async def settle(self, grace: float) -> None:
        """Let lookups in flight finish (up to ``grace`` s), then cancel the rest: for a
        client that is about to close."""
        tasks = list(self._inflight.values())
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _forget(self, number: str, _task: object) -> None:
        self._inflight.pop(number, None)

    async def _fetch(self, number: str) -> CallerInfo:
        try:
            contacts = tuple(await self.client.contacts.by_number(number, limit=5))
        except VegaError as exc:
            _log.warning("contact lookup failed: %s", exc.detail)
            return CallerInfo(number=number, error=exc)  # not cached: try again next ring
        notes: tuple[Note, ...] = ()
        first = contacts[0] if contacts else None
        if first is not None and first.id is not None:
            try:
                all_notes = await self.client.notes.list(first.id)
            except VegaError as exc:
                _log.warning("notes lookup failed: %s", exc.detail)
            else:
                notes = tuple(latest_notes(all_notes, NOTES_SHOWN))
        recent = tuple(await self.history.calls_with(number, CALLS_SHOWN))
        info = CallerInfo(number=number, contacts=contacts, notes=notes, recent_calls=recent)
        ttl = self.known_ttl if contacts else self.unknown_ttl
        self._cache[number] = _Entry(info, self.clock() + ttl)
        return info


def latest_notes(notes: list[Note], count: int) -> list[Note]:
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(notes, key=lambda n: n.last_modified or n.date_create or epoch, reverse=True)[
        :count
    ]


@dataclass(slots=True)
class HistoryCache:
    """A short-lived slice of recent company history, shared by every lookup and the dialer."""

    client: VegaClient
    clock: Callable[[], float] = time.monotonic
    ttl: float = HISTORY_TTL
    window: timedelta = HISTORY_WINDOW
    max_records: int = HISTORY_MAX_RECORDS
    _records: tuple[HistoryRecord, ...] = ()
    _expires: float = 0.0
    _task: asyncio.Task[tuple[HistoryRecord, ...]] | None = None

    def invalidate(self) -> None:
        self._expires = 0.0

    async def records(self) -> tuple[HistoryRecord, ...]:
        if self._expires > self.clock():
            return self._records
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._load())
        return await asyncio.shield(self._task)

    async def _load(self) -> tuple[HistoryRecord, ...]:
        now = datetime.now(UTC)
        out: list[HistoryRecord] = []
        try:
            async for record in self.client.history.iter_company(now - self.window, now):
                out.append(record)
                if len(out) >= self.max_records:
                    break
        except VegaError as exc:
            _log.warning("recent history unavailable: %s", exc.detail)
            return self._records  # keep serving what we had
        self._records = tuple(out)
        self._expires = self.clock() + self.ttl
        return self._records

    async def calls_with(self, number: str, count: int) -> list[HistoryRecord]:
        return [r for r in await self.records() if r.other_leg_num == number][:count]

    async def recent_numbers(self, count: int = 30) -> list[HistoryRecord]:
        """The latest external calls, one per number, newest first."""
        seen: set[str] = set()
        out: list[HistoryRecord] = []
        for record in await self.records():
            num = record.other_leg_num
            if num and num not in seen:
                seen.add(num)
                out.append(record)
                if len(out) >= count:
                    break
        return out


@dataclass(slots=True)
class UserDirectory:
    """The company's employees, fetched once and refreshed at most every few minutes."""

    client: VegaClient
    clock: Callable[[], float] = time.monotonic
    ttl: float = 600.0
    _users: tuple[User, ...] = ()
    _expires: float = 0.0

    async def users(self) -> tuple[User, ...]:
        if self._expires <= self.clock():
            try:
                self._users = tuple(await self.client.users.list())
                self._expires = self.clock() + self.ttl
            except VegaError as exc:
                _log.warning("users list unavailable: %s", exc.detail)
        return self._users

    def by_ext(self, ext: str | None) -> User | None:
        return next((u for u in self._users if ext and u.ext == ext), None)
