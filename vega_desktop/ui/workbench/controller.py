"""One signed-in session's workbench: the window, its pages, and the wires between them.

:class:`Workbench` is built by the app for a session (on first use, so start-up stays light) and
closed at sign-out. It builds the pages from the session's parts and connects what one page asks
of another::

    missed / history "Add note…"   -> Contacts, the contact with that number (or a new one)
    history "Play/Save recording"  -> the Recordings page (player, through a RecordingCache)
    missed count                   -> the sidebar badge of Missed calls
    poller status                  -> the status bar; active calls -> Colleagues

The app feeds it the bridge's ``status_changed`` and ``snapshot_changed`` through
:meth:`set_status` and :meth:`set_active_calls`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from vega_desktop.api import ActiveCall, HistoryRecord
from vega_desktop.core.poller import Connection, Status
from vega_desktop.core.recordings import RecordingCache
from vega_desktop.core.session import Session
from vega_desktop.ui.icons import app_icon
from vega_desktop.ui.popup import is_safe_url
from vega_desktop.ui.workbench.colleagues import ColleaguesPage
from vega_desktop.ui.workbench.contacts import ContactsPage
from vega_desktop.ui.workbench.history import HistoryPage
from vega_desktop.ui.workbench.missed import MissedPage
from vega_desktop.ui.workbench.player import RecordingPlayer
from vega_desktop.ui.workbench.window import WorkbenchWindow

__all__ = ["PAGES", "Workbench"]

_log = logging.getLogger("vega_desktop.ui.workbench")

PAGES = ("missed", "history", "contacts", "colleagues", "player")


def _open_url(url: str) -> None:
    """Hand a CRM link to the desktop: only http and https, never anything else."""
    if is_safe_url(url):
        QDesktopServices.openUrl(QUrl(url.strip()))


class Workbench(QObject):
    """The window and pages of one session. :meth:`close` (or :meth:`aclose`) at sign-out."""

    def __init__(
        self,
        *,
        session: Session,
        region: str = "UA",
        cache_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.cache = RecordingCache(session.client, root=cache_dir)
        self.window = WorkbenchWindow()
        self.window.setWindowIcon(app_icon())
        self.missed = MissedPage(session.missed)
        self.history = HistoryPage(
            history=session.client.history,
            dial=session.dial,
            own_ext=session.ext,
            users=session.users.users,
            crm_url=session.crm_url,
            open_url=_open_url,
        )
        self.contacts = ContactsPage(
            client=session.client,
            note_sender=session.sender,
            dial=session.dial,
            users=session.users,
            region=region,
        )
        self.colleagues = ColleaguesPage(
            users=session.users, dial=session.dial, own_ext=session.ext, region=region
        )
        self.player = RecordingPlayer(cache=self.cache, region=region)
        self._add_pages()

        self.missed.count_changed.connect(self._on_missed_count)
        self.missed.note_requested.connect(self.open_number)
        self.history.note_requested.connect(self.open_number)
        self.history.play_recording_requested.connect(self.play_recording)
        self.history.save_recording_requested.connect(self.save_recording)
        self.window.language_changed.connect(self.retranslate)
        self.window.set_page_badge("missed", len(self.missed.shown_rows()))
        self._status = session.poller.status
        self.set_status(self._status)

    def _add_pages(self) -> None:
        window = self.window
        window.add_page("missed", self.tr("Missed calls"), self.missed)
        window.add_page("history", self.tr("Call history"), self.history)
        window.add_page("contacts", self.tr("Contacts"), self.contacts)
        window.add_page("colleagues", self.tr("Colleagues"), self.colleagues)
        window.add_page("player", self.tr("Recordings"), self.player)

    def retranslate(self) -> None:
        """Page titles in the current language (after a language change)."""
        for key, title in (
            ("missed", self.tr("Missed calls")),
            ("history", self.tr("Call history")),
            ("contacts", self.tr("Contacts")),
            ("colleagues", self.tr("Colleagues")),
            ("player", self.tr("Recordings")),
        ):
            self.window.set_page_title(key, title)
        self.set_status(self._status)

    # --- showing ------------------------------------------------------------------------------

    def show(self, page: str | None = None) -> WorkbenchWindow:
        """The window in front, on ``page`` when given (else where the operator left it)."""
        if page is not None:
            self.window.show_page(page)
        self.window.raise_and_focus()
        return self.window

    def open_number(self, number: str) -> None:
        """The Contacts page on the contact with this number (a new one prefilled if unknown)."""
        if not number:
            return
        self.window.show_page("contacts")
        self.contacts.open_for_number(number)
        self.window.raise_and_focus()

    def open_contact(self, contact_id: int) -> None:
        self.window.show_page("contacts")
        self.contacts.open_contact(contact_id)
        self.window.raise_and_focus()

    def play_recording(self, record: HistoryRecord) -> None:
        self.window.show_page("player")
        self.player.play_record(record)

    def save_recording(self, record: HistoryRecord) -> None:
        self.window.show_page("player")
        self.player.load_record(record)
        self.player.request_save()

    # --- state in -----------------------------------------------------------------------------

    def set_status(self, status: Status) -> None:
        self._status = status
        self.window.set_connection(self.connection_text(status))

    def connection_text(self, status: Status) -> str:
        state = status.state
        if state is Connection.ONLINE:
            return self.tr("Online: %1").replace("%1", self.session.domain)
        if state is Connection.CONNECTING:
            return self.tr("Connecting…")
        if state is Connection.AUTH_FAILED:
            return self.tr("The PBX did not accept the API key")
        return self.tr("Offline — retrying")

    def set_active_calls(self, calls: Sequence[ActiveCall]) -> None:
        self.colleagues.update_active_calls(calls)

    def _on_missed_count(self, count: int) -> None:
        self.window.set_page_badge("missed", count)

    # --- closing ------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Stop playback, close the window and remove the downloaded recordings."""
        self.player.clear()
        self.window.hide()
        await self.cache.aclose()
        self.window.deleteLater()

    def close(self) -> None:
        """:meth:`aclose` without awaiting (blocking clean-up; for the process's end)."""
        self.player.clear()
        self.window.hide()
        self.cache.cleanup()
        self.window.deleteLater()
