"""A contact's notes: the list (newest first), add, edit and delete.

New notes go through the shared :class:`~vega_desktop.core.outbox.NoteSender`, like the popup's:
written to the outbox first, then sent. When the PBX cannot take a note now it stays in the
outbox and is listed here as "waiting to be sent" until a flush delivers it — the typed text is
never lost. Edits and deletes go to the PBX directly (they need the note's id).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import Note, VegaClient
from vega_desktop.core.outbox import Delivery, NoteSender, PendingNote
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import arg, plain_label, plain_tooltip, short_datetime
from vega_desktop.ui.workbench import describe_error

__all__ = ["NoteItem", "NoteListModel", "NotesPanel"]

_log = logging.getLogger("vega_desktop.ui.notes")
_EPOCH = datetime.min.replace(tzinfo=UTC)

STYLE = """
QLabel#notesTitle { font-weight: 600; color: #334155; }
QListView#notesList { border: 1px solid #e5e9f0; border-radius: 4px; background: #ffffff; }
QListView#notesList::item { padding: 6px 4px; border-bottom: 1px solid #eef1f5; color: #111827; }
QListView#notesList::item:selected { background: #e0ecff; color: #111827; }
QPlainTextEdit#noteEdit { border: 1px solid #cbd2d9; border-radius: 4px; padding: 4px; }
QLabel#notesStatus { font-size: 9pt; color: #475569; }
QLabel#notesStatus[tone="error"] { color: #b91c1c; }
QLabel#notesStatus[tone="queued"] { color: #b45309; }
QLabel#notesStatus[tone="ok"] { color: #15803d; }
"""


@dataclass(frozen=True, slots=True)
class NoteItem:
    """A row: a note the PBX has, or one still waiting in the outbox."""

    note: Note | None = None
    pending: PendingNote | None = None

    @property
    def text(self) -> str:
        if self.note is not None:
            return self.note.content or ""
        return self.pending.text if self.pending is not None else ""

    @property
    def when(self) -> datetime | None:
        if self.note is not None:
            return self.note.date_create or self.note.last_modified
        if self.pending is not None:
            try:
                return datetime.fromisoformat(self.pending.created_at)
            except ValueError:
                return None
        return None


class NoteListModel(QAbstractListModel):
    """Notes newest first; notes waiting in the outbox on top."""

    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[NoteItem] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def retranslate(self) -> None:
        """The time stamps are written in the current language: repaint them."""
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def set_notes(self, notes: list[Note], pending: list[PendingNote]) -> None:
        def newest(note: Note) -> tuple[datetime, int]:
            return (note.date_create or note.last_modified or _EPOCH, note.id or 0)

        waiting = [NoteItem(pending=p) for p in sorted(pending, key=lambda p: p.created_at)]
        saved = [NoteItem(note=n) for n in sorted(notes, key=newest, reverse=True)]
        self.beginResetModel()
        self._items = [*reversed(waiting), *saved]
        self.endResetModel()

    def item(self, row: int) -> NoteItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> tuple[NoteItem, ...]:
        return tuple(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            stamp = short_datetime(item.when)
            if item.pending is not None:
                stamp = arg(self.tr("%1 · waiting to be sent"), stamp) if stamp else ""
                stamp = stamp or self.tr("Waiting to be sent")
            return f"{stamp}\n{item.text}" if stamp else item.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(item.text)
        if role == self.ItemRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and item.pending is not None:
            return Qt.GlobalColor.darkYellow
        return None


class NotesPanel(QWidget):
    """The notes of one contact (:meth:`set_contact`)."""

    def __init__(
        self, *, client: VegaClient, note_sender: NoteSender, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("NotesPanel")
        self.setStyleSheet(STYLE)
        self._client = client
        self._sender = note_sender
        self._tasks = WidgetTasks(self, logger=_log)
        self._contact_id: int | None = None
        self._editing: Note | None = None
        self._busy = False
        self._load_task: asyncio.Task[None] | None = None
        self._status_source: Callable[[], str] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = plain_label(self.tr("Notes"), self, name="notesTitle")
        layout.addWidget(self.title)
        self.model = NoteListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("notesList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.view, 1)

        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("noteEdit")
        self.edit.setPlaceholderText(self.tr("Write a note…"))
        self.edit.setFixedHeight(64)
        self.edit.textChanged.connect(self._update_buttons)
        layout.addWidget(self.edit)
        row = QHBoxLayout()
        self.status = plain_label("", self, name="notesStatus")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.save_button = QPushButton(self.tr("Add note"), self)
        self.save_button.clicked.connect(self.save)
        for button in (self.edit_button, self.delete_button, self.cancel_button, self.save_button):
            row.addWidget(button)
        layout.addLayout(row)

        outbox = note_sender.outbox
        # core signals call plain functions: guard against a panel already deleted
        listener = self._outbox_changed_listener()
        outbox.changed.connect(listener)
        self.destroyed.connect(lambda *_: outbox.changed.disconnect(listener))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text in the new language; a note being written stays as it is."""
        self.title.setText(self.tr("Notes"))
        self.edit.setPlaceholderText(self.tr("Write a note…"))
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._update_buttons()
        self.model.retranslate()
        if self._status_source is not None:
            self.status.setText(self._status_source())

    # ------------------------------------------------------------------ public

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    def status_text(self) -> str:
        return self.status.text()

    def status_tone(self) -> str:
        return str(self.status.property("tone") or "")

    def set_contact(self, contact_id: int | None) -> asyncio.Task[None] | None:
        """Show ``contact_id``'s notes (``None``: none). The typed, unsaved text stays."""
        if contact_id != self._contact_id:
            self._editing = None
            self._set_status("", "")
        self._contact_id = contact_id
        if contact_id is None:
            self.model.set_notes([], [])
            self._update_buttons()
            return None
        return self.reload()

    def reload(self) -> asyncio.Task[None] | None:
        if self._contact_id is None:
            return None
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        self._load_task = self._tasks.start(self._load(self._contact_id), name="load notes")
        return self._load_task

    def selected(self) -> NoteItem | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, 0))

    def save(self) -> asyncio.Task[None] | None:
        """Add the typed note (through the outbox), or save the note being edited."""
        text = self.edit.toPlainText().strip()
        if not text or self._busy or self._contact_id is None:
            return None
        self._busy = True
        self._update_buttons()
        if self._editing is not None:
            note = replace(self._editing, content=text)
            return self._tasks.start(self._update(self._contact_id, note), name="update note")
        work = self._submit(self._contact_id, text)
        return self._tasks.start(work, name="add note", keep=True)

    def edit_selected(self) -> None:
        item = self.selected()
        if item is None or item.note is None or item.note.id is None:
            return
        self._editing = item.note
        self.edit.setPlainText(item.text)
        self.edit.setFocus()
        self._set_status(lambda: self.tr("Editing the note — Save to keep the changes."), "")
        self._update_buttons()

    def cancel_edit(self) -> None:
        self._editing = None
        self.edit.clear()
        self._set_status("", "")
        self._update_buttons()

    def delete_selected(self) -> asyncio.Task[None] | None:
        item = self.selected()
        if item is None or item.note is None or item.note.id is None or self._busy:
            return None
        answer = QMessageBox.question(
            self,
            self.tr("Delete the note"),
            self.tr("Delete this note? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes or self._contact_id is None:
            return None
        self._busy = True
        self._update_buttons()
        work = self._delete(self._contact_id, item.note.id)
        return self._tasks.start(work, name="delete note")

    # ------------------------------------------------------------------ work

    async def _load(self, contact_id: int) -> None:
        try:
            notes = await self._client.notes.list(contact_id)
        except Exception as exc:
            if is_alive(self) and contact_id == self._contact_id:
                error = exc
                self._set_status(
                    lambda: arg(self.tr("Notes are unavailable: %1"), describe_error(error)),
                    "error",
                )
                self._show([])
            return
        if is_alive(self) and contact_id == self._contact_id:
            self._show(notes)

    def _show(self, notes: list[Note]) -> None:
        pending = [p for p in self._sender.outbox.pending if p.contact_id == self._contact_id]
        self.model.set_notes(notes, pending)
        self._update_buttons()

    async def _submit(self, contact_id: int, text: str) -> None:
        try:
            result = await self._sender.submit(text, contact_id=contact_id, number=None)
        except Exception as exc:
            _log.warning("note not saved: %s", exc)
            if is_alive(self):
                self._busy = False
                error = exc
                self._set_status(
                    lambda: arg(self.tr("The note was not saved: %1"), describe_error(error)),
                    "error",
                )
                self._update_buttons()
            return
        if not is_alive(self):
            return
        self._busy = False
        if self._contact_id == contact_id and self.edit.toPlainText().strip() == text:
            self.edit.clear()  # safe: on the PBX, or in the outbox and listed below
        if result.delivery is Delivery.SENT:
            self._set_status(lambda: self.tr("Note saved."), "ok")
        else:
            self._set_status(
                lambda: self.tr("Saved offline — will be sent when the PBX is back"), "queued"
            )
        self.reload()

    async def _update(self, contact_id: int, note: Note) -> None:
        try:
            await self._client.notes.update(contact_id, note)
        except Exception as exc:
            if is_alive(self):
                self._busy = False
                error = exc
                self._set_status(
                    lambda: arg(self.tr("The note was not saved: %1"), describe_error(error)),
                    "error",
                )
                self._update_buttons()
            return
        if not is_alive(self):
            return
        self._busy = False
        self._editing = None
        self.edit.clear()
        self._set_status(lambda: self.tr("Note saved."), "ok")
        self.reload()

    async def _delete(self, contact_id: int, note_id: int) -> None:
        try:
            await self._client.notes.delete(contact_id, note_id)
        except Exception as exc:
            error = exc

            def message() -> str:
                return arg(self.tr("The note was not deleted: %1"), describe_error(error))

            tone = "error"
        else:

            def message() -> str:
                return self.tr("Note deleted.")

            tone = "ok"
        if is_alive(self):
            self._busy = False
            self._set_status(message, tone)
            self.reload()

    # ------------------------------------------------------------------ helpers

    def _outbox_changed_listener(self) -> Any:
        panel = self

        def changed() -> None:
            if is_alive(panel) and panel._contact_id is not None and not panel._busy:
                panel.reload()  # a queued note was sent (or added elsewhere)

        return changed

    def _update_buttons(self) -> None:
        item = self.selected()
        editable = item is not None and item.note is not None and item.note.id is not None
        has_text = bool(self.edit.toPlainText().strip())
        ready = self._contact_id is not None and not self._busy
        self.edit.setEnabled(self._contact_id is not None)
        self.save_button.setText(self.tr("Save") if self._editing else self.tr("Add note"))
        self.save_button.setEnabled(ready and has_text)
        self.cancel_button.setVisible(self._editing is not None)
        self.edit_button.setEnabled(ready and editable and self._editing is None)
        self.delete_button.setEnabled(ready and editable and self._editing is None)

    def _set_status(self, text: str | Callable[[], str], tone: str) -> None:
        """``text`` as a function is asked again for the words after a language change."""
        self._status_source = text if callable(text) else None
        self.status.setText(text() if callable(text) else text)
        self.status.setProperty("tone", tone)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
