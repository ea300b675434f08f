"""The caller popup: one small card per call, shown without ever taking the keyboard focus.

It paints at once from the :class:`ActiveCall` alone (direction, the number formatted for
people, the name and company every connected CRM returned in ``otherLegs``, the line that was
dialled, a ring/talk timer). The CRM teler contact, its latest notes and the recent calls with the
number arrive later through :meth:`CallerPopup.set_caller_info` and are added without delaying
that first paint.

Everything that comes from the PBX is plain text: labels are ``Qt.PlainText``, tooltips escaped,
menu entries have their ``&`` doubled. Only ``http``/``https`` links are ever opened.

The popup raises requests as Qt signals (hang up, open a link, add or open a contact, dismiss,
expired)
and saves notes through an injected async callable (the app passes ``NoteSender.submit``), so
the result comes back to the very popup that asked and the widget is testable with a fake.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from enum import Enum

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QEnterEvent,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vega_desktop.api import ActiveCall, Direction, Disposition, HistoryRecord, Leg, Note, OtherLeg
from vega_desktop.api.models import FIELD_PHONE
from vega_desktop.core.caller import CallerInfo
from vega_desktop.core.outbox import Delivery, SubmitResult
from vega_desktop.ui.asyncutil import WidgetTasks, is_alive
from vega_desktop.ui.text import (
    ElidedLabel,
    arg,
    format_duration,
    format_phone,
    plain_label,
    plain_tooltip,
    short_datetime,
)

__all__ = [
    "POPUP_WIDTH",
    "CallerPopup",
    "PopupState",
    "SaveNote",
    "is_safe_url",
]

_log = logging.getLogger("vega_desktop.ui.popup")

POPUP_WIDTH = 360
NOTE_PREVIEW_CHARS = 220
EXTRA_MATCHES_SHOWN = 3
HANGUP_PENDING_MS = 8000
DISCARD_CONFIRM_MS = 5000
COPIED_FEEDBACK_MS = 1500

#: ``save_note(text, contact_id, number)`` -> the outbox's verdict (``NoteSender.submit``).
SaveNote = Callable[[str, int | None, str | None], Awaitable[SubmitResult]]
Clock = Callable[[], datetime]

POPUP_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
)

TONES = {
    Direction.INCOMING: "incoming",
    Direction.OUTGOING: "outgoing",
    Direction.INTERNAL: "internal",
}

STYLE = """
QFrame#popupCard { background: #ffffff; border: 1px solid #cfd6df; }
QFrame#popupStrip { background: #94a3b8; border: none; }
QFrame#popupStrip[tone="incoming"] { background: #16a34a; }
QFrame#popupStrip[tone="outgoing"] { background: #2563eb; }
QFrame#popupStrip[tone="internal"] { background: #7c3aed; }
QFrame#popupStrip[tone="ended"] { background: #94a3b8; }
QFrame#popupCard QLabel { color: #1f2933; background: transparent; border: none; }
QLabel#popupDirection { color: #475569; font-size: 9pt; font-weight: 600; }
QLabel#popupDirection[tone="incoming"] { color: #15803d; }
QLabel#popupDirection[tone="outgoing"] { color: #1d4ed8; }
QLabel#popupDirection[tone="internal"] { color: #6d28d9; }
QLabel#popupTimer { color: #52606d; font-size: 9pt; }
QLabel#popupName { color: #111827; font-size: 14pt; font-weight: 600; }
QLabel#popupNumber { color: #1f2933; font-size: 11pt; }
QLabel#popupCompany { color: #334155; font-size: 10pt; }
QLabel#popupLine, QLabel#popupPerson { color: #64748b; font-size: 9pt; }
QLabel#popupExtra { color: #64748b; font-size: 8pt; }
QLabel#popupBanner { background: #f1f5f9; color: #334155; padding: 4px 8px;
                     border-radius: 4px; font-weight: 600; }
QLabel#popupBanner[tone="missed"] { background: #fef2f2; color: #b91c1c; }
QLabel#popupBanner[tone="elsewhere"], QLabel#popupBanner[tone="transferred"] {
    background: #fffbeb; color: #92400e; }
QFrame#popupRule { background: #e5e9f0; border: none; }
QLabel#popupSection { color: #64748b; font-size: 8pt; font-weight: 700; }
QLabel#popupKey { color: #64748b; font-size: 9pt; }
QLabel#popupValue, QLabel#popupNoteText { color: #1f2933; font-size: 9pt; }
QLabel#popupNoteDate, QLabel#popupCallCell { color: #475569; font-size: 8pt; }
QLabel#popupMuted { color: #64748b; font-size: 9pt; font-style: italic; }
QLabel#popupMessage { font-size: 9pt; padding: 2px 0; }
QLabel#popupMessage[tone="ok"] { color: #15803d; }
QLabel#popupMessage[tone="queued"] { color: #92400e; }
QLabel#popupMessage[tone="error"] { color: #b91c1c; }
QFrame#popupCard QPushButton {
    background: #f8fafc; color: #1f2933; border: 1px solid #cbd2d9; border-radius: 4px;
    padding: 4px 8px; font-size: 9pt; min-height: 18px; }
