"""The Missed calls page: who is waiting for a call-back, one row per caller, one click to call.

The rows come from :class:`~vega_desktop.core.missed.MissedQueue` (the app refreshes it
periodically); :class:`MissedTableModel` follows its ``row_added``/``row_removed``/
``rows_changed`` events, so a row disappears as soon as the PBX stops listing the caller.
"How long ago" is recomputed once a minute. The filter (mine / my group / everyone) is a small
QSortFilterProxyModel: the queue holds dozens of rows, not thousands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import EntityType, Leg, VegaError
from vega_desktop.api.phone import InvalidNumber
from vega_desktop.core.events import Signal as CoreSignal
from vega_desktop.core.missed import MissedQueue, MissedRow, Scope
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import arg, format_phone, plain_label, plain_tooltip, relative_time
from vega_desktop.ui.workbench import InlineBanner, describe_error, full_time, leg_text

__all__ = ["MissedPage", "MissedProxyModel", "MissedTableModel"]

_log = logging.getLogger("vega_desktop.ui.workbench.missed")

RowRole: Final = Qt.ItemDataRole.UserRole + 1
SortRole: Final = Qt.ItemDataRole.UserRole + 2
CallingRole: Final = Qt.ItemDataRole.UserRole + 3
TICK_MS: Final = 60_000
CALLING_MS: Final = 60_000
_Index = QModelIndex | QPersistentModelIndex


def _follow(owner: QObject, *links: tuple[CoreSignal[Any], Callable[..., None]]) -> None:
    """Listen to core signals for as long as ``owner`` lives."""
    for signal, listener in links:
        signal.connect(listener)

    def forget(*_args: object) -> None:  # not a method: runs while the owner is destroyed
        for signal, listener in links:
            signal.disconnect(listener)

    owner.destroyed.connect(forget)


class Column(IntEnum):
    CALLER = 0
    COMPANY = 1
    ATTEMPTS = 2
    LINE = 3
    RANG = 4
    WHEN = 5
    ACTION = 6


COLUMN_WIDTHS: Final = {
    Column.COMPANY: 140,
    Column.ATTEMPTS: 64,
    Column.LINE: 120,
    Column.RANG: 200,
    Column.WHEN: 100,
    Column.ACTION: 110,
}


class MissedTableModel(QAbstractTableModel):
    """The queue's rows, in the order they arrived; kept in step with the queue's events."""

    def __init__(
        self, queue: MissedQueue, *, now: Callable[[], datetime], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._now = now
        self._rows: list[MissedRow] = list(queue.rows)
        self._calling: set[str] = set()
        _follow(
            self,
            (queue.row_added, self._on_added),
            (queue.row_removed, self._on_removed),
            (queue.rows_changed, self._on_changed),
        )

    @property
    def rows(self) -> tuple[MissedRow, ...]:
        return tuple(self._rows)

    def _find(self, number: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.number == number), -1)

    def _on_added(self, row: MissedRow) -> None:
        if not is_alive(self) or self._find(row.number) >= 0:
            return
        end = len(self._rows)
        self.beginInsertRows(QModelIndex(), end, end)
        self._rows.append(row)
        self.endInsertRows()

    def _on_removed(self, row: MissedRow) -> None:
        at = self._find(row.number) if is_alive(self) else -1
        if at >= 0:
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self.endRemoveRows()
            self._calling.discard(row.number)

    def _on_changed(self, rows: tuple[MissedRow, ...]) -> None:
        for row in rows if is_alive(self) else ():
            at = self._find(row.number)
            if at >= 0:
                self._rows[at] = row
                last = self.columnCount() - 1
                self.dataChanged.emit(self.index(at, 0), self.index(at, last))

    def set_calling(self, number: str, calling: bool) -> None:
        (self._calling.add if calling else self._calling.discard)(number)
        at = self._find(number)
        if at >= 0:
            index = self.index(at, Column.ACTION)
            self.dataChanged.emit(index, index)

    def retranslate(self) -> None:
        """Headers and cells in the new language (the cells are built from the rows each time)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def tick(self) -> None:
        """Recompute "how long ago"."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.WHEN), self.index(len(self._rows) - 1, Column.WHEN)
            )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == RowRole:
            return row
        if role == SortRole:
            return row.last_at.timestamp() if row.last_at else 0.0
        if role == CallingRole:
            return row.number in self._calling
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: MissedRow, column: int) -> str:
        if column == Column.CALLER:
            number = format_phone(row.number)
            return f"{row.name} · {number}" if row.name else number
        if column == Column.COMPANY:
            return row.company or ""
        if column == Column.ATTEMPTS:
            return f"×{row.attempts}"
        if column == Column.LINE:
            return ", ".join(format_phone(line) for line in row.lines)
        if column == Column.RANG:
            return self._target_text(row.target)
        if column == Column.WHEN:
            return relative_time(row.last_at, self._now())
        return ""

    def _target_text(self, leg: Leg | None) -> str:
        if leg is None:
            return ""
        if leg.type is EntityType.SCENARIO:
            return arg(self.tr("Voice menu: %1"), leg.display_name or "")
        if leg.type is EntityType.GROUP:
            return arg(self.tr("Group: %1"), leg_text(leg))
        return leg_text(leg)

    def _tooltip(self, row: MissedRow, column: int) -> str:
        if column == Column.WHEN:
            times = [full_time(r.end_at) for r in row.records]
            return plain_tooltip("\n".join(times))
        if column == Column.RANG:
            return plain_tooltip("\n".join(self._target_text(leg) for leg in row.targets))
        if column in (Column.CALLER, Column.COMPANY, Column.LINE):
            return plain_tooltip(self._text(row, column))
        return ""

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Caller"),
            self.tr("Company"),
            self.tr("Attempts"),
            self.tr("Line"),
            self.tr("Rang"),
            self.tr("Last call"),
            "",
        )
        return titles[section] if 0 <= section < len(titles) else None


class MissedProxyModel(QSortFilterProxyModel):
    """Mine / my group / everyone, latest attempt first."""

    def __init__(self, own_ext: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._own_ext = own_ext
        self._scope = Scope.EVERYONE
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.sort(Column.WHEN, Qt.SortOrder.DescendingOrder)

    @property
    def scope(self) -> Scope:
        return self._scope

    def set_scope(self, scope: Scope) -> None:
        self.beginFilterChange()
        self._scope = scope
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), RowRole)
        return isinstance(row, MissedRow) and row.concerns(self._scope, self._own_ext)


class CallBackDelegate(QStyledItemDelegate):
    """Paints a "Call back" button in a cell; ``clicked(index)`` on a click inside it."""

    clicked = Signal(QModelIndex)

    def _button(self, option: QStyleOptionViewItem, index: _Index) -> QStyleOptionButton:
        button = QStyleOptionButton()
        rect: QRect = option.rect
        button.rect = rect.adjusted(6, 3, -6, -3)
        calling = bool(index.data(CallingRole))
        button.text = self.tr("Calling…") if calling else self.tr("Call back")
        enabled = QStyle.StateFlag.State_Enabled if not calling else QStyle.StateFlag.State_None
        button.state = enabled | QStyle.StateFlag.State_Raised
        return button

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        style = QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, self._button(option, index), painter)

    def editorEvent(  # noqa: N802
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            button = self._button(option, index)
            inside = button.rect.contains(event.position().toPoint())
            if inside and not index.data(CallingRole):
                self.clicked.emit(index.sibling(index.row(), index.column()))
                return True
        return super().editorEvent(event, model, option, index)


class MissedPage(QWidget):
    """The page. ``note_requested(number)`` asks the app to open a note for a caller;
    ``count_changed(n)`` reports how many callers the current filter shows."""

    note_requested = Signal(str)
    count_changed = Signal(int)

    def __init__(
        self,
        queue: MissedQueue,
        *,
        now: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MissedPage")
        self._queue = queue
        self._now = now or (lambda: datetime.now(UTC))
        self._tasks = WidgetTasks(self)
        self.model = MissedTableModel(queue, now=self._now, parent=self)
        self.proxy = MissedProxyModel(queue.own_ext, self)
        self.proxy.setSourceModel(self.model)
        self.banner = InlineBanner(self)
        self.banner.retry_requested.connect(self.refresh)
        self._build()
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(self._update_state)
        _follow(
            self, (queue.refreshed, self._on_refreshed), (queue.refresh_failed, self._on_failed)
        )
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._update_state()

    def _build(self) -> None:
        self._scope_group = QButtonGroup(self)
        bar = QHBoxLayout()
        for scope, text in self._scope_texts().items():
            button = QPushButton(text, self)
            button.setCheckable(True)
            button.setChecked(scope is Scope.EVERYONE)
            button.setProperty("scope", scope.value)
            if scope is not Scope.EVERYONE and not self._queue.own_ext:
                button.setEnabled(False)
            self._scope_group.addButton(button)
            bar.addWidget(button)
        self._scope_group.buttonClicked.connect(
            lambda button: self.set_scope(Scope(button.property("scope")))
        )
        bar.addStretch(1)
        self.updated_label = plain_label("", self, name="missedUpdated")
        self.updated_label.setStyleSheet("color: #64748b;")
        bar.addWidget(self.updated_label)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.refresh_button)

        self.view = QTableView(self)
        self.view.setObjectName("missedTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(34)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(Column.CALLER, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.delegate = CallBackDelegate(self.view)
        self.delegate.clicked.connect(self._call_index)
        self.view.setItemDelegateForColumn(Column.ACTION, self.delegate)
        self.view.doubleClicked.connect(self._call_index)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)

        self.empty_label = plain_label("", self, name="missedEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #64748b; font-size: 12pt;")
        self._stack = QStackedLayout()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addLayout(self._stack, 1)

    def _scope_texts(self) -> dict[Scope, str]:
        return {
            Scope.MINE: self.tr("Mine"),
            Scope.MY_GROUP: self.tr("My group"),
            Scope.EVERYONE: self.tr("Everyone"),
        }

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text in the new language; the filter and the selection stay as they are."""
        texts = self._scope_texts()
        for button in self._scope_group.buttons():
            button.setText(texts[Scope(button.property("scope"))])
        self.refresh_button.setText(self.tr("Refresh"))
        self.model.retranslate()
        self._show_updated()
        self._update_state()

    # --- state --------------------------------------------------------------------------------

    def scope(self) -> Scope:
        return self.proxy.scope

    def set_scope(self, scope: Scope) -> None:
        for button in self._scope_group.buttons():
            button.setChecked(button.property("scope") == scope.value)
        self.proxy.set_scope(scope)
        self._update_state()

    def shown_rows(self) -> list[MissedRow]:
        return [self.proxy.index(i, 0).data(RowRole) for i in range(self.proxy.rowCount())]

    def empty_text(self) -> str:
        return self.empty_label.text() if self._stack.currentWidget() is self.empty_label else ""

    def _update_state(self, *_args: object) -> None:
        shown = self.proxy.rowCount()
        if shown:
            self._stack.setCurrentWidget(self.view)
        else:
            if not self._queue.loaded:
                text = "" if self._queue.error else self.tr("Loading missed calls…")
            elif self.model.rowCount():
                text = self.tr("No missed calls for this filter")
            else:
                text = self.tr("No missed calls — nice work!")
            self.empty_label.setText(text)
            self._stack.setCurrentWidget(self.empty_label)
        self.count_changed.emit(shown)

    def refresh(self) -> object:
        return self._tasks.start(self._queue.refresh(), name="missed refresh")

    def _on_refreshed(self) -> None:
        if not is_alive(self):
            return
        if self._queue.error is None and self.banner.text():
            self.banner.clear()
        self._tick()
        self._update_state()

    def _tick(self) -> None:
        self.model.tick()
        self._show_updated()

    def _show_updated(self) -> None:
        at = self._queue.updated_at
        if at is not None:
            self.updated_label.setText(arg(self.tr("Updated %1"), relative_time(at, self._now())))

    def _on_failed(self, exc: VegaError) -> None:
        if is_alive(self):
            self.banner.show_error(
                lambda: arg(
                    self.tr("The missed calls could not be updated. %1"), describe_error(exc)
                )
            )
            self._update_state()

    # --- calling back -------------------------------------------------------------------------

    def _row_at(self, index: QModelIndex) -> MissedRow | None:
        row = index.data(RowRole) if index.isValid() else None
        return row if isinstance(row, MissedRow) else None

    def _call_index(self, index: QModelIndex) -> None:
        row = self._row_at(index)
        if row is not None:
            self.call_back(row.number)

    def call_back(self, number: str) -> object:
        return self._tasks.start(self._call_back(number), name="call back")

    async def _call_back(self, number: str) -> None:
        shown = format_phone(number)
        self.model.set_calling(number, True)
        try:
            await self._queue.call_back(number)
        except (InvalidNumber, VegaError) as exc:
            self.model.set_calling(number, False)
            error = exc if isinstance(exc, VegaError) else None

            def text() -> str:
                reason = describe_error(error) if error is not None else ""
                return arg(self.tr("The call to %1 was not placed. %2"), shown, reason).strip()

            self.banner.show_error(text, retry=False)
            return
        self.banner.show_info(lambda: arg(self.tr("Calling %1 — your phone rings first."), shown))
        QTimer.singleShot(CALLING_MS, self, lambda: self.model.set_calling(number, False))

    def _on_context_menu(self, pos: QPoint) -> None:
        row = self._row_at(self.view.indexAt(pos))
        if row is not None:
            self.context_menu(row).popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, row: MissedRow) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        number = row.number
        menu.addAction(self.tr("Call back"), lambda: self.call_back(number))
        menu.addAction(self.tr("Copy number"), lambda: QGuiApplication.clipboard().setText(number))
        menu.addAction(self.tr("Add note…"), lambda: self.note_requested.emit(number))
        return menu
