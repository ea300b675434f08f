"""The workbench follows a language switch at run time: uk → en → uk, nothing typed is lost."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from vega_desktop.api import Direction, Disposition, HistoryRecord, Leg, VegaClient
from vega_desktop.core.caller import CallerLookup
from vega_desktop.core.missed import MissedQueue
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.workbench.history import HistoryPage
from vega_desktop.ui.workbench.history_model import Column as HistoryColumn
from vega_desktop.ui.workbench.missed import Column as MissedColumn
from vega_desktop.ui.workbench.missed import MissedPage
from vega_desktop.ui.workbench.window import WorkbenchWindow

from .test_i18n import qm_dir, translations
from .workbench_fixtures import OWN_EXT, pbx_fixture, pbx_now, vega_fixture
from .workbench_fixtures import switch_language as switch

__all__ = ["pbx_fixture", "qm_dir", "translations", "vega_fixture"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CALLER = "+380671234567"


def run(loop: asyncio.AbstractEventLoop, scenario: object) -> None:
    assert asyncio.iscoroutine(scenario)
    loop.run_until_complete(asyncio.wait_for(scenario, 20))


def test_the_window_retranslates_and_asks_for_page_titles(
    qtbot: QtBot, translations: Translations
) -> None:
    switch(translations, "uk")
    window = WorkbenchWindow()
    qtbot.addWidget(window)
    asked: list[str] = []
    window.add_page("missed", "Пропущені", QLabel("missed"))
    window.set_page_badge("missed", 2)
    window.language_changed.connect(lambda: asked.append(translations.language))
    window.language_changed.connect(
        lambda: window.set_page_title(
            "missed", "Missed calls" if translations.language == "en" else "Пропущені"
        )
    )
    switch(translations, "en")
    assert asked == ["en"]
    assert window.windowTitle() == "Vega Desktop"
    assert window.page_text("missed") == "Missed calls  (2)"  # the badge stays
    switch(translations, "uk")
    assert asked == ["en", "uk"]
    assert window.page_text("missed") == "Пропущені  (2)"


def miss(pbx: SimulatedPbx, number: str = CALLER) -> None:
    uuid = pbx.start_call("incoming", number=number)
    pbx.advance(25)
    pbx.end_call(uuid)
    pbx.advance(5)


def test_missed_calls_follow_the_language(
    qtbot: QtBot,
    pbx: SimulatedPbx,
    vega: VegaClient,
    translations: Translations,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    switch(translations, "uk")

    async def dial(number: str) -> str:
        return await vega.calls.make_call(OWN_EXT, number)

    queue = MissedQueue(
        vega.history,
        own_ext=OWN_EXT,
        dial=dial,
        lookup=CallerLookup(vega).lookup,
        now=lambda: pbx_now(pbx),
    )
    page = MissedPage(queue, now=lambda: pbx_now(pbx))
    qtbot.addWidget(page)

    async def scenario() -> None:
        await queue.refresh()
        miss(pbx)
        await queue.refresh()

    run(qloop, scenario())
    pbx.advance(7 * 60)
    page._ticker.timeout.emit()
    page.view.selectRow(0)
    headers: list[tuple[int, int]] = []
    page.model.headerDataChanged.connect(lambda _o, first, last: headers.append((first, last)))

    def header(column: int) -> str:
        return str(page.proxy.headerData(column, Qt.Orientation.Horizontal))

    def when() -> str:
        return str(page.proxy.index(0, MissedColumn.WHEN).data())

    assert page.refresh_button.text() == "Оновити"
    assert header(MissedColumn.CALLER) == "Абонент"
    assert when() == "7 хвилин тому"
    assert page.updated_label.text() == "Оновлено 7 хвилин тому"

    switch(translations, "en")
    assert headers
    assert page.refresh_button.text() == "Refresh"
    assert {b.text() for b in page._scope_group.buttons()} == {"Mine", "My group", "Everyone"}
    assert header(MissedColumn.CALLER) == "Caller"
    assert header(MissedColumn.WHEN) == "Last call"
    assert when() == "7 min ago"
    assert page.updated_label.text() == "Updated 7 min ago"  # rebuilt from the time of update
    assert page.view.selectionModel().selectedRows()[0].row() == 0

    switch(translations, "uk")
    assert page.refresh_button.text() == "Оновити"
    assert header(MissedColumn.WHEN) == "Останній дзвінок"
    assert when() == "7 хвилин тому"
    assert page.updated_label.text() == "Оновлено 7 хвилин тому"
    assert page.view.selectionModel().selectedRows()[0].row() == 0


YESTERDAY_NOON = datetime.now().astimezone().replace(hour=12, minute=0, second=0) - timedelta(
    days=1
)


def record(i: int) -> HistoryRecord:
    return HistoryRecord(
        uuid=f"{i:032x}",
        parent_uuid=None,
        end_at=YESTERDAY_NOON + timedelta(minutes=i),
        direction=Direction.INCOMING,
        other_leg_num=f"+38067123{i:04d}",
        other_leg_name="Олена",
        leg=Leg(36, OWN_EXT, "Андрій Васильєв"),
        leg2=None,
        bill_secs=30 + i,
        duration=35 + i,
        disposition=Disposition.ANSWERED,
        audio_url=None,
        transfer_history=(),
        trunks=(),
    )


def test_history_follows_the_language_and_keeps_the_filters(
    qtbot: QtBot, vega: VegaClient, translations: Translations
) -> None:
    switch(translations, "uk")

    async def dial(number: str) -> None:
        return None

    page = HistoryPage(history=vega.history, dial=dial, own_ext=OWN_EXT)
    qtbot.addWidget(page)
    page.model.load_records([record(0), record(1)])
    page.preset_combo.setCurrentIndex(2)
    page.result_combo.setCurrentIndex(1)
    page.search_edit.setText("0671")
    page.view.selectRow(1)

    def cell(column: int) -> str:
        return str(page.proxy.index(0, column).data())

    def header(column: int) -> str:
        return str(page.proxy.headerData(column, Qt.Orientation.Horizontal))

    assert page.search_edit.placeholderText() == "Пошук за номером або ім’ям"
    assert cell(HistoryColumn.DIRECTION) == "Вхідний"
    assert cell(HistoryColumn.TIME).startswith("Учора ")
    assert header(HistoryColumn.TALK) == "Розмова"

    switch(translations, "en")
    assert page.search_edit.placeholderText() == "Search by number or name"
    assert page.refresh_button.text() == "Refresh"
    assert page.export_button.text() == "Export CSV…"
    assert page.preset_combo.currentText() == "Last 7 days"
    assert page.result_combo.currentText() == "Answered"
    assert page.direction_combo.itemText(0) == "All directions"
    assert header(HistoryColumn.TALK) == "Talk time"
    assert cell(HistoryColumn.DIRECTION) == "Incoming"
    assert cell(HistoryColumn.RESULT) == "Answered"
    assert cell(HistoryColumn.TIME).startswith("Yesterday ")
    assert page.status_text().startswith("Calls: ")

    switch(translations, "uk")
    assert page.preset_combo.currentText() == "Останні 7 днів"
    assert page.result_combo.currentText() == "Прийнятий"
    assert page.search_edit.text() == "0671"
    assert page.view.selectionModel().selectedRows()[0].row() == 1
    assert header(HistoryColumn.TALK) == "Розмова"
    assert cell(HistoryColumn.TIME).startswith("Учора ")
    assert page.status_text().startswith("Дзвінків: ")
