"""The History page and its models against the simulated PBX, on a qasync loop."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vega_desktop.api import Direction, Disposition, HistoryRecord, Leg, VegaClient
from vega_desktop.core.history_query import PAGE_SIZE, Preset, RowFilter
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.workbench.history import HistoryPage
from vega_desktop.ui.workbench.history_model import Column, HistoryProxyModel, HistoryTableModel

from .conftest import until
from .workbench_fixtures import OWN_EXT, pbx_fixture, pbx_now, query_of, requests_to, vega_fixture

__all__ = ["pbx_fixture", "vega_fixture"]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def run(loop: asyncio.AbstractEventLoop, scenario: object) -> None:
    assert asyncio.iscoroutine(scenario)
    loop.run_until_complete(asyncio.wait_for(scenario, 20))


def window_of(pbx: SimulatedPbx, count: int) -> tuple[datetime, datetime]:
    """A window holding exactly ``count`` company.api records (a ring-group call lists two
    records with one end time: the window must not cut between them)."""
    stamps = [int(r.end_at * 1000) for r in pbx.history_records() if r.in_company]
    stamps.sort(reverse=True)
    start = next(
        i
        for i in range(len(stamps) - count)
        if (i == 0 or stamps[i - 1] > stamps[i]) and stamps[i + count - 1] > stamps[i + count]
    )
    lo, hi = stamps[start + count - 1], stamps[start]
    return EPOCH + timedelta(milliseconds=lo), EPOCH + timedelta(milliseconds=hi)


def offsets(pbx: SimulatedPbx, path: str = "/rest/calls/company.api") -> list[int]:
    return [int(query_of(e)["offset"]) for e in requests_to(pbx, path)]


class Dialled:
    def __init__(self, client: VegaClient) -> None:
        self.numbers: list[str] = []
        self._client = client

    async def __call__(self, number: str) -> str:
        self.numbers.append(number)
        return await self._client.calls.make_call(OWN_EXT, number)


@pytest.fixture
def dialled(vega: VegaClient) -> Dialled:
    return Dialled(vega)


@pytest.fixture
def page(qtbot: QtBot, pbx: SimulatedPbx, vega: VegaClient, dialled: Dialled) -> HistoryPage:
    opened: list[str] = []

    async def crm_url(number: str) -> str | None:
        return {"+380671234567": "javascript:alert(1)"}.get(
            number, f"https://demo.pbx.vega.ua/features/crm/contacts/edit.jsp#/?phone={number}"
        )

    widget = HistoryPage(
        history=vega.history,
        dial=dialled,
        own_ext=OWN_EXT,
        users=vega.users.list,
        crm_url=crm_url,
        open_url=opened.append,
        now=lambda: pbx_now(pbx),
    )
    widget.opened = opened  # type: ignore[attr-defined]
    widget.resize(1100, 640)
    qtbot.addWidget(widget)
    widget.preset_combo.setCurrentIndex(widget.preset_combo.findData(Preset.LAST_7_DAYS))
    return widget


async def loaded(page: HistoryPage, rows: int | None = None) -> None:
    await until(lambda: not page.model.loading and page.model.loaded_count > 0)
    if rows is not None:
        await until(lambda: page.model.loaded_count >= rows)


# --- paging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("total", [PAGE_SIZE, 2 * PAGE_SIZE])
def test_paging_across_exactly_full_pages(
    qtbot: QtBot,
    pbx: SimulatedPbx,
    vega: VegaClient,
    qloop: asyncio.AbstractEventLoop,
    total: int,
) -> None:
    lo, hi = window_of(pbx, total)
    model = HistoryTableModel()
    finished: list[bool] = []
    model.finished.connect(lambda: finished.append(True))

    async def fetch(limit: int, offset: int) -> list[HistoryRecord]:
        return await vega.history.company(lo, hi, None, limit, offset)

    async def scenario() -> None:
        model.set_fetch(fetch)
        pbx.clear_request_log()
        seen = []
        while model.canFetchMore():
            model.fetchMore()
            model.fetchMore()  # one page in flight at a time: the second call waits its turn
            assert model.loading
            await until(lambda: not model.loading)
            seen.append(model.rowCount())
        assert seen == [*range(PAGE_SIZE, total + 1, PAGE_SIZE), total]
        model.fetchMore()
        assert model.load_more() is None

    run(qloop, scenario())
    assert offsets(pbx) == list(range(0, total + 1, PAGE_SIZE))
    assert all(query_of(e)["limit"] == "50" for e in requests_to(pbx, "/rest/calls/company.api"))
    assert finished == [True]
    assert model.loaded_count == total
    assert len({r.uuid for r in model.visible_records()}) == total


def test_pages_load_as_the_view_scrolls(
    page: HistoryPage, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        pbx.clear_request_log()
        page.show()
        await loaded(page)
        await asyncio.sleep(0.2)  # the view is not full-scrolled: nothing more is fetched
        assert page.model.loaded_count == PAGE_SIZE
        assert page.model.has_more
        assert "scroll down for more" in page.status_text()
        page.view.scrollToBottom()
        await loaded(page, 2 * PAGE_SIZE)
        await asyncio.sleep(0.2)
        assert page.model.loaded_count == 2 * PAGE_SIZE

    run(qloop, scenario())
    assert offsets(pbx) == [0, PAGE_SIZE]


# --- filters ---------------------------------------------------------------------------------


def test_direction_goes_to_the_pbx_the_rest_stays_local(
    page: HistoryPage, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        page.show()
        await loaded(page)
        pbx.clear_request_log()
        page.direction_combo.setCurrentIndex(page.direction_combo.findText("Incoming"))
        await loaded(page)
        assert [query_of(e)["directions"] for e in requests_to(pbx, "/rest/calls/")] == ["4"]
        assert {r.direction for r in page.model.visible_records()} == {Direction.INCOMING}

        pbx.clear_request_log()
        page.result_combo.setCurrentIndex(page.result_combo.findText("Not answered"))
        shown = page.model.visible_records()
        assert shown
        assert all(r.disposition is not Disposition.ANSWERED for r in shown)

        await until(lambda: page.employee_combo.count() > 1)  # colleagues listed meanwhile
        page.employee_combo.setCurrentIndex(page.employee_combo.findData("002"))
        assert all(
            "002" in {r.leg.ext if r.leg else None, *r.transfer_history}
            for r in page.model.visible_records()
        )
        page.employee_combo.setCurrentIndex(0)
        page.result_combo.setCurrentIndex(0)
        assert requests_to(pbx, "/rest/calls/") == []  # none of that asked the PBX

    run(qloop, scenario())


def test_search_by_digits_or_name_is_debounced(
    page: HistoryPage, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        page.show()
        await loaded(page)
        total = page.model.visible_count
        named = next(
            r
            for r in page.model.visible_records()
            if r.other_leg_name and not r.other_leg_name.startswith(("+", "0", "3"))
        )
        assert named.other_leg_num is not None
        digits = "0" + named.other_leg_num[4:9]  # "067 12..." as people type it
        page.search_edit.setText(digits[:3] + " " + digits[3:])
        assert page.model.visible_count == total  # not yet: the debounce
        await until(lambda: page.model.visible_count < total)
        assert named in page.model.visible_records()
        assert all(
            digits in "0" + (r.other_leg_num or "")[4:] for r in page.model.visible_records()
        )
        first_name = (named.other_leg_name or "").split()[0].upper()
        page.search_edit.setText(first_name)
        page.apply_filters()  # Enter-like: at once
        assert named in page.model.visible_records()
        assert all(
            first_name.casefold() in (r.other_leg_name or "").casefold()
            or first_name.casefold() in (r.leg.display_name or "").casefold()
            for r in page.model.visible_records()
            if r.leg
        )
        page.search_edit.setText("жодного такого імені")
        page.apply_filters()
        assert page.model.visible_count == 0
        assert page.status_text().startswith("0 of")

    run(qloop, scenario())


def test_my_calls_read_users_api_and_keep_the_operators_legs(
    page: HistoryPage, pbx: SimulatedPbx, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        page.show()
        await loaded(page)
        pbx.clear_request_log()
        page.mine_button.click()
        await loaded(page)
        assert requests_to(pbx, "/rest/calls/users.api")
        shown = page.model.visible_records()
        assert shown
        assert all(
            OWN_EXT
            in {r.leg.ext if r.leg else None, r.leg2.ext if r.leg2 else None}
            | set(r.transfer_history)
            for r in shown
        )

    run(qloop, scenario())


# --- sorting ---------------------------------------------------------------------------------


def record(i: int, talk: int | None, name: str = "Олена") -> HistoryRecord:
    return HistoryRecord(
        uuid=f"{i:032x}",
        parent_uuid=None,
        end_at=datetime(2025, 3, 14, 10, 0, tzinfo=UTC) - timedelta(minutes=i),
        direction=Direction.INCOMING,
        other_leg_num=f"+38067123{i:04d}",
        other_leg_name=name,
        leg=Leg(36, OWN_EXT, "Андрій Васильєв"),
        leg2=None,
        bill_secs=talk,
        duration=None if talk is None else talk + 5,
        disposition=Disposition.ANSWERED if talk else Disposition.NO_ANSWER,
        transfer_history=(),
        audio_url="https://demo.pbx.vega.ua/rest/public/calls/x/audio" if talk else None,
        trunks=(),
    )


def test_sort_by_talk_time_is_numeric_and_keeps_the_selection(qtbot: QtBot) -> None:
    model = HistoryTableModel()
    proxy = HistoryProxyModel(model)
    model.load_records([record(0, 9), record(1, 75), record(2, None), record(3, 600), record(4, 0)])
    kept = QPersistentModelIndex(proxy.index(1, 0))  # the 75 s call
    proxy.sort(Column.TALK, Qt.SortOrder.DescendingOrder)
    talks = [proxy.index(r, Column.TALK).data() for r in range(proxy.rowCount())]
    assert talks == ["10:00", "01:15", "00:09", "00:00", ""]
    assert kept.row() == 1  # "01:15" is still the same record
    assert proxy.index(1, 0).data(Qt.ItemDataRole.UserRole + 1).bill_secs == 75
    proxy.sort(Column.TALK, Qt.SortOrder.AscendingOrder)
    assert [proxy.record(proxy.index(r, 0)).bill_secs for r in range(5)] == [None, 0, 9, 75, 600]  # type: ignore[union-attr]
    assert kept.row() == 3
    proxy.sort(-1)
    assert [proxy.record(proxy.index(r, 0)).uuid[-1] for r in range(5)] == list("01234")  # type: ignore[union-attr]

    # a page arriving while sorted lands in its sorted place
    proxy.sort(Column.TALK, Qt.SortOrder.DescendingOrder)
    model.load_records([record(5, 120)])
    assert [proxy.index(r, Column.TALK).data() for r in range(3)] == ["10:00", "02:00", "01:15"]
    proxy.set_row_filter(RowFilter(dispositions=frozenset({Disposition.ANSWERED})))
    assert [proxy.index(r, Column.TALK).data() for r in range(proxy.rowCount())] == [
        "10:00",
        "02:00",
        "01:15",
        "00:09",
    ]


def test_cells_are_plain_text(qtbot: QtBot) -> None:
    model = HistoryTableModel()
    model.load_records([record(0, 30, name="<b>Олена</b> & Co")])
    proxy = HistoryProxyModel(model)
    party = proxy.index(0, Column.PARTY)
    assert party.data() == "<b>Олена</b> & Co · 067 123 0000"
    assert (
        party.data(Qt.ItemDataRole.ToolTipRole)
        == "<qt>&lt;b&gt;Олена&lt;/b&gt; &amp; Co · 067 123 0000</qt>"
    )
    assert proxy.index(0, Column.RESULT).data() == "Answered"
    assert proxy.index(0, Column.DIRECTION).data() == "Incoming"
    assert proxy.index(0, Column.RECORDING).data(Qt.ItemDataRole.DecorationRole) is not None
    assert proxy.headerData(Column.TALK, Qt.Orientation.Horizontal) == "Talk time"


# --- acting on rows --------------------------------------------------------------------------


def test_double_click_calls_the_number_back(
    page: HistoryPage,
    pbx: SimulatedPbx,
    dialled: Dialled,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    async def scenario() -> None:
        page.show()
        await loaded(page)
        row = next(
            r
            for r in range(page.proxy.rowCount())
            if page.proxy.record(page.proxy.index(r, 0)).other_leg_num  # type: ignore[union-attr]
        )
        index = page.proxy.index(row, Column.PARTY)
        page.view.scrollTo(index)
        rect = page.view.visualRect(index)
        # a real double-click: press/release, then the double-click event
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: bool(page.banner.text()))
        expected = page.proxy.record(index)
        assert expected is not None
        assert dialled.numbers == [expected.other_leg_num]
        body = requests_to(pbx, "/rest/user/makeCall")[-1]["json"]
        assert body == {"legExt": OWN_EXT, "otherLegNum": expected.other_leg_num}
        assert "your phone rings first" in page.banner.text()

    run(qloop, scenario())


def test_context_menu_actions(
    page: HistoryPage, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    notes: list[str] = []
    played: list[HistoryRecord] = []
    saved: list[HistoryRecord] = []
    page.note_requested.connect(notes.append)
    page.play_recording_requested.connect(played.append)
    page.save_recording_requested.connect(saved.append)
    with_audio = record(1, 75)
    unsafe = record(2, 0)
    assert unsafe.audio_url is None

    def act(rec: HistoryRecord, text: str) -> None:
        menu = page.context_menu(rec)
        action = next(a for a in menu.actions() if a.text() == text)
        assert action.isEnabled(), text
        action.trigger()
        menu.close()

    async def scenario() -> None:
        act(with_audio, "Copy number")
        assert QGuiApplication.clipboard().text() == "+380671230001"
        act(with_audio, "Add note…")
        act(with_audio, "Play recording")
        act(with_audio, "Save recording…")
        act(with_audio, "Open in CRM")
        await until(lambda: bool(page.opened))  # type: ignore[attr-defined]
        menu = page.context_menu(unsafe)
        disabled = {a.text() for a in menu.actions() if not a.isEnabled() and a.text()}
        assert disabled == {"Play recording", "Save recording…"}
        menu.close()
        page.open_in_crm("+380671234567")  # the CRM answers with a javascript: link
        await until(lambda: "no page" in page.banner.text())

    run(qloop, scenario())
    assert notes == ["+380671230001"]
    assert played == [with_audio]
    assert saved == [with_audio]
    assert page.opened == [  # type: ignore[attr-defined]
        "https://demo.pbx.vega.ua/features/crm/contacts/edit.jsp#/?phone=+380671230001"
    ]


# --- errors ----------------------------------------------------------------------------------


def test_a_server_error_shows_in_place_and_retry_recovers(
    page: HistoryPage, pbx: SimulatedPbx, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    pbx.add_fault("500", "/rest/calls/company.api")

    async def scenario() -> None:
        page.show()
        await until(lambda: bool(page.banner.text()))
        assert "could not be loaded" in page.banner.text()
        assert page.banner.retry_button.isVisible()
        assert not page.progress.isVisible()
        assert page.model.rowCount() == 0
        assert page.status_text() == ""
        assert not page.model.canFetchMore()  # no hammering while the PBX fails
        qtbot.mouseClick(page.banner.retry_button, Qt.MouseButton.LeftButton)
        await loaded(page)
        assert page.banner.text() == ""

    run(qloop, scenario())
    assert page.model.loaded_count == PAGE_SIZE
    assert offsets(pbx) == [0, 0]


# --- export ----------------------------------------------------------------------------------


def test_export_writes_the_shown_rows(
    page: HistoryPage, pbx: SimulatedPbx, tmp_path: Path, qloop: asyncio.AbstractEventLoop
) -> None:
    contact = pbx.world.contacts[7001]
    contact.first_name = 'Олена "Лена", ТОВ'
    contact.last_name = "Світанок\nвідділ збуту"
    phone = next(f for f in contact.fields if f.enum_code == "Телефон").values[0].value
    uuid = pbx.start_call("incoming", number=phone)
    pbx.advance(3)
    pbx.answer_call(uuid)
    pbx.advance(42)
    pbx.end_call(uuid)
    target = tmp_path / "calls.csv"

    async def scenario() -> None:
        page.show()
        await loaded(page)
        page.result_combo.setCurrentIndex(page.result_combo.findText("Answered"))
        task = page.export_to(target)
        assert isinstance(task, asyncio.Task)
        await task

    run(qloop, scenario())
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "Time",
        "Direction",
        "Number and name",
        "Employee",
        "Talk time",
        "Total time",
        "Result",
        "Transfers",
        "Recording",
    ]
    assert len(rows) == 1 + page.model.visible_count
    assert {row[6] for row in rows[1:]} == {"Answered"}
    first = rows[1]  # the newest call: the one just made
    assert first[2].startswith('Олена "Лена", ТОВ Світанок\nвідділ збуту · ')
    assert first[4] == "00:42"
    assert first[8] == "yes"
    assert first[0] == datetime.fromtimestamp(pbx.now(), UTC).astimezone().strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert b'"\xd0\x9e\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0 ""' in raw  # the quote doubled, quoted
    assert "calls saved to calls.csv" in page.banner.text()


def test_screenshot(page: HistoryPage, shots_dir: Path, qloop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        page.show()
        await loaded(page)
        page.view.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        await asyncio.sleep(0.05)

    run(qloop, scenario())
    QApplication.processEvents()
    image = page.grab()
    assert image.save(str(shots_dir / "workbench-history.png"))
    assert not image.isNull()


def test_a_late_page_of_an_old_query_is_dropped(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    model = HistoryTableModel()
    gate = asyncio.Event()

    async def old(limit: int, offset: int) -> list[HistoryRecord]:
        await gate.wait()
        return [record(i, 10) for i in range(limit)]

    async def new(limit: int, offset: int) -> list[HistoryRecord]:
        return [record(100 + i, 20) for i in range(3)]

    async def scenario() -> None:
        model.set_fetch(old)
        slow = model.load_more()
        assert slow is not None
        await asyncio.sleep(0.01)
        model.set_fetch(new)  # the user changed the query meanwhile
        gate.set()
        await asyncio.gather(slow, return_exceptions=True)
        task = model.load_more()
        assert task is not None
        await task

    model.set_fetch(new)
    assert model.load_more() is None  # outside the event loop: the view asks again later
    assert model.canFetchMore()
    run(qloop, scenario())
    assert [r.bill_secs for r in model.visible_records()] == [20, 20, 20]
    assert not model.has_more
