"""Resource groups of the PBX API, thin classes over one :class:`Connection`.

``calls`` (B.2–B.4), ``history`` (B.5–B.7), ``users`` (B.8), ``contacts`` and ``notes`` (B.9)
and ``recordings`` (A.3's audio link). Each method validates its arguments before anything goes
on the wire, sends exactly the request the spec describes, and returns typed models.
"""

from __future__ import annotations

import asyncio
import builtins
import hashlib
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import IO

import httpx

from vega_desktop.api.connection import Connection, QueryParams, is_retryable
from vega_desktop.api.errors import NotFound, ProtocolError, TransportError, VegaError
from vega_desktop.api.models import (
    ActiveCall,
    BatchResult,
    Contact,
    Direction,
    HistoryRecord,
    Note,
    User,
    to_millis,
)
from vega_desktop.api.parse import (
    normalize_uuid,
    parse_active_calls,
    parse_batch_result,
    parse_contact,
    parse_contacts,
    parse_history,
    parse_make_call,
    parse_note,
    parse_notes,
    parse_ok,
    parse_users,
)
from vega_desktop.api.phone import parse_dial_input

__all__ = [
    "CALL_DIRECTIONS",
    "CONTACTS_MAX_LIMIT",
    "PAGE_SIZE",
    "USER_DIRECTIONS",
    "Calls",
    "ContactDateFilter",
    "Contacts",
    "History",
    "Notes",
    "ProgressCallback",
    "Recordings",
    "Users",
]

logger = logging.getLogger("vega_desktop.api")

#: The histories' maximum (and the paging procedure's) page size.
PAGE_SIZE = 50
#: The contact lists' maximum ``limit``.
CONTACTS_MAX_LIMIT = 60
#: Directions company.api accepts; users.api also takes the pause switches.
CALL_DIRECTIONS = frozenset({Direction.INTERNAL, Direction.OUTGOING, Direction.INCOMING})
USER_DIRECTIONS = CALL_DIRECTIONS | {Direction.PAUSE_ON, Direction.PAUSE_OFF}

ProgressCallback = Callable[[int, int | None], None]

_CHUNK = 64 * 1024


class ContactDateFilter(IntEnum):
    """What ``date_from``/``date_to`` of a contact search apply to (``filterBy``)."""

    CREATED = 0
    MODIFIED = 1


# --------------------------------------------------------------------------- argument checks


def _object_id(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer")
    return value


def _call_uuid(value: str) -> str:
    uuid = normalize_uuid(value) if isinstance(value, str) else None
    if uuid is None:
        raise ValueError("a call uuid is 32 hex digits, with or without dashes")
    return uuid


def _millis(moment: datetime, name: str) -> int:
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a time zone)")
    return to_millis(moment)


def _range(value: int, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bound}")
    return value


def _window(time_from: datetime, time_to: datetime) -> tuple[int, int]:
    start = _millis(time_from, "time_from")
    end = _millis(time_to, "time_to")
    if start > end:
        raise ValueError("time_from must not be later than time_to")
    return start, end


def _direction_mask(
    directions: Iterable[Direction | int] | None, allowed: frozenset[Direction]
) -> int | None:
    """``None`` -> no filter; otherwise the bitmask sum of the distinct directions (0 if none)."""
    if directions is None:
        return None
    mask = 0
    for raw in directions:
        try:
            direction = Direction(raw)
        except ValueError:
            raise ValueError(f"unknown call direction: {raw!r}") from None
        if direction not in allowed:
            raise ValueError(f"this history does not take the direction {direction.name}")
        mask |= direction.value
    return mask


# --------------------------------------------------------------------------- calls


