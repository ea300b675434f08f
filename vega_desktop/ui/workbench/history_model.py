"""The call-history table: lazily paged from the PBX, filtered and sorted on the client.

:class:`HistoryTableModel` follows Qt's fetch-more pattern: ``canFetchMore`` says whether the
PBX may have more, ``fetchMore`` starts loading the next 50-record page in the background and
returns at once; the rows are inserted (``beginInsertRows``) when the page arrives. One page is
in flight at a time; a short page ends the range; a failure stops fetching until :meth:`retry`.

Filtering and sorting happen in the source model over data prepared once per record: display
strings, a sort key per column (numbers for times and durations) and a filter key. The model
shows a list of record indices (``_visible``) that a list comprehension filters and
``list.sort`` orders, a few milliseconds for 10,000 rows. QSortFilterProxyModel's own filtering
and sorting call back into Python per row and per comparison (about 30 ms to filter and over a
second to sort 10,000 rows, measured), so :class:`HistoryProxyModel` hands both to the source
and passes rows through unchanged.

Every cell is plain text (``DisplayRole`` strings); tooltips are escaped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from vega_desktop.api import Direction, Disposition, HistoryRecord, VegaError
from vega_desktop.core.history_query import PAGE_SIZE, FilterKey, PageFetch, RowFilter, filter_key
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import format_duration, plain_tooltip, short_datetime
from vega_desktop.ui.workbench import full_time, leg_text, party_text

__all__ = ["Column", "HistoryProxyModel", "HistoryTableModel", "RecordRole", "SortRole"]

_log = logging.getLogger("vega_desktop.ui.workbench.history")

RecordRole: Final = Qt.ItemDataRole.UserRole + 1
SortRole: Final = Qt.ItemDataRole.UserRole + 2
_MISSED_COLOR: Final = QColor("#b91c1c")
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_FLAGS: Final = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_Index = QModelIndex | QPersistentModelIndex
_LAYOUT_SIGNATURE: Final = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"
_SORT_HINT: Final = QAbstractItemModel.LayoutChangeHint.VerticalSortHint


class Column(IntEnum):
    TIME = 0
    DIRECTION = 1
    PARTY = 2
    EMPLOYEE = 3
    TALK = 4
    TOTAL = 5
    RESULT = 6
    TRANSFERS = 7
    RECORDING = 8


COLUMN_COUNT: Final = len(Column)


class HistoryTableModel(QAbstractTableModel):
    """History records, one row each, paged in from :meth:`set_fetch`'s ``fetch``.

    Signals: ``loading_changed(bool)``, ``load_failed(exc)``, ``page_loaded(count)``,
    ``finished()`` (the range is complete), ``counts_changed()`` (loaded or shown rows changed).
    """

    loading_changed = Signal(bool)
    load_failed = Signal(object)
    page_loaded = Signal(int)
    finished = Signal()
    counts_changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._now = now or (lambda: datetime.now(UTC))
        self._tasks = WidgetTasks(self)
        self._fetch: PageFetch | None = None
        self._generation = 0
        self._task: asyncio.Task[None] | None = None
        self._offset = 0
        self._more = False
        self._error: BaseException | None = None
        self._records: list[HistoryRecord] = []
        self._display: list[tuple[str, ...]] = []
        self._keys: list[list[Any]] = [[] for _ in Column]
        self._fkeys: list[FilterKey] = []
        self._uuids: set[str] = set()
        self._visible: list[int] = []
        self._accept: Callable[[FilterKey], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._icon: QIcon | None = None
        self._name_values()

    def _name_values(self) -> None:
        # two tables: the enums are ints, and INCOMING == BUSY == 4
        self._directions = {
            Direction.INCOMING: self.tr("Incoming"),
            Direction.OUTGOING: self.tr("Outgoing"),
            Direction.INTERNAL: self.tr("Internal"),
            Direction.PAUSE_ON: self.tr("Pause on"),
            Direction.PAUSE_OFF: self.tr("Pause off"),
        }
        self._results = {
            Disposition.ANSWERED: self.tr("Answered"),
            Disposition.NO_ANSWER: self.tr("No answer"),
            Disposition.CONGESTION: self.tr("Congestion"),
            Disposition.FAILED: self.tr("Failed"),
            Disposition.BUSY: self.tr("Busy"),
        }

    # --- state --------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._task is not None

    @property
    def error(self) -> BaseException | None:
        return self._error

    @property
    def has_more(self) -> bool:
        return self._fetch is not None and self._more

    @property
    def loaded_count(self) -> int:
        return len(self._records)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def record(self, row: int) -> HistoryRecord | None:
        if 0 <= row < len(self._visible):
            return self._records[self._visible[row]]
        return None

    def visible_records(self) -> list[HistoryRecord]:
        return [self._records[i] for i in self._visible]

    # --- loading ------------------------------------------------------------------------------

    def set_fetch(self, fetch: PageFetch | None) -> None:
        """Start over with another query's pages (a late page of the old one is dropped)."""
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.beginResetModel()
        self._records.clear()
        self._display.clear()
        self._keys = [[] for _ in Column]
        self._fkeys.clear()
        self._uuids.clear()
        self._visible.clear()
        self._offset = 0
        self._fetch = fetch
        self._more = fetch is not None
        self._error = None
        self.endResetModel()
        self.loading_changed.emit(False)
        self.counts_changed.emit()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.has_more and self._error is None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not parent.isValid():
            self.load_more()

    def load_more(self) -> asyncio.Task[None] | None:
        """Start loading the next page unless one is in flight (then return that one)."""
        if self._task is not None or not self.canFetchMore():
            return self._task
        assert self._fetch is not None
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # the view asked outside the event loop; it asks again later
            return None
        self._task = self._tasks.start(
            self._load(self._generation, self._fetch, self._offset), name="history page"
        )
        self.loading_changed.emit(True)
        return self._task

    def retry(self) -> asyncio.Task[None] | None:
        """Forget the last failure and load the page that failed."""
        self._error = None
        return self.load_more()

    async def _load(self, generation: int, fetch: PageFetch, offset: int) -> None:
        page: list[HistoryRecord] | None = None
        failure: BaseException | None = None
        try:
            page = await fetch(self._page_size, offset)
        except VegaError as exc:
            failure = exc
        except Exception as exc:  # a bug must not leave the table "loading" forever
            _log.exception("loading a history page failed")
            failure = exc
        finally:
            current = generation == self._generation and is_alive(self)
            if current:
                self._task = None
                self.loading_changed.emit(False)
        if not current:
            return
        if failure is not None:
            self._error = failure
            self.load_failed.emit(failure)
        elif page is not None:
            self._offset += len(page)
            self._more = len(page) >= self._page_size
            added = self._append(page)
            if self._more and not added:
                _log.warning("the PBX repeated a full page at offset %d; stopping", offset)
                self._more = False
            self.page_loaded.emit(len(page))
            if not self._more:
                self.finished.emit()

    def load_records(self, records: Iterable[HistoryRecord]) -> int:
        """Add records already at hand (no paging), as if a page had arrived."""
        return self._append(list(records))

    def _append(self, page: list[HistoryRecord]) -> int:
        start = len(self._records)
        now = self._now()
        for record in page:
            if record.uuid in self._uuids:
                continue  # a call that arrived meanwhile shifts the pages by one
            self._uuids.add(record.uuid)
            self._prepare(record, now)
        accept = self._accept
        fkeys = self._fkeys
        shown = [i for i in range(start, len(self._records)) if accept is None or accept(fkeys[i])]
        if shown:
            first = len(self._visible)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self._visible.extend(shown)
            self.endInsertRows()
            if self._sort_column >= 0:
                self._resort()
        self.counts_changed.emit()
        return len(self._records) - start

    def retranslate(self) -> None:
        """Headers, times, directions and results in the new language, rebuilt from the records."""
        self._name_values()
        now = self._now()
        self._display = [self._texts(record, now) for record in self._records]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._visible:
            last = self.index(len(self._visible) - 1, COLUMN_COUNT - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _texts(self, record: HistoryRecord, now: datetime) -> tuple[str, ...]:
        transfers = " → ".join(record.transfer_history) if len(record.transfer_history) > 1 else ""
        result = self._results.get(record.disposition, "") if record.disposition is not None else ""
        return (
            short_datetime(record.end_at, now),
            self._directions.get(record.direction, str(int(record.direction))),
            party_text(record),
            leg_text(record.leg),
            format_duration(record.bill_secs),
            format_duration(record.duration),
            result,
            transfers,
            "",
        )

    def _prepare(self, record: HistoryRecord, now: datetime) -> None:
        texts = self._texts(record, now)
        party, employee, transfers = (
            texts[Column.PARTY],
            texts[Column.EMPLOYEE],
            texts[Column.TRANSFERS],
        )
        self._records.append(record)
        self._display.append(texts)
        keys = (
            record.end_at.timestamp() if record.end_at else 0.0,
            int(record.direction),
            party.casefold(),
            employee.casefold(),
            -1 if record.bill_secs is None else record.bill_secs,
            -1 if record.duration is None else record.duration,
            99 if record.disposition is None else int(record.disposition),
            transfers,
            1 if record.audio_url else 0,
        )
        for column, key in zip(self._keys, keys, strict=True):
            column.append(key)
        self._fkeys.append(filter_key(record))

    # --- filtering and sorting ----------------------------------------------------------------

    def set_row_filter(self, row_filter: RowFilter | None) -> None:
        """Show only the loaded records that pass ``row_filter`` (None: all of them)."""
        self._accept = row_filter.compile() if row_filter is not None else None
        accept = self._accept
        self.beginResetModel()
        if accept is None:
            shown = list(range(len(self._records)))
        else:
            shown = [i for i, key in enumerate(self._fkeys) if accept(key)]
        self._visible = self._ordered(shown, natural=True)
        self.endResetModel()
        self.counts_changed.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (-1: as the PBX sent them, newest first)."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self._resort()

    def _ordered(self, rows: list[int], *, natural: bool = False) -> list[int]:
        ordered = rows if natural else sorted(rows)  # ties keep the PBX's order
        if self._sort_column >= 0:
            descending = self._sort_order is Qt.SortOrder.DescendingOrder
            ordered.sort(key=self._keys[self._sort_column].__getitem__, reverse=descending)
        return ordered

    def _resort(self) -> None:
        # the full signature, to pass the hint: views then skip work a sort does not need
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], _SORT_HINT)  # type: ignore[index]
        old = self.persistentIndexList()
        old_rows = [self._visible[index.row()] for index in old]
        self._visible = self._ordered(self._visible)
        if old:
            where = {row: pos for pos, row in enumerate(self._visible)}
            new = [
                self.index(where[row], index.column())
                for index, row in zip(old, old_rows, strict=True)
            ]
            self.changePersistentIndexList(old, new)
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], _SORT_HINT)  # type: ignore[index]

    # --- export -------------------------------------------------------------------------------

    def export_header(self) -> list[str]:
        return [self._title(column) for column in Column]

    def export_rows(self) -> list[tuple[str, ...]]:
        """The shown rows in the shown order, with full dates and names as the CRM has them."""
        yes = self.tr("yes")
        out: list[tuple[str, ...]] = []
        for i in self._visible:
            record = self._records[i]
            cells = list(self._display[i])
            cells[Column.TIME] = full_time(record.end_at)
            cells[Column.PARTY] = party_text(record, one_line=False)
            cells[Column.RECORDING] = yes if record.audio_url else ""
            out.append(tuple(cells))
        return out

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What ``data()`` answers for a shown row, without building a QModelIndex."""
        if not 0 <= row < len(self._visible):
            return None
        i = self._visible[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[i][column]
        if role == SortRole:
            return self._keys[column][i]
        if role == RecordRole:
            return self._records[i]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.RESULT:
                disposition = self._records[i].disposition
                if disposition is not None and disposition is not Disposition.ANSWERED:
                    return _MISSED_COLOR
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.RECORDING and self._records[i].audio_url:
                return self._recording_icon()
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (Column.TALK, Column.TOTAL) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(i, column)
        return None

    def _tooltip(self, i: int, column: int) -> str:
        record = self._records[i]
        if column == Column.TIME:
            return full_time(record.end_at)
        if column == Column.RECORDING:
            return self.tr("Recording available") if record.audio_url else ""
        if column in (Column.PARTY, Column.EMPLOYEE, Column.TRANSFERS):
            return plain_tooltip(self._display[i][column])
        return ""

    def _recording_icon(self) -> QIcon:
        if self._icon is None:
            self._icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume)
        return self._icon

    def _title(self, column: int) -> str:
        titles = {
            Column.TIME: self.tr("Time"),
            Column.DIRECTION: self.tr("Direction"),
            Column.PARTY: self.tr("Number and name"),
            Column.EMPLOYEE: self.tr("Employee"),
            Column.TALK: self.tr("Talk time"),
            Column.TOTAL: self.tr("Total time"),
            Column.RESULT: self.tr("Result"),
            Column.TRANSFERS: self.tr("Transfers"),
            Column.RECORDING: self.tr("Recording"),
        }
        return titles.get(Column(column), "")

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._title(section)
        return None


class HistoryProxyModel(QSortFilterProxyModel):
    """The view's model: the client-side filter and the sort go to the source's fast path.

    The proxy itself never filters or sorts (no per-row Python callback): rows pass through one
    to one, and fetch-more is forwarded by QSortFilterProxyModel. Do not give it a filter
    expression of its own; use :meth:`set_row_filter`.
    """

    def __init__(self, source: HistoryTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = RowFilter()
        self.setDynamicSortFilter(False)
        self.setSortRole(SortRole)
        self.setSourceModel(source)

    @property
    def history(self) -> HistoryTableModel:
        return self._source

    @property
    def row_filter(self) -> RowFilter:
        return self._filter

    def set_row_filter(self, row_filter: RowFilter) -> None:
        self._filter = row_filter
        self._source.set_row_filter(row_filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Rows pass through one to one, so the proxy row is the source row. Asking the source
        # directly is one Python call per cell instead of QSortFilterProxyModel's round trip
        # (index() -> rowCount(), columnCount(), then data()): a third of every repaint.
        if not index.isValid():
            return None
        return self._source.cell(index.row(), index.column(), role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # answered here: the default asks the source through three more Python calls per cell
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def record(self, index: _Index) -> HistoryRecord | None:
        return self._source.record(index.row()) if index.isValid() else None
