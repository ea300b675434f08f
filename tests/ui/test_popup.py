"""The caller popup and the popup stack, offscreen, fed with model objects and fakes."""

# pytest-qt's QtBot methods carry no annotations
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QRect, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from vega_desktop.api import ActiveCall, BadRequest, Direction, Note, TransportError
from vega_desktop.core.caller import CallerInfo
from vega_desktop.core.outbox import Delivery, SubmitResult
from vega_desktop.ui.popup import CallerPopup, PopupState, is_safe_url
from vega_desktop.ui.popup_stack import MARGIN, SPACING, PopupStack
from vega_desktop.ui.text import (
    ElidedLabel,
    arg,
    format_duration,
    format_phone,
    plain_tooltip,
    relative_time,
)

from .conftest import (
    T0,
    FakeClock,
    answered,
    leg,
    make_call,
    make_contact,
    make_info,
    other,
    until,
)

# the offscreen platform warns on raise() for every tool window it shows
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

SCREEN = QRect(0, 0, 1280, 800)
PopupFactory = Callable[..., CallerPopup]
Translate = Callable[[dict[str, dict[str, str]]], None]
UUID2 = "562aa0bd8d9842cd95e4a581443f2e86"
UUID3 = "68333cd7aa94421e89dbc8acfe5027bb"


def label(popup: QWidget, name: str) -> QLabel:
    found = popup.findChild(QLabel, name)
    assert found is not None, name
    return found


def button(popup: QWidget, name: str) -> QPushButton:
    found = popup.findChild(QPushButton, name)
    assert found is not None, name
    return found


def ticking(popup: CallerPopup) -> bool:  # a fresh read each time (no narrowing)
    return popup.ticking


def state(popup: CallerPopup) -> PopupState:
    return popup.state


def desk_phone(stack: PopupStack) -> bool:
    return stack.desk_phone_mode


def plain(tooltip: str) -> str:
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


@pytest.fixture
def popup_factory(qtbot: QtBot, clock: FakeClock) -> PopupFactory:
    def make(call: ActiveCall | None = None, **kwargs: Any) -> CallerPopup:
        kwargs.setdefault("own_ext", "001")
        kwargs.setdefault("clock", clock)
        popup = CallerPopup(call or make_call(), **kwargs)
        qtbot.addWidget(popup)
        popup.move(500, 300)  # away from the offscreen cursor, which would count as hovering
        return popup

    return make