class Calls:
    """Originate, list and hang up calls (B.2–B.4)."""

    def __init__(self, connection: Connection, region: str) -> None:
        self._conn = connection
        self._region = region

    async def make_call(self, ext: str, number: str) -> str:
        """Call ``number`` on behalf of extension ``ext``; returns the new call's uuid.

        ``number`` is checked first (:class:`~vega_desktop.api.phone.InvalidNumber`, a
        ``ValueError``, for text that cannot be dialled) and sent in E.164, or as an extension.
        Never repeated: a second attempt could ring twice. A refusal (>= 400, plain text) raises
        :class:`~vega_desktop.api.errors.BadRequest` (5xx: ``ServerError``) with the PBX's text.
        """
        if not isinstance(ext, str) or not ext.strip():
            raise ValueError("ext must be the caller's extension")
        dial = parse_dial_input(number, self._region)
        response = await self._conn.request(
            "POST",
            "/rest/user/makeCall",
            what="makeCall",
            json={"legExt": ext.strip(), "otherLegNum": dial},
            refusals_as_bad_request=True,
        )
        return parse_make_call(self._conn.lenient_json(response))

    async def active(self) -> list[ActiveCall]:
        """The calls in progress right now."""
        response = await self._conn.request(
            "GET", "/rest/calls/active/v3", what="active calls", retry=True
        )
        return parse_active_calls(self._conn.json(response, "active calls"), self._region)

    async def hangup(self, uuid: str) -> None:
        """End a call. A state-changing GET, so it is never repeated."""
        call = _call_uuid(uuid)
        await self._conn.request("GET", f"/rest/calls/active/{call}/hangup", what="hangup")


# --------------------------------------------------------------------------- history


_Fetch = Callable[[int, int], Awaitable[list[HistoryRecord]]]


