"""The Dial window with fake search and dial coroutines, on a qasync loop."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from vega_desktop.api import BadRequest, TransportError
from vega_desktop.api.phone import InvalidNumber
from vega_desktop.core.dialer import CandidateKind, DialCandidate
from vega_desktop.ui.asyncutil import WidgetTasks
from vega_desktop.ui.dial import DialState, DialWindow

from .conftest import until

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

OLENA = DialCandidate(
    CandidateKind.CONTACT, "Олена Петренко", "+380671234567", "ТОВ «Світанок»", 6137
)
PETRO = DialCandidate(CandidateKind.COLLEAGUE, "Петро Петров", "002", "petro@demo.ua")
RECENT = DialCandidate(CandidateKind.RECENT, "+380442249895", "+380442249895")


class FakeSearch:
    """Answers from a table; ``delays`` makes chosen texts answer late."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.table: dict[str, list[DialCandidate]] = {}
        self.delays: dict[str, float] = {}
        self.error: BaseException | None = None

    async def __call__(self, text: str) -> Sequence[DialCandidate]:
        self.asked.append(text)
        await asyncio.sleep(self.delays.get(text, 0.0))
        if self.error is not None:
            raise self.error
        return self.table.get(text, [])


class FakeDial:
    def __init__(self) -> None:
        self.numbers: list[str] = []
        self.error: BaseException | None = None
        self.gate: asyncio.Event | None = None

    async def __call__(self, number: str) -> str:
        self.numbers.append(number)
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return "c" * 32


@pytest.fixture
def search() -> FakeSearch:
    return FakeSearch()


@pytest.fixture
def dial() -> FakeDial:
    return FakeDial()


@pytest.fixture
def window(qtbot: QtBot, search: FakeSearch, dial: FakeDial) -> DialWindow:
    win = DialWindow(search=search, dial=dial)
    qtbot.addWidget(win)
    return win


def run(loop: asyncio.AbstractEventLoop, scenario: object) -> None:
    assert asyncio.iscoroutine(scenario)
    loop.run_until_complete(scenario)


# --------------------------------------------------------------------------- search


