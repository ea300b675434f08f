"""One signed-in PBX account, Qt-free: everything that lives from sign-in to sign-out.

:class:`Session` owns the PBX client and what hangs off it — the call tracker and its poller,
caller lookup, the user directory, the note outbox and its sender, the dialer and the missed-call
queue (:class:`~vega_desktop.core.missed.MissedQueue`). The app builds one per sign-in and stops
it on sign-out or an account change; its logic runs on any asyncio loop, so tests drive it
without Qt::

    session = Session(client=client, settings=settings, data_dir=data_dir)
    await session.start()     # load the outbox, poll, refresh the missed calls every minute
    ...
    await session.stop()      # cancel its work, close the client
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from vega_desktop.api import (
    Contact,
    ContactField,
    FieldValue,
    InvalidNumber,
    VegaClient,
)
from vega_desktop.api.models import FIELD_PHONE
from vega_desktop.core.caller import CallerInfo, CallerLookup, UserDirectory
from vega_desktop.core.dialer import Dialer
from vega_desktop.core.missed import MissedQueue
from vega_desktop.core.outbox import NoteOutbox, NoteSender, SubmitResult
from vega_desktop.core.poller import ActiveCallsPoller, Connection, Status
from vega_desktop.core.settings import Settings
from vega_desktop.core.tracker import CallTracker

__all__ = ["MISSED_REFRESH", "OUTBOX_FLUSH", "Session", "crm_contact_url", "outbox_path"]

_log = logging.getLogger("vega_desktop.core.session")

MISSED_REFRESH = 60.0
OUTBOX_FLUSH = 60.0
LOOKUP_GRACE = 2.0


def outbox_path(data_dir: Path, domain: str) -> Path:
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in domain.lower())
    return data_dir / "outbox" / f"{safe or 'default'}.json"


def crm_contact_url(domain: str, contact_id: int) -> str:
    """The CRM teler page of a contact in the PBX's web cabinet."""
    return f"https://{domain}/features/crm/contacts/edit.jsp#/?id={contact_id}"


class Session:
    """Everything that lives while signed in to one PBX account.

    Built by the app; Qt-free, so its logic runs on any asyncio loop.
    """

    def __init__(
        self,
        *,
        client: VegaClient,
        settings: Settings,
        data_dir: Path,
        rng: random.Random | None = None,
        missed_refresh: float = MISSED_REFRESH,
        outbox_flush: float = OUTBOX_FLUSH,
    ) -> None:
        self.client = client
        self.settings = settings
        self.tracker = CallTracker(own_ext=settings.ext, supervisor=settings.supervisor)
        self.poller = ActiveCallsPoller(
            client.calls.active, interval=settings.poll_interval, rng=rng
        )
        self.lookup = CallerLookup(client)
        self.users = UserDirectory(client)
        self.outbox = NoteOutbox(outbox_path(data_dir, client.domain))
        self.sender = NoteSender(client, self.outbox)
        self.dialer = Dialer(
            client=client, users=self.users, history=self.lookup.history, region=settings.region
        )
        self.missed = MissedQueue(
            client.history, own_ext=settings.ext, dial=self.dial, lookup=self.lookup.lookup
        )
        self._missed_refresh = missed_refresh
        self._outbox_flush = outbox_flush
        self._tasks: set[asyncio.Task[Any]] = set()
        self._online = False
        self._stopped = False
        # the tracker first: the bridge reads tracker.calls after each snapshot
        self.poller.snapshot_received.connect(self.tracker.update)
        self.poller.status_changed.connect(self._on_status)

    @property
    def domain(self) -> str:
        return self.client.domain

    @property
    def ext(self) -> str | None:
        return self.settings.ext

    @property
    def missed_count(self) -> int:
        """Callers waiting for a call-back (one per number): what the tray badge shows."""
        return self.missed.count()

    async def start(self) -> None:
        await self.outbox.load()
        self.poller.start()
        self.spawn(self._every(self._outbox_flush, self.flush_outbox), "outbox flush")
        self.spawn(self._every(self._missed_refresh, self.refresh_missed), "missed calls")
        self.spawn(self._warm_up(), "warm up")

    async def stop(self) -> None:
        self._stopped = True
        for task in tuple(self._tasks):
            task.cancel()
        await self.poller.stop()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.missed.aclose()
        await self.lookup.settle(LOOKUP_GRACE)
        await self.client.aclose()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=f"session: {name}")
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            _log.error("%s failed", task.get_name(), exc_info=exc)

    async def _every(self, seconds: float, job: Callable[[], Awaitable[object]]) -> None:
        while True:
            await asyncio.sleep(seconds)
            await job()

    async def _warm_up(self) -> None:
        """Fetch the colleagues once, so the first popup and search do not wait for them."""
        await self.users.users()

    def _on_status(self, status: Status) -> None:
        online = status.state is Connection.ONLINE
        if online and not self._online and not self._stopped:
            # back online (or first contact): send what waited, refresh the missed calls
            self.spawn(self.flush_outbox(), "outbox flush (online)")
            self.spawn(self.refresh_missed(), "missed calls (online)")
        self._online = online

    async def flush_outbox(self) -> int:
        if not self.outbox.pending:
            return 0
        sent = await self.sender.flush()
        if sent:
            _log.info("sent %d note(s) from the outbox", sent)
        return sent

    async def refresh_missed(self) -> bool:
        """Read the PBX's missed-call list again; the queue reports what changed."""
        return await self.missed.refresh()

    async def lookup_caller(self, number: str) -> CallerInfo:
        return await self.lookup.lookup(number)

    async def crm_url(self, number: str) -> str | None:
        """The CRM page of the contact with this number, or None when the CRM does not know it."""
        info = await self.lookup.lookup(number)
        contact = info.contact
        if contact is None or contact.id is None:
            return None
        return crm_contact_url(self.domain, contact.id)

    async def hangup(self, uuid: str) -> None:
        try:
            await self.client.calls.hangup(uuid)
        finally:
            self.poller.poll_now()

    async def dial(self, text: str) -> str:
        """Call ``text`` from the operator's extension; raises InvalidNumber / VegaError."""
        if not self.settings.ext:
            raise InvalidNumber("Set your extension in Settings first.")
        try:
            return await self.dialer.dial(text, ext=self.settings.ext)
        finally:
            self.poller.poll_now()

    async def add_contact(self, number: str) -> CallerInfo:
        """Create a CRM teler contact with this phone number (batch, merge), then look it up."""
        contact = Contact(
            id=None,
            fields=(
                ContactField(
                    id=None,
                    enum_code=FIELD_PHONE,
                    values=(FieldValue(id=None, enum_value_code="Робочий", value=number),),
                ),
            ),
        )
        await self.client.contacts.batch([contact], merge=True)
        self.lookup.invalidate(number)
        return await self.lookup.lookup(number)

    async def save_note(
        self, text: str, contact_id: int | None, number: str | None
    ) -> SubmitResult:
        result = await self.sender.submit(text, contact_id=contact_id, number=number)
        if number:
            self.lookup.invalidate(number)  # the next ring shows the new note
        return result

    def apply_settings(self, settings: Settings) -> None:
        """Settings that change without a new session: extension, supervisor mode, polling."""
        self.settings = settings
        self.tracker.own_ext = settings.ext
        self.tracker.supervisor = settings.supervisor
        self.missed.own_ext = settings.ext
        if self.poller.interval != settings.poll_interval:
            self.poller.interval = settings.poll_interval
