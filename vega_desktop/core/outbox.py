"""The note outbox: an operator's note is written to disk before it is sent, and stays until the PBX
has it. A PBX that is down, a network that is gone, an app that is restarted: the note waits and is
sent by the next :meth:`NoteSender.flush`.

The outbox is one small JSON file, replaced atomically (write to a temporary file, fsync,
rename) so a crash mid-write leaves the previous version. All file work runs in a worker thread:
the GUI thread never waits for a disk.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import uuid as uuidlib
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from vega_desktop.api import (
    BadRequest,
    Contact,
    ContactField,
    FieldValue,
    Note,
    NotFound,
    VegaClient,
    VegaError,
)
from vega_desktop.core.events import Signal

_log = logging.getLogger("vega_desktop.core.outbox")

PHONE_FIELD = "Телефон"


@dataclass(frozen=True, slots=True)
class PendingNote:
    id: str
    text: str
    contact_id: int | None
    number: str | None
    created_at: str
    attempts: int = 0
    last_error: str = ""

    @staticmethod
    def from_json(obj: Any) -> PendingNote | None:
        if not isinstance(obj, dict):
            return None
        try:
            contact_id = obj.get("contact_id")
            return PendingNote(
                id=str(obj["id"]),
                text=str(obj["text"]),
                contact_id=int(contact_id) if contact_id is not None else None,
                number=str(obj["number"]) if obj.get("number") else None,
                created_at=str(obj.get("created_at", "")),
                attempts=int(obj.get("attempts", 0)),
                last_error=str(obj.get("last_error", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None


class NoteOutbox:
    """Persistent queue of notes not yet accepted by the PBX."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: dict[str, PendingNote] = {}
        self._lock = asyncio.Lock()
        self.changed: Signal[[]] = Signal("outbox_changed")

    @property
    def pending(self) -> tuple[PendingNote, ...]:
        return tuple(self._items.values())

    async def load(self) -> None:
        items = await asyncio.to_thread(_read, self.path)
        async with self._lock:
            for item in items:
                self._items.setdefault(item.id, item)
        if items:
            _log.info("outbox holds %d unsent note(s)", len(items))
            self.changed.emit()

    async def add(self, text: str, *, contact_id: int | None, number: str | None) -> PendingNote:
        item = PendingNote(
            id=uuidlib.uuid4().hex,
            text=text,
            contact_id=contact_id,
            number=number,
            created_at=datetime.now(UTC).isoformat(),
        )
        async with self._lock:
            self._items[item.id] = item
            await self._save()
        self.changed.emit()
        return item

    async def update(self, item: PendingNote) -> None:
        async with self._lock:
            if item.id in self._items:
                self._items[item.id] = item
                await self._save()

    async def remove(self, item_id: str) -> None:
        async with self._lock:
            if self._items.pop(item_id, None) is None:
                return
            await self._save()
        self.changed.emit()

    async def _save(self) -> None:
        snapshot = [asdict(i) for i in self._items.values()]
        await asyncio.to_thread(_write_atomic, self.path, snapshot)


def _read(path: Path) -> list[PendingNote]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError:
        _log.exception("cannot read the note outbox %s", path)
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        # keep the unreadable file for a human; start a fresh outbox beside it
        broken = path.with_suffix(f".broken-{datetime.now(UTC):%Y%m%dT%H%M%S}")
        _log.error("note outbox %s is not valid JSON; kept as %s", path, broken.name)
        os.replace(path, broken)
        return []
    items = data if isinstance(data, list) else []
    return [p for p in (PendingNote.from_json(o) for o in items) if p is not None]


def _write_atomic(path: Path, data: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".outbox-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Delivery(Enum):
    SENT = "sent"
    QUEUED = "queued"


@dataclass(frozen=True, slots=True)
class SubmitResult:
    delivery: Delivery
    note: Note | None = None
    contact_id: int | None = None
    error: VegaError | None = None


class NoteSender:
    """Sends notes through the outbox: persist first, then try the PBX."""

    def __init__(self, client: VegaClient, outbox: NoteOutbox) -> None:
        self._client = client
        self._outbox = outbox
        self._flush_lock = asyncio.Lock()
        self.note_sent: Signal[[PendingNote, Note]] = Signal("note_sent")

    @property
    def outbox(self) -> NoteOutbox:
        return self._outbox

    async def submit(
        self, text: str, *, contact_id: int | None, number: str | None
    ) -> SubmitResult:
        text = text.strip()
        if not text:
            raise ValueError("empty note")
        item = await self._outbox.add(text, contact_id=contact_id, number=number)
        async with self._flush_lock:
            return await self._deliver(item)

    async def flush(self) -> int:
        """Try every pending note once; returns how many the PBX accepted."""
        sent = 0
        async with self._flush_lock:
            for item in self._outbox.pending:
                result = await self._deliver(item)
                if result.delivery is Delivery.SENT:
                    sent += 1
                elif isinstance(result.error, VegaError) and not _is_permanent(result.error):
                    break  # the PBX is unreachable: the rest would fail the same way
        return sent

    async def _deliver(self, item: PendingNote) -> SubmitResult:
        try:
            contact_id = item.contact_id
            if contact_id is None:
                contact_id = await self._contact_for(item.number)
                item = replace(item, contact_id=contact_id)
            note = await self._client.notes.create(contact_id, item.text)
        except VegaError as exc:
            _log.warning("note %s kept in the outbox: %s", item.id[:8], exc.detail)
            await self._outbox.update(
                replace(item, attempts=item.attempts + 1, last_error=exc.detail[:200])
            )
            return SubmitResult(Delivery.QUEUED, contact_id=item.contact_id, error=exc)
        await self._outbox.remove(item.id)
        self.note_sent.emit(item, note)
        return SubmitResult(Delivery.SENT, note=note, contact_id=contact_id)

    async def _contact_for(self, number: str | None) -> int:
        """The CRM contact for a caller's number, created (batch with merge) when there is none."""
        if not number:
            raise BadRequest(detail="a note needs a contact or a phone number")
        found = await self._client.contacts.by_number(number, limit=1)
        if found and found[0].id is not None:
            return found[0].id
        contact = Contact(
            id=None,
            first_name=None,
            last_name=None,
            company_title=None,
            last_modified=None,
            responsible_user_id=None,
            date_create=None,
            create_user_id=None,
            fields=(
                ContactField(
                    id=None,
                    enum_code=PHONE_FIELD,
                    values=(
                        FieldValue(
                            id=None, enum_value_code="Робочий", value=number, last_modified=None
                        ),
                    ),
                ),
            ),
        )
        await self._client.contacts.batch([contact], merge=True)
        found = await self._client.contacts.by_number(number, limit=1)
        if not found or found[0].id is None:
            raise NotFound(detail="the new contact was not found by its number")
        return found[0].id


def _is_permanent(error: VegaError) -> bool:
    return isinstance(error, BadRequest | NotFound)
