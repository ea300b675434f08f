"""The Colleagues page: the demo PBX's users, their activity from call snapshots, Call per row."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vega_desktop.api import BadRequest, Direction, User, VegaClient
from vega_desktop.core.caller import UserDirectory
from vega_desktop.demo import SimulatedPbx
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.workbench.colleagues import (
    Activity,
    ColleagueModel,
    ColleaguesPage,
    Presence,
    activity_by_ext,
)

from .conftest import leg, make_call, other, until
from .crm_fixtures import client_fixture, pbx_fixture
from .test_i18n import qm_dir, translations
from .workbench_fixtures import switch_language as switch

__all__ = ["client_fixture", "pbx_fixture", "qm_dir", "translations"]


class FakeDial:
    def __init__(self) -> None:
        self.exts: list[str] = []
        self.error: BaseException | None = None

    async def __call__(self, ext: str) -> str:
        self.exts.append(ext)
        if self.error is not None:
            raise self.error
        return "d" * 32


@pytest.fixture
def dial() -> FakeDial:
    return FakeDial()


@pytest.fixture
def page(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, client: VegaClient, dial: FakeDial
) -> ColleaguesPage:
    widget = ColleaguesPage(users=UserDirectory(client), dial=dial, own_ext="001")
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    run(qloop, widget.reload)
    return widget


def run(loop: asyncio.AbstractEventLoop, start: Callable[[], Awaitable[object] | None]) -> None:
    """Start a page's task on the running loop and wait for it."""

    async def go() -> None:
        task = start()
        assert task is not None
        await task

    loop.run_until_complete(go())


def shown(page: ColleaguesPage, column: int) -> list[str]:
    return [str(page.proxy.index(row, column).data()) for row in range(page.proxy.rowCount())]


def status_by_ext(page: ColleaguesPage) -> dict[str, str]:
    exts, texts = shown(page, ColleagueModel.EXT), shown(page, ColleagueModel.STATUS)
    return dict(zip(exts, texts, strict=True))


def row_of(page: ColleaguesPage, ext: str) -> int:
    return shown(page, ColleagueModel.EXT).index(ext)


def snapshot() -> list[object]:
    talking = make_call(uuid="1" * 32, answered=True, leg1=leg("002", "Петро Петренко", 27))
    ringing = make_call(
        uuid="2" * 32,
        direction=Direction.INTERNAL,
        leg1=leg("003", "Оксана Мельник", 41),
        leg2=leg("004", "Марія Шевченко", 19),
        others=(),
    )
    anonymous = make_call(
        uuid="3" * 32,
        leg1=leg("005", "Дмитро Бондаренко", 52),
        others=(other(name=None, company=None, url=None),),
    )
    return [talking, ringing, anonymous]


def test_lists_every_user_sorted_by_name(page: ColleaguesPage, pbx: SimulatedPbx) -> None:
    assert page.proxy.rowCount() == len(pbx.users())
    names = shown(page, ColleagueModel.NAME)
    # Ukrainian alphabetical order: І comes after И and before Ї, Й, К
    assert names[0] == "Андрій Васильєв"
    assert names.index("Ірина Коваленко") == names.index("Дмитро Бондаренко") + 1
    assert names[-1] == "Юрій Юр'єв"
    row = row_of(page, "002")
    assert shown(page, ColleagueModel.NAME)[row] == "Петро Петренко"
    assert shown(page, ColleagueModel.EMAIL)[row] == "petro.petrenko@demo.pbx.vega.ua"
    assert shown(page, ColleagueModel.STATUS)[row] == ""
    assert page.status_text() == ""


def test_filter_by_name_extension_or_email(page: ColleaguesPage) -> None:
    page.filter_edit.setText("мельник")
    assert shown(page, ColleagueModel.EXT) == ["003"]
    page.filter_edit.setText("009")
    assert shown(page, ColleagueModel.NAME) == ["Юрій Юр'єв"]
    page.filter_edit.setText("shevchenko@")
    assert shown(page, ColleagueModel.EXT) == ["004"]
    page.filter_edit.clear()
    assert page.proxy.rowCount() == 10


def test_activity_from_a_snapshot(page: ColleaguesPage, shots_dir: Path) -> None:
    page.update_active_calls(snapshot())  # type: ignore[arg-type]
    status = status_by_ext(page)
    assert status["002"] == "On a call · Олена Петренко"
    assert status["003"] == "Ringing · Марія Шевченко"
    assert status["004"] == "Ringing · Оксана Мельник"
    assert status["005"] == "Ringing · 067 123 4567"
    assert status["001"] == ""
    page.show()
    page.view.selectRow(row_of(page, "002"))
    page.grab().save(str(shots_dir / "colleagues.png"))

    page.update_active_calls([])
    assert set(shown(page, ColleagueModel.STATUS)) == {""}