QFrame#popupCard QPushButton:hover { background: #eef2f6; }
QFrame#popupCard QPushButton:disabled { color: #9aa5b1; border-color: #e4e7eb; }
QFrame#popupCard QPushButton::menu-indicator { width: 0; }
#popupCard #popupHangup { background: #dc2626; color: #ffffff; border-color: #b91c1c; }
#popupCard #popupHangup:hover { background: #b91c1c; }
#popupCard #popupHangup:disabled { background: #f3a5a5; color: #ffffff; border-color: #f3a5a5; }
#popupCard #popupSaveNote { background: #2563eb; color: #ffffff; border-color: #1d4ed8; }
#popupCard #popupSaveNote:hover { background: #1d4ed8; }
#popupCard #popupSaveNote:disabled { background: #a9c1f5; color: #ffffff; border-color: #a9c1f5; }
QToolButton#popupClose { border: none; color: #7b8794; font-size: 13pt; padding: 0 2px; }
QToolButton#popupClose:hover { color: #1f2933; }
QToolButton#popupCopy { border: none; color: #2563eb; font-size: 8pt; padding: 0 4px; }
QToolButton#popupCopy:hover { text-decoration: underline; }
QPlainTextEdit#popupNoteEdit { background: #ffffff; color: #1f2933; border: 1px solid #cbd2d9;
                               border-radius: 4px; font-size: 9pt; padding: 2px; }
QPlainTextEdit#popupNoteEdit:read-only { background: #f8fafc; color: #52606d; }
"""


class PopupState(Enum):
    RINGING = "ringing"
    TALKING = "talking"
    ENDED = "ended"
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    TRANSFERRED = "transferred"


def is_safe_url(url: str | None) -> bool:
    """Only absolute http(s) links with a host may be opened (no javascript:, file:, data:…)."""
    if not url:
        return False
    parsed = QUrl(url.strip(), QUrl.ParsingMode.StrictMode)
    return parsed.isValid() and parsed.scheme().lower() in ("http", "https") and bool(parsed.host())


def _leg_text(leg: Leg | None) -> str:
    """``Petro Petrov (002)``, or whichever half is known."""
    if leg is None:
        return ""
    name = (leg.display_name or "").strip()
    ext = (leg.ext or "").strip()
    if name and ext:
        return f"{name} ({ext})"
    return name or ext


def _named(leg: OtherLeg) -> str:
    """A CRM's name for the caller, unless it only repeats the number."""
    name = (leg.name or "").strip()
    return "" if not name or name == (leg.num or "").strip() else name


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _set_tone(widget: QWidget, tone: str) -> None:
    if widget.property("tone") != tone:
        widget.setProperty("tone", tone)
        _repolish(widget)