class SavedNotes:
    """A fake ``NoteSender.submit``: records the calls and answers as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int | None, str | None]] = []
        self.answer: SubmitResult | BaseException = SubmitResult(Delivery.SENT)
        self.gate: asyncio.Event | None = None

    async def __call__(self, text: str, contact_id: int | None, number: str | None) -> SubmitResult:
        self.calls.append((text, contact_id, number))
        if self.gate is not None:
            await self.gate.wait()
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


# --------------------------------------------------------------------------- first paint


def test_paints_number_name_and_line_from_the_call_alone(
    popup_factory: PopupFactory, clock: FakeClock
) -> None:
    clock.advance(12)
    popup = popup_factory()
    assert label(popup, "popupName").text() == "Олена Петренко"
    assert label(popup, "popupNumber").text() == "067 123 4567"
    assert label(popup, "popupCompany").text() == "ТОВ «Світанок»"
    assert label(popup, "popupLine").text() == "Line: Відділ продажів · 044 224 6595"
    assert "Incoming call" in label(popup, "popupDirection").text()
    assert label(popup, "popupTimer").text() == "Ringing · 00:12"
    assert popup.state is PopupState.RINGING
    # nothing from the CRM yet, and no buttons that need it
    assert popup.info is None
    assert not button(popup, "popupAdd").isVisibleTo(popup)
    assert button(popup, "popupHangup").isVisibleTo(popup)


def test_line_shows_one_number_when_the_trunk_name_is_the_number(
    popup_factory: PopupFactory,
) -> None:
    call = make_call(trunk_name="+380442246595", direction=Direction.OUTGOING)
    popup = popup_factory(call)
    assert label(popup, "popupLine").text() == "Line: 044 224 6595"
    assert "Outgoing call" in label(popup, "popupDirection").text()


def test_every_crm_answer_is_listed_by_priority(popup_factory: PopupFactory) -> None:
    call = make_call(
        others=(
            other(name="Олена Петренко", priority=1),
            other(name="Petrenko O.", company="Svitanok LLC", priority=2, url=None),
        )
    )
    popup = popup_factory(call)
    assert label(popup, "popupName").text() == "Олена Петренко"
    extras = [w.full_text() for w in popup.findChildren(ElidedLabel, "popupExtra")]
    assert extras == ["Also: Petrenko O. · Svitanok LLC"]


def test_unknown_number_is_the_title(popup_factory: PopupFactory) -> None:
    call = make_call(others=(other(name=None, company=None, num="+380501112233", url=None),))
    popup = popup_factory(call)
    assert label(popup, "popupName").text() == "050 111 2233"
    assert not label(popup, "popupNumber").isVisibleTo(popup)
    assert not button(popup, "popupOpen").isVisibleTo(popup)


def test_internal_call_names_the_colleague(popup_factory: PopupFactory) -> None:
    call = make_call(
        direction=Direction.INTERNAL,
        others=(),
        leg1=leg("002", "Петро Петров", 27),
        leg2=leg("001"),
    )
    popup = popup_factory(call)
    assert label(popup, "popupName").text() == "Петро Петров"
    assert label(popup, "popupNumber").text() == "Ext. 002"
    assert popup.number is None
    assert not label(popup, "popupLine").isVisibleTo(popup)
    assert not button(popup, "popupNote").isVisibleTo(popup)


def test_supervisor_sees_which_operator_takes_the_call(popup_factory: PopupFactory) -> None:
    popup = popup_factory(make_call(leg1=leg("005", "Марія Коваль", 40)))
    assert label(popup, "popupPerson").text() == "Operator: Марія Коваль (005)"


# --------------------------------------------------------------------------- plain text


def test_html_in_pbx_data_renders_literally(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    call = make_call(
        others=(other(name="<b>x</b>", company="<i>Acme</i> & <a href='x'>Co</a>"),),
        trunk_name="<img src=x>",
    )
    popup = popup_factory(call)
    info = make_info()
    hostile = replace(
        make_contact(first="<script>", last="</script>"),
        company_title="<h1>big</h1>",
    )
    notes = (Note(id=9, content="<b>bold?</b>", date_create=T0),)
    popup.set_caller_info(replace(info, contacts=(hostile,), notes=notes))
    popup.show()
    qtbot.waitExposed(popup)

    name = label(popup, "popupName")
    assert name.text() == "<b>x</b>"
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert label(popup, "popupCompany").text() == "<i>Acme</i> & <a href='x'>Co</a>"
    texts = [w.text() for w in popup.findChildren(QLabel)]
    assert "<b>bold?</b>" in texts
    # no label of the popup may interpret markup
    for widget in popup.findChildren(QLabel):
        assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()


def test_long_name_is_elided_with_the_full_name_in_a_plain_tooltip(
    popup_factory: PopupFactory, qtbot: QtBot
) -> None:
    long_name = "Олександра-Вікторія Костянтинопольська-Переяславська <VIP> 🚀 " * 2
    popup = popup_factory(make_call(others=(other(name=long_name.strip()),)))
    popup.show()
    qtbot.waitExposed(popup)
    name = popup.findChild(ElidedLabel, "popupName")
    assert name is not None
    assert name.full_text() == long_name.strip()
    assert name.text() != long_name.strip()
    assert name.text().endswith("…")
    assert plain(name.toolTip()) == long_name.strip()
    assert name.width() <= popup.width()


def test_emoji_and_short_names_are_not_elided(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    popup = popup_factory(make_call(others=(other(name="Оля 🌻"),)))
    popup.show()
    qtbot.waitExposed(popup)
    assert label(popup, "popupName").text() == "Оля 🌻"
    assert label(popup, "popupName").toolTip() == ""


# --------------------------------------------------------------------------- timers


def test_ring_timer_switches_to_talk_timer(
    popup_factory: PopupFactory, qtbot: QtBot, clock: FakeClock
) -> None:
    call = make_call()
    clock.advance(7)
    popup = popup_factory(call)
    popup.show()
    qtbot.waitExposed(popup)
    timer = label(popup, "popupTimer")
    assert timer.text() == "Ringing · 00:07"
    assert ticking(popup)

    clock.advance(3)
    popup.call_answered(answered(call, clock.now))
    assert popup.state is PopupState.TALKING
    assert timer.text() == "Talking · 00:00"
    clock.advance(65)
    qtbot.waitUntil(lambda: timer.text() == "Talking · 01:05", timeout=2500)

    popup.hide()
    assert not ticking(popup)  # one 1 Hz timer per popup, idle when nobody sees it
    popup.show()
    assert ticking(popup)

    clock.advance(10)
    popup.call_ended(call, answered=True)
    assert not ticking(popup)
    assert popup.banner() == "Call ended · 01:15"
    assert timer.text() == "Ended · 01:15"


def test_missed_incoming_call(popup_factory: PopupFactory) -> None:
    call = make_call()
    popup = popup_factory(call)
    popup.call_ended(call, answered=False)
    assert popup.banner() == "Missed call"
    assert not button(popup, "popupHangup").isVisibleTo(popup)


def test_hour_long_talk_uses_hours(popup_factory: PopupFactory, clock: FakeClock) -> None:
    call = make_call(answered=True)
    clock.advance(3725 + 5)
    popup = popup_factory(call)
    assert label(popup, "popupTimer").text() == "Talking · 1:02:05"


# --------------------------------------------------------------------------- states


def test_answered_elsewhere_says_who_and_survives_the_end(popup_factory: PopupFactory) -> None:
    call = make_call(parent_uuid="f" * 32)
    popup = popup_factory(call)
    popup.call_answered_elsewhere(call, leg("002", "Petro", 27))
    assert popup.banner() == "Answered by Petro (002)"
    popup.call_ended(call, answered=False)
    assert popup.banner() == "Answered by Petro (002)"
    assert popup.finished


def test_transferred_names_the_new_extension(popup_factory: PopupFactory) -> None:
    call = make_call(answered=True)
    popup = popup_factory(call)
    moved = replace(call, leg=leg("003", "", 50))
    popup.call_transferred(moved, "001")
    assert popup.banner() == "Transferred to 003"
    assert popup.state is PopupState.TRANSFERRED
    assert popup.finished  # we are no longer on it
    assert not button(popup, "popupHangup").isVisibleTo(popup)


# --------------------------------------------------------------------------- CRM info


def test_caller_info_adds_fields_notes_and_recent_calls(
    popup_factory: PopupFactory, clock: FakeClock
) -> None:
    popup = popup_factory()
    height = popup.height()
    popup.set_caller_info(make_info())
    texts = [w.text() for w in popup.findChildren(QLabel) if w.isVisibleTo(popup)]
    assert "067 123 4567 (Мобільний)\n044 224 9895 (Робочий)" in texts
    assert "olena@svitanok.ua (Робочий)" in texts
    assert "VIP" in texts
    assert "Просила передзвонити щодо доставки у п'ятницю 🚚" in texts
    assert "Yesterday 08:30" in texts or any(t.startswith("Yesterday") for t in texts)
    assert any(t.startswith("↓ Incoming") for t in texts)
    assert "02:14" in texts
    assert popup.height() > height
    assert not button(popup, "popupAdd").isVisibleTo(popup)


def test_name_from_the_crm_when_other_legs_have_none(popup_factory: PopupFactory) -> None:
    call = make_call(others=(other(name=None, company=None, url=None),))
    popup = popup_factory(call)
    assert label(popup, "popupName").text() == "067 123 4567"
    popup.set_caller_info(make_info())
    assert label(popup, "popupName").text() == "Олена Петренко"
    assert label(popup, "popupNumber").text() == "067 123 4567"


def test_add_contact_only_for_an_unknown_caller(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    popup = popup_factory()
    add = button(popup, "popupAdd")
    popup.set_caller_info(CallerInfo(number="+380671234567", error=TransportError("down")))
    assert not add.isVisibleTo(popup)  # we do not know: do not offer a duplicate
    popup.set_caller_info(make_info())
    assert not add.isVisibleTo(popup)
    popup.set_caller_info(make_info(known=False))
    assert add.isVisibleTo(popup)
    with qtbot.waitSignal(popup.add_contact_requested) as sig:
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert sig.args == ["+380671234567"]
    assert not add.isEnabled()


def test_open_contact_only_for_a_known_caller(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    popup = popup_factory()
    open_contact = button(popup, "popupContact")
    assert not open_contact.isVisibleTo(popup)  # the CRM has not answered yet
    popup.set_caller_info(CallerInfo(number="+380671234567", error=TransportError("down")))
    assert not open_contact.isVisibleTo(popup)
    popup.set_caller_info(make_info(known=False))
    assert not open_contact.isVisibleTo(popup)
    assert button(popup, "popupAdd").isVisibleTo(popup)
    popup.set_caller_info(make_info())
    assert open_contact.isVisibleTo(popup)
    assert open_contact.text() == "Open contact"
    assert not button(popup, "popupAdd").isVisibleTo(popup)
    with qtbot.waitSignal(popup.open_contact_requested) as sig:
        qtbot.mouseClick(open_contact, Qt.MouseButton.LeftButton)
    assert sig.args == [6137]


def test_copy_number_puts_e164_on_the_clipboard(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    popup = popup_factory()
    popup.copy_number()
    assert QGuiApplication.clipboard().text() == "+380671234567"


def test_hang_up_requests_once_and_recovers_on_error(
    popup_factory: PopupFactory, qtbot: QtBot
) -> None:
    popup = popup_factory()
    hangup = button(popup, "popupHangup")
    with qtbot.waitSignal(popup.hangup_requested) as sig:
        qtbot.mouseClick(hangup, Qt.MouseButton.LeftButton)
    assert sig.args == [popup.uuid]
    assert not hangup.isEnabled()
    popup.hangup_failed("HTTP 500")
    assert hangup.isEnabled()
    assert popup.message() == "Could not hang up: HTTP 500"


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("url", "enabled"),
    [
        ("https://crm.example.com/contacts/6137", True),
        ("http://crm.example.com/c?id=1", True),
        ("HTTPS://CRM.EXAMPLE.COM/x", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("ftp://files.example.com/x", False),
        ("https://", False),
        ("crm.example.com/contacts", False),
        ("vbscript:msgbox", False),
    ],
)
def test_only_http_links_enable_open_in_crm(
    popup_factory: PopupFactory, qtbot: QtBot, url: str, enabled: bool
) -> None:
    popup = popup_factory(make_call(others=(other(url=url),)))
    open_button = button(popup, "popupOpen")
    assert open_button.isVisibleTo(popup)
    assert open_button.isEnabled() is enabled
    assert is_safe_url(url) is enabled
    if enabled:
        with qtbot.waitSignal(popup.open_url_requested) as sig:
            qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
        assert sig.args == [url]


def test_the_stack_opens_only_safe_links(qtbot: QtBot, clock: FakeClock) -> None:
    opened: list[QUrl] = []
    stack = PopupStack(open_url=opened.append, screen_area=lambda: SCREEN, clock=clock)
    popup = stack.show_call(make_call())
    assert popup is not None
    qtbot.addWidget(popup)
    popup.open_url_requested.emit("javascript:alert(1)")  # even if a popup were fooled
    qtbot.mouseClick(button(popup, "popupOpen"), Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == [
        "https://demo.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=6137"
    ]
    stack.close_all()


# --------------------------------------------------------------------------- notes


def _type_note(popup: CallerPopup, qtbot: QtBot, text: str) -> None:
    qtbot.mouseClick(button(popup, "popupNote"), Qt.MouseButton.LeftButton)
    edit = popup.findChild(QWidget, "popupNoteEdit")
    assert isinstance(edit, QPlainTextEdit)
    assert edit.isVisibleTo(popup)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest can only type ASCII
        edit.insertPlainText(text)
    assert popup.note_text() == text


def _save(popup: CallerPopup, qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    async def scenario() -> None:
        qtbot.mouseClick(button(popup, "popupSaveNote"), Qt.MouseButton.LeftButton)
        assert popup.busy
        await until(lambda: not popup.busy)

    qloop.run_until_complete(scenario())


def test_note_cleared_only_when_sent(
    popup_factory: PopupFactory, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    saver = SavedNotes()
    popup = popup_factory(save_note=saver)
    popup.set_caller_info(make_info())
    popup.show()
    _type_note(popup, qtbot, "Передзвонити завтра")
    _save(popup, qtbot, qloop)
    assert saver.calls == [("Передзвонити завтра", 6137, "+380671234567")]
    assert popup.note_text() == ""
    assert popup.message() == "Note saved."


def test_note_kept_when_queued_and_not_saved_twice(
    popup_factory: PopupFactory, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    saver = SavedNotes()
    saver.answer = SubmitResult(Delivery.QUEUED, error=TransportError("down"))
    popup = popup_factory(save_note=saver)
    popup.show()
    _type_note(popup, qtbot, "Клієнт просить рахунок")
    _save(popup, qtbot, qloop)
    assert saver.calls == [("Клієнт просить рахунок", None, "+380671234567")]
    assert popup.note_text() == "Клієнт просить рахунок"
    assert popup.message() == "Saved offline — will be sent when the PBX is back"
    save = button(popup, "popupSaveNote")
    assert save.text() == "New note"  # the queued note is safe: offer a fresh one instead
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert popup.note_text() == ""
    assert len(saver.calls) == 1


@pytest.mark.parametrize(
    "error", [BadRequest("contact is archived"), RuntimeError("boom")], ids=["pbx", "bug"]
)
def test_note_kept_and_editable_on_error(
    popup_factory: PopupFactory, qtbot: QtBot, qloop: asyncio.AbstractEventLoop, error: Exception
) -> None:
    saver = SavedNotes()
    saver.answer = error
    popup = popup_factory(save_note=saver)
    popup.show()
    _type_note(popup, qtbot, "Важлива нотатка")
    _save(popup, qtbot, qloop)
    assert popup.note_text() == "Важлива нотатка"
    assert popup.message().startswith("The note was not saved: ")
    edit = popup.findChild(QPlainTextEdit, "popupNoteEdit")
    assert edit is not None
    assert not edit.isReadOnly()
    assert button(popup, "popupSaveNote").isEnabled()


def test_note_text_stays_while_saving(
    popup_factory: PopupFactory, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    saver = SavedNotes()
    saver.gate = asyncio.Event()
    popup = popup_factory(save_note=saver)
    popup.show()
    _type_note(popup, qtbot, "Текст")

    async def scenario() -> None:
        qtbot.mouseClick(button(popup, "popupSaveNote"), Qt.MouseButton.LeftButton)
        await until(lambda: saver.calls)
        assert popup.busy
        assert popup.note_text() == "Текст"
        assert not button(popup, "popupSaveNote").isEnabled()  # no double save
        assert saver.gate is not None
        saver.gate.set()
        await until(lambda: not popup.busy)

    qloop.run_until_complete(scenario())
    assert popup.note_text() == ""


def test_typing_a_note_takes_focus_only_on_request(
    popup_factory: PopupFactory, qtbot: QtBot
) -> None:
    popup = popup_factory(save_note=SavedNotes())
    popup.show()
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    qtbot.mouseClick(button(popup, "popupNote"), Qt.MouseButton.LeftButton)
    assert not popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    qtbot.keyClick(popup.findChild(QWidget, "popupNoteEdit"), Qt.Key.Key_Escape)
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_dismiss_with_an_unsaved_note_asks_again(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    popup = popup_factory(save_note=SavedNotes())
    popup.show()
    _type_note(popup, qtbot, "draft")
    close = popup.findChild(QWidget, "popupClose")
    assert close is not None
    with qtbot.assertNotEmitted(popup.dismissed):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert "not saved" in popup.message()
    with qtbot.waitSignal(popup.dismissed) as sig:
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert sig.args == [popup.uuid]


# --------------------------------------------------------------------------- closing


def test_closes_after_the_delay_once_ended(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    call = make_call(answered=True)
    popup = popup_factory(call, close_delay=0.05)
    popup.show()
    with qtbot.assertNotEmitted(popup.expired, wait=100):
        pass  # a live call never expires
    with qtbot.waitSignal(popup.expired, timeout=1000) as sig:
        popup.call_ended(call, answered=True)
    assert sig.args == [popup.uuid]


def test_does_not_close_while_a_note_is_typed(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    call = make_call(answered=True)
    popup = popup_factory(call, close_delay=0.05, save_note=SavedNotes())
    popup.show()
    _type_note(popup, qtbot, "half a thought")
    with qtbot.assertNotEmitted(popup.expired, wait=300):
        popup.call_ended(call, answered=True)
    edit = popup.findChild(QPlainTextEdit, "popupNoteEdit")
    assert edit is not None
    with qtbot.waitSignal(popup.expired, timeout=1000):
        edit.clear()
        edit.clearFocus()


def test_does_not_close_under_the_mouse(popup_factory: PopupFactory, qtbot: QtBot) -> None:
    call = make_call(answered=True)
    popup = popup_factory(call, close_delay=0.05)
    popup.show()
    popup._hovered = True  # what enterEvent records (offscreen has no real pointer)
    with qtbot.assertNotEmitted(popup.expired, wait=200):
        popup.call_ended(call, answered=True)
    with qtbot.waitSignal(popup.expired, timeout=1000):
        QApplication.sendEvent(popup, _leave_event())


def _leave_event() -> QEvent:
    return QEvent(QEvent.Type.Leave)


# --------------------------------------------------------------------------- focus


def test_popup_never_takes_the_focus(qtbot: QtBot, clock: FakeClock) -> None:
    """What the popup controls: its window flags, showing without activation, and widgets that
    never accept the keyboard focus. (The offscreen platform activates every window it shows,
    whatever the flags, so the active window itself cannot be compared here; on X11 the flags
    become an input hint of False and the window manager leaves the focus alone.)"""
    work = QWidget()
    edit = QLineEdit(work)
    qtbot.addWidget(work)
    work.show()
    work.activateWindow()
    qtbot.waitActive(work)
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)

    stack = PopupStack(screen_area=lambda: SCREEN, clock=clock)
    popup = stack.show_call(make_call())
    assert popup is not None
    qtbot.addWidget(popup)
    qtbot.waitExposed(popup)
    flags = popup.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowDoesNotAcceptFocus,
    ):
        assert flags & flag, flag
    handle = popup.windowHandle()
    assert handle is not None
    assert handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.focusPolicy() == Qt.FocusPolicy.NoFocus
    for child in popup.findChildren(QWidget):
        if child.isVisibleTo(popup):
            assert child.focusPolicy() == Qt.FocusPolicy.NoFocus, child.objectName()
    focused = QApplication.focusWidget()
    assert focused is None or not popup.isAncestorOf(focused)
    assert popup.focusWidget() is None
    stack.close_all()


# --------------------------------------------------------------------------- the stack


def shown(stack: PopupStack, call: ActiveCall) -> CallerPopup:
    popup = stack.show_call(call)
    assert popup is not None
    return popup


def _call(
    uuid: str, direction: Direction = Direction.INCOMING, number: str = "+380671234567"
) -> ActiveCall:
    return make_call(uuid=uuid, direction=direction, others=(other(num=number),))


@pytest.fixture
def stack(qtbot: QtBot, clock: FakeClock) -> Iterator[PopupStack]:
    stack = PopupStack(screen_area=lambda: SCREEN, clock=clock, own_ext="001")
    yield stack
    stack.close_all()


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_stack_positions_for_each_corner(stack: PopupStack, corner: str) -> None:
    stack.configure(corner=corner)
    first = stack.show_call(_call("a" * 32))
    second = stack.show_call(_call("b" * 32))
    assert first is not None
    assert second is not None
    left = SCREEN.left() + MARGIN
    right = SCREEN.right() + 1 - MARGIN - first.width()
    x = right if corner.endswith("right") else left
    assert first.x() == second.x() == x
    if corner.startswith("top"):
        assert first.y() == SCREEN.top() + MARGIN  # the oldest sits in the corner
        assert second.y() == first.y() + first.height() + SPACING
    else:
        assert first.y() + first.height() == SCREEN.bottom() + 1 - MARGIN
        assert second.y() + second.height() + SPACING == first.y()
    assert first.isVisible()
    assert second.isVisible()


def test_stack_relayouts_after_a_close_and_a_growth(stack: PopupStack) -> None:
    stack.configure(corner="bottom-right")
    first = stack.show_call(_call("a" * 32))
    second = stack.show_call(_call("b" * 32, number="+380501112233"))
    assert first is not None
    assert second is not None
    first.set_caller_info(make_info())  # taller now: the one above moves up
    assert second.y() + second.height() + SPACING == first.y()
    stack.close("a" * 32)
    assert stack.popups == (second,)
    assert second.y() + second.height() == SCREEN.bottom() + 1 - MARGIN
    assert not first.isVisible()


def test_stack_dismiss_is_reemitted_and_sticks(stack: PopupStack, qtbot: QtBot) -> None:
    call = _call("a" * 32)
    popup = shown(stack, call)
    with qtbot.waitSignal(stack.dismissed) as sig:
        qtbot.mouseClick(popup.findChild(QWidget, "popupClose"), Qt.MouseButton.LeftButton)
    assert sig.args == ["a" * 32]
    assert stack.popup("a" * 32) is None
    assert stack.show_call(call) is None  # the next snapshot does not bring it back
    stack.call_answered(call)
    assert stack.popups == ()


def test_stack_reemits_requests(stack: PopupStack, qtbot: QtBot) -> None:
    popup = shown(stack, _call("a" * 32))
    with qtbot.waitSignal(stack.hangup_requested) as sig:
        qtbot.mouseClick(button(popup, "popupHangup"), Qt.MouseButton.LeftButton)
    assert sig.args == ["a" * 32]
    stack.set_caller_info("+380671234567", make_info(known=False))
    with qtbot.waitSignal(stack.add_contact_requested) as sig:
        qtbot.mouseClick(button(popup, "popupAdd"), Qt.MouseButton.LeftButton)
    assert sig.args == ["+380671234567"]
    stack.set_caller_info("+380671234567", make_info())
    with qtbot.waitSignal(stack.open_contact_requested) as sig:
        qtbot.mouseClick(button(popup, "popupContact"), Qt.MouseButton.LeftButton)
    assert sig.args == [6137]


def test_stack_feeds_events_to_the_right_popup(stack: PopupStack, clock: FakeClock) -> None:
    a = _call("a" * 32)
    b = _call("b" * 32, number="+380501112233")
    pa, pb = shown(stack, a), shown(stack, b)
    stack.call_answered(answered(a, clock.now))
    assert pa.state is PopupState.TALKING
    assert pb.state is PopupState.RINGING
    stack.set_caller_info("b" * 32, make_info("+380501112233", known=False))
    assert pa.info is None
    assert pb.info is not None
    stack.call_answered_elsewhere(b, leg("002", "Petro", 27))
    assert pb.banner() == "Answered by Petro (002)"
    stack.call_transferred(replace(a, leg=leg("003", "Оксана", 51)), "001")
    assert pa.banner() == "Transferred to Оксана (003)"
    stack.call_ended(a, answered=True)
    assert state(pa) is PopupState.ENDED


def test_stack_caller_info_by_number_reaches_every_popup_of_it(stack: PopupStack) -> None:
    pa = shown(stack, _call("a" * 32))
    pb = shown(stack, _call("b" * 32))
    stack.set_caller_info("+380671234567", make_info())
    assert pa.info is not None
    assert pb.info is not None


def test_stack_expired_popup_goes_away(stack: PopupStack, qtbot: QtBot) -> None:
    stack.configure(close_delay=0.05)
    call = _call("a" * 32)
    popup = shown(stack, call)
    stack.call_ended(call, answered=False)
    qtbot.waitUntil(lambda: stack.popups == (), timeout=1000)
    assert not _alive(popup) or not popup.isVisible()


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


@pytest.mark.parametrize(
    ("switch", "direction"),
    [
        ("incoming", Direction.INCOMING),
        ("outgoing", Direction.OUTGOING),
        ("internal", Direction.INTERNAL),
    ],
)
def test_direction_switches_suppress_popups(
    stack: PopupStack, switch: str, direction: Direction
) -> None:
    stack.configure(**{switch: False})  # type: ignore[arg-type]
    assert stack.show_call(_call("a" * 32, direction)) is None
    others = [
        d for d in (Direction.INCOMING, Direction.OUTGOING, Direction.INTERNAL) if d != direction
    ]
    for n, d in enumerate(others):
        assert stack.show_call(_call(str(n) * 32, d)) is not None


def test_switching_a_direction_off_closes_its_popups(stack: PopupStack) -> None:
    stack.show_call(_call("a" * 32, Direction.INCOMING))
    kept = stack.show_call(_call("b" * 32, Direction.OUTGOING))
    stack.configure(incoming=False)
    assert stack.popups == (kept,)


def test_desk_phone_mode_and_dnd(stack: PopupStack) -> None:
    stack.configure(incoming=False, outgoing=False, internal=False)
    assert stack.desk_phone_mode
    assert stack.show_call(_call("a" * 32)) is None
    stack.configure(incoming=True, outgoing=True, internal=True, dnd=True)
    assert not desk_phone(stack)
    for n, d in enumerate((Direction.INCOMING, Direction.OUTGOING, Direction.INTERNAL)):
        assert stack.show_call(_call(str(n) * 32, d)) is None
    stack.configure(dnd=False)
    assert stack.show_call(_call("a" * 32)) is not None
    stack.configure(dnd=True)
    assert stack.popups == ()


def test_stack_shows_at_most_max_visible_newest_first(stack: PopupStack, qtbot: QtBot) -> None:
    stack.configure(max_visible=2, corner="top-right")
    popups = [shown(stack, _call(str(n) * 32)) for n in range(4)]
    assert [p.isVisible() for p in popups] == [False, False, True, True]
    more = stack.more_line
    assert more.isVisible()
    assert more.text().startswith("+2 more call")  # "call(s)" until a translation is loaded
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert all(p.isVisible() for p in popups)
    stack.close(str(0) * 32)
    stack.close(str(1) * 32)
    assert not more.isVisible()


def test_configure_rejects_an_unknown_corner(stack: PopupStack) -> None:
    with pytest.raises(ValueError, match="corner"):
        stack.configure(corner="middle")


def test_popup_shown_signal(stack: PopupStack, qtbot: QtBot) -> None:
    with qtbot.waitSignal(stack.popup_shown) as sig:
        stack.show_call(_call("a" * 32))
    assert sig.args == ["a" * 32]


# --------------------------------------------------------------------------- screenshots


def test_screenshots(qtbot: QtBot, clock: FakeClock, shots_dir: Path) -> None:
    clock.advance(73)
    known = CallerPopup(
        make_call(answered=True), own_ext="001", clock=clock, save_note=SavedNotes()
    )
    qtbot.addWidget(known)
    known.set_caller_info(make_info())
    known.show()
    qtbot.waitExposed(known)
    assert known.grab().save(str(shots_dir / "popup-known.png"))

    unknown_call = make_call(
        uuid=UUID2,
        others=(
            other(
                num="+380501112233",
                name=None,
                company=None,
                url="https://demo.pbx.vega.ua/features/crm/contacts/edit.jsp#/?num=380501112233",
            ),
        ),
    )
    clock.advance(-60)
    unknown = CallerPopup(unknown_call, own_ext="001", clock=clock, save_note=SavedNotes())
    qtbot.addWidget(unknown)
    unknown.set_caller_info(make_info("+380501112233", known=False))
    unknown.show()
    qtbot.waitExposed(unknown)
    assert unknown.grab().save(str(shots_dir / "popup-unknown.png"))

    ended = CallerPopup(make_call(uuid=UUID3, parent_uuid="f" * 32), own_ext="001", clock=clock)
    qtbot.addWidget(ended)
    ended.call_answered_elsewhere(ended.call, leg("002", "Петро Петров", 27))
    ended.show()
    qtbot.waitExposed(ended)
    assert ended.grab().save(str(shots_dir / "popup-answered-elsewhere.png"))
    queued = CallerPopup(
        make_call(uuid="e" * 32, answered=True), own_ext="001", clock=clock, save_note=SavedNotes()
    )
    qtbot.addWidget(queued)
    queued.set_caller_info(make_info())
    queued.show()
    queued.open_note()
    edit = queued.findChild(QPlainTextEdit, "popupNoteEdit")
    assert edit is not None
    edit.setPlainText("Клієнт просить рахунок на 12 позицій, надіслати до п'ятниці.")
    queued.note_result(SubmitResult(Delivery.QUEUED, error=TransportError("down")))
    queued.call_ended(queued.call, answered=True)
    qtbot.waitExposed(queued)
    assert queued.grab().save(str(shots_dir / "popup-note-queued.png"))
    for widget in (known, unknown, ended, queued):
        assert widget.width() == 360


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, ""), (-3, "00:00"), (0, "00:00"), (75, "01:15"), (3599, "59:59"), (3725, "1:02:05")],
)
def test_durations(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_relative_times() -> None:
    now = T0
    assert relative_time(now - timedelta(seconds=20), now) == "just now"
    assert relative_time(now - timedelta(minutes=5), now).startswith("5 min")
    assert relative_time(now - timedelta(hours=3), now).startswith("3 h")
    assert relative_time(now - timedelta(days=1, hours=1), now) == "yesterday"
    assert relative_time(now - timedelta(days=4), now).startswith("4 day")
    assert relative_time(None, now) == ""


def test_phone_formatting_never_raises() -> None:
    assert format_phone("+380671234567") == "067 123 4567"
    assert format_phone("+48221234567") == "+48 22 123 45 67"
    assert format_phone("002") == "002"
    assert format_phone("anonymous") == "anonymous"
    assert format_phone(None) == ""


def test_arg_substitutes_once() -> None:
    assert arg("Answered by %1 (%2)", "%2 {x}", "002") == "Answered by %2 {x} (002)"


def test_plain_tooltip_escapes_markup() -> None:
    assert plain(plain_tooltip("<b>x</b> & y")) == "<b>x</b> & y"
    assert plain_tooltip("") == ""


# --------------------------------------------------------------------------- lifecycle details


def test_a_popup_closed_while_saving_finishes_the_save(
    popup_factory: PopupFactory, qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    saver = SavedNotes()
    saver.gate = asyncio.Event()
    popup = popup_factory(save_note=saver)
    popup.show()
    _type_note(popup, qtbot, "Last words")

    async def scenario() -> None:
        qtbot.mouseClick(button(popup, "popupSaveNote"), Qt.MouseButton.LeftButton)
        await until(lambda: saver.calls)
        popup.retire()  # the operator dismissed it; the note is still on its way
        assert not popup.isVisible()
        await asyncio.sleep(0.05)
        assert _alive(popup)  # not deleted under the running save
        assert saver.gate is not None
        saver.gate.set()
        await until(lambda: not _alive(popup))

    run_scenario(qloop, scenario())
    assert saver.calls == [("Last words", None, "+380671234567")]


def run_scenario(loop: asyncio.AbstractEventLoop, scenario: Coroutine[Any, Any, None]) -> None:
    loop.run_until_complete(scenario)


def test_an_unchanged_snapshot_repaints_nothing(popup_factory: PopupFactory) -> None:
    call = make_call(others=(other(), other(name="Second CRM", priority=2)))
    popup = popup_factory(call)
    before = popup.findChildren(ElidedLabel, "popupExtra")
    popup.update_call(replace(call))  # equal, as every poll delivers it
    assert popup.findChildren(ElidedLabel, "popupExtra") == before


def test_several_crm_links_offer_a_menu_with_literal_names(popup_factory: PopupFactory) -> None:
    call = make_call(
        others=(
            other(name="Tom & Jerry", url="https://crm-one.example.com/c/1"),
            other(name="<b>x</b>", url="https://crm-two.example.com/c/2", priority=2),
            other(name="Evil", url="javascript:alert(1)", priority=3),
        )
    )
    popup = popup_factory(call)
    menu = button(popup, "popupOpen").menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == [
        "Tom && Jerry — crm-one.example.com",  # && shows one "&", not a shortcut
        "<b>x</b> — crm-two.example.com",
    ]
    with_url = [a.data() for a in menu.actions()]
    assert with_url == ["https://crm-one.example.com/c/1", "https://crm-two.example.com/c/2"]


def test_long_button_texts_wrap_instead_of_being_clipped(
    popup_factory: PopupFactory, qtbot: QtBot
) -> None:
    popup = popup_factory(save_note=SavedNotes())
    popup.set_caller_info(make_info(known=False))
    for name, text in (
        ("popupNote", "Нотатка до дзвінка"),
        ("popupOpen", "Відкрити картку в CRM"),
        ("popupAdd", "Додати новий контакт"),
    ):
        button(popup, name).setText(text)
    popup.show()
    qtbot.waitExposed(popup)
    qtbot.waitUntil(lambda: button(popup, "popupAdd").y() > button(popup, "popupHangup").y())
    for child in popup.findChildren(QPushButton):
        if child.isVisible():
            right = child.mapTo(popup, child.rect().topRight()).x()
            assert right < popup.width(), child.objectName()
            assert child.width() >= child.sizeHint().width(), child.objectName()


def test_a_language_change_retranslates_the_popup(
    popup_factory: PopupFactory, qtbot: QtBot, translator: Translate
) -> None:
    popup = popup_factory(save_note=SavedNotes())
    assert button(popup, "popupHangup").text() == "Hang up"
    translator({"CallerPopup": {"Hang up": "Покласти трубку", "Note": "Нотатка"}})
    qtbot.waitUntil(lambda: button(popup, "popupHangup").text() == "Покласти трубку")
    assert button(popup, "popupNote").text() == "Нотатка"
    assert label(popup, "popupName").text() == "Олена Петренко"  # PBX data untouched