def test_typing_is_debounced(
    window: DialWindow, search: FakeSearch, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    search.table["оле"] = [OLENA]

    async def scenario() -> None:
        window.show()
        for text in ("о", "ол", "оле"):
            window.search_edit.setText(text)
            await asyncio.sleep(0.05)
        assert search.asked == []  # still inside the 200 ms quiet period
        await until(lambda: window.results.rowCount() == 1)
        assert search.asked == ["оле"]
        await asyncio.sleep(0.3)
        assert search.asked == ["оле"]

    run(qloop, scenario())
    assert window.results.candidates == (OLENA,)
    assert window.results_view.currentIndex().row() == 0


def test_stale_answers_are_discarded(
    window: DialWindow, search: FakeSearch, qloop: asyncio.AbstractEventLoop
) -> None:
    search.table["ол"] = [RECENT]
    search.table["олена"] = [OLENA]
    search.delays["ол"] = 0.4  # the older search answers last

    async def scenario() -> None:
        window.search_edit.setText("ол")
        await until(lambda: search.asked == ["ол"])
        window.search_edit.setText("олена")
        await until(lambda: search.asked == ["ол", "олена"])
        await until(lambda: window.results.rowCount() == 1)
        assert window.results.candidates == (OLENA,)
        await asyncio.sleep(0.5)  # now the slow answer to "ол" arrives

    run(qloop, scenario())
    assert window.results.candidates == (OLENA,)


def test_apply_results_refuses_an_old_sequence_number(window: DialWindow) -> None:
    window._seq = 5  # two searches started
    assert not window.apply_results(4, "ол", [RECENT])
    assert window.results.rowCount() == 0
    assert window.apply_results(5, "олена", [OLENA])
    assert window.results.candidates == (OLENA,)


def test_prefill_searches_at_once(
    window: DialWindow, search: FakeSearch, qloop: asyncio.AbstractEventLoop
) -> None:
    search.table["+380671234567"] = [OLENA]

    async def scenario() -> None:
        window.prefill(" +380671234567 ")
        await until(lambda: window.results.rowCount() == 1, limit=0.15)  # no debounce

    run(qloop, scenario())
    assert window.search_edit.text() == "+380671234567"
    assert search.asked == ["+380671234567"]


def test_search_failure_is_quiet_and_inline(
    window: DialWindow, search: FakeSearch, qloop: asyncio.AbstractEventLoop
) -> None:
    search.error = TransportError("down")

    async def scenario() -> None:
        window.prefill("оле")
        await until(lambda: window.status_text() != "")

    run(qloop, scenario())
    assert window.status_text() == "Search is unavailable right now."
    assert window.search_edit.text() == "оле"


def test_results_render_the_kinds(window: DialWindow) -> None:
    window._seq = 1
    window.apply_results(1, "", [OLENA, PETRO, RECENT])
    model = window.results
    assert model.data(model.index(0, 0)) == "Олена Петренко"
    assert model.data(model.index(0, 0), model.NumberTextRole) == "067 123 4567"
    assert model.data(model.index(0, 0), model.KindTextRole) == "Contact"
    assert model.data(model.index(1, 0), model.NumberTextRole) == "Ext. 002"
    assert model.data(model.index(1, 0), model.KindTextRole) == "Colleague"
    assert model.data(model.index(2, 0), model.KindTextRole) == "Recent"
    assert model.data(model.index(2, 0), model.CandidateRole) is RECENT


# --------------------------------------------------------------------------- dialling


def test_dial_sends_the_normalised_number(
    window: DialWindow, dial: FakeDial, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        window.show()
        window.search_edit.setText("067 123-45-67")
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)  # before any search answered
        await until(lambda: window.call_uuid is not None)

    run(qloop, scenario())
    assert dial.numbers == ["+380671234567"]
    assert window.status_text() == "Your phone rings first — pick it up to connect"
    assert window.search_edit.text() == "067 123-45-67"


def test_invalid_number_is_an_inline_error_and_the_text_stays(
    window: DialWindow, dial: FakeDial, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        window.show()
        window.search_edit.setText("hello<b>")
        qtbot.mouseClick(window.dial_button, Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.05)

    run(qloop, scenario())
    assert dial.numbers == []
    assert window.status_text() == "Not a phone number: hello<b>"
    assert window.status_tone() == "error"
    assert window.search_edit.text() == "hello<b>"
    label = window.findChild(QLabel, "dialStatus")
    assert label is not None
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_pbx_error_is_inline_and_the_text_stays(
    window: DialWindow, dial: FakeDial, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    dial.error = BadRequest("Extension 001 is not registered")

    async def scenario() -> None:
        window.search_edit.setText("0442249895")
        qtbot.mouseClick(window.dial_button, Qt.MouseButton.LeftButton)
        await until(lambda: not window.dialling)

    run(qloop, scenario())
    assert dial.numbers == ["+380442249895"]
    assert window.status_text() == (
        "The PBX did not place the call: Extension 001 is not registered"
    )
    assert window.search_edit.text() == "0442249895"
    assert window.dial_button.isEnabled()
    assert window.call_uuid is None


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (TransportError("timed out"), "Cannot reach the PBX: timed out"),
        (InvalidNumber("nope"), "Not a phone number: 002"),
        (RuntimeError("boom"), "Dialling failed: boom"),
    ],
)
def test_other_dial_failures(
    window: DialWindow,
    dial: FakeDial,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    error: BaseException,
    message: str,
) -> None:
    dial.error = error

    async def scenario() -> None:
        window.search_edit.setText("002")
        qtbot.mouseClick(window.dial_button, Qt.MouseButton.LeftButton)
        await until(lambda: not window.dialling)

    run(qloop, scenario())
    assert window.status_text() == message
    assert window.search_edit.text() == "002"


def test_enter_dials_the_highlighted_candidate(
    window: DialWindow,
    search: FakeSearch,
    dial: FakeDial,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    search.table["пет"] = [PETRO, OLENA]

    async def scenario() -> None:
        window.show()
        window.search_edit.setText("пет")
        await until(lambda: window.results.rowCount() == 2)
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
        assert window.selected_candidate() is OLENA
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
        await until(lambda: window.call_uuid is not None)

    run(qloop, scenario())
    assert dial.numbers == ["+380671234567"]


def test_a_stale_highlight_is_not_dialled(
    window: DialWindow,
    search: FakeSearch,
    dial: FakeDial,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
) -> None:
    search.table["пет"] = [PETRO]

    async def scenario() -> None:
        window.search_edit.setText("пет")
        await until(lambda: window.results.rowCount() == 1)
        window.search_edit.setText("0671234567")  # typed on; results are for "пет"
        assert window.selected_candidate() is None
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
        await until(lambda: window.call_uuid is not None)

    run(qloop, scenario())
    assert dial.numbers == ["+380671234567"]


def test_double_click_dials(
    window: DialWindow, dial: FakeDial, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    window._seq = 1
    window.apply_results(1, "", [RECENT, PETRO])

    async def scenario() -> None:
        window.show()
        view = window.results_view
        rect = view.visualRect(window.results.index(1, 0))
        # a real double-click: press/release, then the double-click event
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: window.call_uuid is not None)

    run(qloop, scenario())
    assert dial.numbers == ["002"]


def test_enter_twice_places_one_call(
    window: DialWindow, dial: FakeDial, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    dial.gate = asyncio.Event()

    async def scenario() -> None:
        window.search_edit.setText("0442249895")
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
        await until(lambda: dial.numbers)
        assert not window.dial_button.isEnabled()
        assert dial.gate is not None
        dial.gate.set()
        await until(lambda: not window.dialling)

    run(qloop, scenario())
    assert dial.numbers == ["+380442249895"]


def test_call_state_is_shown(
    window: DialWindow, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        window.search_edit.setText("0671234567")
        with qtbot.waitSignal(window.dialled) as sig:
            qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
            await until(lambda: window.call_uuid is not None)
        assert sig.args == ["c" * 32, "+380671234567"]

    run(qloop, scenario())
    window.set_call_state(DialState.CONNECTED, "d" * 32)  # another call: ignored
    assert window.status_text() == "Your phone rings first — pick it up to connect"
    window.set_call_state(DialState.CONNECTED, "c" * 32)
    assert window.status_text() == "Connected to 067 123 4567"
    window.set_call_state(DialState.ENDED)
    assert window.status_text() == "Call ended"


def test_escape_closes(window: DialWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_present_focuses_the_search(
    window: DialWindow, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        window.present("+380671234567")
        await asyncio.sleep(0.05)

    run(qloop, scenario())
    qtbot.waitUntil(lambda: window.search_edit.hasFocus())
    assert window.search_edit.selectedText() == "+380671234567"


# --------------------------------------------------------------------------- screenshot


def test_screenshot(
    window: DialWindow,
    search: FakeSearch,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    shots_dir: Path,
) -> None:
    typed = DialCandidate(CandidateKind.TYPED, "+380671234567", "+380671234567")
    search.table["067"] = [
        typed,
        OLENA,
        DialCandidate(CandidateKind.CONTACT, "Андрій Мельник", "+380672220011", "Агро-Юг"),
        DialCandidate(CandidateKind.RECENT, "Сервісний центр", "+380675550000"),
        PETRO,
    ]

    async def scenario() -> None:
        window.present("067")
        await until(lambda: window.results.rowCount() == 5)

    run(qloop, scenario())
    qtbot.waitExposed(window)
    window.set_call_state(DialState.RINGING_YOU)
    assert window.grab().save(str(shots_dir / "dial-window.png"))


# --------------------------------------------------------------------------- task keeping


def test_a_search_in_flight_is_cancelled_with_the_window(
    qtbot: QtBot, search: FakeSearch, dial: FakeDial, qloop: asyncio.AbstractEventLoop
) -> None:
    search.delays["оле"] = 5.0
    win = DialWindow(search=search, dial=dial)

    async def scenario() -> None:
        win.prefill("оле")
        await until(lambda: search.asked == ["оле"])
        tasks = [t for t in asyncio.all_tasks() if "dial search" in t.get_name()]
        assert len(tasks) == 1
        win.deleteLater()
        await until(lambda: tasks[0].done())
        assert tasks[0].cancelled()

    run(qloop, scenario())


def test_an_escaped_exception_is_logged_not_lost(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    owner = QObject()
    tasks = WidgetTasks(owner)

    async def broken() -> None:
        raise ValueError("bug")

    async def scenario() -> None:
        task = tasks.start(broken(), name="broken job")
        assert len(tasks) == 1
        await asyncio.wait([task])

    with caplog.at_level(logging.ERROR, logger="vega_desktop.ui.async"):
        run(qloop, scenario())
    assert len(tasks) == 0
    assert "broken job failed" in caplog.text
    assert "ValueError: bug" in caplog.text


def test_starting_a_task_without_a_loop_says_why(qtbot: QtBot) -> None:
    owner = QObject()

    async def job() -> None:
        return None

    with pytest.raises(RuntimeError, match="no running asyncio loop"):
        WidgetTasks(owner).start(job())


def test_a_language_change_retranslates_the_window(
    window: DialWindow, qtbot: QtBot, translator: Callable[[dict[str, dict[str, str]]], None]
) -> None:
    window._seq = 1
    window.apply_results(1, "", [OLENA])
    translator({"DialWindow": {"Dial": "Набрати"}, "CandidateModel": {"Contact": "Контакт"}})
    qtbot.waitUntil(lambda: window.dial_button.text() == "Набрати")
    assert window.windowTitle() == "Набрати"
    model = window.results
    assert model.data(model.index(0, 0), model.KindTextRole) == "Контакт"
