"""The Contacts page: search CRM teler contacts, page through them, see, edit, create, delete.

The list is a :class:`ContactListModel` that pulls 30 contacts at a time (``offset``/``limit``)
as the view scrolls (``canFetchMore``/``fetchMore``). A search restarts it; its text goes to
``searchText``, or to ``searchNoteText`` with "Search in notes". The selected contact's every
field is listed in plain text (:class:`~vega_desktop.ui.workbench.contact_details.
ContactDetails` lives here too), with a Call button per phone, and its notes below
(:class:`~vega_desktop.ui.workbench.notes.NotesPanel`). Edit and New open the
:class:`~vega_desktop.ui.workbench.contact_editor.ContactEditor`.

The app opens a contact from a popup, a missed call or a history row with
:meth:`ContactsPage.open_contact` or :meth:`ContactsPage.open_for_number`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import Contact, NotFound, VegaClient, VegaError
from vega_desktop.core.caller import UserDirectory
from vega_desktop.core.contact_edit import (
    EDITED_CODES,
    FIELD_CATEGORY,
    ContactForm,
    create_contact,
    form_for_number,
    form_from_contact,
    save_contact,
    validate,
)
from vega_desktop.core.outbox import NoteSender
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import arg, format_phone, plain_label, plain_tooltip
from vega_desktop.ui.workbench import InlineBanner, describe_error
from vega_desktop.ui.workbench.contact_editor import ContactDetails, ContactEditor
from vega_desktop.ui.workbench.notes import NotesPanel

__all__ = ["PAGE_SIZE", "ContactListModel", "ContactsPage", "FetchPage"]

_log = logging.getLogger("vega_desktop.ui.contacts")

PAGE_SIZE = 30
STYLE = """
QWidget#ContactsPage { background: #ffffff; }
QLineEdit#contactsSearch { border: 1px solid #cbd2d9; border-radius: 4px; padding: 5px 8px; }
QListView#contactsList { border: 1px solid #e5e9f0; border-radius: 4px; background: #ffffff; }
QListView#contactsList::item { padding: 5px 6px; border-bottom: 1px solid #eef1f5; color: #111827; }
QListView#contactsList::item:selected { background: #e0ecff; color: #111827; }
QLabel#contactsCount { font-size: 9pt; color: #64748b; }
QLabel#contactsPlaceholder { color: #94a3b8; font-size: 11pt; }
"""

#: ``fetch(offset, limit)`` -> one page of contacts
FetchPage = Callable[[int, int], Awaitable[list[Contact]]]


class ContactListModel(QAbstractListModel):
    """Contacts, a page at a time. ``set_fetch`` starts a new list (a new search).

    ``load_failed(exc)`` when a page could not be loaded (no more pages are asked for until
    :meth:`retry`); ``loading_changed(bool)``.
    """

    ContactRole = Qt.ItemDataRole.UserRole + 1
    NameRole = Qt.ItemDataRole.UserRole + 2

    loading_changed = Signal(bool)
    load_failed = Signal(object)

    def __init__(
        self, *, page_size: int = PAGE_SIZE, region: str = "UA", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._region = region
        self._items: list[Contact] = []
        self._fetch: FetchPage | None = None
        self._generation = 0
        self._task: asyncio.Task[None] | None = None
        self._exhausted = True
        self._failed = False
        self._tasks = WidgetTasks(self, logger=_log)
        self.pages_requested = 0

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if parent.isValid() or self._fetch is None:
            return False
        return not (self._exhausted or self._failed or self.loading)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a view asking before the app's loop runs: the page asks again later
        self._task = self._tasks.start(
            self._load(self._generation, len(self._items)), name="contacts page"
        )
        self.loading_changed.emit(True)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        contact = self.contact(index.row()) if index.isValid() else None
        if contact is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = contact.display_name or self.tr("(no name)")
            subtitle = self.subtitle(contact)
            return f"{name}\n{subtitle}" if subtitle else name
        if role == self.NameRole:
            return contact.display_name
        if role == self.ContactRole:
            return contact
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(contact.display_name)
        return None

    def retranslate(self) -> None:
        """Names are shown as "(no name)" in the current language: repaint them."""
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def subtitle(self, contact: Contact) -> str:
        phones = contact.phones
        parts = [contact.company or "", format_phone(phones[0], self._region) if phones else ""]
        return " · ".join(dict.fromkeys(p for p in parts if p and p != contact.display_name))

    # ------------------------------------------------------------------ public

    @property
    def loading(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def exhausted(self) -> bool:
        """True once a page came back short: everything is loaded."""
        return self._exhausted

    def set_fetch(self, fetch: FetchPage | None) -> None:
        """Start a new list from ``fetch`` (``None``: empty). Pages in flight are dropped."""
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.beginResetModel()
        self._items = []
        self._fetch = fetch
        self._exhausted = fetch is None
        self._failed = False
        self.pages_requested = 0
        self.endResetModel()

    def retry(self) -> None:
        self._failed = False
        self.fetchMore(QModelIndex())

    def wait(self) -> Awaitable[None]:
        """The page being loaded (an already finished future when none is)."""
        if self._task is not None and not self._task.done():
            return asyncio.shield(self._task)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def contact(self, row: int) -> Contact | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, contact_id: int) -> int:
        return next((i for i, c in enumerate(self._items) if c.id == contact_id), -1)

    def put(self, contact: Contact) -> int:
        """Show a saved contact in place, or first in the list when it is new here."""
        row = self.row_of(contact.id) if contact.id is not None else -1
        if row >= 0:
            self._items[row] = contact
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            return row
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._items.insert(0, contact)
        self.endInsertRows()
        return 0

    def remove(self, contact_id: int) -> None:
        row = self.row_of(contact_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()

    # ------------------------------------------------------------------ loading

    async def _load(self, generation: int, offset: int) -> None:
        assert self._fetch is not None
        self.pages_requested += 1
        try:
            page = await self._fetch(offset, self._page_size)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_alive(self) and generation == self._generation:
                self._failed = True
                self.loading_changed.emit(False)
                self.load_failed.emit(exc)
            return
        if not is_alive(self) or generation != self._generation:
            return
        known = {c.id for c in self._items if c.id is not None}
        fresh = [c for c in page if c.id is None or c.id not in known]
        if len(page) < self._page_size:
            self._exhausted = True
        if fresh:
            start = len(self._items)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._items.extend(fresh)
            self.endInsertRows()
        self._task = None
        self.loading_changed.emit(False)


#: ``dial(number)`` places a call from the operator's phone.
DialFn = Callable[[str], Awaitable[object]]


class ContactsPage(QWidget):
    """Search, list, details with notes, editor. Signals carry the contact's id."""

    contact_opened = Signal(int)
    contact_saved = Signal(int)
    contact_created = Signal(int)
    contact_deleted = Signal(int)
    dialled = Signal(str)

    def __init__(
        self,
        *,
        client: VegaClient,
        note_sender: NoteSender,
        dial: DialFn,
        users: UserDirectory | None = None,
        region: str = "UA",
        page_size: int = PAGE_SIZE,
        debounce_ms: int = 300,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ContactsPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._client = client
        self._dial = dial
        self._users = users
        self._region = region
        self._tasks = WidgetTasks(self, logger=_log)
        self._current: Contact | None = None
        self._creating = False
        self._started = False
        self._user_names: dict[int, str] = {}
        self._loading: bool | None = None  # None until the first page is asked for

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.reload)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 10)
        top = QHBoxLayout()
        self.search_edit = QLineEdit(left)
        self.search_edit.setObjectName("contactsSearch")
        self.search_edit.setPlaceholderText(self.tr("Search by name, company, phone…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.reload)
        top.addWidget(self.search_edit, 1)
        self.new_button = QPushButton(self.tr("New contact"), left)
        self.new_button.clicked.connect(lambda: self.new_contact())
        top.addWidget(self.new_button)
        left_layout.addLayout(top)
        self.notes_check = QCheckBox(self.tr("Search in notes"), left)
        self.notes_check.toggled.connect(lambda _on: self.reload())
        left_layout.addWidget(self.notes_check)
        self.banner = InlineBanner(left)
        self.banner.retry_requested.connect(self._retry)
        left_layout.addWidget(self.banner)

        self.model = ContactListModel(page_size=page_size, region=region, parent=self)
        self.model.load_failed.connect(self._load_failed)
        self.model.loading_changed.connect(self._loading_changed)
        self.view = QListView(left)
        self.view.setObjectName("contactsList")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setUniformItemSizes(True)
        self.view.selectionModel().currentChanged.connect(self._row_changed)
        left_layout.addWidget(self.view, 1)
        self.count_label = plain_label("", left, name="contactsCount")
        left_layout.addWidget(self.count_label)

        self.details = ContactDetails(region, self)
        self.details.call_requested.connect(self.call_number)
        self.details.edit_requested.connect(self.edit_current)
        self.details.delete_requested.connect(self.delete_current)
        self.notes = NotesPanel(client=client, note_sender=note_sender, parent=self)
        card = QSplitter(Qt.Orientation.Vertical, self)
        card.addWidget(self.details)
        card.addWidget(self.notes)
        card.setSizes([300, 260])
        self.editor = ContactEditor(self)
        self.editor.save_requested.connect(self.save_edits)
        self.editor.cancelled.connect(self._edit_cancelled)
        self.placeholder = plain_label(self.tr("Pick a contact on the left."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setObjectName("contactsPlaceholder")
        self.stack = QStackedWidget(self)
        for widget in (self.placeholder, card, self.editor):
            self.stack.addWidget(widget)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 12, 12, 10)
        right_layout.addWidget(self.stack)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([320, 560])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text in the new language; the search, the list and any edit stay."""
        self.search_edit.setPlaceholderText(self.tr("Search by name, company, phone…"))
        self.new_button.setText(self.tr("New contact"))
        self.notes_check.setText(self.tr("Search in notes"))
        self.placeholder.setText(self.tr("Pick a contact on the left."))
        self.model.retranslate()
        self._show_count()

    # ------------------------------------------------------------------ public

    @property
    def current_contact(self) -> Contact | None:
        return self._current

    def reload(self) -> None:
        """(Re)start the list for what is in the search box."""
        self._debounce.stop()
        if not self._started and self._users is not None:
            self._tasks.start(self._load_users(self._users), name="load users")
        self._started = True
        self.banner.clear()
        text = self.search_edit.text().strip() or None
        in_notes = self.notes_check.isChecked()

        async def fetch(offset: int, limit: int) -> list[Contact]:
            return await self._client.contacts.list(
                search_text=None if in_notes else text,
                search_note_text=text if in_notes else None,
                offset=offset,
                limit=limit,
            )

        self.model.set_fetch(fetch)
        self.model.fetchMore(QModelIndex())

    def open_contact(self, contact_id: int) -> asyncio.Task[None]:
        """Show the contact with this id (from a popup, a missed call or a history row)."""
        return self._tasks.start(self._open(contact_id), name="open contact")

    def open_for_number(self, number: str) -> asyncio.Task[None]:
        """Show the contact with this number, or a new contact with it filled in."""
        return self._tasks.start(self._open_number(number), name="open number")

    def new_contact(self, number: str | None = None) -> None:
        form = form_for_number(number, self._region) if number else ContactForm()
        self._creating = True
        self.editor.set_form(form, creating=True, categories=self._categories())
        self.stack.setCurrentWidget(self.editor)

    def edit_current(self) -> None:
        if self._current is None:
            return
        self._creating = False
        kept = [f.enum_code for f in self._current.fields if f.enum_code not in EDITED_CODES]
        self.editor.set_form(
            form_from_contact(self._current),
            creating=False,
            categories=self._categories(),
            kept_fields=list(dict.fromkeys(kept)),
        )
        self.stack.setCurrentWidget(self.editor)

    def save_edits(self) -> asyncio.Task[None] | None:
        form = self.editor.form()
        problems = validate(form, self._region)
        if problems:
            self.editor.show_problems(problems)
            return None
        self.editor.show_problems([])
        self.editor.set_busy(True)
        return self._tasks.start(self._save(form, self._current, self._creating), name="save")

    def delete_current(self) -> asyncio.Task[None] | None:
        contact = self._current
        if contact is None or contact.id is None:
            return None
        answer = QMessageBox.question(
            self,
            self.tr("Delete the contact"),
            arg(
                self.tr("Delete %1 and all their notes? This cannot be undone."),
                contact.display_name or self.tr("this contact"),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self._tasks.start(self._delete(contact.id), name="delete contact")

    def call_number(self, number: str) -> asyncio.Task[None]:
        shown = format_phone(number, self._region)
        self.banner.show_info(lambda: arg(self.tr("Calling %1 — your phone rings first."), shown))
        return self._tasks.start(self._call(number), name="call contact")

    # ------------------------------------------------------------------ work

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._started and _loop_running():
            self.reload()

    def _retry(self) -> None:
        self.banner.clear()
        self.model.retry()

    def _load_failed(self, exc: object) -> None:
        def text() -> str:
            reason = describe_error(exc) if isinstance(exc, BaseException) else str(exc)
            return arg(self.tr("Contacts could not be loaded: %1"), reason)

        self.banner.show_error(text)

    def _loading_changed(self, loading: bool) -> None:
        self._loading = loading
        self._show_count()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if self._loading is None:
            return
        if self._loading:
            self.count_label.setText(self.tr("Loading…"))
        elif count == 0:
            self.count_label.setText(self.tr("No contacts found."))
        elif self.model.exhausted:
            self.count_label.setText(self.tr("%n contact(s)", "", count))
        else:
            self.count_label.setText(self.tr("%n contact(s) loaded, scroll for more", "", count))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        contact = self.model.contact(current.row()) if current.isValid() else None
        if contact is not None and (self._current is None or contact.id != self._current.id):
            self._show(contact)

    def _show(self, contact: Contact) -> None:
        self._current = contact
        self.details.set_contact(contact, responsible=self._responsible(contact))
        self.stack.setCurrentIndex(1)
        self.notes.set_contact(contact.id)
        row = self.model.row_of(contact.id) if contact.id is not None else -1
        if row >= 0 and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row, 0))
        if contact.id is not None:
            self.contact_opened.emit(contact.id)

    def _responsible(self, contact: Contact) -> str:
        owner = contact.responsible_user_id
        return self._user_names.get(owner, "") if owner is not None else ""

    async def _load_users(self, users: UserDirectory) -> None:
        names = {u.id: u.display_name for u in await users.users()}
        if is_alive(self) and names:
            self._user_names = names
            if self._current is not None:
                self.details.set_contact(
                    self._current, responsible=self._responsible(self._current)
                )

    def _categories(self) -> list[str]:
        found: set[str] = set()
        for row in range(self.model.rowCount()):
            contact = self.model.contact(row)
            if contact is not None:
                found.update(contact.field_values(FIELD_CATEGORY))
        return sorted(found)

    async def _open(self, contact_id: int) -> None:
        try:
            contact = await self._client.contacts.get(contact_id)
        except NotFound:
            if is_alive(self):
                self.banner.show_error(
                    lambda: self.tr("This contact no longer exists."), retry=False
                )
            return
        except VegaError as exc:
            if is_alive(self):
                error = exc
                self.banner.show_error(lambda: describe_error(error), retry=False)
            return
        if is_alive(self):
            self.banner.clear()
            self._show(contact)

    async def _open_number(self, number: str) -> None:
        try:
            found = await self._client.contacts.by_number(number, limit=5)
        except VegaError as exc:
            if is_alive(self):
                error = exc
                self.banner.show_error(lambda: describe_error(error), retry=False)
            return
        if not is_alive(self):
            return
        if not found:
            self.new_contact(number)
            return
        if len(found) > 1:  # several contacts share it: list them all
            self.search_edit.setText(number)
            self.reload()
        self._show(found[0])

    async def _save(self, form: ContactForm, original: Contact | None, creating: bool) -> None:
        try:
            if creating or original is None:
                saved = await create_contact(self._client, form, self._region)
            else:
                saved = await save_contact(self._client, original, form, self._region)
        except Exception as exc:
            if is_alive(self):  # the typed data stays in the editor for another try
                self.editor.set_busy(False)
                failure = exc
                self.editor.show_error(
                    lambda: arg(self.tr("Not saved: %1"), describe_error(failure))
                )
            if not isinstance(exc, VegaError):
                _log.exception("saving a contact failed")
            return
        if not is_alive(self) or saved.id is None:
            return
        self.editor.set_busy(False)
        self.model.put(saved)
        self._current = None
        self._show(saved)
        (self.contact_created if creating else self.contact_saved).emit(saved.id)

    def _edit_cancelled(self) -> None:
        self.stack.setCurrentIndex(1 if self._current is not None else 0)

    async def _delete(self, contact_id: int) -> None:
        try:
            await self._client.contacts.delete(contact_id)
        except VegaError as exc:
            if is_alive(self):
                error = exc
                self.banner.show_error(
                    lambda: arg(self.tr("The contact was not deleted: %1"), describe_error(error)),
                    retry=False,
                )
            return
        if not is_alive(self):
            return
        self.model.remove(contact_id)
        if self._current is not None and self._current.id == contact_id:
            self._current = None
            self.notes.set_contact(None)
            self.stack.setCurrentIndex(0)
        self.banner.show_info(lambda: self.tr("The contact was deleted."))
        self.contact_deleted.emit(contact_id)

    async def _call(self, number: str) -> None:
        try:
            await self._dial(number)
        except Exception as exc:
            if is_alive(self):
                failure = exc

                def text() -> str:
                    vega = isinstance(failure, VegaError)
                    reason = describe_error(failure) if vega else str(failure)
                    return arg(self.tr("The call was not placed: %1"), reason)

                self.banner.show_error(text, retry=False)
            return
        if is_alive(self):
            self.dialled.emit(number)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
