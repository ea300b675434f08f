"""The missed-call queue: callers waiting for a call-back, one row per number.

The PBX keeps the list itself (B.6, missed.api): an unanswered incoming call stays listed until
someone reaches that number (an answered call back, or the caller getting through). The queue
reads the last ``days`` days of it, groups repeated attempts from one number into a
:class:`MissedRow`, and on every :meth:`MissedQueue.refresh` compares with what it had::

    queue = MissedQueue(client.history, own_ext="001", dial=dialer_dial, lookup=lookup.lookup)
    queue.row_added.connect(...)      # a new caller is waiting
    queue.row_removed.connect(...)    # the PBX stopped listing them: somebody got through
    queue.rows_changed.connect(...)   # another attempt, a name found in the CRM...
    queue.new_missed.connect(...)     # (row, record) per new missed call -> a notification
    await queue.refresh()             # the app calls it periodically and on reconnect

``new_missed`` never fires for the calls already listed at the first successful load.

Whom a row concerns (the mine / my group / everyone filter): the records say which entity the
call rang (``leg``: a user, a group or an IVR scenario, by ``leg.type``). "Mine" is a call that
rang the operator's own extension. The API does not tell which groups a user belongs to, so
"my group" means: rang the operator, or rang any ring group (a call abandoned in the IVR shows
under "everyone" only).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final, Protocol

from vega_desktop.api import EntityType, HistoryRecord, Leg, VegaError
from vega_desktop.core.caller import CallerInfo
from vega_desktop.core.events import Signal

__all__ = [
    "DEFAULT_DAYS",
    "MissedHistory",
    "MissedQueue",
    "MissedRow",
    "Scope",
    "group_missed",
]

_log = logging.getLogger("vega_desktop.core.missed")

DEFAULT_DAYS: Final = 7
MAX_RECORDS: Final = 1000
LOOKUPS_AT_ONCE: Final = 4
_NUMBER_LIKE = re.compile(r"[\d\s+()\-./]+")


class Scope(StrEnum):
    MINE = "mine"
    MY_GROUP = "group"
    EVERYONE = "everyone"


class MissedHistory(Protocol):
    """What the queue reads (``VegaClient.history`` satisfies it)."""

    def iter_missed(
        self, time_from: datetime, time_to: datetime
    ) -> AsyncIterator[HistoryRecord]: ...


DialFn = Callable[[str], Awaitable[object]]
LookupFn = Callable[[str], Awaitable[CallerInfo]]


@dataclass(frozen=True, slots=True)
class MissedRow:
    """One caller waiting for a call-back. ``records`` are their attempts, newest first."""

    number: str
    name: str | None
    company: str | None
    first_at: datetime | None
    last_at: datetime | None
    attempts: int
    lines: tuple[str, ...]  # the company numbers they called, newest first
    targets: tuple[Leg, ...]  # what the attempts rang (user / group / IVR), newest first
    records: tuple[HistoryRecord, ...]
    contact_id: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.number

    @property
    def target(self) -> Leg | None:
        """What the latest attempt rang."""
        return self.targets[0] if self.targets else None

    def concerns(self, scope: Scope, own_ext: str | None) -> bool:
        if scope is Scope.EVERYONE:
            return True
        mine = bool(own_ext) and any(leg.ext == own_ext for leg in self.targets)
        if scope is Scope.MINE:
            return mine
        return mine or any(leg.type is EntityType.GROUP for leg in self.targets)


def _real_name(name: str | None) -> str | None:
    """otherLegName, unless it is just the number again (the spec: "otherwise = otherLegNum")."""
    if not name or not name.strip() or _NUMBER_LIKE.fullmatch(name):
        return None
    return name.strip()


def _epoch(record: HistoryRecord) -> datetime:
    return record.end_at or datetime.min.replace(tzinfo=UTC)


def group_missed(records: list[HistoryRecord]) -> dict[str, MissedRow]:
    """Rows by number (records without a number cannot be called back and are left out)."""
    by_number: dict[str, list[HistoryRecord]] = {}
    for record in records:
        if record.other_leg_num:
            by_number.setdefault(record.other_leg_num, []).append(record)
    rows: dict[str, MissedRow] = {}
    for number, attempts in by_number.items():
        attempts.sort(key=_epoch, reverse=True)
        name = next((n for r in attempts if (n := _real_name(r.other_leg_name))), None)
        lines: list[str] = []
        targets: list[Leg] = []
        for record in attempts:
            lines += [t for t in record.trunks if t not in lines]
            if record.leg is not None and record.leg not in targets:
                targets.append(record.leg)
        rows[number] = MissedRow(
            number=number,
            name=name,
            company=None,
            first_at=attempts[-1].end_at,
            last_at=attempts[0].end_at,
            attempts=len(attempts),
            lines=tuple(lines),
            targets=tuple(targets),
            records=tuple(attempts),
        )
    return rows


@dataclass(frozen=True, slots=True)
class _Known:
    name: str | None
    company: str | None
    contact_id: int | None


class MissedQueue:
    """The company's missed calls as rows, kept up to date by :meth:`refresh`."""

    def __init__(
        self,
        history: MissedHistory,
        *,
        own_ext: str | None,
        dial: DialFn,
        lookup: LookupFn | None = None,
        days: int = DEFAULT_DAYS,
        now: Callable[[], datetime] | None = None,
        max_records: int = MAX_RECORDS,
    ) -> None:
        self._history = history
        self.own_ext = own_ext
        self._dial = dial
        self._lookup = lookup
        self.days = days
        self._now = now or (lambda: datetime.now(UTC))
        self._max_records = max_records
        self._rows: dict[str, MissedRow] = {}
        self._seen: dict[str, datetime] = {}  # uuid -> end time, of every record listed so far
        self._known: dict[str, _Known] = {}  # CRM answers by number
        self._loaded = False
        self._task: asyncio.Task[bool] | None = None
        self.error: VegaError | None = None
        self.updated_at: datetime | None = None

        self.row_added: Signal[[MissedRow]] = Signal("row_added")
        self.row_removed: Signal[[MissedRow]] = Signal("row_removed")
        self.rows_changed: Signal[[tuple[MissedRow, ...]]] = Signal("rows_changed")
        self.new_missed: Signal[[MissedRow, HistoryRecord]] = Signal("new_missed")
        self.refreshed: Signal[[]] = Signal("refreshed")
        self.refresh_failed: Signal[[VegaError]] = Signal("refresh_failed")

    # --- reading ------------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """True after the first successful refresh."""
        return self._loaded

    @property
    def rows(self) -> tuple[MissedRow, ...]:
        """Every row, the latest attempt first."""
        epoch = datetime.min.replace(tzinfo=UTC)
        return tuple(sorted(self._rows.values(), key=lambda r: r.last_at or epoch, reverse=True))

    def row(self, number: str) -> MissedRow | None:
        return self._rows.get(number)

    def rows_for(self, scope: Scope) -> tuple[MissedRow, ...]:
        return tuple(r for r in self.rows if r.concerns(scope, self.own_ext))

    def count(self, scope: Scope = Scope.EVERYONE) -> int:
        """Callers waiting (one per number): what the tray badge shows."""
        return sum(1 for r in self._rows.values() if r.concerns(scope, self.own_ext))

    # --- acting -------------------------------------------------------------------------------

    async def call_back(self, number: str) -> object:
        """Dial ``number`` with the injected dial function (its errors reach the caller). The
        row stays until the PBX stops listing it, i.e. once the call back was answered."""
        return await self._dial(number)

    async def refresh(self) -> bool:
        """Fetch the list again and report the differences; False when the PBX failed (the
        rows stay as they were and ``refresh_failed`` fires). Concurrent calls share one fetch."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._refresh())
        return await asyncio.shield(self._task)

    async def aclose(self) -> None:
        """Stop a refresh in flight (its client is about to close)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _fetch(self) -> list[HistoryRecord]:
        now = self._now()
        out: list[HistoryRecord] = []
        async for record in self._history.iter_missed(now - timedelta(days=self.days), now):
            out.append(record)
            if len(out) >= self._max_records:
                _log.warning("more than %d missed calls; showing the latest", self._max_records)
                break
        return out

    async def _refresh(self) -> bool:
        try:
            records = await self._fetch()
        except VegaError as exc:
            _log.info("missed calls not refreshed: %s", exc.detail)
            self.error = exc
            self.refresh_failed.emit(exc)
            return False
        self.error = None
        self.updated_at = self._now()
        self._apply(records)
        self.refreshed.emit()
        await self._enrich()
        return True

    def _apply(self, records: list[HistoryRecord]) -> None:
        first = not self._loaded
        fresh = [r for r in records if r.uuid not in self._seen]
        cutoff = self._now() - timedelta(days=self.days + 1)
        for record in records:
            self._seen[record.uuid] = _epoch(record)
        self._seen = {uuid: at for uuid, at in self._seen.items() if at >= cutoff}
        rows = {number: self._with_known(row) for number, row in group_missed(records).items()}
        old = self._rows
        self._rows = rows
        self._loaded = True
        for number, row in old.items():
            if number not in rows:
                self.row_removed.emit(row)
        changed: list[MissedRow] = []
        for number, row in rows.items():
            if number not in old:
                self.row_added.emit(row)
            elif old[number] != row:
                changed.append(row)
        if changed:
            self.rows_changed.emit(tuple(changed))
        if not first:
            for record in sorted(fresh, key=_epoch):
                owner = rows.get(record.other_leg_num or "")
                if owner is not None:
                    self.new_missed.emit(owner, record)

    def _with_known(self, row: MissedRow) -> MissedRow:
        known = self._known.get(row.number)
        if known is None:
            return row
        return replace(
            row,
            name=row.name or known.name,
            company=known.company,
            contact_id=known.contact_id,
        )

    async def _enrich(self) -> None:
        """Ask the CRM about numbers not asked yet, a few at a time; update their rows."""
        if self._lookup is None:
            return
        lookup = self._lookup
        numbers = [n for n in self._rows if n not in self._known]
        if not numbers:
            return
        gate = asyncio.Semaphore(LOOKUPS_AT_ONCE)

        async def one(number: str) -> None:
            async with gate:
                try:
                    info = await lookup(number)
                except VegaError as exc:
                    _log.info("CRM lookup for a missed call failed: %s", exc.detail)
                    return
            if info.error is not None:
                return  # not remembered: asked again on the next refresh
            contact = info.contact
            self._known[number] = _Known(
                name=contact.display_name if contact else None,
                company=contact.company if contact else None,
                contact_id=contact.id if contact else None,
            )

        await asyncio.gather(*(one(n) for n in numbers))
        changed: list[MissedRow] = []
        for number in numbers:
            row = self._rows.get(number)
            if row is None:
                continue
            updated = self._with_known(row)
            if updated != row:
                self._rows[number] = updated
                changed.append(updated)
        if changed:
            self.rows_changed.emit(tuple(changed))
