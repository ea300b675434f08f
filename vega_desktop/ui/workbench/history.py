"""The History page: company calls or the operator's own, filtered, paged in as the view scrolls.

The app injects what the page talks to, so it is testable against fakes or the simulated PBX::

    HistoryPage(history=client.history, dial=session.dial, own_ext=settings.ext,
                users=session.users.users, crm_url=crm_link_for_number)

``history`` reads company.api / users.api pages (:class:`HistoryApi`); ``dial(number)`` places a
call; ``users()`` lists colleagues for the employee filter; ``crm_url(number)`` gives the CRM
link of a number's contact (or None). Time window, source and direction go to the PBX (a new
fetch); result, employee and the search box filter the loaded rows at once. Recordings and
notes are someone else's job: the page emits ``play_recording_requested(record)``,
``save_recording_requested(record)`` and ``note_requested(number)``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import Direction, Disposition, HistoryRecord, User, VegaError
from vega_desktop.api.phone import InvalidNumber
from vega_desktop.core.csv_export import export_csv
from vega_desktop.core.history_query import (
    HistoryApi,
    HistoryQuery,
    Preset,
    Source,
    dial_target,
    local_zone,
    page_fetcher,
)
from vega_desktop.ui.asyncutil import WidgetTasks
from vega_desktop.ui.popup import is_safe_url
from vega_desktop.ui.text import arg, format_phone, plain_label
from vega_desktop.ui.workbench import InlineBanner, describe_error
from vega_desktop.ui.workbench.history_model import Column, HistoryProxyModel, HistoryTableModel

__all__ = ["HistoryPage"]

_log = logging.getLogger("vega_desktop.ui.workbench.history")

DialFn = Callable[[str], Awaitable[object]]
UsersFn = Callable[[], Awaitable[Sequence[User]]]
CrmUrlFn = Callable[[str], Awaitable[str | None]]
SEARCH_DEBOUNCE_MS = 250
NOT_ANSWERED = frozenset(set(Disposition) - {Disposition.ANSWERED})
COLUMN_WIDTHS = {  # what is left (at least ~170 px in the default window) goes to the party
    Column.TIME: 110,
    Column.DIRECTION: 80,
    Column.EMPLOYEE: 160,
    Column.TALK: 64,
    Column.TOTAL: 64,
    Column.RESULT: 100,
    Column.TRANSFERS: 90,
    Column.RECORDING: 56,
}


class HistoryPage(QWidget):
    note_requested = Signal(str)  # number
    play_recording_requested = Signal(object)  # HistoryRecord
    save_recording_requested = Signal(object)  # HistoryRecord

    def __init__(
        self,
        *,
        history: HistoryApi,
        dial: DialFn,
        own_ext: str | None,
        users: UsersFn | None = None,
        crm_url: CrmUrlFn | None = None,
        open_url: Callable[[str], object] | None = None,
        now: Callable[[], datetime] | None = None,
        zone: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPage")
        self._history = history
        self._dial = dial
        self._own_ext = own_ext
        self._users = users
        self._crm_url = crm_url
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)))
        self._now = now or (lambda: datetime.now(UTC))
        self._zone = zone or local_zone()
        self._tasks = WidgetTasks(self)
        self._server_key: tuple[object, ...] | None = None
        self._users_loaded = False

        self.model = HistoryTableModel(self, now=self._now)
        self.proxy = HistoryProxyModel(self.model, self)
        self.banner = InlineBanner(self)
        self._build()
        self.model.loading_changed.connect(self._on_loading)
        self.model.load_failed.connect(self._on_failed)
        self.model.counts_changed.connect(self._update_status)
        self.banner.retry_requested.connect(self._retry)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self._update_status()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.company_button = self._toggle(self.tr("Company"), checked=True)
        self.mine_button = self._toggle(self.tr("My calls"))
        if not self._own_ext:
            self.mine_button.setEnabled(False)
            self.mine_button.setToolTip(self.tr("Set your extension in the settings first"))
        self._source_group = QButtonGroup(self)
        for button in (self.company_button, self.mine_button):
            self._source_group.addButton(button)
        self._source_group.buttonToggled.connect(self._on_source)

        self.preset_combo = self._combo(*self._preset_items())
        today = QDate.currentDate()
        self.from_edit = self._date_edit(today.addDays(-6))
        self.to_edit = self._date_edit(today)
        self.preset_combo.currentIndexChanged.connect(self._on_preset)
        self.direction_combo = self._combo(*self._direction_items())
        self.direction_combo.currentIndexChanged.connect(self.reload)
        self.result_combo = self._combo(*self._result_items())
        self.result_combo.currentIndexChanged.connect(self.apply_filters)
        self.employee_combo = self._combo((self.tr("All employees"), None))
        self.employee_combo.currentIndexChanged.connect(self.apply_filters)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("historySearch")
        self.search_edit.setPlaceholderText(self.tr("Search by number or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(lambda: self.reload(force=True))
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.clicked.connect(self._choose_export_path)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setFixedHeight(3)
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.view = QTableView(self)
        self.view.setObjectName("historyTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(False)
        self.view.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: self.view.horizontalHeader().setSortIndicatorShown(True)
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.PARTY, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.empty_label = plain_label("", self, name="historyEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #64748b; font-size: 11pt;")
        self._stack = QStackedLayout()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty_label)
        self.status_label = plain_label("", self, name="historyStatus")
        self.status_label.setStyleSheet("color: #475569;")

        first = QHBoxLayout()
        first.addWidget(self.company_button)
        first.addWidget(self.mine_button)
        first.addSpacing(12)
        first.addWidget(self.preset_combo)
        first.addWidget(self.from_edit)
        first.addWidget(self.to_edit)
        first.addStretch(1)
        first.addWidget(self.refresh_button)
        second = QHBoxLayout()
        second.addWidget(self.direction_combo)
        second.addWidget(self.result_combo)
        second.addWidget(self.employee_combo)
        second.addWidget(self.search_edit, 1)
        second.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addLayout(self._stack, 1)
        layout.addWidget(self.status_label)
        self._on_preset()

    def _preset_items(self) -> tuple[tuple[str, object], ...]:
        return (
            (self.tr("Today"), Preset.TODAY),
            (self.tr("Yesterday"), Preset.YESTERDAY),
            (self.tr("Last 7 days"), Preset.LAST_7_DAYS),
            (self.tr("Last 30 days"), Preset.LAST_30_DAYS),
            (self.tr("Custom range"), Preset.CUSTOM),
        )

    def _direction_items(self) -> tuple[tuple[str, object], ...]:
        return (
            (self.tr("All directions"), None),
            (self.tr("Incoming"), frozenset({Direction.INCOMING})),
            (self.tr("Outgoing"), frozenset({Direction.OUTGOING})),
            (self.tr("Internal"), frozenset({Direction.INTERNAL})),
        )

    def _result_items(self) -> tuple[tuple[str, object], ...]:
        return (
            (self.tr("Any result"), None),
            (self.tr("Answered"), frozenset({Disposition.ANSWERED})),
            (self.tr("Not answered"), NOT_ANSWERED),
            (self.tr("Busy"), frozenset({Disposition.BUSY})),
            (self.tr("Failed"), frozenset({Disposition.FAILED, Disposition.CONGESTION})),
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text in the new language; the filters, the search and the selection stay."""
        self.company_button.setText(self.tr("Company"))
        self.mine_button.setText(self.tr("My calls"))
        if not self._own_ext:
            self.mine_button.setToolTip(self.tr("Set your extension in the settings first"))
        for combo, items in (
            (self.preset_combo, self._preset_items()),
            (self.direction_combo, self._direction_items()),
            (self.result_combo, self._result_items()),
            (self.employee_combo, ((self.tr("All employees"), None),)),
        ):
            for i, (text, _data) in enumerate(items):
                combo.setItemText(i, text)
        self.search_edit.setPlaceholderText(self.tr("Search by number or name"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.model.retranslate()
        self._update_status()

    def _toggle(self, text: str, *, checked: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.setCheckable(True)
        button.setChecked(checked)
        return button

    def _combo(self, *items: tuple[str, object]) -> QComboBox:
        combo = QComboBox(self)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _date_edit(self, date: QDate) -> QDateEdit:
        edit = QDateEdit(date, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMaximumDate(QDate.currentDate())
        edit.dateChanged.connect(self.reload)
        return edit

    # --- the query ----------------------------------------------------------------------------

    def query(self) -> HistoryQuery:
        """The query the controls describe now."""
        preset = Preset(self.preset_combo.currentData())  # Qt hands back a plain str
        return HistoryQuery(
            source=Source.MY_CALLS if self.mine_button.isChecked() else Source.COMPANY,
            preset=preset,
            start=self.from_edit.date().toPython() if preset is Preset.CUSTOM else None,  # type: ignore[arg-type]
            end=self.to_edit.date().toPython() if preset is Preset.CUSTOM else None,  # type: ignore[arg-type]
            directions=self.direction_combo.currentData(),
            dispositions=self.result_combo.currentData(),
            employee=self.employee_combo.currentData(),
            text=self.search_edit.text(),
            own_ext=self._own_ext,
            zone=self._zone,
        )

    def reload(self, *_args: object, force: bool = False) -> None:
        """Fetch again if what the PBX filters changed (or ``force``); filter the rest."""
        query = self.query()
        self.apply_filters()
        if force or query.server_key() != self._server_key:
            self._server_key = query.server_key()
            self.banner.clear()
            self.model.set_fetch(page_fetcher(self._history, query, self._now()))
            self.model.load_more()
        if not self._users_loaded and self._users is not None:
            self._users_loaded = True
            self._tasks.start(self._load_users(self._users), name="employees")

    def apply_filters(self, *_args: object) -> None:
        self._debounce.stop()
        self.proxy.set_row_filter(self.query().row_filter())
        self._update_status()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._server_key is None:
            QTimer.singleShot(0, self.reload)

    def _on_source(self, _button: object, checked: bool) -> None:
        if checked:
            self.reload()

    def _on_preset(self, *_args: object) -> None:
        custom = self.preset_combo.currentData() == Preset.CUSTOM
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        if self._server_key is not None:
            self.reload()

    async def _load_users(self, users: UsersFn) -> None:
        try:
            listed = await users()
        except VegaError as exc:
            _log.info("employees not listed: %s", exc.detail)
            self._users_loaded = False
            return
        for user in sorted((u for u in listed if u.ext), key=lambda u: u.ext or ""):
            self.employee_combo.addItem(f"{user.display_name} ({user.ext})", user.ext)

    # --- state display ------------------------------------------------------------------------

    def _on_loading(self, loading: bool) -> None:
        self.progress.setVisible(loading)
        self._update_status()

    def _on_failed(self, exc: BaseException) -> None:
        self.banner.show_error(
            lambda: arg(self.tr("The call history could not be loaded. %1"), describe_error(exc))
        )
        self._update_status()

    def _retry(self) -> None:
        self.banner.clear()
        if self.model.error is not None:
            self.model.retry()

    def status_text(self) -> str:
        return self.status_label.text()

    def _update_status(self) -> None:
        model = self.model
        shown, loaded = model.visible_count, model.loaded_count
        if model.loading and not loaded:
            text = self.tr("Loading…")
        elif (shown == 0 and not model.has_more) or (model.error is not None and not loaded):
            text = ""
        elif shown == loaded:
            text = arg(self.tr("Calls: %1"), str(shown))
        else:
            text = arg(self.tr("%1 of %2 loaded calls match"), str(shown), str(loaded))
        if model.has_more and loaded:
            text += " · " + self.tr("scroll down for more")
        self.status_label.setText(text)
        empty = shown == 0 and not model.has_more and not model.loading
        if empty:
            filtered = loaded > 0
            self.empty_label.setText(
                self.tr("No calls match the filters")
                if filtered
                else self.tr("No calls in this period")
            )
        show_empty = empty and model.error is None
        self._stack.setCurrentWidget(self.empty_label if show_empty else self.view)

    # --- acting on rows -----------------------------------------------------------------------

    def _on_double_click(self, index: QModelIndex) -> None:
        record = self.proxy.record(index)
        if record is not None:
            self.call_back(record)

    def call_back(self, record: HistoryRecord) -> None:
        number = dial_target(record, self._own_ext)
        if number:
            self._tasks.start(self._call(number), name="call back")

    async def _call(self, number: str) -> None:
        shown = format_phone(number)
        try:
            await self._dial(number)
        except InvalidNumber:
            self.banner.show_error(
                lambda: arg(self.tr("“%1” cannot be dialled."), shown), retry=False
            )
        except VegaError as exc:
            error = exc
            self.banner.show_error(
                lambda: arg(
                    self.tr("The call to %1 was not placed. %2"), shown, describe_error(error)
                ),
                retry=False,
            )
        else:
            self.banner.show_info(
                lambda: arg(self.tr("Calling %1 — your phone rings first."), shown)
            )

    def _on_context_menu(self, pos: QPoint) -> None:
        record = self.proxy.record(self.view.indexAt(pos))
        if record is not None:
            self.context_menu(record).popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, record: HistoryRecord) -> QMenu:
        """The row's menu (built fresh; deleted when closed)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        number = record.other_leg_num
        target = dial_target(record, self._own_ext)

        def add(text: str, enabled: object, slot: Callable[[], object]) -> QAction:
            action = menu.addAction(text)
            action.setEnabled(bool(enabled))
            action.triggered.connect(lambda _checked=False: slot())
            return action

        shown = number or target or ""
        add(self.tr("Call back"), target, lambda: self.call_back(record))
        add(self.tr("Copy number"), shown, lambda: QGuiApplication.clipboard().setText(shown))
        add(self.tr("Open in CRM"), number and self._crm_url, lambda: self.open_in_crm(shown))
        add(self.tr("Add note…"), number, lambda: self.note_requested.emit(number))
        menu.addSeparator()
        play, save = self.play_recording_requested, self.save_recording_requested
        add(self.tr("Play recording"), record.audio_url, lambda: play.emit(record))
        add(self.tr("Save recording…"), record.audio_url, lambda: save.emit(record))
        return menu

    def open_in_crm(self, number: str) -> None:
        if self._crm_url is not None and number:
            self._tasks.start(self._open_crm(self._crm_url, number), name="open in CRM")

    async def _open_crm(self, crm_url: CrmUrlFn, number: str) -> None:
        try:
            url = await crm_url(number)
        except VegaError as exc:
            error = exc
            self.banner.show_error(lambda: describe_error(error), retry=False)
            return
        if url and is_safe_url(url):
            self._open_url(url.strip())
        else:
            self.banner.show_info(lambda: self.tr("The CRM has no page for this number."))

    # --- export -------------------------------------------------------------------------------

    def _choose_export_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Export calls"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(f"calls-{self._now().astimezone(self._zone):%Y-%m-%d}.csv")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)))
        dialog.open()  # not exec(): no nested event loop

    def export_to(self, path: Path) -> object:
        """Write the shown rows (every loaded page, the current filters and order) to ``path``."""
        header, rows = self.model.export_header(), self.model.export_rows()
        delimiter = ";" if QLocale().decimalPoint() == "," else ","
        return self._tasks.start(self._export(path, header, rows, delimiter), name="export")

    async def _export(
        self, path: Path, header: list[str], rows: list[tuple[str, ...]], delimiter: str
    ) -> None:
        self.export_button.setEnabled(False)
        try:
            count = await export_csv(path, header, rows, delimiter=delimiter)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.banner.show_error(
                lambda: arg(self.tr("The file could not be saved: %1"), reason), retry=False
            )
            return
        finally:
            self.export_button.setEnabled(True)
        partial = self.model.has_more

        def saved() -> str:
            text = arg(self.tr("%1 calls saved to %2."), str(count), path.name)
            if partial:
                text += " " + self.tr(
                    "Only the calls loaded so far; scroll to the end for the rest."
                )
            return text

        self.banner.show_info(saved)
