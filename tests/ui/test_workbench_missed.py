"""The Missed calls page against the simulated PBX (on a manual clock), on a qasync loop."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from vega_desktop.api import HistoryRecord, ServerError, VegaClient
from vega_desktop.core.caller import CallerLookup
from vega_desktop.core.missed import MissedQueue, Scope
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.workbench.missed import Column, MissedPage

from .conftest import until
from .workbench_fixtures import OWN_EXT, pbx_fixture, pbx_now, requests_to, vega_fixture

__all__ = ["pbx_fixture", "vega_fixture"]

CALLER = "+380671112233"


def run(loop: asyncio.AbstractEventLoop, scenario: object) -> None:
    assert asyncio.iscoroutine(scenario)
    loop.run_until_complete(asyncio.wait_for(scenario, 20))


def miss(pbx: SimulatedPbx, number: str = CALLER, **where: str | None) -> None:
    uuid = pbx.start_call("incoming", number=number, ext=where.get("ext"), group=where.get("group"))
    pbx.advance(25)
    pbx.end_call(uuid)
    pbx.advance(5)


@pytest.fixture
def queue(pbx: SimulatedPbx, vega: VegaClient) -> MissedQueue:
    async def dial(number: str) -> str:
        return await vega.calls.make_call(OWN_EXT, number)

    return MissedQueue(
        vega.history,
        own_ext=OWN_EXT,
        dial=dial,
        lookup=CallerLookup(vega).lookup,
        now=lambda: pbx_now(pbx),
    )


@pytest.fixture
def page(qtbot: QtBot, pbx: SimulatedPbx, queue: MissedQueue) -> MissedPage:
    widget = MissedPage(queue, now=lambda: pbx_now(pbx))
    widget.resize(1000, 520)
    qtbot.addWidget(widget)
    return widget


def numbers(page: MissedPage) -> list[str]:
    return [row.number for row in page.shown_rows()]


def test_rows_follow_the_queue_and_clear_after_an_answered_call_back(
    page: MissedPage,
    queue: MissedQueue,
    pbx: SimulatedPbx,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    counts: list[int] = []
    page.count_changed.connect(counts.append)

    async def scenario() -> None:
        page.show()
        assert page.empty_text() == "Loading missed calls…"
        await page.refresh()  # type: ignore[misc]
        first = len(queue.rows)
        assert numbers(page) == [row.number for row in queue.rows]  # latest first
        assert counts[-1] == first

        miss(pbx)
        miss(pbx)
        await queue.refresh()
        assert numbers(page)[0] == CALLER
        assert page.proxy.index(0, Column.ATTEMPTS).data() == "×2"
        assert page.proxy.index(0, Column.CALLER).data() == "067 111 2233"
        assert page.proxy.index(0, Column.RANG).data() == "Андрій Васильєв (001)"
        assert page.proxy.index(0, Column.WHEN).data() == "just now"
        assert counts[-1] == first + 1

        # the Call back button of that row
        index = page.proxy.index(0, Column.ACTION)
        assert index.data() == ""  # the button is painted by the delegate
        rect = page.view.visualRect(index)
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: "your phone rings first" in page.banner.text())
        assert page.proxy.index(0, Column.ACTION).data(Qt.ItemDataRole.UserRole + 3) is True
        body = requests_to(pbx, "/rest/user/makeCall")[-1]["json"]
        assert body == {"legExt": OWN_EXT, "otherLegNum": CALLER}

        await queue.refresh()  # still ringing: still waiting
        assert CALLER in numbers(page)
        pbx.advance(pbx.answer_delay + 60)  # answered, talking
        pbx.advance(120)  # hung up
        await queue.refresh()
        assert CALLER not in numbers(page)
        assert len(numbers(page)) == first
        assert counts[-1] == first

    run(qloop, scenario())


def test_filter_mine_my_group_everyone(
    page: MissedPage, queue: MissedQueue, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        await queue.refresh()
        miss(pbx, "+380671112233")
        miss(pbx, "+380671112244", group="200")
        miss(pbx, "+380671112255", ext="004")
        await queue.refresh()

    run(qloop, scenario())
    page.set_scope(Scope.MINE)
    mine = numbers(page)
    assert "+380671112233" in mine
    assert not {"+380671112244", "+380671112255"} & set(mine)
    page.set_scope(Scope.MY_GROUP)
    group = numbers(page)
    assert {"+380671112233", "+380671112244"} <= set(group)
    assert "+380671112255" not in group
    assert page.proxy.index(group.index("+380671112244"), Column.RANG).data() == (
        "Group: Підтримка (200)"
    )
    page.set_scope(Scope.EVERYONE)
    assert set(numbers(page)) == {row.number for row in queue.rows}
    checked = [b.text() for b in page._scope_group.buttons() if b.isChecked()]
    assert checked == ["Everyone"]


def test_how_long_ago_updates(
    page: MissedPage, queue: MissedQueue, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        await queue.refresh()
        miss(pbx)
        await queue.refresh()

    run(qloop, scenario())
    changed: list[int] = []
    page.model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.column()))
    pbx.advance(7 * 60)
    page._ticker.timeout.emit()  # the once-a-minute timer
    assert changed == [Column.WHEN]
    assert page.proxy.index(0, Column.WHEN).data() == "7 min ago"
    assert page.updated_label.text() == "Updated 7 min ago"
    tip = page.proxy.index(0, Column.WHEN).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<qt>")
    assert tip.count(":") == 2  # one attempt: one time stamp


def test_empty_state_and_an_error_with_retry(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    class History:
        def __init__(self) -> None:
            self.fail = True

        async def _records(self) -> AsyncIterator[HistoryRecord]:
            if self.fail:
                raise ServerError("boom", status=500)
            records: list[HistoryRecord] = []  # the queue is empty: nobody is waiting
            for record in records:
                yield record

        def iter_missed(
            self, time_from: datetime, time_to: datetime
        ) -> AsyncIterator[HistoryRecord]:
            assert time_to - time_from == timedelta(days=7)
            return self._records()

    async def dial(number: str) -> str:
        return number

    history = History()
    queue = MissedQueue(history, own_ext=None, dial=dial)
    page = MissedPage(queue)
    qtbot.addWidget(page)

    async def scenario() -> None:
        page.show()
        await page.refresh()  # type: ignore[misc]
        assert "could not be updated" in page.banner.text()
        assert page.empty_text() == ""
        history.fail = False
        page.banner.retry_button.click()
        await until(lambda: page.banner.text() == "")
        assert page.empty_text() == "No missed calls — nice work!"
        assert page.updated_label.text() == "Updated just now"

    run(qloop, scenario())
    scopes = {b.text(): b.isEnabled() for b in page._scope_group.buttons()}
    assert scopes == {"Mine": False, "My group": False, "Everyone": True}


def test_context_menu_and_a_refused_call(
    page: MissedPage, queue: MissedQueue, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    notes: list[str] = []
    page.note_requested.connect(notes.append)

    async def scenario() -> None:
        await queue.refresh()
        row = queue.rows[0]
        menu = page.context_menu(row)
        actions = {a.text(): a for a in menu.actions()}
        actions["Copy number"].trigger()
        actions["Add note…"].trigger()
        menu.close()
        assert QGuiApplication.clipboard().text() == row.number
        assert notes == [row.number]
        pbx.add_fault("500", "/rest/user/makeCall")
        await page.call_back(row.number)  # type: ignore[misc]
        assert "was not placed" in page.banner.text()
        index = page.proxy.index(0, Column.ACTION)
        assert index.data(Qt.ItemDataRole.UserRole + 3) is False  # the button is back

    run(qloop, scenario())


def test_screenshot(
    page: MissedPage,
    queue: MissedQueue,
    pbx: SimulatedPbx,
    shots_dir: Path,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    async def scenario() -> None:
        page.show()
        await queue.refresh()
        miss(pbx, "+380671112244", group="200")
        miss(pbx, "+380671112244", group="200")
        miss(pbx, "+380671112244", group="100")
        await queue.refresh()

    run(qloop, scenario())
    image = page.grab()
    assert image.save(str(shots_dir / "workbench-missed.png"))