class History:
    """Company, missed and per-user call histories (B.5–B.7), by page or as async iterators."""

    def __init__(self, connection: Connection, region: str) -> None:
        self._conn = connection
        self._region = region

    async def _page(
        self,
        path: str,
        what: str,
        time_from: datetime,
        time_to: datetime,
        mask: int | None,
        limit: int,
        offset: int,
    ) -> list[HistoryRecord]:
        start, end = _window(time_from, time_to)
        _range(limit, "limit", 1, PAGE_SIZE)
        _range(offset, "offset", 0)
        if mask == 0:
            return []  # an empty set of directions selects nothing
        params: list[tuple[str, str | int]] = [("timeFrom", start), ("timeTo", end)]
        if mask is not None:
            params.append(("directions", mask))
        params += [("limit", limit), ("offset", offset)]
        response = await self._conn.request("GET", path, what=what, params=params, retry=True)
        return parse_history(self._conn.json(response, what), self._region)

    async def company(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[HistoryRecord]:
        """One page of the company's history (``GET /rest/calls/company.api``)."""
        mask = _direction_mask(directions, CALL_DIRECTIONS)
        return await self._page(
            "/rest/calls/company.api", "company history", time_from, time_to, mask, limit, offset
        )

    async def missed(
        self, time_from: datetime, time_to: datetime, limit: int = PAGE_SIZE, offset: int = 0
    ) -> list[HistoryRecord]:
        """One page of incoming calls that need a call-back (``GET /rest/calls/missed.api``)."""
        return await self._page(
            "/rest/calls/missed.api", "missed calls", time_from, time_to, None, limit, offset
        )

    async def by_users(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[HistoryRecord]:
        """One page of employees' calls, pauses included (``GET /rest/calls/users.api``)."""
        mask = _direction_mask(directions, USER_DIRECTIONS)
        return await self._page(
            "/rest/calls/users.api", "users history", time_from, time_to, mask, limit, offset
        )

    def iter_company(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
    ) -> AsyncIterator[HistoryRecord]:
        """Every record of the window, page after page (arguments are checked at once)."""
        return self._iterate(
            "/rest/calls/company.api",
            "company history",
            time_from,
            time_to,
            directions,
            CALL_DIRECTIONS,
        )

    def iter_missed(self, time_from: datetime, time_to: datetime) -> AsyncIterator[HistoryRecord]:
        return self._iterate(
            "/rest/calls/missed.api", "missed calls", time_from, time_to, None, CALL_DIRECTIONS
        )

    def iter_by_users(
        self,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None = None,
    ) -> AsyncIterator[HistoryRecord]:
        return self._iterate(
            "/rest/calls/users.api",
            "users history",
            time_from,
            time_to,
            directions,
            USER_DIRECTIONS,
        )

    def _iterate(
        self,
        path: str,
        what: str,
        time_from: datetime,
        time_to: datetime,
        directions: Iterable[Direction] | None,
        allowed: frozenset[Direction],
    ) -> AsyncIterator[HistoryRecord]:
        """The spec's offset procedure over one history endpoint (arguments checked at once)."""
        _window(time_from, time_to)
        mask = _direction_mask(directions, allowed)

        async def fetch(limit: int, offset: int) -> list[HistoryRecord]:
            return await self._page(path, what, time_from, time_to, mask, limit, offset)

        return _paginate(fetch, what)


def _page_digest(page: Sequence[HistoryRecord]) -> bytes:
    return hashlib.blake2b("\n".join(r.uuid for r in page).encode(), digest_size=16).digest()


async def _paginate(fetch: _Fetch, what: str) -> AsyncIterator[HistoryRecord]:
    """The spec's paging procedure: ``limit=50``, ``offset += len(page)``, stop on a short page.

    A server that ignores ``offset`` would hand back the same full page forever; a full page
    whose uuids repeat an earlier page's ends the iteration with a warning instead.
    """
    offset = 0
    seen: set[bytes] = set()
    while True:
        page = await fetch(PAGE_SIZE, offset)
        if len(page) >= PAGE_SIZE:
            digest = _page_digest(page)
            if digest in seen:
                logger.warning(
                    "%s: the PBX sent the same page again at offset %d; stopping", what, offset
                )
                return
            seen.add(digest)
        for record in page:
            yield record
        if len(page) < PAGE_SIZE:
            return
        offset += len(page)


# --------------------------------------------------------------------------- users


class Users:
    """The company's employees (B.8)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    async def list(self) -> builtins.list[User]:
        response = await self._conn.request("GET", "/rest/users", what="users", retry=True)
        return parse_users(self._conn.json(response, "users"))


# --------------------------------------------------------------------------- contacts and notes


class Contacts:
    """CRM teler contacts (B.9.1–B.9.6)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    async def get(self, contact_id: int) -> Contact:
        cid = _object_id(contact_id, "contact_id")
        response = await self._conn.request(
            "GET", f"/crm/contacts/v2/{cid}", what="contact", retry=True
        )
        body = self._conn.json(response, "contact")
        if isinstance(body, list) and len(body) == 1:
            body = body[0]
        return parse_contact(body)

    async def list(
        self,
        search_text: str | None = None,
        search_note_text: str | None = None,
        fields: Iterable[str] = (),
        filter_by: ContactDateFilter | int | None = None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        offset: int = 0,
        limit: int = 30,
    ) -> builtins.list[Contact]:
        """List or search contacts (``GET /crm/contacts/v2/``)."""
        params: list[tuple[str, str | int]] = []
        for field in fields:
            if not isinstance(field, str) or not field:
                raise ValueError("fields must be non-empty strings")
            params.append(("field", field))
        params += [
            ("offset", _range(offset, "offset", 0)),
            ("limit", _range(limit, "limit", 0, CONTACTS_MAX_LIMIT)),
        ]
        if search_text is not None:
            params.append(("searchText", search_text))
        if search_note_text is not None:
            params.append(("searchNoteText", search_note_text))
        if filter_by is not None:
            try:
                params.append(("filterBy", int(ContactDateFilter(filter_by))))
            except ValueError:
                raise ValueError("filter_by must be 0 (created) or 1 (modified)") from None
        if date_from is not None:
            params.append(("from", _millis(date_from, "date_from")))
        if date_to is not None:
            params.append(("to", _millis(date_to, "date_to")))
        return await self._list("/crm/contacts/v2/", params)

    async def by_number(
        self, number: str, offset: int = 0, limit: int = 30
    ) -> builtins.list[Contact]:
        """Contacts with this phone number (``GET /crm/contacts/v2/searchByOLNum``)."""
        if not isinstance(number, str) or not number.strip():
            raise ValueError("number must not be empty")
        params: list[tuple[str, str | int]] = [
            ("otherLegNum", number.strip()),
            ("offset", _range(offset, "offset", 0)),
            ("limit", _range(limit, "limit", 0, CONTACTS_MAX_LIMIT)),
        ]
        return await self._list("/crm/contacts/v2/searchByOLNum", params)

    async def _list(self, path: str, params: QueryParams) -> builtins.list[Contact]:
        response = await self._conn.request("GET", path, what="contacts", params=params, retry=True)
        return parse_contacts(self._conn.json(response, "contacts"))

    async def update(self, contact: Contact) -> None:
        """Save a contact (``POST /crm/contacts/v2/``); it must have an ``id``."""
        if contact.id is None:
            raise ValueError("only a contact with an id can be updated")
        response = await self._conn.request(
            "POST", "/crm/contacts/v2/", what="update contact", json=contact.to_wire()
        )
        parse_ok(self._conn.lenient_json(response), "update contact")

    async def delete(self, contact_id: int) -> None:
        cid = _object_id(contact_id, "contact_id")
        response = await self._conn.request(
            "DELETE", f"/crm/contacts/v2/{cid}", what="delete contact"
        )
        parse_ok(self._conn.lenient_json(response), "delete contact")

    async def batch(self, contacts: Iterable[Contact], merge: bool = True) -> BatchResult:
        """Upload many contacts at once (``POST /crm/contacts/v2/batch``)."""
        wire = [contact.to_wire() for contact in contacts]
        if not wire:
            return BatchResult(succeeded=0, failed=0)
        response = await self._conn.request(
            "POST",
            "/crm/contacts/v2/batch",
            what="batch upload",
            json={"merge": 1 if merge else 0, "contacts": wire},
        )
        return parse_batch_result(self._conn.json(response, "batch upload"))


class Notes:
    """Notes on CRM teler contacts (B.9.7–B.9.10)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    async def list(self, contact_id: int) -> builtins.list[Note]:
        cid = _object_id(contact_id, "contact_id")
        response = await self._conn.request(
            "GET", f"/crm/contacts/v2/{cid}/notes", what="notes", retry=True
        )
        return parse_notes(self._conn.json(response, "notes"))

    async def create(self, contact_id: int, content: str) -> Note:
        """Add a note. The spec leaves the answer's shape open ("the updated data with
        identifiers"): a note object, a list of notes, or a bare ``1`` are all understood; in
        the last case the returned note has no ``id``."""
        cid = _object_id(contact_id, "contact_id")
        if not isinstance(content, str) or not content.strip():
            raise ValueError("a note needs some text")
        draft = Note(contact_id=cid, content=content)
        response = await self._conn.request(
            "POST", f"/crm/contacts/v2/{cid}/notes", what="create note", json=draft.to_wire()
        )
        body = self._conn.lenient_json(response)
        if isinstance(body, dict):
            saved = parse_note(body)
        elif isinstance(body, list) and body:
            notes = parse_notes(body)
            matching = [note for note in notes if note.content == content]
            saved = (matching or notes)[-1]
        else:
            parse_ok(body, "create note")
            return draft
        return saved if saved.contact_id is not None else replace(saved, contact_id=cid)

    async def update(self, contact_id: int, note: Note) -> None:
        """Change a note (``PUT /crm/contacts/v2/{id}/notes``); the note must have an ``id``."""
        cid = _object_id(contact_id, "contact_id")
        if note.id is None:
            raise ValueError("only a note with an id can be updated")
        if note.contact_id is None:
            note = replace(note, contact_id=cid)
        response = await self._conn.request(
            "PUT", f"/crm/contacts/v2/{cid}/notes", what="update note", json=note.to_wire()
        )
        parse_ok(self._conn.lenient_json(response), "update note")

    async def delete(self, contact_id: int, note_id: int) -> None:
        cid = _object_id(contact_id, "contact_id")
        nid = _object_id(note_id, "note_id")
        response = await self._conn.request(
            "DELETE", f"/crm/contacts/v2/{cid}/notes/{nid}", what="delete note"
        )
        parse_ok(self._conn.lenient_json(response), "delete note")


# --------------------------------------------------------------------------- recordings


class Recordings:
    """Call recordings: ``/rest/public/calls/{uuid}/audio`` on the PBX or the host in
    ``audioRecUrl``."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def url_for(self, uuid: str) -> str:
        """The PBX's public audio URL for a call (the uuid keeps the form it was given in)."""
        if not isinstance(uuid, str) or normalize_uuid(uuid) is None:
            raise ValueError("a call uuid is 32 hex digits, with or without dashes")
        return str(self._conn.url(f"/rest/public/calls/{uuid.strip().lower()}/audio"))

    def resolve(self, url_or_uuid: str) -> httpx.URL:
        """A call uuid -> the PBX's audio URL; a URL -> itself if it is http(s) with a host."""
        if not isinstance(url_or_uuid, str) or not url_or_uuid.strip():
            raise ValueError("expected a recording URL or a call uuid")
        text = url_or_uuid.strip()
        if normalize_uuid(text) is not None:
            return httpx.URL(self.url_for(text))
        try:
            url = httpx.URL(text)
        except httpx.InvalidURL:
            raise ValueError("not a valid recording URL") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError("a recording URL must be an http:// or https:// address")
        return url

    async def download(
        self,
        url_or_uuid: str,
        dest: Path,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Stream a recording to ``dest``: into a temporary file beside it, renamed on success.

        ``progress(bytes_received, total_or_None)`` is called as data arrives. On any failure
        the partial file is removed and ``dest`` is left as it was. 404 -> ``NotFound``.
        Transport failures and 502/503/504 are retried (a download is an idempotent read).
        """
        target = Path(dest)
        candidates = self._candidates(url_or_uuid)
        for url in candidates[:-1]:
            try:
                return await self._download(url, target, progress)
            except NotFound:
                logger.debug("recording: not at %s; trying the other uuid spelling", url.path)
        return await self._download(candidates[-1], target, progress)

    def _candidates(self, url_or_uuid: str) -> list[httpx.URL]:
        """Where a recording may be. The PBX writes call ids both plain (live calls, events)
        and dashed (histories, audioRecUrl): a bare uuid is tried as given, then in the other
        spelling."""
        url = self.resolve(url_or_uuid)
        plain = normalize_uuid(url_or_uuid.strip())
        if plain is None:
            return [url]
        dashed = f"{plain[:8]}-{plain[8:12]}-{plain[12:16]}-{plain[16:20]}-{plain[20:]}"
        other = dashed if "-" not in url_or_uuid else plain
        return [url, httpx.URL(self.url_for(other))]

    async def _download(
        self, url: httpx.URL, target: Path, progress: ProgressCallback | None
    ) -> Path:
        policy = self._conn.retry
        for attempt in range(policy.attempts):
            try:
                await self._download_once(url, target, progress)
            except VegaError as exc:
                if attempt == policy.attempts - 1 or not is_retryable(exc, policy):
                    raise
                delay = policy.delay(attempt)
                logger.info("recording: %s; trying again in %.1f s", exc, delay)
                await asyncio.sleep(delay)
            else:
                return target
        raise AssertionError("unreachable")  # pragma: no cover

    async def _download_once(
        self, url: httpx.URL, dest: Path, progress: ProgressCallback | None
    ) -> None:
        handle, partial = await asyncio.to_thread(_open_partial, dest)
        try:
            async with self._conn.stream(
                url, what="recording", headers={"Accept": "audio/*, */*"}
            ) as response:
                content_type = response.headers.get("content-type", "").lower()
                if content_type.startswith(("text/html", "application/json")):
                    raise ProtocolError("recording: the server sent a page instead of audio")
                total = _content_length(response)
                received = 0
                if progress is not None:
                    progress(received, total)
                async for chunk in response.aiter_bytes(_CHUNK):
                    await asyncio.to_thread(handle.write, chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, total)
                if total is not None and received != total:
                    raise TransportError("recording: the download was cut short")
            await asyncio.to_thread(_commit, handle, partial, dest)
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise


def _content_length(response: httpx.Response) -> int | None:
    """The body's size, if known: with a content coding the decoded size is not announced."""
    if response.headers.get("content-encoding", "identity").strip().lower() != "identity":
        return None
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def _open_partial(dest: Path) -> tuple[IO[bytes], Path]:
    if dest.is_dir():
        raise IsADirectoryError(f"not a file path: {dest}")
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    return os.fdopen(fd, "wb"), Path(name)


def _commit(handle: IO[bytes], partial: Path, dest: Path) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.replace(partial, dest)