class FlowRow(QLayout):
    """Buttons left to right, wrapping to a new row when the next one does not fit (longer
    translations must never be clipped by the popup's fixed width)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _place(self, rect: QRect, *, move: bool) -> int:
        visible = self._visible()
        if not visible:
            return 0
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        gap = self.spacing()
        for item in visible:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, row_height = area.x(), y + row_height + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


class CallerPopup(QWidget):
    """One call's card. Feed it the tracker's events; it raises the operator's requests.

    Signals: ``hangup_requested(uuid)``, ``open_url_requested(url)`` (http/https only),
    ``add_contact_requested(number)``, ``open_contact_requested(contact_id)`` (a contact known in
    the CRM teler), ``dismissed(uuid)`` (the operator closed it),
    ``expired(uuid)`` (the close delay after the end ran out), ``size_changed()``.
    """

    hangup_requested = Signal(str)
    open_url_requested = Signal(str)
    add_contact_requested = Signal(str)
    open_contact_requested = Signal(int)
    dismissed = Signal(str)
    expired = Signal(str)
    size_changed = Signal()

    def __init__(
        self,
        call: ActiveCall,
        *,
        own_ext: str | None = None,
        region: str = "UA",
        close_delay: float = 5.0,
        save_note: SaveNote | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, POPUP_FLAGS)
        self.setObjectName("CallerPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(STYLE)

        self._call = call
        self._own_ext = own_ext
        self._region = region
        self._close_delay = max(0.0, close_delay)
        self._save_note = save_note
        self._clock: Clock = clock or (lambda: datetime.now(UTC))
        self._state = PopupState.TALKING if call.answered else PopupState.RINGING
        self._first_seen = self._clock()
        self._answered_seen: datetime | None = self._first_seen if call.answered else None
        self._ended_at: datetime | None = None
        self._info: CallerInfo | None = None
        self._transferred_to: str | None = None
        self._hovered = False
        self._hangup_pending = False
        self._adding_contact = False
        self._note_saving = False
        self._note_queued = False
        self._discard_armed = False
        self._retired = False
        self._extras_shown: list[str] = []
        self._menu_links: list[tuple[str, str]] = []
        self._tasks = WidgetTasks(self, logger=_log)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_timer)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self._close_timeout)
        self._hangup_timer = QTimer(self)
        self._hangup_timer.setSingleShot(True)
        self._hangup_timer.timeout.connect(self._hangup_gave_up)
        self._discard_timer = QTimer(self)
        self._discard_timer.setSingleShot(True)
        self._discard_timer.timeout.connect(self._disarm_discard)

        self._build()
        self._paint_call()
        self._update_timer()
        self._refit()

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        card = QFrame(self)
        card.setObjectName("popupCard")
        outer.addWidget(card)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(1, 1, 1, 1)
        card_layout.setSpacing(0)

        self._strip = QFrame(card)
        self._strip.setObjectName("popupStrip")
        self._strip.setFixedHeight(4)
        card_layout.addWidget(self._strip)

        body = QWidget(card)
        body.setObjectName("popupBody")
        card_layout.addWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(14, 8, 8, 12)
        lay.setSpacing(3)

        header = QHBoxLayout()
        header.setSpacing(6)
        self._direction = plain_label("", body, name="popupDirection")
        self._timer_label = plain_label("", body, name="popupTimer")
        self._close_button = QToolButton(body)
        self._close_button.setObjectName("popupClose")
        self._close_button.setText("×")
        self._close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._close_button.clicked.connect(self._dismiss_clicked)
        header.addWidget(self._direction)
        header.addStretch(1)
        header.addWidget(self._timer_label)
        header.addWidget(self._close_button)
        lay.addLayout(header)

        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 6, 0)
        content.setSpacing(3)
        lay.addLayout(content)

        title_row = QHBoxLayout()
        title_row.setSpacing(4)
        self._name = ElidedLabel("", body, name="popupName")
        self._copy_title = self._copy_link(body)
        title_row.addWidget(self._name)
        title_row.addWidget(self._copy_title, 0, Qt.AlignmentFlag.AlignVCenter)
        title_row.addStretch(1)
        content.addLayout(title_row)

        number_row = QHBoxLayout()
        number_row.setSpacing(4)
        self._number = plain_label("", body, name="popupNumber")
        self._number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._number.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._copy_button = self._copy_link(body)
        number_row.addWidget(self._number)
        number_row.addWidget(self._copy_button)
        number_row.addStretch(1)
        content.addLayout(number_row)

        self._company = ElidedLabel("", body, name="popupCompany")
        self._line = ElidedLabel("", body, name="popupLine")
        self._person = ElidedLabel("", body, name="popupPerson")
        content.addWidget(self._company)
        content.addWidget(self._line)
        content.addWidget(self._person)

        self._extras_box = QWidget(body)
        self._extras = QVBoxLayout(self._extras_box)
        self._extras.setContentsMargins(0, 2, 0, 0)
        self._extras.setSpacing(1)
        content.addWidget(self._extras_box)

        self._banner = plain_label("", body, name="popupBanner")
        self._banner.setWordWrap(True)
        content.addSpacing(4)
        content.addWidget(self._banner)

        self._info_box = QWidget(body)
        self._info_box.setObjectName("popupInfo")
        self._info_layout = QVBoxLayout(self._info_box)
        self._info_layout.setContentsMargins(0, 4, 0, 0)
        self._info_layout.setSpacing(3)
        content.addWidget(self._info_box)

        self._note_box = QWidget(body)
        note_layout = QVBoxLayout(self._note_box)
        note_layout.setContentsMargins(0, 6, 0, 0)
        note_layout.setSpacing(4)
        self._note_edit = QPlainTextEdit(self._note_box)
        self._note_edit.setObjectName("popupNoteEdit")
        self._note_edit.setTabChangesFocus(True)
        self._note_edit.setFixedHeight(64)
        self._note_edit.textChanged.connect(self._note_text_changed)
        note_layout.addWidget(self._note_edit)
        note_buttons = QHBoxLayout()
        note_buttons.addStretch(1)
        self._note_save = QPushButton(self._note_box)
        self._note_save.setObjectName("popupSaveNote")
        self._note_save.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._note_save.clicked.connect(self._save_clicked)
        note_buttons.addWidget(self._note_save)
        note_layout.addLayout(note_buttons)
        content.addWidget(self._note_box)
        save_key = QShortcut(QKeySequence("Ctrl+Return"), self._note_edit)
        save_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_key.activated.connect(self._save_clicked)
        save_key2 = QShortcut(QKeySequence("Ctrl+Enter"), self._note_edit)
        save_key2.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_key2.activated.connect(self._save_clicked)

        self._message = plain_label("", body, name="popupMessage")
        self._message.setWordWrap(True)
        content.addWidget(self._message)

        buttons = FlowRow(spacing=6)
        buttons.setContentsMargins(0, 8, 0, 0)
        self._hangup_button = self._button("popupHangup", self._hangup_clicked)
        self._note_button = self._button("popupNote", self._note_clicked)
        self._open_button = self._button("popupOpen", self._open_clicked)
        self._add_button = self._button("popupAdd", self._add_clicked)
        self._contact_button = self._button("popupContact", self._contact_clicked)
        for button in (
            self._hangup_button,
            self._note_button,
            self._open_button,
            self._contact_button,
            self._add_button,
        ):
            buttons.addWidget(button)
        content.addLayout(buttons)

        self._retranslate()
        for widget in (self._extras_box, self._banner, self._info_box, self._note_box):
            widget.hide()
        self._message.hide()

    def _retranslate(self) -> None:
        """The fixed texts; those that depend on the state are set by the painters."""
        self._close_button.setToolTip(self.tr("Dismiss"))
        self._close_button.setAccessibleName(self.tr("Dismiss"))
        for button in (self._copy_button, self._copy_title):
            button.setText(self.tr("Copy"))
            button.setToolTip(self.tr("Copy the number"))
        self._note_edit.setPlaceholderText(self.tr("Note about this call…"))
        self._note_save.setText(self.tr("New note") if self._note_queued else self.tr("Save note"))
        self._note_save.setToolTip(self.tr("Save the note to the contact (Ctrl+Enter)"))
        self._note_button.setText(self.tr("Note"))
        self._open_button.setText(self.tr("Open in CRM"))
        self._contact_button.setText(self.tr("Open contact"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_note_button"):
            self._retranslate()
            self._extras_shown = []
            self._menu_links = []
            self._paint_call()
            self._paint_info()
            self._update_timer()
            self._refit()

    def _copy_link(self, parent: QWidget) -> QToolButton:
        button = QToolButton(parent)
        button.setObjectName("popupCopy")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(self.copy_number)
        return button

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ public state

    @property
    def uuid(self) -> str:
        return self._call.uuid

    @property
    def call(self) -> ActiveCall:
        return self._call

    @property
    def direction(self) -> Direction:
        return self._call.direction

    @property
    def state(self) -> PopupState:
        return self._state

    @property
    def number(self) -> str | None:
        """The external party's number (E.164 when it parses); ``None`` for internal calls."""
        if self._call.direction is Direction.INTERNAL:
            return None
        return self._call.other_number

    @property
    def info(self) -> CallerInfo | None:
        return self._info

    @property
    def finished(self) -> bool:
        """The call is over for this operator (ended, taken elsewhere, or passed on)."""
        return self._state in (PopupState.ENDED, PopupState.ANSWERED_ELSEWHERE) or (
            self._state is PopupState.TRANSFERRED and not self._involves_me(self._call)
        )

    @property
    def busy(self) -> bool:
        """A note is being handed to the outbox: do not delete the widget yet."""
        return self._note_saving

    def note_text(self) -> str:
        return self._note_edit.toPlainText()

    def set_close_delay(self, seconds: float) -> None:
        self._close_delay = max(0.0, seconds)
        if self._close_timer.isActive():
            self._arm_close()

    def set_own_ext(self, ext: str | None) -> None:
        self._own_ext = ext
        self._paint_call()
        self._refit()

    # ------------------------------------------------------------------ events from the tracker

    def update_call(self, call: ActiveCall) -> None:
        """A newer snapshot of the same call (names filled in, answered…)."""
        if call.uuid != self._call.uuid or call == self._call:
            return  # the app passes every snapshot: an unchanged call costs nothing
        self._call = call
        if call.answered and self._state is PopupState.RINGING:
            self._enter_talking()
        self._paint_call()
        self._update_timer()
        self._refit()

    def call_answered(self, call: ActiveCall) -> None:
        self._call = call
        if self._state is PopupState.RINGING:
            self._enter_talking()
        self._paint_call()
        self._update_timer()
        self._refit()

    def call_transferred(self, call: ActiveCall, from_ext: str | None) -> None:
        self._call = call
        target = call.leg2 if call.leg2 is not None and call.leg2.ext else call.leg
        self._transferred_to = _leg_text(target) or None
        if self._state in (PopupState.RINGING, PopupState.TALKING, PopupState.TRANSFERRED):
            self._state = PopupState.TRANSFERRED
        self._paint_call()
        self._update_timer()
        self._refit()
        if self.finished:
            self._arm_close()

    def call_answered_elsewhere(self, call: ActiveCall, by_leg: Leg | None) -> None:
        self._call = call
        self._state = PopupState.ANSWERED_ELSEWHERE
        who = _leg_text(by_leg)
        self._ended_at = self._clock()
        self._tick.stop()
        self._show_banner(
            arg(self.tr("Answered by %1"), who) if who else self.tr("Answered by a colleague"),
            "elsewhere",
        )
        self._paint_call()
        self._update_timer()
        self._refit()
        self._arm_close()

    def call_ended(self, call: ActiveCall, answered: bool) -> None:
        if self._state is PopupState.ENDED:
            return
        self._call = call
        self._ended_at = self._clock()
        if answered and self._answered_seen is None:
            self._answered_seen = call.bridge_at or self._ended_at
        elsewhere = self._state is PopupState.ANSWERED_ELSEWHERE
        self._state = PopupState.ENDED
        self._tick.stop()
        if not elsewhere:
            if answered:
                talk = format_duration(self._talk_seconds())
                self._show_banner(arg(self.tr("Call ended · %1"), talk), "ended")
            elif call.direction is Direction.INCOMING:
                self._show_banner(self.tr("Missed call"), "missed")
            else:
                self._show_banner(self.tr("Not answered"), "ended")
        self._paint_call()
        self._update_timer()
        self._refit()
        self._arm_close()

    # ------------------------------------------------------------------ the CRM's answer

    def set_caller_info(self, info: CallerInfo) -> None:
        """Add the CRM teler contact, its latest notes and the recent calls with the number."""
        self._info = info
        self._adding_contact = False
        self._paint_call()
        self._paint_info()
        self._refit()

    def show_error(self, message: str) -> None:
        """A request the app could not carry out (hang-up refused, contact not created…)."""
        if self._hangup_pending:
            self._hangup_pending = False
            self._hangup_timer.stop()
        self._adding_contact = False
        self._show_message(message, "error")
        self._paint_buttons()
        self._refit()

    def hangup_failed(self, message: str) -> None:
        self.show_error(arg(self.tr("Could not hang up: %1"), message))

    # ------------------------------------------------------------------ painting

    def _involves_me(self, call: ActiveCall) -> bool:
        if not self._own_ext:
            return True
        return any(leg is not None and leg.ext == self._own_ext for leg in (call.leg, call.leg2))

    def _enter_talking(self) -> None:
        self._state = PopupState.TALKING
        if self._answered_seen is None:
            self._answered_seen = self._clock()

    def _colleague(self) -> tuple[Leg | None, str]:
        """For an internal call: the other employee and how the call goes (from/to)."""
        call = self._call
        if self._own_ext and call.leg is not None and call.leg.ext == self._own_ext:
            return call.leg2, "to"
        if self._own_ext and call.leg2 is not None and call.leg2.ext == self._own_ext:
            return call.leg, "from"
        return None, ""

    def _paint_call(self) -> None:
        call = self._call
        finished = self._state in (PopupState.ENDED, PopupState.ANSWERED_ELSEWHERE)
        tone = "ended" if finished else TONES.get(call.direction, "ended")
        _set_tone(self._strip, tone)
        _set_tone(self._direction, TONES.get(call.direction, ""))
        self._direction.setText(self._direction_text())

        if call.direction is Direction.INTERNAL:
            self._paint_internal()
        else:
            self._paint_external()
        self._paint_state_banner()
        self._paint_buttons()

    def _direction_text(self) -> str:
        direction = self._call.direction
        if direction is Direction.INCOMING:
            return "↓ " + self.tr("Incoming call")
        if direction is Direction.OUTGOING:
            return "↑ " + self.tr("Outgoing call")
        if direction is Direction.INTERNAL:
            _, way = self._colleague()
            if way == "from":
                return "↓ " + self.tr("Internal call")
            if way == "to":
                return "↑ " + self.tr("Internal call")
            return "↔ " + self.tr("Internal call")
        return self.tr("Call")

    def _paint_external(self) -> None:
        call = self._call
        legs = [leg for leg in call.other_legs if _named(leg) or leg.company_name]
        first = legs[0] if legs else None
        contact = self._info.contact if self._info is not None else None
        number = self.number
        formatted = format_phone(number, self._region) if number else ""

        name = _named(first) if first is not None else ""
        company = (first.company_name or "").strip() if first is not None else ""
        if not name and contact is not None:
            name = contact.display_name
        if not company and contact is not None:
            company = contact.company or ""
        if name:
            self._name.set_full_text(name)
        elif formatted:
            self._name.set_full_text(formatted)
        else:
            self._name.set_full_text(self.tr("Unknown number"))

        self._number.setText(formatted)
        show_number = bool(formatted) and bool(name)
        self._number.setVisible(show_number)
        self._copy_button.setVisible(bool(number) and show_number)
        self._copy_title.setVisible(bool(number) and not show_number)
        self._set_optional(self._company, "" if company == name else company)
        self._set_optional(self._line, self._line_text())

        # an employee other than us (supervisor mode): say who is on the call
        leg = call.leg
        person = ""
        if leg is not None and (not self._own_ext or leg.ext != self._own_ext):
            who = _leg_text(leg)
            if who:
                person = arg(self.tr("Operator: %1"), who)
        self._set_optional(self._person, person)

        extras: list[str] = []
        for other in legs[1:]:
            parts = [p for p in (_named(other), (other.company_name or "").strip()) if p]
            extras.append(" · ".join(parts))
        if self._info is not None:
            for more in self._info.contacts[1:]:
                parts = [p for p in (more.display_name, more.company or "") if p]
                extras.append(" · ".join(parts))
        self._set_extras([e for e in extras if e and e != name])

    def _paint_internal(self) -> None:
        call = self._call
        colleague, _ = self._colleague()
        if colleague is not None:
            title = (colleague.display_name or "").strip() or (colleague.ext or "")
            ext = (colleague.ext or "").strip()
            self._name.set_full_text(title or self.tr("Colleague"))
            self._number.setText(arg(self.tr("Ext. %1"), ext) if ext else "")
            self._number.setVisible(bool(ext))
            self._set_optional(self._person, "")
        else:
            caller, callee = _leg_text(call.leg), _leg_text(call.leg2)
            self._name.set_full_text(
                " → ".join(p for p in (caller, callee) if p) or self.tr("Internal call")
            )
            self._number.setText("")
            self._number.setVisible(False)
            self._set_optional(self._person, "")
        self._copy_button.setVisible(False)
        self._copy_title.setVisible(False)
        self._set_optional(self._company, "")
        self._set_optional(self._line, "")
        self._set_extras([])

    def _line_text(self) -> str:
        call = self._call
        name = (call.trunk_name or "").strip()
        num = (call.trunk_num or "").strip()
        shown_num = format_phone(num, self._region) if num else ""
        line = f"{name} · {shown_num}" if name and name != num and shown_num else shown_num or name
        return arg(self.tr("Line: %1"), line) if line else ""

    def _set_optional(self, label: ElidedLabel, text: str) -> None:
        label.set_full_text(text)
        label.setVisible(bool(text))

    def _set_extras(self, extras: list[str]) -> None:
        if extras == self._extras_shown:
            return
        self._extras_shown = list(extras)
        self._extras_box.hide()  # children added to a hidden box show with it, at once
        _clear(self._extras)
        shown = extras[:EXTRA_MATCHES_SHOWN]
        for text in shown:
            self._extras.addWidget(ElidedLabel(arg(self.tr("Also: %1"), text), name="popupExtra"))
        if len(extras) > len(shown):
            more = len(extras) - len(shown)
            self._extras.addWidget(
                plain_label(self.tr("+%n more match(es)", "", more), name="popupExtra")
            )
        self._extras_box.setVisible(bool(extras))

    def _paint_state_banner(self) -> None:
        if self._state is PopupState.TRANSFERRED:
            target = self._transferred_to
            text = (
                arg(self.tr("Transferred to %1"), target)
                if target
                else self.tr("Transferred to a colleague")
            )
            self._show_banner(text, "transferred")
        elif self._state in (PopupState.RINGING, PopupState.TALKING):
            self._banner.hide()

    def _show_banner(self, text: str, tone: str) -> None:
        self._banner.setText(text)
        _set_tone(self._banner, tone)
        self._banner.show()

    def _paint_buttons(self) -> None:
        live = self._state in (PopupState.RINGING, PopupState.TALKING)
        self._hangup_button.setVisible(live)
        self._hangup_button.setEnabled(live and not self._hangup_pending)
        self._hangup_button.setText(
            self.tr("Hanging up…") if self._hangup_pending else self.tr("Hang up")
        )

        external = self._call.direction is not Direction.INTERNAL
        contact_id = self._contact_id()
        can_note = self._save_note is not None and external and bool(self.number or contact_id)
        self._note_button.setVisible(can_note)

        urls = [leg.url.strip() for leg in self._call.other_legs if leg.url and leg.url.strip()]
        safe = [u for u in urls if is_safe_url(u)]
        self._open_button.setVisible(bool(urls))
        self._open_button.setEnabled(bool(safe))
        if safe:
            self._open_button.setToolTip(plain_tooltip(safe[0]))
        elif urls:
            self._open_button.setToolTip(self.tr("Only web links (http, https) can be opened"))
        self._paint_open_menu()

        info = self._info
        unknown = info is not None and info.error is None and not info.known
        self._contact_button.setVisible(external and contact_id is not None)
        self._add_button.setVisible(external and unknown and bool(self.number))
        self._add_button.setEnabled(not self._adding_contact)
        self._add_button.setText(
            self.tr("Adding…") if self._adding_contact else self.tr("Add contact")
        )

    def _safe_links(self) -> list[tuple[str, str]]:
        """(label, url) of every openable CRM link, by priority."""
        out: list[tuple[str, str]] = []
        for leg in self._call.other_legs:
            url = (leg.url or "").strip()
            if is_safe_url(url) and url not in (u for _, u in out):
                label = _named(leg) or QUrl(url).host()
                out.append((label, url))
        return out

    def _paint_open_menu(self) -> None:
        links = self._safe_links()
        if links == self._menu_links:
            return
        self._menu_links = links
        if len(links) < 2:
            if self._open_button.menu() is not None:
                self._open_button.setMenu(None)  # type: ignore[arg-type]
            return
        menu = QMenu(self._open_button)
        for label, url in links:
            host = QUrl(url).host()
            text = f"{label} — {host}" if label != host else host
            action = QAction(text.replace("&", "&&"), menu)
            action.setData(url)
            action.triggered.connect(lambda _checked=False, u=url: self._request_open(u))
            menu.addAction(action)
        old = self._open_button.menu()
        self._open_button.setMenu(menu)
        if old is not None:
            old.deleteLater()

    def _contact_id(self) -> int | None:
        contact = self._info.contact if self._info is not None else None
        return contact.id if contact is not None else None

    def _paint_info(self) -> None:
        layout = self._info_layout
        self._info_box.hide()
        _clear(layout)
        info = self._info
        if info is None or self._call.direction is Direction.INTERNAL:
            return
        layout.addWidget(self._rule())
        layout.addSpacing(2)
        contact = info.contact
        if info.error is not None and contact is None:
            layout.addWidget(
                plain_label(self.tr("The CRM could not be reached."), name="popupMuted")
            )
        elif contact is None:
            layout.addWidget(plain_label(self.tr("Not in the CRM yet."), name="popupMuted"))
        else:
            layout.addWidget(self._section(self.tr("CRM CONTACT")))
            layout.addWidget(self._fields_grid(info))
        if info.notes:
            layout.addWidget(self._section(self.tr("NOTES")))
            for note in info.notes:
                layout.addWidget(self._note_row(note))
        if info.recent_calls:
            layout.addWidget(self._section(self.tr("RECENT CALLS")))
            layout.addWidget(self._calls_grid(info.recent_calls))
        self._info_box.show()

    def _section(self, title: str) -> QLabel:
        label = plain_label(title, name="popupSection")
        label.setContentsMargins(0, 4, 0, 0)
        return label

    def _rule(self) -> QFrame:
        rule = QFrame()
        rule.setObjectName("popupRule")
        rule.setFixedHeight(1)
        return rule

    def _fields_grid(self, info: CallerInfo) -> QWidget:
        contact = info.contact
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        row = 0
        if contact is not None:
            for field in contact.fields:
                values: list[str] = []
                for value in field.values:
                    text = value.value.strip()
                    if not text:
                        continue
                    if field.enum_code == FIELD_PHONE:
                        text = format_phone(text, self._region)
                    kind = (value.enum_value_code or "").strip()
                    # "Email (Email робочий)" says something; "Лариса (Ім'я)" only repeats the key
                    redundant = not kind or kind.casefold() == field.enum_code.strip().casefold()
                    values.append(text if redundant else f"{text} ({kind})")
                if not values:
                    continue
                key = plain_label(field.enum_code, name="popupKey")
                key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                val = plain_label("\n".join(values), name="popupValue")
                val.setWordWrap(True)
                val.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                grid.addWidget(key, row, 0)
                grid.addWidget(val, row, 1)
                row += 1
        if row == 0:
            grid.addWidget(plain_label(self.tr("No details recorded."), name="popupMuted"), 0, 0)
        return box

    def _note_row(self, note: Note) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 2)
        lay.setSpacing(0)
        when = note.last_modified or note.date_create
        lay.addWidget(plain_label(short_datetime(when, self._clock()), name="popupNoteDate"))
        content = (note.content or "").strip()
        shown = content
        if len(shown) > NOTE_PREVIEW_CHARS:
            shown = shown[: NOTE_PREVIEW_CHARS - 1].rstrip() + "…"
        text = plain_label(shown, name="popupNoteText")
        text.setWordWrap(True)
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if shown != content:
            text.setToolTip(plain_tooltip(content))
        lay.addWidget(text)
        return box

    def _calls_grid(self, records: tuple[HistoryRecord, ...]) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(2, 1)
        now = self._clock()
        for row, record in enumerate(records):
            cells = (
                short_datetime(record.end_at, now),
                self._record_direction(record),
                self._record_result(record),
                format_duration(record.bill_secs) if record.bill_secs else "",
            )
            for column, text in enumerate(cells):
                cell: QLabel
                if column == 2:
                    cell = ElidedLabel(text, name="popupCallCell")
                else:
                    cell = plain_label(text, name="popupCallCell")
                if column == 3:
                    cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(cell, row, column)
        return box

    def _record_direction(self, record: HistoryRecord) -> str:
        if record.direction is Direction.INCOMING:
            return "↓ " + self.tr("Incoming")
        if record.direction is Direction.OUTGOING:
            return "↑ " + self.tr("Outgoing")
        return "↔ " + self.tr("Internal")

    def _record_result(self, record: HistoryRecord) -> str:
        disposition = record.disposition
        if disposition is Disposition.ANSWERED:
            who = (record.leg.display_name or "") if record.leg is not None else ""
            return arg(self.tr("Answered by %1"), who) if who else self.tr("Answered")
        if disposition is Disposition.NO_ANSWER:
            if record.direction is Direction.INCOMING:
                return self.tr("Missed")
            return self.tr("No answer")
        if disposition is Disposition.BUSY:
            return self.tr("Busy")
        if disposition is Disposition.FAILED:
            return self.tr("Failed")
        if disposition is Disposition.CONGESTION:
            return self.tr("Network busy")
        return ""

    # ------------------------------------------------------------------ timer

    def _ring_start(self) -> datetime:
        return self._call.dial_at or self._first_seen

    def _talk_start(self) -> datetime:
        return self._call.bridge_at or self._answered_seen or self._first_seen

    def _talk_seconds(self) -> float:
        end = self._ended_at or self._clock()
        return max(0.0, (end - self._talk_start()).total_seconds())

    def _update_timer(self) -> None:
        now = self._clock()
        state = self._state
        if state is PopupState.RINGING:
            seconds = (now - self._ring_start()).total_seconds()
            text = arg(self.tr("Ringing · %1"), format_duration(seconds))
        elif state in (PopupState.TALKING, PopupState.TRANSFERRED):
            seconds = (now - self._talk_start()).total_seconds()
            text = arg(self.tr("Talking · %1"), format_duration(seconds))
        elif state is PopupState.ENDED and self._answered_seen is not None:
            text = arg(self.tr("Ended · %1"), format_duration(self._talk_seconds()))
        else:
            text = self.tr("Ended")
        self._timer_label.setText(text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._update_timer()
        if self._state in (PopupState.RINGING, PopupState.TALKING, PopupState.TRANSFERRED):
            self._tick.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self._tick.stop()

    @property
    def ticking(self) -> bool:
        return self._tick.isActive()

    # ------------------------------------------------------------------ closing

    def close_blocked(self) -> bool:
        """The operator is busy with this popup: pointing at it, or writing a note."""
        if self._hovered or self._note_saving or self._note_edit.hasFocus():
            return True
        return bool(self.note_text().strip()) and not self._note_queued

    def _arm_close(self) -> None:
        if not self.finished or self._retired:
            return
        self._close_timer.start(int(self._close_delay * 1000))

    def _close_timeout(self) -> None:
        if self.finished and not self.close_blocked():
            self.expired.emit(self.uuid)

    @property
    def closing_soon(self) -> bool:
        return self._close_timer.isActive()

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802
        super().enterEvent(event)
        self._hovered = True

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        super().leaveEvent(event)
        self._hovered = False
        self._arm_close()

    def retire(self) -> None:
        """Hide now; delete once no note is on its way to the outbox."""
        self._retired = True
        self._close_timer.stop()
        self._tick.stop()
        self.hide()
        if not self._note_saving:
            self.deleteLater()

    # ------------------------------------------------------------------ buttons

    def _dismiss_clicked(self) -> None:
        unsaved = bool(self.note_text().strip()) and not self._note_queued
        if unsaved and not self._note_saving and not self._discard_armed:
            self._discard_armed = True
            self._discard_timer.start(DISCARD_CONFIRM_MS)
            self._show_message(
                self.tr("The note is not saved. Press × again to discard it."), "error"
            )
            self._refit()
            return
        self.dismissed.emit(self.uuid)

    def _disarm_discard(self) -> None:
        self._discard_armed = False

    def _hangup_clicked(self) -> None:
        if self._hangup_pending or self._state not in (PopupState.RINGING, PopupState.TALKING):
            return
        self._hangup_pending = True
        self._hangup_timer.start(HANGUP_PENDING_MS)
        self._paint_buttons()
        self.hangup_requested.emit(self.uuid)

    def _hangup_gave_up(self) -> None:
        self._hangup_pending = False
        self._paint_buttons()

    def _open_clicked(self) -> None:
        links = self._safe_links()
        if len(links) == 1:
            self._request_open(links[0][1])

    def _request_open(self, url: str) -> None:
        if is_safe_url(url):
            self.open_url_requested.emit(url.strip())

    def _add_clicked(self) -> None:
        number = self.number
        if not number or self._adding_contact:
            return
        self._adding_contact = True
        self._paint_buttons()
        self.add_contact_requested.emit(number)

    def _contact_clicked(self) -> None:
        contact_id = self._contact_id()
        if contact_id is not None:
            self.open_contact_requested.emit(contact_id)

    def copy_number(self) -> None:
        number = self.number
        if not number:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(number)
        for button in (self._copy_button, self._copy_title):
            button.setText(self.tr("Copied"))
        QTimer.singleShot(COPIED_FEEDBACK_MS, self, self._reset_copy)

    def _reset_copy(self) -> None:
        for button in (self._copy_button, self._copy_title):
            button.setText(self.tr("Copy"))

    # ------------------------------------------------------------------ notes

    def _note_clicked(self) -> None:
        if self._note_box.isVisible():
            if not self.note_text().strip():
                self._close_note_box()
            else:
                self._note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._note_box.show()
        self._refit()
        self._take_focus_for_typing()

    def open_note(self) -> None:
        """Show the note box (as the Note button does)."""
        if not self._note_box.isVisible():
            self._note_clicked()

    def _close_note_box(self) -> None:
        self._note_box.hide()
        self._release_focus()
        self._refit()
        self._arm_close()

    def _take_focus_for_typing(self) -> None:
        """Typing needs the keyboard: the operator asked for it, so accept focus until done."""
        self._set_accepts_focus(True)
        if self.isVisible():
            self.activateWindow()
            self.raise_()
        self._note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _release_focus(self) -> None:
        self._set_accepts_focus(False)

    def _set_accepts_focus(self, accept: bool) -> None:
        flags = self.windowFlags()
        if accept:
            flags &= ~Qt.WindowType.WindowDoesNotAcceptFocus
        else:
            flags |= Qt.WindowType.WindowDoesNotAcceptFocus
        if flags == self.windowFlags():
            return
        # tell the window system directly: setWindowFlags() would re-create (hide) the window
        self.overrideWindowFlags(flags)
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlags(flags)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not accept)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self._note_box.isVisible():
            self._close_note_box()
            return
        super().keyPressEvent(event)

    def _note_text_changed(self) -> None:
        self._note_save.setEnabled(
            bool(self.note_text().strip()) and not self._note_saving and not self._note_queued
        )
        if not self.note_text().strip():
            self._arm_close()

    def _save_clicked(self) -> None:
        if self._note_queued:  # "New note": the queued one is safe in the outbox
            self._note_queued = False
            self._note_edit.setReadOnly(False)
            self._note_edit.clear()
            self._note_save.setText(self.tr("Save note"))
            self._message.hide()
            self._note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._refit()
            return
        text = self.note_text().strip()
        if not text or self._note_saving or self._save_note is None:
            return
        self._note_saving = True
        self._note_edit.setReadOnly(True)
        self._note_save.setEnabled(False)
        self._show_message(self.tr("Saving the note…"), "")
        self._refit()
        self._tasks.start(self._submit_note(text), name="save note", keep=True)

    async def _submit_note(self, text: str) -> None:
        assert self._save_note is not None
        save = self._save_note
        contact_id, number = self._contact_id(), self.number
        try:
            result = await save(text, contact_id, number)
        except Exception as exc:
            _log.warning("note not saved: %s", exc)
            if is_alive(self):
                self.note_failed(exc)
            return
        if is_alive(self):
            self.note_result(result)

    def note_result(self, result: SubmitResult) -> None:
        """The outbox's verdict on the note being saved."""
        self._note_saving = False
        if result.delivery is Delivery.SENT:
            self._note_queued = False
            self._note_edit.setReadOnly(False)
            self._note_edit.clear()
            self._note_box.hide()
            self._release_focus()
            self._show_message(self.tr("Note saved."), "ok")
        else:
            # safe on disk; kept visible (read-only) so it is neither lost nor saved twice
            self._note_queued = True
            self._note_edit.setReadOnly(True)
            self._note_save.setText(self.tr("New note"))
            self._note_save.setEnabled(True)
            self._release_focus()
            self._show_message(
                self.tr("Saved offline — will be sent when the PBX is back"), "queued"
            )
        self._refit()
        if self._retired:
            self.deleteLater()
        else:
            self._arm_close()

    def note_failed(self, error: BaseException) -> None:
        """Saving failed outright: the text stays, editable, for another try."""
        self._note_saving = False
        self._note_edit.setReadOnly(False)
        self._note_text_changed()
        detail = getattr(error, "detail", "") or str(error) or type(error).__name__
        self._show_message(arg(self.tr("The note was not saved: %1"), detail), "error")
        self._refit()
        if self._retired:
            self.deleteLater()

    # ------------------------------------------------------------------ helpers

    def _show_message(self, text: str, tone: str) -> None:
        self._message.setText(text)
        _set_tone(self._message, tone)
        self._message.setVisible(bool(text))

    def message(self) -> str:
        return self._message.text() if self._message.isVisibleTo(self) else ""

    def banner(self) -> str:
        return self._banner.text() if self._banner.isVisibleTo(self) else ""

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._refit(deep=False)  # a child appeared, disappeared or changed its size hint
        return handled

    def _refit(self, *, deep: bool = True) -> None:
        """Fixed width; height follows the content. Tells the stack when it changed.

        ``deep`` drops the size hints cached for nested boxes whose content was just rebuilt
        (a hidden window gets no layout requests to do that for us).
        """
        layout = self.layout()
        if layout is None:
            return
        self.ensurePolished()
        if deep:
            for child in self.findChildren(QWidget):
                inner = child.layout()
                if inner is not None:
                    inner.invalidate()
                    inner.activate()  # also drops the caches of its nested layouts
                    child.updateGeometry()
            layout.invalidate()
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(POPUP_WIDTH)
        else:
            height = layout.totalSizeHint().height()
        if self.width() != POPUP_WIDTH or self.height() != height:
            self.setFixedSize(POPUP_WIDTH, height)
            self.size_changed.emit()
