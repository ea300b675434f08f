"""The tray: state, tooltip and menu for each state, the missed-calls badge, per-call Hang up."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QAction, QClipboard, QColor, QGuiApplication, QIcon, QImage
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from tests.ui.test_i18n import compile_translations
from vega_desktop.api import (
    ActiveCall,
    CallEvent,
    Direction,
    Disposition,
    HistoryRecord,
    Leg,
    OtherLeg,
    ServerError,
)
from vega_desktop.core.poller import Connection, Status
from vega_desktop.ui.i18n import Translations
from vega_desktop.ui.icons import (
    TrayState,
    app_icon,
    badge_text,
    clear_caches,
    tray_icon,
    tray_image,
)
from vega_desktop.ui.tray import TrayController, call_party, clipboard_number

OWN = Leg(id=36, ext="001", display_name="Іван Іванов")
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def incoming(uuid: str = "a" * 32, *, name: str | None = "ТОВ Ромашка", answered: bool = False,
             number: str = "+380442249895") -> ActiveCall:  # fmt: skip
    return ActiveCall(
        uuid=uuid,
        parent_uuid=None,
        last_event=CallEvent.BRIDGE if answered else CallEvent.DIAL,
        dial_at=NOW,
        bridge_at=NOW if answered else None,
        direction=Direction.INCOMING,
        leg=OWN,
        leg2=None,
        other_legs=(OtherLeg(id="1", name=name, num=number, company_name=None, url=None),),
        trunk_num="+380442246595",
        trunk_name="Main line",
    )


def internal(uuid: str = "b" * 32) -> ActiveCall:
    return ActiveCall(
        uuid=uuid,
        parent_uuid=None,
        last_event=CallEvent.BRIDGE,
        dial_at=NOW,
        bridge_at=NOW,
        direction=Direction.INTERNAL,
        leg=OWN,
        leg2=Leg(id=27, ext="002", display_name="Петро Петров"),
        other_legs=(),
        trunk_num=None,
        trunk_name=None,
    )


def missed(number: str, name: str | None = None, uuid: str = "c" * 32) -> HistoryRecord:
    return HistoryRecord(
        uuid=uuid,
        parent_uuid=None,
        end_at=NOW,
        direction=Direction.INCOMING,
        other_leg_num=number,
        other_leg_name=name or number,
        leg=OWN,
        leg2=None,
        bill_secs=0,
        duration=10,
        disposition=Disposition.NO_ANSWER,
        transfer_history=(),
        audio_url=None,
        trunks=(),
    )


@pytest.fixture(scope="module", autouse=True)
def english(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """English catalogue installed, so plural forms read "2 missed calls"."""
    translations = Translations(qapp, directory=compile_translations(tmp_path_factory.mktemp("qm")))
    translations.apply("en")
    yield
    translations.clear()
    translations.deleteLater()


@pytest.fixture
def clipboard(qapp: object) -> QClipboard:
    board = QGuiApplication.clipboard()
    board.clear()
    return board


@pytest.fixture
def tray(qtbot: object, clipboard: QClipboard) -> TrayController:
    controller = TrayController(tray_available=True, clipboard=clipboard, platform="linux")
    yield controller
    controller.close()


def actions(menu: QMenu) -> dict[str, QAction]:
    return {a.objectName(): a for a in menu.actions() if a.objectName()}


def signed_in(tray: TrayController) -> TrayController:
    tray.set_signed_in(True, account="acme.pbx.vega.ua", ext="001")
    tray.set_status(Status(Connection.ONLINE))
    return tray


def test_signed_out_menu_offers_sign_in_and_quit(tray: TrayController) -> None:
    assert tray.state is TrayState.SIGNED_OUT
    assert "Not signed in" in tray.tooltip()
    assert set(actions(tray.menu)) == {"signInAction", "diagnosticsAction", "quitAction"}


def test_connecting_then_online(tray: TrayController) -> None:
    tray.set_signed_in(True, account="acme.pbx.vega.ua", ext="001")
    assert tray.state is TrayState.CONNECTING
    assert "Connecting to acme.pbx.vega.ua" in tray.tooltip()
    tray.set_status(Status(Connection.ONLINE))
    assert tray.state is TrayState.ONLINE
    assert "Online: acme.pbx.vega.ua, ext. 001" in tray.tooltip()
    assert tray.tray is not None
    assert tray.tray.toolTip() == tray.tooltip()
    names = set(actions(tray.menu))
    assert {"dialAction", "clipboardAction", "workbenchAction", "missedAction", "dndAction",
            "settingsAction", "diagnosticsAction", "signOutAction",
            "quitAction"} <= names  # fmt: skip
    assert not any(n.startswith("hangup:") for n in names)


def test_offline_shows_the_reason(tray: TrayController) -> None:
    signed_in(tray)
    error = ServerError("Service Unavailable", status=503)
    tray.set_status(Status(Connection.OFFLINE, error.detail, error))
    assert tray.state is TrayState.OFFLINE
    assert "Offline: Service Unavailable" in tray.tooltip()
    assert actions(tray.menu)["statusAction"].text() == "Offline — retrying"


def test_rejected_key_is_named(tray: TrayController) -> None:
    signed_in(tray)
    tray.set_status(Status(Connection.AUTH_FAILED, "forbidden"))
    assert tray.state is TrayState.OFFLINE
    assert "did not accept the API key" in tray.tooltip()


def test_each_active_call_gets_a_hang_up_entry(tray: TrayController) -> None:
    signed_in(tray)
    tray.set_calls([incoming(), internal()])
    assert tray.state is TrayState.ON_CALL
    assert "2 active calls" in tray.tooltip()
    menu = actions(tray.menu)
    assert menu[f"hangup:{'a' * 32}"].text() == "Hang up ТОВ Ромашка"
    assert menu[f"hangup:{'b' * 32}"].text() == "Hang up Петро Петров (002)"

    asked: list[str] = []
    tray.hangup_requested.connect(asked.append)
    menu[f"hangup:{'b' * 32}"].trigger()
    assert asked == ["b" * 32]

    tray.set_calls([incoming()])
    assert "On a call: ТОВ Ромашка" in tray.tooltip()
    assert f"hangup:{'b' * 32}" not in actions(tray.menu)


def test_unknown_caller_is_shown_by_formatted_number(tray: TrayController) -> None:
    signed_in(tray)
    tray.set_calls([incoming(name="+380442249895")])
    assert actions(tray.menu)[f"hangup:{'a' * 32}"].text() == "Hang up 044 224 9895"


def test_menu_is_rebuilt_only_when_its_content_changes(tray: TrayController) -> None:
    signed_in(tray)
    tray.set_calls([incoming()])
    before = actions(tray.menu)[f"hangup:{'a' * 32}"]
    for _ in range(5):  # the same snapshot on every poll
        tray.set_calls([incoming()])
        tray.set_status(Status(Connection.ONLINE))
    assert actions(tray.menu)[f"hangup:{'a' * 32}"] is before
    tray.set_calls([incoming(answered=True)])  # answered: the entry is rebuilt
    assert actions(tray.menu)[f"hangup:{'a' * 32}"] is not before


def test_missed_count_badge_and_the_entries_that_open_the_workbench(tray: TrayController) -> None:
    signed_in(tray)
    records = [
        missed("+380501112233", "Олена", uuid="1" * 32),
        missed("+380501112233", "Олена", uuid="2" * 32),  # same caller twice: one caller
        missed("+380671234567", uuid="3" * 32),
    ]
    tray.set_missed(records)
    assert tray.missed_count == 2
    assert "2 missed calls" in tray.tooltip()
    missed_action = actions(tray.menu)["missedAction"]
    assert missed_action.text() == "Missed calls (2)"
    assert missed_action.menu() is None  # one click: the Missed calls page
    opened: list[str] = []
    tray.missed_requested.connect(lambda: opened.append("missed"))
    tray.workbench_requested.connect(lambda: opened.append("workbench"))
    missed_action.trigger()
    actions(tray.menu)["workbenchAction"].trigger()
    assert opened == ["missed", "workbench"]

    tray.set_missed([])
    assert tray.missed_count == 0
    assert "missed" not in tray.tooltip()
    assert actions(tray.menu)["missedAction"].text() == "Missed calls (0)"


def test_badge_is_painted_on_the_icon(qapp: object) -> None:
    plain = tray_image(TrayState.ONLINE, 0, 32)
    badged = tray_image(TrayState.ONLINE, 3, 32)
    corner = QColor(badged.pixel(32 - 6, 5))
    assert plain.pixel(32 - 6, 5) != badged.pixel(32 - 6, 5)
    assert corner.red() > 180  # the red disc
    assert corner.green() < 120
    assert badge_text(0) == ""
    assert badge_text(7) == "7"
    assert badge_text(12) == "9+"
    assert not tray_icon(TrayState.OFFLINE, 12).isNull()
    assert not app_icon().isNull()


def test_icons_draw_each_size_when_asked_exactly_as_rendered(qapp: object) -> None:
    icon = tray_icon(TrayState.ON_CALL, 4)
    gc.collect()  # the icon keeps its engine alive, not a Python reference
    for size in (16, 22, 24, 48):
        drawn = icon.pixmap(size, size).toImage()
        expected = tray_image(TrayState.ON_CALL, 4, size)
        assert drawn.size() == expected.size()
        assert drawn.convertToFormat(expected.format()) == expected
    window = app_icon().pixmap(128, 128)
    assert window.width() == 128
    assert QColor(window.toImage().pixel(64, 64)).alpha() == 255


def test_an_icon_copy_keeps_drawing_after_the_caches_are_cleared(qapp: object) -> None:
    copy = QIcon(tray_icon(TrayState.OFFLINE, 2))  # as a window or the tray keeps one
    clear_caches()
    gc.collect()
    image = copy.pixmap(24, 24).toImage()
    assert image.width() == 24
    assert image == tray_image(TrayState.OFFLINE, 2, 24).convertToFormat(image.format())


@pytest.mark.parametrize("state", list(TrayState))
def test_every_state_has_a_crisp_icon(qapp: object, state: TrayState) -> None:
    for size in (16, 22, 32):
        image = tray_image(state, 0, size)
        assert image.size().width() == size
        opaque = sum(
            1 for x in range(size) for y in range(size) if QColor(image.pixel(x, y)).alpha() > 200
        )
        assert opaque > size * size * 0.6  # the rounded square fills the icon
    assert isinstance(tray_image(state, 1, 16), QImage)


def test_clipboard_entry_is_enabled_only_for_a_number(
    tray: TrayController, clipboard: QClipboard
) -> None:
    signed_in(tray)
    action = actions(tray.menu)["clipboardAction"]
    clipboard.setText("hello world")
    tray.menu.aboutToShow.emit()
    assert not action.isEnabled()
    clipboard.setText(" (044) 224-98-95 ")
    tray.menu.aboutToShow.emit()
    assert action.isEnabled()
    assert action.text() == "Dial 044 224 9895 from clipboard"
    dialled: list[str] = []
    tray.dial_number_requested.connect(dialled.append)
    action.trigger()
    assert dialled == ["+380442249895"]
    assert clipboard_number("line one\nline two") is None


def test_do_not_disturb_is_checkable_and_reported(tray: TrayController) -> None:
    signed_in(tray)
    seen: list[bool] = []
    tray.dnd_changed.connect(seen.append)
    actions(tray.menu)["dndAction"].trigger()
    assert seen == [True]
    assert tray.dnd
    assert actions(tray.menu)["dndAction"].isChecked()
    assert "Do not disturb" in tray.tooltip()


def test_left_click_opens_dial_except_on_macos(clipboard: QClipboard, qtbot: object) -> None:
    linux = TrayController(tray_available=True, clipboard=clipboard, platform="linux")
    mac = TrayController(tray_available=True, clipboard=clipboard, platform="darwin")
    try:
        for controller in (linux, mac):
            signed_in(controller)
        opened: list[str] = []
        linux.dial_requested.connect(lambda: opened.append("linux"))
        mac.dial_requested.connect(lambda: opened.append("mac"))
        linux.activate(QSystemTrayIcon.ActivationReason.Trigger)
        mac.activate(QSystemTrayIcon.ActivationReason.Trigger)
        linux.activate(QSystemTrayIcon.ActivationReason.Context)
        assert opened == ["linux"]
    finally:
        linux.close()
        mac.close()


def test_intents_from_the_menu(tray: TrayController) -> None:
    signed_in(tray)
    seen: list[str] = []
    tray.dial_requested.connect(lambda: seen.append("dial"))
    tray.settings_requested.connect(lambda: seen.append("settings"))
    tray.diagnostics_requested.connect(lambda: seen.append("diagnostics"))
    tray.sign_out_requested.connect(lambda: seen.append("sign out"))
    tray.quit_requested.connect(lambda: seen.append("quit"))
    menu = actions(tray.menu)
    for name in (
        "dialAction",
        "settingsAction",
        "diagnosticsAction",
        "signOutAction",
        "quitAction",
    ):
        menu[name].trigger()
    assert seen == ["dial", "settings", "diagnostics", "sign out", "quit"]
    assert menu["diagnosticsAction"].text() == "Save diagnostics…"


def test_without_a_tray_a_status_window_stands_in(qtbot: object, clipboard: QClipboard) -> None:
    controller = TrayController(tray_available=False, clipboard=clipboard, platform="linux")
    try:
        assert controller.tray is None
        assert controller.window is not None
        signed_in(controller)
        controller.show()
        assert controller.window.isVisible()
        assert "Online: acme.pbx.vega.ua" in controller.window.status_text()
        controller.show_message("Title", "Something happened")
        controller.window.close()  # closing only minimises: the window is the app here
        assert controller.window is not None
    finally:
        controller.close()


def test_call_party_for_each_direction() -> None:
    assert call_party(incoming(), "001") == "ТОВ Ромашка"
    assert call_party(incoming(name=None), "001") == "044 224 9895"
    assert call_party(internal(), "001") == "Петро Петров (002)"
    assert call_party(internal(), "002") == "Іван Іванов (001)"