def test_talking_wins_over_ringing() -> None:
    ringing = make_call(uuid="4" * 32, leg1=leg("002", "Петро", 27))
    talking = make_call(uuid="5" * 32, answered=True, leg1=leg("002", "Петро", 27))
    found = activity_by_ext([talking, ringing])
    assert found["002"] == Activity(Presence.ON_CALL, "Олена Петренко")
    assert activity_by_ext([ringing, talking])["002"].presence is Presence.ON_CALL


def test_activity_from_the_simulated_pbx(
    qloop: asyncio.AbstractEventLoop,
    page: ColleaguesPage,
    pbx: SimulatedPbx,
    client: VegaClient,
) -> None:
    uuid = pbx.start_call("internal", ext="006", to_ext="007")
    page.update_active_calls(qloop.run_until_complete(client.calls.active()))
    status = status_by_ext(page)
    assert status["007"] == "Ringing · Наталія Ткаченко"
    pbx.answer_call(uuid)
    page.update_active_calls(qloop.run_until_complete(client.calls.active()))
    status = status_by_ext(page)
    assert status["006"] == "On a call · Олег Кравченко"


def test_the_call_button_dials_the_extension(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, page: ColleaguesPage, dial: FakeDial
) -> None:
    dialled: list[str] = []
    page.dialled.connect(dialled.append)
    page.show()
    index = page.proxy.index(row_of(page, "004"), ColleagueModel.CALL)
    rect = page.view.visualRect(index)
    assert index.data() == "Call"

    async def scenario() -> None:
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: bool(dialled))

    qloop.run_until_complete(scenario())
    assert dial.exts == ["004"]
    assert dialled == ["004"]
    assert page.status_text() == "Calling Марія Шевченко — your phone rings first."


def test_no_call_to_yourself_and_errors_in_place(
    qloop: asyncio.AbstractEventLoop, page: ColleaguesPage, dial: FakeDial
) -> None:
    assert page.call_row(row_of(page, "001")) is None
    dial.error = BadRequest("Extension is busy")
    run(qloop, lambda: page.call_row(row_of(page, "003")))
    assert dial.exts == ["003"]
    assert page.status_text() == "The PBX did not place the call: Extension is busy"


def test_users_unavailable_is_said_in_place(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, client: VegaClient, pbx: SimulatedPbx
) -> None:
    pbx.add_fault("500", path="/rest/users", count=10)
    widget = ColleaguesPage(users=UserDirectory(client), dial=FakeDial())
    qtbot.addWidget(widget)
    run(qloop, widget.reload)
    assert widget.proxy.rowCount() == 0
    assert widget.status_text() == "The list of colleagues is not available right now."


def test_model_keeps_users_and_sorts_status_first(qtbot: QtBot) -> None:
    model = ColleagueModel()
    model.set_users([User(1, "Б", "002", None), User(2, "А", "003", "a@x.ua")])
    assert [model.user(r).display_name for r in range(2)] == ["А", "Б"]  # type: ignore[union-attr]
    model.set_activity({"002": Activity(Presence.ON_CALL)})
    sort = ColleagueModel.SortRole
    assert model.index(1, ColleagueModel.STATUS).data(sort) < model.index(0, 3).data(sort)
    assert model.index(1, ColleagueModel.STATUS).data() == "On a call"


def test_a_language_switch_retranslates_and_keeps_the_filter(
    qloop: asyncio.AbstractEventLoop, translations: Translations, page: ColleaguesPage
) -> None:
    switch(translations, "uk")
    page.update_active_calls(snapshot())  # type: ignore[arg-type]
    page.filter_edit.setText("00")
    page.view.selectRow(row_of(page, "002"))
    run(qloop, lambda: page.call_row(row_of(page, "004")))

    def header(column: int) -> str:
        return str(page.proxy.headerData(column, Qt.Orientation.Horizontal))

    assert header(ColleagueModel.STATUS) == "Стан"
    assert status_by_ext(page)["002"] == "Розмовляє · Олена Петренко"
    assert page.status_text() == "Дзвінок на Марія Шевченко — спершу задзвонить ваш телефон."

    switch(translations, "en")
    assert header(ColleagueModel.NAME) == "Name"
    assert header(ColleagueModel.STATUS) == "Status"
    assert status_by_ext(page)["002"] == "On a call · Олена Петренко"
    assert page.proxy.index(0, ColleagueModel.CALL).data() == "Call"
    assert page.filter_edit.placeholderText() == "Filter by name, extension or e-mail"
    assert page.refresh_button.text() == "Refresh"
    assert page.status_text() == "Calling Марія Шевченко — your phone rings first."
    assert page.filter_edit.text() == "00"
    assert page.user_at(page.view.currentIndex().row()).ext == "002"  # type: ignore[union-attr]

    switch(translations, "uk")
    assert header(ColleagueModel.EXT) == "Внутр."
    assert status_by_ext(page)["002"] == "Розмовляє · Олена Петренко"
    assert page.refresh_button.text() == "Оновити"
    assert page.filter_edit.text() == "00"
