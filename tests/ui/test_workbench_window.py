"""The workbench window: pages plug in, the sidebar switches them, closing only hides."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from vega_desktop.api import VegaClient
from vega_desktop.core.missed import MissedQueue
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.workbench.history import HistoryPage
from vega_desktop.ui.workbench.missed import MissedPage
from vega_desktop.ui.workbench.window import WorkbenchWindow

from .workbench_fixtures import OWN_EXT, pbx_fixture, pbx_now, vega_fixture

__all__ = ["pbx_fixture", "vega_fixture"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def window(qtbot: QtBot) -> WorkbenchWindow:
    win = WorkbenchWindow()
    qtbot.addWidget(win)
    return win


def test_pages_plug_in_and_switch(window: WorkbenchWindow) -> None:
    changed: list[str] = []
    window.page_changed.connect(changed.append)
    missed, history, contacts = QLabel("missed"), QLabel("history"), QLabel("contacts")
    window.add_page("missed", "Missed calls", missed)
    window.add_page("history", "History", history)
    pixmap = QPixmap(16, 16)
    pixmap.fill()
    window.add_page("contacts", "Contacts", contacts, icon=QIcon(pixmap))
    assert window.page_keys() == ["missed", "history", "contacts"]
    assert window.current_page() == "missed"  # the first page added
    assert window.pages.currentWidget() is missed
    assert window.show_page("contacts")
    assert window.pages.currentWidget() is contacts
    assert not window.show_page("nope")
    window.sidebar.setCurrentRow(1)  # a click in the sidebar
    assert window.current_page() == "history"
    assert window.page("history") is history
    assert changed == ["missed", "contacts", "history"]

    window.set_page_badge("missed", 3)
    assert window.page_text("missed") == "Missed calls  (3)"
    window.set_page_badge("missed", 0)
    assert window.page_text("missed") == "Missed calls"
    window.set_page_title("missed", "Пропущені")
    assert window.page_text("missed") == "Пропущені"

    replacement = QLabel("contacts, again")
    window.add_page("contacts", "Contacts", replacement)  # same key: replaced
    assert window.page_keys() == ["missed", "history", "contacts"]
    window.remove_page("history")
    assert window.page_keys() == ["missed", "contacts"]
    assert window.page("history") is None


def test_connection_state_in_the_status_bar(window: WorkbenchWindow) -> None:
    window.set_connection("Online · demo.pbx.vega.ua")
    assert window.connection_text() == "Online · demo.pbx.vega.ua"


def test_closing_hides_and_raising_restores(window: WorkbenchWindow, qtbot: QtBot) -> None:
    window.add_page("missed", "Missed calls", QLabel("missed"))
    window.add_page("history", "History", QLabel("history"))
    window.raise_and_focus()
    assert window.isVisible()
    window.setGeometry(QRect(40, 30, 700, 480))  # inside the 800x600 offscreen screen
    window.show_page("history")
    geometry = window.geometry()
    assert window.close() is False  # the close is refused: the window only hides
    assert not window.isVisible()
    window.raise_and_focus()
    assert window.isVisible()
    assert window.geometry() == geometry
    assert window.current_page() == "history"


def test_the_real_pages_in_the_window(
    window: WorkbenchWindow,
    pbx: SimulatedPbx,
    vega: VegaClient,
    shots_dir: Path,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    async def dial(number: str) -> str:
        return await vega.calls.make_call(OWN_EXT, number)

    queue = MissedQueue(vega.history, own_ext=OWN_EXT, dial=dial, now=lambda: pbx_now(pbx))
    missed = MissedPage(queue, now=lambda: pbx_now(pbx))
    history = HistoryPage(history=vega.history, dial=dial, own_ext=OWN_EXT)
    window.add_page("missed", window.tr("Missed calls"), missed)
    window.add_page("history", window.tr("History"), history)
    missed.count_changed.connect(lambda n: window.set_page_badge("missed", n))
    window.set_connection("Online")
    window.resize(1180, 640)

    async def scenario() -> None:
        window.raise_and_focus()
        await queue.refresh()

    qloop.run_until_complete(scenario())
    assert window.page_text("missed") == f"Missed calls  ({len(queue.rows)})"
    assert window.grab().save(str(shots_dir / "workbench-window.png"))
